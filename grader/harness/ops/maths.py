"""Operations for numeric exercises: Keras losses (the reference worker, trusted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from grader.harness.operation import HarnessReply, HarnessRequest, real

#: Names a check may ask for, and the Keras loss class computing each.
_KERAS_LOSSES = {"mse": "MeanSquaredError", "binary_crossentropy": "BinaryCrossentropy",
                 "categorical_crossentropy": "CategoricalCrossentropy"}


@dataclass(frozen=True)
class Number(HarnessReply):
    """One number (NaN and infinities allowed: what Keras computed)."""

    value: float

    def to_plain(self) -> float:
        return self.value

    @classmethod
    def from_plain(cls, data: Any) -> "Number":
        return cls(real(data, "value", finite=False))


@dataclass(frozen=True)
class KerasLoss(HarnessRequest):
    """What ``keras.losses`` itself gives (default settings, float32) for ``y_true``, ``y_pred``."""

    name: ClassVar[str] = "keras_loss"
    reply: ClassVar[type] = Number

    loss: str
    y_true: Any
    y_pred: Any

    def run(self, namespace: dict) -> Number:
        import keras

        if self.loss not in _KERAS_LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; one of {sorted(_KERAS_LOSSES)}")
        fn = getattr(keras.losses, _KERAS_LOSSES[self.loss])()
        value = fn(np.asarray(self.y_true, dtype="float32"), np.asarray(self.y_pred, dtype="float32"))
        return Number(float(keras.ops.convert_to_numpy(value)))


OPERATIONS = (KerasLoss,)
