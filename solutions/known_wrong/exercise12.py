"""Known-wrong variants of exercise12 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Note 000's first model: softmax straight on the four measurements.
    V("no_hidden_layer", '''
def build_iris_model():
    from tensorflow import keras
    x = keras.Input(shape=(4,))
    model = keras.Model(x, keras.layers.Dense(3, activation="softmax")(x))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
''', ("iris_model_structure",), ("build_iris_model",)),
    # Hidden layers with no activation: still one linear map (note 003).
    V("hidden_layers_without_activation", '''
def build_iris_model():
    from tensorflow import keras
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(32)(x)
    h = keras.layers.Dense(32)(h)
    model = keras.Model(x, keras.layers.Dense(3, activation="softmax")(h))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
''', ("iris_model_structure",), ("build_iris_model",)),
    V("mse_loss", '''
def build_iris_model():
    from tensorflow import keras
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(32, activation="swish")(x)
    model = keras.Model(x, keras.layers.Dense(3, activation="softmax")(h))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
''', ("iris_model_compiled",), ("build_iris_model",)),
    V("epochs_over_budget", '''
FIT = {"epochs": 1000, "batch_size": 16, "verbose": 0}
''', ("iris_fit_within_budget",), ("FIT",)),
    # A right model that barely trains: one full-batch step of Adam's default learning rate.
    V("one_step", '''
FIT = {"epochs": 1, "batch_size": 150, "verbose": 0}
''', ("iris_accuracy_on_held_out_flowers",), ("build_iris_model",)),
]
