"""Known-wrong variants of exercise16 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Note 002's hidden layer where practice 3 asks for linear regression: 961 parameters.
    V("hidden_layer", '''
def build_boston_model():
    X = tf.keras.layers.Input(shape=[13])
    H = tf.keras.layers.Dense(64, activation="relu")(X)
    model = tf.keras.Model(X, tf.keras.layers.Dense(1)(H))
    model.compile(optimizer="adam", loss="mse")
    return model
''', ("boston_model_structure",), ("build_boston_model",)),
    V("mae_loss", '''
def build_boston_model():
    X = tf.keras.layers.Input(shape=[13])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))
    schedule = tf.keras.optimizers.schedules.CosineDecay(0.1, decay_steps=EPOCHS * 13)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=schedule), loss="mae")
    return model
''', ("boston_model_compiled",), ("build_boston_model",)),
    # SGD at its default rate (0.01) on raw columns (tax in the hundreds): the loss becomes NaN.
    V("sgd_on_raw_columns", '''
def build_boston_model():
    X = tf.keras.layers.Input(shape=[13])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))
    model.compile(optimizer="sgd", loss="mse")
    return model
''', ("boston_r2_on_held_out_houses",), ("build_boston_model",)),
    # A unit that cannot learn: its weights stay at their initial values.
    V("frozen_unit", '''
def build_boston_model():
    X = tf.keras.layers.Input(shape=[13])
    model = tf.keras.Model(X, tf.keras.layers.Dense(1, trainable=False)(X))
    model.compile(loss="mse")
    return model
''', ("boston_r2_on_held_out_houses",), ("build_boston_model",)),
    V("notebook_epochs_over_budget", '''
FIT = {"epochs": 3000, "verbose": 0}
''', ("boston_fit_within_budget",), ("FIT",)),
]
