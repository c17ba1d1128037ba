"""The course's Keras 2 idioms under Keras 3 (runs in the learner's worker before its code).

The course was written for TensorFlow 2.15 (Keras 2).  Under Keras 3 some of its
lines raise or warn; :func:`install` makes them work as they did and records
each use in :data:`LOG` with the Keras 3 spelling:

- ``model.compile(..., metrics='accuracy')``: a bare string (or one metric) is
  graded as ``metrics=['accuracy']`` (Keras 3 raises "Expected `metrics`
  argument to be a list, tuple, or dict").
- ``Dense(..., input_dim=1)`` / ``input_shape=(4,)``: Keras 3 still builds the
  ``Input`` from it as the first layer of a ``Sequential`` (as Keras 2 did),
  but warns; the warning is replaced by a note.
- ``model.predict([[15]])`` (also ``fit``/``evaluate``/``predict_on_batch``
  with nested lists of numbers): Keras 3 raises "Unrecognized data type";
  the list is read as ``np.array([[15]])``, as Keras 2 did.

``tf.keras.models.Model`` needs nothing: it is ``tf.keras.Model`` in Keras 3.
The notes' typo ``tf.keras.Models(x, y)`` is deliberately not made to work
(the learner gets "Did you mean tf.keras.Model?").
"""

from __future__ import annotations

import functools
import numbers
import re
import warnings
from typing import Any, Callable

import numpy as np

from grader.harness import caller
from grader.harness.shim_log import ShimLog
from grader.text import Text

LOG = ShimLog()

METRICS_NOTE = Text("model.compile({argument}={value!r}) is Keras 2 style: Keras 3 needs a list, so it was "
                    "graded as {argument}=[{value!r}] (write {argument}=[{value!r}])",
                    "model.compile({argument}={value!r}) 은(는) Keras 2 방식입니다: Keras 3은 리스트가 필요해 "
                    "{argument}=[{value!r}] (으)로 채점했습니다 ({argument}=[{value!r}] (으)로 쓰세요)")
INPUT_DIM_NOTE = Text("{layer}(..., {argument}={value!r}) is Keras 2 style: in Keras 3 start the model with "
                      "tf.keras.Input(shape={shape!r}) (as in Keras 2, the first layer of a Sequential model "
                      "got that Input)",
                      "{layer}(..., {argument}={value!r}) 은(는) Keras 2 방식입니다: Keras 3 에서는 "
                      "tf.keras.Input(shape={shape!r}) (으)로 모델을 시작하세요 (Keras 2처럼 Sequential 모델의 첫 "
                      "층에 그 Input을 붙였습니다)")
LIST_INPUT_NOTE = Text("model.{method}({arguments}) with Python lists such as {example} is Keras 2 style: "
                       "Keras 3 raises \"Unrecognized data type\" for them, so they were read as np.array(...), "
                       "as Keras 2 did (write np.array({example}))",
                       "model.{method}({arguments})에 {example} 같은 파이썬 리스트를 넣는 것은 Keras 2 방식입니다: "
                       "Keras 3은 \"Unrecognized data type\" 오류를 내므로 Keras 2처럼 np.array(...)로 "
                       "읽었습니다 (np.array({example}) (으)로 쓰세요)")

_INPUT_WARNING = "Do not pass an `input_shape`/`input_dim` argument to a layer"
_DATA_METHODS = {"predict": ("x",), "predict_on_batch": ("x",), "evaluate": ("x", "y"), "fit": ("x", "y"),
                 "train_on_batch": ("x", "y"), "test_on_batch": ("x", "y")}
_originals: list[tuple[Any, str, Any]] = []


def _owner(cls: type, name: str) -> type:
    """The class in ``cls``'s MRO that defines ``name`` (patched there, so every model gets it)."""
    return next(c for c in cls.__mro__ if name in c.__dict__)


def _patch(owner: type, name: str, make: Callable[[Callable], Callable]) -> None:
    original = owner.__dict__[name]
    _originals.append((owner, name, original))
    replacement = make(original)
    replacement.__grader_shim__ = True
    setattr(owner, name, replacement)


def _single_metric(value: Any) -> bool:
    return value is not None and not isinstance(value, (list, tuple, dict))


def _compile(original: Callable) -> Callable:
    @functools.wraps(original)
    def compile(self, *args, **kwargs):
        for argument in ("metrics", "weighted_metrics"):
            value = kwargs.get(argument)
            if _single_metric(value):
                shown = value if isinstance(value, str) else getattr(value, "name", type(value).__name__)
                LOG.record("bare_metrics", METRICS_NOTE.format(argument=argument, value=shown),
                           caller.caller(1), argument=argument, value=str(shown))
                kwargs[argument] = [value]
        return original(self, *args, **kwargs)

    return compile


def _layer_init(original: Callable) -> Callable:
    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        argument = "input_dim" if kwargs.get("input_dim") is not None else (
            "input_shape" if kwargs.get("input_shape") is not None else None)
        if argument is None:
            return original(self, *args, **kwargs)
        value = kwargs[argument]
        shape = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        LOG.record("input_dim", INPUT_DIM_NOTE.format(layer=type(self).__name__, argument=argument,
                                                      value=value, shape=list(shape)),
                   caller.caller(1), layer=type(self).__name__, argument=argument, value=str(value))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=re.escape(_INPUT_WARNING))
            return original(self, *args, **kwargs)

    return __init__


def _numeric_nested_list(value: Any) -> bool:
    """A list (or tuple) of numbers or of such lists, with no arrays or tensors in it."""
    if not isinstance(value, (list, tuple)) or not value:
        return False

    def numeric(v: Any) -> bool:
        if isinstance(v, (list, tuple)):
            return bool(v) and all(numeric(x) for x in v)
        return isinstance(v, numbers.Number)

    if not all(numeric(v) for v in value):
        return False
    try:
        array = np.asarray(value)
    except ValueError:
        return False  # ragged
    return array.dtype != object


def _single(model: Any, attribute: str) -> bool:
    """The model has one input (``inputs``) or one output (``outputs``), or cannot tell yet."""
    try:
        tensors = getattr(model, attribute)
    except Exception:  # noqa: BLE001 - an unbuilt Sequential or a subclassed model
        return True
    return tensors is None or len(tensors) <= 1


def _data_method(name: str, data_arguments: tuple[str, ...]) -> Callable[[Callable], Callable]:
    def make(original: Callable) -> Callable:
        @functools.wraps(original)
        def method(self, *args, **kwargs):
            args = list(args)
            converted = []
            for position, argument in enumerate(data_arguments):
                if position < len(args):
                    value, put = args[position], functools.partial(args.__setitem__, position)
                elif argument in kwargs:
                    value, put = kwargs[argument], functools.partial(kwargs.__setitem__, argument)
                else:
                    continue
                if _numeric_nested_list(value) and _single(self, "inputs" if argument == "x" else "outputs"):
                    converted.append((argument, value))
                    put(np.asarray(value))
            if converted:
                example = repr(converted[0][1])
                example = example if len(example) <= 40 else example[:37] + "..."
                arguments = ", ".join(argument for argument, _ in converted)
                LOG.record("list_input", LIST_INPUT_NOTE.format(method=name, arguments=arguments,
                                                                example=example),
                           caller.caller(1), method=name, arguments=arguments)
            return original(self, *args, **kwargs)

        return method

    return make


def install() -> None:
    """Patch Keras in this process (``keras.Model`` and ``keras.layers.Layer``); idempotent."""
    if _originals:
        return
    import keras

    _patch(_owner(keras.Model, "compile"), "compile", _compile)
    _patch(_owner(keras.layers.Layer, "__init__"), "__init__", _layer_init)
    for name, data_arguments in _DATA_METHODS.items():
        if hasattr(keras.Model, name):
            _patch(_owner(keras.Model, name), name, _data_method(name, data_arguments))


def uninstall() -> None:
    """Undo :func:`install` (tests); the log is kept."""
    while _originals:
        owner, name, original = _originals.pop()
        setattr(owner, name, original)
