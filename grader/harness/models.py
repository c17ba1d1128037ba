"""Keras models as plain data, and rebuilding them safely.

:func:`describe` runs where a learner's function returned a model: it reduces
the model to its architecture (Keras config JSON), its weights and its compile
settings.  :func:`rebuild` runs in the trusted worker: it recreates the model
from that config with built-in layers only (Keras safe mode: a ``Lambda`` or
custom layer is refused, never run) and :func:`inspect` reports its structure.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

MODEL_KEY = "__keras_model__"


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
    info: dict[str, Any] = {"class": type(value).__name__}
    try:
        info["config"] = value.to_json()
        info["weights"] = [np.asarray(w) for w in value.get_weights()]
    except Exception as exc:  # noqa: BLE001 - e.g. a subclassed model without get_config
        info["error"] = f"{type(exc).__name__}: {exc}"[:500]
    info["compile"] = _compile_settings(value)
    return {MODEL_KEY: info}


def _name_of(item: Any) -> str | None:
    if item is None:
        return None
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return item.get("class_name") or item.get("config", {}).get("name")
    name = getattr(item, "name", None) or getattr(item, "__name__", None)
    return str(name) if name else type(item).__name__


def _compile_settings(model: Any) -> dict | None:
    if not getattr(model, "compiled", False):
        return None
    optimizer = getattr(model, "optimizer", None)
    settings: dict[str, Any] = {"loss": _name_of(getattr(model, "loss", None)),
                                "optimizer": None, "learning_rate": None}
    if optimizer is not None:
        settings["optimizer"] = type(optimizer).__name__
        try:
            settings["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        except Exception:  # noqa: BLE001 - a schedule has no single value
            settings["learning_rate"] = None
    return settings


LOSS_ALIASES = {
    "mse": "mean_squared_error", "mean_squared_error": "mean_squared_error",
    "meansquarederror": "mean_squared_error",
    "categorical_crossentropy": "categorical_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "binary_crossentropy": "binary_crossentropy", "binarycrossentropy": "binary_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "mae": "mean_absolute_error", "mean_absolute_error": "mean_absolute_error",
}


def canonical_loss(name: str | None) -> str | None:
    if name is None:
        return None
    return LOSS_ALIASES.get(name.lower().replace(" ", ""), name.lower())


class UnsafeModel(ValueError):
    """A model config that needs code the judge will not run (Lambda, custom layers)."""


def rebuild(described: dict):
    """Recreate a model from :func:`describe`'s output, with built-in layers only."""
    import keras

    if "error" in described or "config" not in described:
        raise UnsafeModel(described.get("error", "no architecture"))
    try:
        config = json.loads(described["config"])
        model = keras.saving.deserialize_keras_object(config, safe_mode=True)
    except Exception as exc:  # noqa: BLE001 - anything the safe loader refuses
        raise UnsafeModel(f"{type(exc).__name__}: {exc}"[:500]) from None
    for layer in _all_layers(model):
        module = type(layer).__module__ or ""
        if not module.startswith("keras.") or type(layer).__name__ == "Lambda":
            raise UnsafeModel(f"layer {layer.name!r} ({type(layer).__name__}) is not a built-in layer")
    weights = [np.asarray(w) for w in described.get("weights", [])]
    expected = [tuple(w.shape) for w in model.get_weights()]
    if [tuple(w.shape) for w in weights] != expected:
        raise UnsafeModel("the weights do not fit the architecture")
    model.set_weights(weights)
    return model


def _all_layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if hasattr(layer, "layers"):
            found += _all_layers(layer)
    return found


ACTIVATION_ALIASES = {"silu": "swish", "gelu_approximate": "gelu"}


def _activation_name(layer) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    name = str(getattr(activation, "__name__", None) or type(activation).__name__).lower()
    return ACTIVATION_ALIASES.get(name, name)


def inspect(described: dict) -> dict:
    """Structure of a described model as the judge sees it after a safe rebuild."""
    model = rebuild(described)
    layers = []
    for layer in _all_layers(model):
        entry: dict[str, Any] = {"class": type(layer).__name__, "params": int(layer.count_params())}
        if hasattr(layer, "units"):
            entry["units"] = int(layer.units)
        activation = _activation_name(layer)
        if activation is not None:
            entry["activation"] = activation
        layers.append(entry)
    input_shape = [None if d is None else int(d) for d in model.inputs[0].shape] if model.inputs else []
    output_shape = [None if d is None else int(d) for d in model.outputs[0].shape] if model.outputs else []
    compile_settings = described.get("compile")
    loss = canonical_loss(compile_settings.get("loss")) if compile_settings else None
    return {
        "layers": layers,
        "params": int(model.count_params()),
        "input_shape": input_shape,
        "output_shape": output_shape,
        "compiled": compile_settings is not None,
        "loss": loss,
        "optimizer": compile_settings.get("optimizer") if compile_settings else None,
    }
