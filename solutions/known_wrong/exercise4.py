"""Known-wrong variants of exercise4 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("bias_forgotten", '''
def dense_params(n_inputs, units):
    return n_inputs * units
''', ("dense_params_notes", "dense_params_drawn"), ("dense_params", "mlp_params")),
    V("hardcoded_dense", '''
def dense_params(n_inputs, units):
    return {(13, 64): 896, (64, 64): 4160, (64, 1): 65}.get((n_inputs, units), 0)
''', ("dense_params_drawn",), ("dense_params", "mlp_params")),
    V("batchnorm_trainable_only", '''
def batchnorm_params(features):
    return 2 * features
''', ("batchnorm_params_notes",), ("batchnorm_params", "mlp_params")),
    V("output_layer_forgotten", '''
def mlp_params(n_inputs, hidden, n_outputs, batchnorm=False):
    total, size = 0, n_inputs
    for units in hidden:
        total += (size + 1) * units + (4 * units if batchnorm else 0)
        size = units
    return total
''', ("mlp_params_notes", "mlp_params_drawn"), ("mlp_params",)),
    V("floor_division", '''
def steps_per_epoch(n_samples, batch_size=32):
    return n_samples // batch_size
''', ("steps_per_epoch_notes", "steps_per_epoch_drawn"), ("steps_per_epoch",)),
    V("float_steps", '''
def steps_per_epoch(n_samples, batch_size=32):
    import numpy as np
    return np.ceil(n_samples / batch_size)
''', ("steps_per_epoch_notes", "steps_per_epoch_drawn"), ("steps_per_epoch",)),
    V("relu_not_swish", '''
def build_housing_model():
    import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="relu")(x)
    h = keras.layers.Dense(64, activation="relu")(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(loss="mse")
    return model
''', ("housing_model_layers",), ("build_housing_model",)),
    V("one_hidden_layer", '''
def build_housing_model():
    import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="swish")(x)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(loss="mse")
    return model
''', ("housing_model_layers", "housing_model_params"), ("build_housing_model",)),
    V("not_compiled", '''
def build_housing_model():
    import keras
    return keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="swish"),
                             keras.layers.Dense(64, activation="swish"), keras.layers.Dense(1)])
''', ("housing_model_compiled_mse",), ("build_housing_model",)),
    V("lambda_layer", '''
def build_housing_model():
    import keras
    model = keras.Sequential([keras.Input((13,)), keras.layers.Lambda(lambda t: t * 1.0),
                              keras.layers.Dense(64, activation="swish"),
                              keras.layers.Dense(64, activation="swish"), keras.layers.Dense(1)])
    model.compile(loss="mse")
    return model
''', ("housing_model_layers", "housing_model_params", "housing_model_compiled_mse"), ("build_housing_model",)),
]
