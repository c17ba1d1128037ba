"""Describing the learner's Keras models as plain data (runs in the learner's worker).

One describer for both styles of the course: a model a learner's function returns
(:func:`describe`, the hook :func:`grader.plaindata.to_plain` calls) and the models a notebook's
top-level code built (:mod:`grader.harness.fit_recorder`).  A model becomes a
:class:`~grader.harness.model_contract.ModelDescription`: its architecture (``model.to_json()``),
its compile settings (``model.get_compile_config()`` made plain), its shapes; never its weights:
whatever the learner's code trained, the grader builds the model afresh from that description and
trains it itself (:mod:`grader.harness.fitloop`).
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from grader.harness.model_contract import ModelDescription


def plain(value: Any, depth: int = 0) -> Any:
    """JSON-able copy of a setting: numbers, strings, lists, dicts; objects by their Keras config or name."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value
    if depth > 8:
        return {"object": type(value).__name__}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, type):
        return {"class": value.__name__, "module": value.__module__}
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return {"function": getattr(value, "__qualname__", value.__name__), "module": value.__module__}
    try:
        import keras

        serialized = keras.saving.serialize_keras_object(value)
        if serialized is not value:
            return plain(serialized, depth + 1)
    except Exception:  # noqa: BLE001 - not serialisable: its name will do
        pass
    name = getattr(value, "name", None)
    return {"object": type(value).__name__, **({"name": str(name)} if isinstance(name, str) else {})}


def _serialized(value: Any) -> Any:
    import keras

    if isinstance(value, (list, tuple)):
        return [_serialized(v) for v in value]
    if isinstance(value, dict):
        return {k: _serialized(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)) or isinstance(value, type):
        return value
    try:
        return keras.saving.serialize_keras_object(value)
    except Exception:  # noqa: BLE001
        return value  # plain() names it


def compile_settings(model: Any) -> dict | None:
    """``model.get_compile_config()`` as plain data, None for a model that is not compiled."""
    if not getattr(model, "compiled", False):
        return None
    try:
        config = model.get_compile_config()
    except Exception:  # noqa: BLE001 - e.g. a lambda loss or a metric class: serialise piece by piece
        config = getattr(getattr(model, "_compile_config", None), "config", None)
        if not isinstance(config, dict):
            return None
        config = {key: _serialized(value) for key, value in config.items()}
    return plain(config) if config else None


def _shape(tensors: Any) -> Any:
    """The shape of a model's only input (or output), or the list of them when it has several."""
    if not tensors:
        return None
    shapes = [[None if d is None else int(d) for d in t.shape] for t in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def describe_model(model: Any) -> ModelDescription:
    """A Keras model as its plain description (never its weights)."""
    architecture = error = settings = None
    try:
        architecture = model.to_json()
    except Exception as exc:  # noqa: BLE001 - e.g. a subclassed model without get_config
        error = f"{type(exc).__name__}: {exc}"[:500]
    try:
        settings = compile_settings(model)
    except Exception:  # noqa: BLE001 - not compiled, as far as the grader can tell
        settings = None
    shapes = []
    for attribute in ("inputs", "outputs"):
        try:
            shapes.append(_shape(getattr(model, attribute)))
        except Exception:  # noqa: BLE001 - an unbuilt Sequential has no inputs yet
            shapes.append(None)
    return ModelDescription.from_plain({"class": type(model).__name__, "input_shape": shapes[0],
                                        "output_shape": shapes[1], "architecture": architecture,
                                        "error": error, "compile": settings})


def describe(value: Any) -> dict | None:
    """Plain stand-in for a Keras model a learner's function returned (``{MODEL_KEY: {...}}``), for
    :func:`grader.plaindata.to_plain`; None for anything else."""
    module = type(value).__module__ or ""
    if not module.startswith(("keras", "tensorflow")):
        return None
    try:
        import keras
    except ImportError:
        return None
    if not isinstance(value, keras.Model):
        return None
    return describe_model(value).to_value()
