"""Known-wrong variants of exercise15 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # A unit that cannot learn: its kernel and bias are frozen at their initial values.
    V("frozen_unit", '''
def build_lemonade_model():
    X = tf.keras.layers.Input(shape=[1])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1, trainable=False)(X))
    model.compile(loss="mse")
    return model
''', ("lemonade_predicts_the_course_stand", "lemonade_learns_a_drawn_stand"),
      ("build_lemonade_model",)),
    # No bias: sales through the origin; the drawn stand's b is never 0 after standardising.
    V("no_bias", '''
def build_lemonade_model():
    X = tf.keras.layers.Input(shape=[1])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1, use_bias=False)(X))
    model.compile(loss="mse")
    return model
''', ("lemonade_model_structure", "lemonade_predicts_the_course_stand", "lemonade_learns_a_drawn_stand"),
      ("build_lemonade_model",)),
    # A ReLU unit that starts dead (zeros): relu'(0) is 0, so no gradient ever reaches it.  A kernel of
    # numbers the learner chose is refused as a whole, once, in the structure check; the checks that
    # train it are skipped naming that one (framework.failures.Ungradable), so they catch nothing.
    V("dead_relu_unit", '''
def build_lemonade_model():
    X = tf.keras.layers.Input(shape=[1])
    Y = tf.keras.layers.Dense(1, activation="relu", kernel_initializer="zeros", bias_initializer="zeros")(X)
    model = tf.keras.Model(X, Y)
    model.compile(loss="mse")
    return model
''', ("lemonade_model_structure",), ("build_lemonade_model",)),
    V("mae_loss", '''
def build_lemonade_model():
    X = tf.keras.layers.Input(shape=[1])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))
    model.compile(loss="mae")
    return model
''', ("lemonade_model_compiled",), ("build_lemonade_model",)),
]
