"""Keras models as plain data, and rebuilding them safely.

:func:`describe` runs where a learner's function returned a model: it reduces
the model to its architecture (Keras config JSON) and its compile settings
(``model.get_compile_config()``, made plain), never its weights: whatever the
learner's code trained, the grader builds the model afresh from that
description and trains it itself (:mod:`grader.harness.fitloop`).
:func:`inspect` runs in the judge: it rebuilds the model with built-in layers
only (Keras safe mode: a ``Lambda`` or custom layer is refused, never run) and
reports its structure.
"""

from __future__ import annotations

from typing import Any

from grader.harness.architecture_check import UnsafeModel

MODEL_KEY = "__keras_model__"


def _plain(value: Any, depth: int = 0) -> Any:
    """Compile settings as JSON-able data (Keras objects serialised, anything else named)."""
    if depth > 20:
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    try:
        import keras

        return _plain(keras.saving.serialize_keras_object(value), depth + 1)
    except Exception:  # noqa: BLE001 - a lambda loss, a metric class: keep its name only
        return {"class_name": getattr(value, "__name__", type(value).__name__), "unserialisable": True}


def compile_settings(model: Any) -> dict | None:
    """``model.get_compile_config()`` as plain data, None for a model that is not compiled."""
    if not getattr(model, "compiled", False):
        return None
    try:
        config = model.get_compile_config()
    except Exception:  # noqa: BLE001 - e.g. metrics=[tf.keras.metrics.AUC] (the class): piece by piece
        config = getattr(getattr(model, "_compile_config", None), "config", None)
    if not isinstance(config, dict):
        return None
    return _plain(config)


def _shape(tensors: Any) -> list | None:
    try:
        if not tensors:
            return None
        return [None if d is None else int(d) for d in tensors[0].shape]
    except Exception:  # noqa: BLE001 - an unbuilt Sequential has no inputs yet
        return None


def describe(value: Any) -> dict | None:
    """Plain stand-in for a Keras model (used by :func:`grader.plaindata.to_plain`)."""
    module = type(value).__module__ or ""
    if not module.startswith(("keras", "tensorflow")):
        return None
    try:
        import keras
    except ImportError:
        return None
    if not isinstance(value, keras.Model):
        return None
    info: dict[str, Any] = {"class": type(value).__name__, "input_shape": _shape(getattr(value, "inputs", None)),
                            "output_shape": _shape(getattr(value, "outputs", None))}
    try:
        info["architecture"] = value.to_json()
    except Exception as exc:  # noqa: BLE001 - e.g. a subclassed model without get_config
        info["error"] = f"{type(exc).__name__}: {exc}"[:500]
    try:
        info["compile"] = compile_settings(value)
    except Exception as exc:  # noqa: BLE001
        info["compile"] = None
        info["compile_error"] = f"{type(exc).__name__}: {exc}"[:300]
    return {MODEL_KEY: info}


LOSS_ALIASES = {
    "mse": "mean_squared_error", "mean_squared_error": "mean_squared_error",
    "meansquarederror": "mean_squared_error",
    "categorical_crossentropy": "categorical_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "binary_crossentropy": "binary_crossentropy", "binarycrossentropy": "binary_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "mae": "mean_absolute_error", "mean_absolute_error": "mean_absolute_error",
    "meanabsoluteerror": "mean_absolute_error",
}


def canonical_loss(loss: Any) -> str | None:
    """The name of a compiled loss (a string, or a serialised loss object or function)."""
    if loss is None:
        return None
    if isinstance(loss, dict):
        config = loss.get("config")
        name = loss.get("class_name")
        if name == "function" and isinstance(config, str):
            name = config
        loss = name or (config.get("name") if isinstance(config, dict) else None)
        if loss is None:
            return None
    key = str(loss).lower().replace(" ", "")
    return LOSS_ALIASES.get(key, LOSS_ALIASES.get(key.replace("_", ""), key))


def _optimizer_name(optimizer: Any) -> str | None:
    if isinstance(optimizer, dict):
        return optimizer.get("class_name")
    return None if optimizer is None else str(optimizer)


ACTIVATION_ALIASES = {"silu": "swish", "gelu_approximate": "gelu"}


def _activation_name(layer) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    name = str(getattr(activation, "__name__", None) or type(activation).__name__).lower()
    return ACTIVATION_ALIASES.get(name, name)


def inspect(described: dict, input_shape: list | None = None) -> dict:
    """Structure of a described model as the judge sees it after a safe, fresh rebuild."""
    from grader.harness.safe_models import all_layers, build_model

    if "error" in described or "architecture" not in described:
        raise UnsafeModel(described.get("error", "no architecture"))
    model = build_model(described["architecture"], seed=0, input_shape=input_shape)
    layers = []
    for layer in all_layers(model):
        entry: dict[str, Any] = {"class": type(layer).__name__, "params": int(layer.count_params())}
        if hasattr(layer, "units"):
            entry["units"] = int(layer.units)
        activation = _activation_name(layer)
        if activation is not None:
            entry["activation"] = activation
        layers.append(entry)
    settings = described.get("compile")
    return {
        "layers": layers,
        "params": int(model.count_params()),
        "input_shape": _shape(model.inputs) or [],
        "output_shape": _shape(model.outputs) or [],
        "compiled": settings is not None,
        "loss": canonical_loss(settings.get("loss")) if settings else None,
        "optimizer": _optimizer_name(settings.get("optimizer")) if settings else None,
    }
