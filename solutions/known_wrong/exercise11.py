"""Known-wrong variants of exercise11 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Note 001 itself: Adam's default learning rate needs some 3000 epochs; in 300 the bias has
    # moved at most 0.3 from 0.
    V("adam_default_learning_rate", '''
def build_linear_model():
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="linear")])
    model.compile(optimizer="adam", loss="mse")
    return model
''', ("linear_learns_note_001", "linear_learns_a_drawn_line"), ("build_linear_model",)),
    # Note 001's own FIT: 3000 epochs, six times the budget (the grader refuses to train it).
    V("notes_epochs_over_budget", '''
FIT = {"epochs": 3000, "verbose": 0}
''', ("linear_fit_within_budget",), ("FIT",)),
    V("relu_unit", '''
def build_linear_model():
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="relu")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    return model
''', ("linear_model_structure",), ("build_linear_model",)),
    V("hidden_layer", '''
def build_linear_model():
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(4),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    return model
''', ("linear_model_structure",), ("build_linear_model",)),
    V("mae_loss", '''
def build_linear_model():
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="linear")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mae")
    return model
''', ("linear_model_compiled",), ("build_linear_model",)),
]
