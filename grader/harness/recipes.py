"""Arguments that are objects, not data: described by the grader, built in the worker.

A check cannot send a Keras model or a Python function to a learner's process,
so it sends a *recipe*: a plain dict saying how to build one.  The worker
builds the object, passes it to the learner's function, and afterwards sends
back a *capture* of its state (a model's weights, an optimizer's step count)
so the grader can compare what the learner's code did to it.

The constructors at the top run in the grader (plain data only); :func:`build`
runs in the worker.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

KEY = "__recipe__"


# ------------------------------------------------------------------ grader side


def dense_stack(inputs: int, layers: list[tuple[int, str]], weights: list[np.ndarray]) -> dict:
    """A Sequential model of Dense layers with the given initial weights."""
    return {KEY: "dense_stack", "inputs": int(inputs),
            "layers": [[int(u), str(a)] for u, a in layers], "weights": list(weights)}


def loss(name: str) -> dict:
    """A Keras loss object: ``mse``, ``categorical_crossentropy``, ``binary_crossentropy``."""
    return {KEY: "loss", "name": name}


def optimizer(name: str, learning_rate: float) -> dict:
    """A Keras optimizer object: ``sgd``, ``adam``, ``adagrad``, ``rmsprop``."""
    return {KEY: "optimizer", "name": name, "learning_rate": float(learning_rate)}


def scalar_function(poly: list[float], sin: float = 0.0, exp: tuple[float, float] = (0.0, 0.0)) -> dict:
    """f(x) = sum(poly[i] * x**i) + sin * sin(x) + exp[0] * exp(exp[1] * x), on tensors."""
    return {KEY: "function", "poly": [float(c) for c in poly], "sin": float(sin),
            "exp": [float(exp[0]), float(exp[1])]}


def scalar_function_value(recipe: dict, x: float, derivative: bool = False) -> float:
    """The value (or exact derivative) of a :func:`scalar_function` recipe, in NumPy."""
    poly, a, (g, h) = recipe["poly"], recipe["sin"], recipe["exp"]
    if derivative:
        return float(sum(i * c * x ** (i - 1) for i, c in enumerate(poly) if i)
                     + a * np.cos(x) + g * h * np.exp(h * x))
    return float(sum(c * x**i for i, c in enumerate(poly)) + a * np.sin(x) + g * np.exp(h * x))


def dataframe(columns: dict[str, list]) -> dict:
    """A pandas DataFrame with these columns (lists of numbers or strings), in order."""
    return {KEY: "dataframe", "columns": [[str(name), list(values)] for name, values in columns.items()]}


def is_recipe(value: Any) -> bool:
    return isinstance(value, dict) and KEY in value


# ------------------------------------------------------------------ worker side

_LOSSES = {"mse": "MeanSquaredError", "categorical_crossentropy": "CategoricalCrossentropy",
           "binary_crossentropy": "BinaryCrossentropy"}
_OPTIMIZERS = {"sgd": "SGD", "adam": "Adam", "adagrad": "Adagrad", "rmsprop": "RMSprop"}


def _build_dense_stack(spec: dict):
    import keras

    model = keras.Sequential([keras.Input((spec["inputs"],))]
                             + [keras.layers.Dense(u, activation=a) for u, a in spec["layers"]])
    model.set_weights([np.asarray(w, dtype="float32") for w in spec["weights"]])
    return model, lambda: [np.asarray(w) for w in model.get_weights()]


def _build_function(spec: dict):
    import tensorflow as tf

    poly, a, (g, h) = spec["poly"], spec["sin"], spec["exp"]
    calls = {"calls": 0, "tensor_calls": 0}

    def f(x):
        calls["calls"] += 1
        calls["tensor_calls"] += int(tf.is_tensor(x) or isinstance(x, tf.Variable))
        total = sum(c * x**i for i, c in enumerate(poly) if i) + poly[0]
        return total + a * tf.sin(x) + g * tf.exp(h * x)

    return f, lambda: dict(calls)


def build(spec: dict) -> tuple[Any, Callable[[], Any] | None]:
    """The object a recipe describes, and a function capturing its state later."""
    kind = spec[KEY]
    if kind == "dense_stack":
        return _build_dense_stack(spec)
    if kind == "function":
        return _build_function(spec)
    if kind == "dataframe":
        import pandas as pd

        return pd.DataFrame({name: values for name, values in spec["columns"]}), None
    if kind == "loss":
        import keras

        return getattr(keras.losses, _LOSSES[spec["name"]])(), None
    if kind == "optimizer":
        import keras

        opt = getattr(keras.optimizers, _OPTIMIZERS[spec["name"]])(learning_rate=spec["learning_rate"])
        return opt, lambda: {"iterations": int(opt.iterations.numpy())}
    raise ValueError(f"unknown recipe {kind!r}")
