"""Rebuilding a learner's model from plain data, built-in Keras only.

A trainer process rebuilds the model a learner's process described (``model.to_json()`` and
``model.get_compile_config()``).  Nothing named in an architecture is imported: every
``module`` in it must be Keras' own, classes that run code (Lambda, TFSMLayer,
TorchModuleWrapper, JaxLayer, FlaxLayer) and registered custom objects are refused before
deserialising, Keras safe mode is on, and every layer, the loss and the optimizer must then be
built-in Keras classes (:class:`UnsafeModel` otherwise).
"""

from __future__ import annotations

import json
from typing import Any, Sequence

import keras
import tensorflow as tf

from grader.harness.architecture_check import EmbeddedData, UnsafeModel, refuse_embedded_data

__all__ = ["REFUSED_CLASSES", "UnsafeModel", "all_layers", "build_model", "compile_model"]

#: Built-in Keras classes that would run or load code that is not in the architecture.
REFUSED_CLASSES = frozenset({"Lambda", "TFSMLayer", "TorchModuleWrapper", "JaxLayer", "FlaxLayer"})


def _refuse_unsafe(config: Any, where: str) -> None:
    """Refuse, before Keras sees it, anything in a config that would import or run foreign code."""
    stack = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        class_name = item.get("class_name")
        module = item.get("module")
        registered = item.get("registered_name")
        if class_name is not None and not isinstance(class_name, str):
            raise UnsafeModel(f"{where}: a class_name that is not a string: {class_name!r}"[:300])
        if class_name in REFUSED_CLASSES or class_name == "__lambda__":
            raise UnsafeModel(f"{where}: {class_name} runs code that is not a built-in Keras layer")
        if module is not None:
            plain_function = (module == "builtins" and class_name == "function"
                              and isinstance(item.get("config"), str))
            if not isinstance(module, str) or not (
                    module == "keras" or module.startswith("keras.") or plain_function):
                raise UnsafeModel(f"{where}: {class_name!r} comes from module {module!r}, "
                                  "not from Keras"[:300])
            if registered is not None and registered != class_name and not (
                    plain_function and registered == "function"):
                raise UnsafeModel(f"{where}: {class_name!r} is a registered custom object "
                                  f"({registered!r}), not a built-in Keras one"[:300])
        stack.extend(item.values())


def all_layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if hasattr(layer, "layers"):
            found += all_layers(layer)
    return found


def _module_of(obj: Any) -> str:
    """The module a function, class or object (by its class) comes from."""
    if isinstance(obj, type) or hasattr(obj, "__code__"):
        return getattr(obj, "__module__", "") or ""
    return type(obj).__module__ or ""


def _keras_module(module: str) -> bool:
    return module == "keras" or module.startswith("keras.")


def build_model(architecture: str, seed: int | None = None, input_shape: Sequence | None = None):
    """A fresh model from ``model.to_json()``, built-in Keras only (:class:`UnsafeModel` otherwise).

    With ``seed``, ``keras.utils.set_random_seed(seed)`` comes first, so the initial weights are
    those the learner's builder made under that seed.  An unbuilt model (a Sequential without
    ``Input``) is built for inputs of ``input_shape`` (without the batch dimension).
    """
    try:
        config = json.loads(architecture) if isinstance(architecture, (str, bytes)) else \
            json.loads(json.dumps(architecture))
    except (TypeError, ValueError) as exc:
        raise UnsafeModel(f"the architecture is not JSON: {exc}"[:300]) from None
    if not isinstance(config, dict):
        raise UnsafeModel("the architecture is not a Keras model config")
    _refuse_unsafe(config, "architecture")
    try:
        refuse_embedded_data(config, "the architecture")
    except EmbeddedData as exc:
        raise UnsafeModel(str(exc)) from None
    if seed is not None:
        keras.utils.set_random_seed(int(seed))
    try:
        model = keras.saving.deserialize_keras_object(config, safe_mode=True)
    except Exception as exc:  # noqa: BLE001 - anything the safe loader refuses
        raise UnsafeModel(f"{type(exc).__name__}: {exc}"[:500]) from None
    if not isinstance(model, keras.Model) or not _keras_module(type(model).__module__ or ""):
        raise UnsafeModel(f"the architecture is a {type(model).__name__}, not a built-in Keras model")
    for layer in all_layers(model):
        if not _keras_module(type(layer).__module__ or "") or type(layer).__name__ in REFUSED_CLASSES:
            raise UnsafeModel(f"layer {layer.name!r} ({type(layer).__name__}) is not a built-in layer")
    if not model.built:
        if input_shape is None:
            raise ValueError("the model has no Input and no input shape was given to build it")
        try:
            model.build((None, *[int(d) for d in input_shape]))
        except Exception as exc:  # noqa: BLE001 - e.g. a Sequential of no layer
            raise ValueError(f"the model cannot be built for inputs of shape {tuple(input_shape)}: "
                             f"{type(exc).__name__}: {exc}"[:500]) from None
    return model


def compile_model(model, compile_config: dict) -> None:
    """``model.compile`` with the optimizer, loss and loss weights of ``compile_config``."""
    if not compile_config:
        raise ValueError("the model was not compiled: no optimizer and no loss to train it with")
    try:
        config = json.loads(json.dumps(compile_config))  # a copy: Keras deserialises in place
    except (TypeError, ValueError) as exc:
        raise UnsafeModel(f"the compile config is not plain JSON data: {exc}"[:300]) from None
    if not isinstance(config, dict):
        raise UnsafeModel("the compile config is not a dict")
    # Metrics do not change training: they are neither rebuilt nor computed.
    wanted = {key: config.get(key) for key in ("optimizer", "loss", "loss_weights")}
    _refuse_unsafe(wanted, "compile config")
    try:
        settings = keras.saving.deserialize_keras_object(wanted, safe_mode=True)
    except Exception as exc:  # noqa: BLE001
        raise UnsafeModel(f"compile config: {type(exc).__name__}: {exc}"[:500]) from None
    optimizer = settings.get("optimizer") or "rmsprop"  # compile's default
    if isinstance(optimizer, str):
        optimizer = keras.optimizers.get(optimizer)
    if not _keras_module(type(optimizer).__module__ or ""):
        raise UnsafeModel(f"the optimizer {type(optimizer).__name__} is not a built-in Keras one")
    for loss in tf.nest.flatten(settings.get("loss")):
        if loss is not None and not isinstance(loss, str) and not _keras_module(_module_of(loss)):
            raise UnsafeModel(f"the loss {getattr(loss, '__name__', type(loss).__name__)} is not a "
                              "built-in Keras one")
    if settings.get("loss") is None and not model.losses:
        raise ValueError("the model was compiled without a loss")
    model.compile(optimizer=optimizer, loss=settings.get("loss"),
                  loss_weights=settings.get("loss_weights"), jit_compile=False)
