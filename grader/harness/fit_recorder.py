"""Record the learner's ``model.fit`` calls instead of training (runs in the learner's worker).

A notebook of the course builds a model, compiles it and calls ``fit``.  The
grader trains later, elsewhere, on its own split, so in the learner's process
:func:`install` replaces ``keras.Model.fit`` by a recorder that does not train:
it keeps, per call, the model, every keyword (epochs, batch_size, shuffle,
validation_split, ...) except the data, the shapes and dtypes of ``x`` and
``y`` (and their column names for pandas DataFrames) and where the call is
(notebook cell and line), and returns a History-like object so the code after
it keeps running.

It also registers every ``keras.Model`` the learner's code creates (fit or
not, in creation order; models Keras builds for itself, such as a Sequential's
inner functional model, are not the learner's).  :func:`described_models`
turns them into plain data (never weights; the model itself described by
:mod:`grader.harness.keras_description`, as a model a function returns is)::

    {"architecture": model.to_json(), "compile": {...} or None, "fits": [...],
     "epochs": 1010, "input_shape": [None, 1], "output_shape": [None, 1],
     "names": ["model"], "cell": 4, ...}

Two fit calls on one model add up (``fit(epochs=1000)`` then ``fit(epochs=10)``
is ``"epochs": 1010``).
"""

from __future__ import annotations

import inspect
import itertools
import math
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.harness import caller, keras_description
from grader.harness.keras_description import plain
from grader.harness.model_contract import MAX_EPOCHS

MAX_MODELS = 50
DATA_ARGUMENTS = ("x", "y", "validation_data", "sample_weight")


@dataclass
class _Entry:
    model: Any
    created: dict | None
    fits: list[dict] = field(default_factory=list)


_registry: list[_Entry] = []
_state: dict[str, Any] = {}
_order = itertools.count()


def _entry(model: Any, created: dict | None = None, register: bool = True) -> _Entry | None:
    for entry in _registry:
        if entry.model is model:
            return entry
    if not register or len(_registry) >= MAX_MODELS:
        return None
    entry = _Entry(model, created)
    _registry.append(entry)
    return entry


# -- creation -----------------------------------------------------------------------------------

def _created_by_learner(frame) -> tuple[bool, dict | None]:
    """Whether the model being made was asked for by the learner's code, and where.

    The learner's frame called either the class itself (its ``__new__`` is the
    outermost library frame, or none is) or some library function that made a
    model for its own use (a Sequential's ``add``, ``clone_model``): only the first
    is the learner's model.
    """
    learner, called = caller.learner_frame(frame)
    if learner is None:
        return False, None
    if called is None or called.f_code.co_name == "__new__":
        return True, caller.where(learner)
    return False, None


def _recording_new(original_new):
    def __new__(cls, *args, **kwargs):
        obj = original_new(cls, *args, **kwargs)
        try:
            mine, where = _created_by_learner(sys._getframe(1))
            if mine:
                _entry(obj, where)
        except Exception:  # noqa: BLE001 - recording must never stop the learner's code
            pass
        return obj

    return __new__


# -- fit ----------------------------------------------------------------------------------------

def describe_data(value: Any, depth: int = 0) -> Any:
    """Shape, dtype and (for pandas) column names of training data; never the values."""
    if value is None:
        return None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(value, pd.DataFrame):
        dtypes = {str(c): str(t) for c, t in value.dtypes.items()}
        return {"type": "DataFrame", "shape": [int(n) for n in value.shape], "dtype": _common_dtype(value.dtypes),
                "columns": [str(c) for c in value.columns], "dtypes": dtypes}
    if pd is not None and isinstance(value, pd.Series):
        return {"type": "Series", "shape": [int(value.shape[0])], "dtype": str(value.dtype),
                "name": None if value.name is None else str(value.name)}
    if isinstance(value, np.ndarray):
        return {"type": "ndarray", "shape": [int(n) for n in value.shape], "dtype": str(value.dtype)}
    if isinstance(value, (list, tuple)):
        try:
            array = np.asarray(value)
            if array.dtype != object:
                return {"type": type(value).__name__, "shape": [int(n) for n in array.shape],
                        "dtype": str(array.dtype)}
        except (ValueError, TypeError):
            pass
        if depth < 3:
            return {"type": type(value).__name__, "items": [describe_data(v, depth + 1) for v in value[:20]]}
    if isinstance(value, dict) and depth < 3:
        return {"type": "dict", "items": {str(k): describe_data(v, depth + 1) for k, v in list(value.items())[:20]}}
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    if shape is not None and dtype is not None:
        try:
            dims = [None if d is None else int(d) for d in tuple(shape)]
        except (TypeError, ValueError):
            dims = None
        return {"type": type(value).__name__, "shape": dims, "dtype": str(getattr(dtype, "name", dtype))}
    spec = getattr(value, "element_spec", None)
    if spec is not None:
        return {"type": type(value).__name__, "element_spec": str(spec)[:500]}
    return {"type": type(value).__name__}


def _common_dtype(dtypes) -> str:
    try:
        return str(np.result_type(*[np.dtype(t) for t in dtypes]))
    except (TypeError, ValueError):
        return "object"


def _metric_names(model: Any) -> list[str]:
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    metrics = config.get("metrics") or []
    if isinstance(metrics, dict):
        metrics = [m for v in metrics.values() for m in (v if isinstance(v, (list, tuple)) else [v])]
    elif not isinstance(metrics, (list, tuple)):
        metrics = [metrics]
    names = []
    for metric in metrics:
        if isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, type):
            names.append(metric.__name__)
        else:
            name = getattr(metric, "name", None) or getattr(metric, "__name__", None)
            names.append(str(name) if name else type(metric).__name__)
    return names


def _history(model: Any, arguments: dict, n_samples: int | None):
    import keras

    names = ["loss"] + _metric_names(model)
    validating = bool(arguments.get("validation_data") is not None or (arguments.get("validation_split") or 0))
    if validating:
        names += [f"val_{name}" for name in names]
    history = keras.callbacks.History()
    history.history = {name: [] for name in names}
    history.epoch = []
    batch_size = arguments.get("batch_size") or 32
    steps = arguments.get("steps_per_epoch")
    if steps is None and n_samples is not None and isinstance(batch_size, int) and batch_size > 0:
        split = arguments.get("validation_split") or 0
        train = int(n_samples * (1 - split)) if isinstance(split, (int, float)) and 0 < split < 1 else n_samples
        steps = math.ceil(train / batch_size)
    history.set_params({"verbose": arguments.get("verbose"), "epochs": arguments.get("epochs"), "steps": steps})
    history.set_model(model)
    return history


def _trained_epochs(arguments: dict) -> int:
    epochs, initial = arguments.get("epochs"), arguments.get("initial_epoch") or 0
    if isinstance(epochs, bool) or not isinstance(epochs, (int, float, np.integer, np.floating)):
        return 0
    try:
        return min(max(0, int(epochs) - int(initial)), MAX_EPOCHS)
    except (TypeError, ValueError):
        return 0


def _build_from(model: Any, x: Any) -> None:
    """What a real fit does first: build an unbuilt model from the data's shape."""
    if getattr(model, "built", True):
        return
    shape = getattr(x, "shape", None)
    if shape is None and isinstance(x, (list, tuple)):
        try:
            shape = np.asarray(x).shape
        except (ValueError, TypeError):
            return
    if shape:
        try:
            model.build((None,) + tuple(int(d) for d in tuple(shape)[1:]))
        except Exception:  # noqa: BLE001 - the grader's training will say what is wrong
            pass


def _recording_fit(signature: inspect.Signature):
    def fit(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)  # a misspelt keyword raises TypeError, as fit does
        assert_compiled = getattr(self, "_assert_compile_called", None)
        if callable(assert_compiled):
            assert_compiled("fit")
        passed = [name for name in bound.arguments if name != "self"]
        bound.apply_defaults()
        arguments = {name: value for name, value in bound.arguments.items() if name != "self"}
        x, y = arguments.get("x"), arguments.get("y")
        entry = _entry(self, None)
        where = caller.caller(1)
        x_described = describe_data(x)
        record = {
            "model": None if entry is None else _registry.index(entry),
            "model_name": str(getattr(self, "name", "")),
            "epochs": plain(arguments.get("epochs")),
            "trained_epochs": _trained_epochs(arguments),
            "batch_size": plain(arguments.get("batch_size")),
            "shuffle": plain(arguments.get("shuffle")),
            "validation_split": plain(arguments.get("validation_split")),
            "keywords": {name: plain(value) for name, value in arguments.items() if name not in DATA_ARGUMENTS},
            "passed": passed,
            "x": x_described,
            "y": describe_data(y),
            "validation_data": describe_data(arguments.get("validation_data")),
            "sample_weight": describe_data(arguments.get("sample_weight")),
            "where": where,
            "cell": None if where is None else where["cell"],
            "line": None if where is None else where["line"],
            "order": next(_order),
        }
        if entry is not None:
            entry.fits.append(record)
        _build_from(self, x)
        shape = (x_described or {}).get("shape") if isinstance(x_described, dict) else None
        n_samples = shape[0] if shape and isinstance(shape[0], int) else None
        history = _history(self, arguments, n_samples)
        try:
            self.history = history
        except Exception:  # noqa: BLE001 - a model that refuses the attribute
            pass
        return history

    fit.__grader_shim__ = True
    return fit


# -- describing ---------------------------------------------------------------------------------

def _describe(index: int, entry: _Entry, namespace: dict) -> dict:
    model = entry.model
    info: dict[str, Any] = {"index": index, "name": str(getattr(model, "name", "")),
                            **keras_description.describe_model(model).to_plain()}
    info["fits"] = [dict(f) for f in entry.fits]
    info["epochs"] = sum(f["trained_epochs"] for f in entry.fits)
    info["names"] = [name for name, value in namespace.items() if value is model and not name.startswith("__")]
    info["created"] = entry.created
    info["cell"] = None if entry.created is None else entry.created["cell"]
    return info


def described_models(namespace: dict) -> list[dict]:
    """Every model the learner's code created (then any other model a top-level name holds), as plain data."""
    try:
        import keras
    except ImportError:
        return []
    for value in list(namespace.values()):
        if isinstance(value, keras.Model):
            _entry(value, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras warns when it serialises a lambda: not the learner's output
        return [_describe(i, entry, namespace) for i, entry in enumerate(_registry)]


def recorded_fits() -> list[dict]:
    """Every recorded fit call, in order."""
    return sorted((dict(f) for e in _registry for f in e.fits), key=lambda f: f["order"])


def reset() -> None:
    _registry.clear()


def install() -> None:
    """Replace ``keras.Model.fit`` and watch model creation in this process; idempotent."""
    if _state:
        return
    import keras

    model_class = keras.Model
    _state["new"] = model_class.__dict__["__new__"]
    _state["fit"] = model_class.__dict__.get("fit")
    original_new = _state["new"].__func__ if isinstance(_state["new"], staticmethod) else _state["new"]
    model_class.__new__ = staticmethod(_recording_new(original_new))
    real_fit = model_class.fit
    _state["real_fit"] = real_fit
    model_class.fit = _recording_fit(inspect.signature(real_fit))


def real_fit():
    """The ``fit`` that trains (for the grader's own training in this process, if ever)."""
    import keras

    return _state.get("real_fit", keras.Model.fit)


def uninstall() -> None:
    """Undo :func:`install` (tests); the registry is kept until :func:`reset`."""
    if not _state:
        return
    import keras

    keras.Model.__new__ = _state["new"]
    if _state["fit"] is None:
        del keras.Model.fit
    else:
        keras.Model.fit = _state["fit"]
    _state.clear()
