"""Known-wrong variants of exercise13 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Note 000 reshapes but never scales: pixels stay 0..255.
    V("not_scaled", '''
def preprocess(x):
    import numpy as np
    x = np.asarray(x)
    return x.reshape(len(x), 784).astype(np.float32)
''', ("preprocess_digits", "preprocess_drawn_images"), ("preprocess", "build_mnist_model")),
    # Scaled but not flattened: (n, 28, 28) does not fit Input(784).
    V("not_flattened", '''
def preprocess(x):
    import numpy as np
    return np.asarray(x).astype(np.float32) / 255.0
''', ("preprocess_digits", "preprocess_drawn_images"), ("preprocess",)),
    V("float64_pixels", '''
def preprocess(x):
    import numpy as np
    x = np.asarray(x)
    return x.reshape(len(x), 784) / 255.0
''', ("preprocess_digits", "preprocess_drawn_images"), ("preprocess",)),
    V("no_softmax", '''
def build_mnist_model():
    from tensorflow import keras
    x = keras.Input(shape=(784,))
    h = keras.layers.Dense(128, activation="relu")(x)
    model = keras.Model(x, keras.layers.Dense(10)(h))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
''', ("mnist_model_structure",), ("build_mnist_model",)),
    V("sparse_loss", '''
def build_mnist_model():
    from tensorflow import keras
    x = keras.Input(shape=(784,))
    h = keras.layers.Dense(128, activation="relu")(x)
    model = keras.Model(x, keras.layers.Dense(10, activation="softmax")(h))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''', ("mnist_model_compiled",), ("build_mnist_model",)),
    V("epochs_over_budget", '''
FIT = {"epochs": 50, "batch_size": 64, "verbose": 0}
''', ("mnist_fit_within_budget",), ("FIT",)),
    # A right model and right data, trained for one step only.
    V("one_step", '''
FIT = {"epochs": 1, "batch_size": 4000, "verbose": 0}
''', ("mnist_accuracy_on_held_out_digits",), ("build_mnist_model",)),
]
