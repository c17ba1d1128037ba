"""Operations for numeric exercises: Keras losses and metrics, GradientTape references."""

from __future__ import annotations

import numpy as np

__all__ = ["keras_loss"]

#: Names a check may ask for, and the Keras loss class computing each.
_KERAS_LOSSES = {"mse": "MeanSquaredError", "binary_crossentropy": "BinaryCrossentropy",
                 "categorical_crossentropy": "CategoricalCrossentropy"}


def keras_loss(namespace: dict, loss: str, y_true, y_pred) -> float:
    """What ``keras.losses`` itself gives (default settings, float32) for ``y_true``, ``y_pred``.

    Runs in the trusted reference worker; the learner's code is never involved.
    """
    import keras

    if loss not in _KERAS_LOSSES:
        raise ValueError(f"unknown loss {loss!r}; one of {sorted(_KERAS_LOSSES)}")
    fn = getattr(keras.losses, _KERAS_LOSSES[loss])()
    value = fn(np.asarray(y_true, dtype="float32"), np.asarray(y_pred, dtype="float32"))
    return float(keras.ops.convert_to_numpy(value))
