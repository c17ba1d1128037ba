"""Operations on models and optimizers: safe model inspection, Keras optimizer trajectories."""

from __future__ import annotations

from grader.harness import models

__all__ = ["inspect_model", "keras_optimizer_steps"]


def inspect_model(namespace: dict, model: dict, input_shape: list | None = None) -> dict:
    """Rebuild a described model safely, afresh, and report its structure (the judge only)."""
    from grader.harness.ops.training import judged

    return models.inspect({**model[models.MODEL_KEY], "architecture": judged(model)}, input_shape)


def keras_optimizer_steps(namespace: dict, optimizer: str, w: list, grads: list, config: dict) -> list:
    """The weights after each step of a Keras optimizer applying ``grads`` to ``w``."""
    import keras
    import numpy as np

    variable = keras.Variable(np.asarray(w, dtype="float64"), dtype="float64")
    stepper = getattr(keras.optimizers, optimizer)(**config)
    trajectory = []
    for grad in grads:
        stepper.apply_gradients([(keras.ops.convert_to_tensor(np.asarray(grad, "float64")), variable)])
        trajectory.append(np.asarray(variable.numpy()))
    return trajectory
