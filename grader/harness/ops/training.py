"""Operations for trained-model exercises.

``train_model`` runs in the LEARNER's worker: it builds the model with the
learner's function and fits it with the learner's ``FIT`` on the training data
the grader sent, then returns the model as plain data (architecture, weights)
and the loss per epoch.  ``predict`` runs in the JUDGE: it rebuilds that model
safely and predicts on held-out inputs (the labels stay with the grader).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from grader.harness import models

__all__ = ["train_model", "predict", "devices"]

#: ``fit`` arguments the grader provides itself; FIT may not set them.
RESERVED = ("x", "y", "validation_data", "epochs_budget")


class FitRejected(ValueError):
    """The learner's FIT cannot be used as given (over budget, not a dict...)."""


def _device_name() -> str:
    import tensorflow as tf

    gpus = tf.config.get_visible_devices("GPU")
    return f"GPU ({gpus[0].name})" if gpus else "CPU"


def devices(namespace: dict) -> dict:
    """The devices TensorFlow sees in this process."""
    import tensorflow as tf

    return {"gpus": [d.name for d in tf.config.list_physical_devices("GPU")],
            "visible_gpus": [d.name for d in tf.config.get_visible_devices("GPU")]}


def _fit_arguments(fit: Any, budget: int) -> dict:
    if fit is None:
        raise FitRejected("FIT is still None: set it to a dict of model.fit keywords")
    if not isinstance(fit, dict):
        raise FitRejected(f"FIT must be a dict of model.fit keywords, not a {type(fit).__name__}")
    reserved = [k for k in fit if k in RESERVED]
    if reserved:
        raise FitRejected(f"FIT may not set {', '.join(reserved)}: the grader provides the data")
    epochs = fit.get("epochs", 1)
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 1:
        raise FitRejected(f"FIT['epochs'] must be a positive int, not {epochs!r}")
    if epochs > budget:
        raise FitRejected(f"FIT asks for {int(epochs)} epochs; the budget is {budget}")
    return dict(fit, verbose=0)


def _plain_fit(fit: dict) -> dict:
    """The plain part of FIT, for the report."""
    return {k: v for k, v in fit.items() if isinstance(v, (int, float, str, bool)) and k != "verbose"}


def train_model(namespace: dict, builder: str, x: np.ndarray, y: np.ndarray, seed: int,
                budget: int, preprocess: str | None = None) -> dict:
    """Build with ``namespace[builder]()``, fit with ``namespace['FIT']`` (learner's worker)."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(int(seed))
    tf.config.experimental.enable_op_determinism()
    if preprocess:
        x = namespace[preprocess](x)
    model = namespace[builder]()  # first: a stub's NotImplementedError means "not attempted"
    if not isinstance(model, keras.Model):
        return {"status": "not_a_model", "type": type(model).__name__}
    fit = _fit_arguments(namespace.get("FIT"), budget)
    started = time.monotonic()
    history = model.fit(x, y, **fit)
    losses = [float(v) for v in history.history.get("loss", [])]
    return {"status": "trained", "model": models.describe(model), "loss": losses,
            "epochs": len(losses), "device": _device_name(),
            "seconds": round(time.monotonic() - started, 3), "fit": _plain_fit(fit)}


def predict(namespace: dict, model: dict, x: np.ndarray) -> np.ndarray:
    """Predictions of a described model on ``x`` (the judge: rebuilt in safe mode)."""
    rebuilt = models.rebuild(model[models.MODEL_KEY])
    return np.asarray(rebuilt.predict(np.asarray(x), verbose=0, batch_size=256))
