"""The only format that crosses between grading processes: plain data as JSON.

Values are ``None``, ``bool``, ``int``, ``float`` (NaN and infinities included),
``str``, lists, tuples, dicts with string keys, NumPy arrays of numeric or bool
dtype, and pandas tables described as columns of such arrays.  Decoding is
``json.loads`` plus ``numpy.frombuffer`` on a whitelisted dtype: nothing in a
message can name code to run, unlike pickle.

:func:`to_plain` runs on the sending side (it may run inside a learner's
process, so its output is untrusted); :func:`decode` validates everything it
reads and raises :class:`MalformedData` for anything else.
"""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any, Callable

import numpy as np

#: dtypes allowed on the wire (NumPy ``dtype.str`` without byte order).
ALLOWED_DTYPES = frozenset(
    ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"]
)
MAX_DEPTH = 64
MAX_MESSAGE_BYTES = 512 * 1024 * 1024
#: Values (numbers, strings, lists, dicts) one message may hold.  A value costs Python 30-60 bytes
#: however few bytes it took on the wire (``[]`` is 3 bytes, a list of 56), so a message is counted
#: before it is parsed: parsing then costs memory in proportion to the message plus at most this
#: many objects.  Arrays travel as one base64 string each, so real messages hold a few thousand.
MAX_VALUES = 1_000_000
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')


class MalformedData(ValueError):
    """A message that is not plain data in this module's format."""


class Unsupported:
    """Stands for a value that had no plain form (kept as its type name and repr)."""

    __slots__ = ("type_name", "text")

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Unsupported)
            and other.type_name == self.type_name
            and other.text == self.text
        )

    def __hash__(self) -> int:
        return hash((self.type_name, self.text))


class Table:
    """A pandas DataFrame or Series reduced to plain data (columns of arrays)."""

    __slots__ = ("kind", "columns", "index", "values")

    def __init__(self, kind: str, columns: list[str], index: np.ndarray, values: list[np.ndarray]):
        self.kind = kind  # "DataFrame" or "Series"
        self.columns = columns
        self.index = index
        self.values = values

    @property
    def shape(self) -> tuple[int, ...]:
        if self.kind == "Series":
            return (len(self.index),)
        return (len(self.index), len(self.columns))

    def to_array(self) -> np.ndarray:
        if self.kind == "Series":
            return self.values[0]
        if not self.values:
            return np.empty((len(self.index), 0))
        return np.stack([np.asarray(v) for v in self.values], axis=1)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.shape} columns={self.columns}>"


# --------------------------------------------------------------------------- encode


def _array_to_wire(arr: np.ndarray) -> dict:
    kind = arr.dtype.str.lstrip("<>|=")
    if kind not in ALLOWED_DTYPES:
        raise TypeError(f"array of dtype {arr.dtype}")
    data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False)
    return {
        "t": "nd",
        "dtype": kind,
        "shape": list(arr.shape),
        "data": base64.b64encode(data.tobytes()).decode("ascii"),
    }


def _wire(value: Any) -> Any:
    """Encode an already-plain value (output of :func:`to_plain`)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"t": "float", "v": repr(value)}  # 'nan', 'inf', '-inf'
    if isinstance(value, np.ndarray):
        return _array_to_wire(value)
    if isinstance(value, list):
        return [_wire(v) for v in value]
    if isinstance(value, tuple):
        return {"t": "tuple", "v": [_wire(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": {str(k): _wire(v) for k, v in value.items()}}
    if isinstance(value, Table):
        return {
            "t": "table",
            "kind": value.kind,
            "columns": list(value.columns),
            "index": _array_to_wire(value.index),
            "values": [_array_to_wire(v) for v in value.values],
        }
    if isinstance(value, Unsupported):
        return {"t": "unsupported", "type": value.type_name, "text": value.text}
    raise TypeError(f"not plain data: {type(value).__name__}")


def encode(value: Any) -> bytes:
    """Serialise a plain value (see :func:`to_plain`) to bytes."""
    return json.dumps(_wire(value), allow_nan=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------- decode


def _array_from_wire(obj: dict) -> np.ndarray:
    dtype = obj.get("dtype")
    shape = obj.get("shape")
    data = obj.get("data")
    if dtype not in ALLOWED_DTYPES:
        raise MalformedData(f"dtype {dtype!r} is not allowed")
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise MalformedData("bad array shape")
    if not isinstance(data, str):
        raise MalformedData("bad array data")
    raw = base64.b64decode(data.encode("ascii"), validate=True)
    np_dtype = np.dtype("<" + dtype if dtype != "b1" else "?")
    if len(raw) != math.prod(shape) * np_dtype.itemsize:
        raise MalformedData("array data does not match its shape")
    return np.frombuffer(raw, dtype=np_dtype).reshape(shape).astype(np_dtype.newbyteorder("="))


def valid_text(text: str) -> str:
    """``text`` as valid Unicode: a lone surrogate (JSON's ``"\\ud800"``, which no encoder can write)
    becomes U+FFFD.  Every text that crosses from a worker passes here once, so whatever it reaches
    (a terminal, a report file, JSON, XML) can encode it."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _unwire(obj: Any, depth: int = 0, text: Callable[[str], str] = str) -> Any:
    if depth > MAX_DEPTH:
        raise MalformedData("nested too deeply")
    if isinstance(obj, str):
        return text(obj)
    if obj is None or isinstance(obj, (bool, int, float)):
        return obj
    if isinstance(obj, list):
        return [_unwire(v, depth + 1, text) for v in obj]
    if not isinstance(obj, dict):
        raise MalformedData(f"unexpected {type(obj).__name__}")
    tag = obj.get("t")
    if tag == "nd":
        return _array_from_wire(obj)
    if tag == "float":
        if obj.get("v") not in ("nan", "inf", "-inf"):
            raise MalformedData("bad float")
        return float(obj["v"])
    if tag == "tuple" and isinstance(obj.get("v"), list):
        return tuple(_unwire(v, depth + 1, text) for v in obj["v"])
    if tag == "dict" and isinstance(obj.get("v"), dict):
        return {text(str(k)): _unwire(v, depth + 1, text) for k, v in obj["v"].items()}
    if tag == "table":
        columns, values = obj.get("columns"), obj.get("values")
        if obj.get("kind") not in ("DataFrame", "Series") or not isinstance(columns, list):
            raise MalformedData("bad table")
        if not isinstance(values, list) or not all(isinstance(c, (str, int)) for c in columns):
            raise MalformedData("bad table")
        arrays = [_array_from_wire(v) for v in values]
        return Table(obj["kind"], [text(str(c)) for c in columns], _array_from_wire(obj["index"]), arrays)
    if tag == "unsupported":
        return Unsupported(text(str(obj.get("type", "?"))[:200]), text(str(obj.get("text", ""))[:500]))
    raise MalformedData(f"unknown tag {tag!r}")


def values_at_most(data: bytes | bytearray) -> int:
    """An upper bound on the values JSON text ``data`` holds, in linear time without parsing it:
    outside strings, each value but the first follows a comma or a colon or opens a container."""
    skeleton = _STRING.sub(b'""', data)
    return 1 + sum(skeleton.count(mark) for mark in (b",", b":", b"[", b"{"))


def decode(data: bytes | bytearray, valid: bool = False) -> Any:
    """Parse bytes made by :func:`encode`; raise :class:`MalformedData` otherwise (also for a
    message of more than :data:`MAX_VALUES` values, found before any of them is built).  ``valid``:
    every text made valid Unicode (:func:`valid_text`), for a message from a worker, whose texts a
    learner may have written; the fork server's own messages keep file names' surrogate escapes."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise MalformedData("message too large")
    count = values_at_most(data)
    if count > MAX_VALUES:
        raise MalformedData(f"message of about {count:,} values (at most {MAX_VALUES:,})")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MalformedData(f"not JSON: {exc}") from None
    try:
        return _unwire(obj, text=valid_text if valid else str)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        if isinstance(exc, MalformedData):
            raise
        raise MalformedData(str(exc)) from None


# --------------------------------------------------------------------------- to_plain


def _type_name(value: Any) -> str:
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _tensor_to_array(value: Any) -> np.ndarray | None:
    """A TensorFlow tensor or variable as an ndarray, without importing TensorFlow."""
    module = type(value).__module__ or ""
    if module.startswith(("tensorflow", "keras")) and hasattr(value, "numpy"):
        try:
            arr = value.numpy()
        except Exception:  # noqa: BLE001 - symbolic tensors have no value
            return None
        return arr if isinstance(arr, np.ndarray) else np.asarray(arr)
    return None


def _plain_array(arr: np.ndarray) -> Any:
    arr = np.asarray(arr)
    if type(arr) is not np.ndarray:  # subclasses (matrix, masked...) become base arrays
        arr = np.array(arr, copy=True).view(np.ndarray)
    if arr.dtype.kind == "O":
        return Unsupported("numpy.ndarray[object]", _short_repr(arr))
    if arr.dtype.str.lstrip("<>|=") not in ALLOWED_DTYPES:
        return Unsupported(f"numpy.ndarray[{arr.dtype}]", _short_repr(arr))
    return arr


def _short_repr(value: Any, limit: int = 300) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a learner's __repr__ may raise
        text = f"<{_type_name(value)}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def to_plain(value: Any, describe: Any = None, _depth: int = 0) -> Any:
    """Reduce ``value`` to plain data.

    Exact built-in types pass through; NumPy arrays, NumPy scalars and
    TensorFlow tensors become arrays (a NumPy scalar becomes a 0-d array so its
    dtype is kept); pandas tables become :class:`Table`; anything else becomes
    :class:`Unsupported` unless ``describe(value)`` returns a plain stand-in
    (the grader uses that for Keras models).
    """
    if _depth > MAX_DEPTH:
        return Unsupported("nested", "too deeply nested")
    kind = type(value)
    if value is None or kind in (bool, str, int):
        return value
    if kind is float:
        return value
    if isinstance(value, np.ndarray):
        return _plain_array(value)
    if isinstance(value, np.generic):
        return _plain_array(np.asarray(value))
    if kind is list:
        return [to_plain(v, describe, _depth + 1) for v in value]
    if kind is tuple:
        return tuple(to_plain(v, describe, _depth + 1) for v in value)
    if kind is dict:
        if all(type(k) is str for k in value):
            return {k: to_plain(v, describe, _depth + 1) for k, v in value.items()}
        return Unsupported("dict", "a dict whose keys are not all strings")
    tensor = _tensor_to_array(value)
    if tensor is not None:
        return _plain_array(tensor)
    table = _table(value)
    if table is not None:
        return table
    if describe is not None:
        stand_in = describe(value)
        if stand_in is not None:
            return stand_in
    return Unsupported(_type_name(value), _short_repr(value))


def _table(value: Any) -> Table | Unsupported | None:
    module = type(value).__module__ or ""
    if not module.startswith("pandas"):
        return None
    name = type(value).__name__
    try:
        if name == "DataFrame":
            columns = [str(c) for c in value.columns]
            values = [_plain_array(value.iloc[:, i].to_numpy()) for i in range(value.shape[1])]
        elif name == "Series":
            columns = [str(value.name)]
            values = [_plain_array(value.to_numpy())]
        else:
            return None
        index = _plain_array(np.asarray(value.index))
    except Exception:  # noqa: BLE001
        return Unsupported(_type_name(value), _short_repr(value))
    if isinstance(index, Unsupported):
        index = np.arange(len(value.index))
    bad = [v for v in values if isinstance(v, Unsupported)]
    if bad:
        return Unsupported(f"pandas.{name} with non-numeric columns", _short_repr(value))
    return Table(name, columns, index, values)
