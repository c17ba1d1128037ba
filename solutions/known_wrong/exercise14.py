"""Known-wrong variants of exercise14 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Note 002's first housing model (실습 1), without the BatchNormalization layers: 5121 parameters.
    V("batchnorm_missing", '''
def build_housing_bn_model():
    from tensorflow import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="swish")(x)
    h = keras.layers.Dense(64, activation="swish")(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(optimizer="adam", loss="mse")
    return model
''', ("housing_bn_model_layers", "housing_bn_model_params"), ("build_housing_bn_model",)),
    # Same parameter count, other activation: only the layer check can tell.
    V("relu_not_swish", '''
def build_housing_bn_model():
    from tensorflow import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="relu")(x)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Dense(64, activation="relu")(h)
    h = keras.layers.BatchNormalization()(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecay(
        0.01, decay_steps=STEPS)), loss="mse")
    return model
''', ("housing_bn_model_layers",), ("build_housing_bn_model",)),
    # Scaling the raw features inside the model with a Lambda: the judge will not run its code.  The
    # model does not build, which the layer check says once; every other check of the model needs it.
    V("lambda_scaling", '''
def build_housing_bn_model():
    from tensorflow import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Lambda(lambda t: t / 100.0)(x)
    h = keras.layers.Dense(64, activation="swish")(h)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Dense(64, activation="swish")(h)
    h = keras.layers.BatchNormalization()(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(optimizer="adam", loss="mse")
    return model
''', ("housing_bn_model_layers",), ("build_housing_bn_model",)),
    # The bias of each hidden Dense layer left out (as some write it before a BatchNormalization):
    # the same layers, 5505 parameters instead of 5633; only the parameter check can tell.
    V("bias_dropped", '''
def build_housing_bn_model():
    from tensorflow import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="swish", use_bias=False)(x)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Dense(64, activation="swish", use_bias=False)(h)
    h = keras.layers.BatchNormalization()(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecay(
        0.01, decay_steps=STEPS)), loss="mse")
    return model
''', ("housing_bn_model_params",), ("build_housing_bn_model",)),
    V("mae_loss", '''
def build_housing_bn_model():
    from tensorflow import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="swish")(x)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Dense(64, activation="swish")(h)
    h = keras.layers.BatchNormalization()(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(optimizer="adam", loss="mae")
    return model
''', ("housing_bn_model_compiled",), ("build_housing_bn_model",)),
    V("epochs_over_budget", '''
FIT = {"epochs": 500, "batch_size": 64, "verbose": 0}
''', ("housing_bn_fit_within_budget",), ("FIT",)),
    # Note 002's own fit line, model.fit(x, y, epochs=20, batch_size=150): 60 steps, far too few.
    V("notes_20_epochs", '''
FIT = {"epochs": 20, "batch_size": 150, "verbose": 0}
''', ("housing_bn_r2_on_held_out_houses",), ("build_housing_bn_model",)),
]
