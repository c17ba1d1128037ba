"""What a harness operation is: a typed request naming its operation, and a typed reply.

A check asks a worker for a harness operation with a request object (``KerasLoss(loss, y_true,
y_pred)``): a frozen dataclass whose fields are what crosses to the worker, whose ``name`` says
which operation it is and whose ``reply`` type reads the answer.  Only the request types that a
module of :mod:`grader.harness.ops` lists in its ``OPERATIONS`` can be asked for: the worker finds
the type by name there (:func:`grader.harness.ops.lookup`), rebuilds the request from the keywords
and runs it (``request.run(namespace)``).

What comes back is plain data, and from a learner's worker it is the learner's: ``reply.from_plain``
reads it bounded and total, a reply object or :class:`ReplyMalformed`, never another exception.
The grader decodes it where it receives it (:mod:`grader.framework.context`), so no caller digs into
an untyped value; a malformed reply is then the learner's error (or, from a trusted worker, the
grader's).  TensorFlow-free: the grader's process imports this and every request type.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any, ClassVar

import numpy as np

#: Numbers an array in a reply may hold (a model's weights and predictions stay far below).
MAX_ARRAY_SIZE = 20_000_000


class ReplyMalformed(ValueError):
    """A reply that is not what its operation answers (from a learner's worker: its fault)."""


class HarnessReply:
    """The answer of one harness operation (each subclass is a frozen dataclass)."""

    def to_plain(self) -> Any:
        raise NotImplementedError

    @classmethod
    def from_plain(cls, data: Any) -> "HarnessReply":
        """The reply read from plain data: :class:`ReplyMalformed` for anything else."""
        raise NotImplementedError


class HarnessRequest:
    """A declared harness operation (each subclass is a frozen dataclass of its keywords)."""

    name: ClassVar[str]
    reply: ClassVar[type[HarnessReply]]

    def to_kwargs(self) -> dict:
        """The keywords sent to the worker (plain data)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_kwargs(cls, kwargs: dict) -> "HarnessRequest":
        """The request as the worker rebuilds it (the grader sent it: a wrong keyword is its bug)."""
        return cls(**kwargs)

    def run(self, namespace: dict) -> HarnessReply:
        """Run the operation in the worker, on the loaded submission's namespace."""
        raise NotImplementedError


# ------------------------------------------------------------------ reading a reply, bounded


def record(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ReplyMalformed(f"{what}: expected a mapping, got {type(value).__name__}")
    return value


def sequence(value: Any, what: str, limit: int) -> list:
    """A list or tuple of at most ``limit`` items."""
    if not isinstance(value, (list, tuple)):
        raise ReplyMalformed(f"{what}: expected a list, got {type(value).__name__}")
    if len(value) > limit:
        raise ReplyMalformed(f"{what}: more than {limit} items")
    return list(value)


def real(value: Any, what: str, finite: bool = True) -> float:
    """A number (a 0-d array too); NaN and infinities only when not ``finite``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ReplyMalformed(f"{what}: expected a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # a whole number past any float
        raise ReplyMalformed(f"{what}: a number too large") from None
    if finite and not math.isfinite(number):
        raise ReplyMalformed(f"{what}: expected a finite number, got {number}")
    return number


def count(value: Any, what: str, limit: int = 2**31) -> int:
    """A whole number in ``[0, limit]``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ReplyMalformed(f"{what}: expected a whole number, got {type(value).__name__}")
    if not 0 <= int(value) <= limit:
        raise ReplyMalformed(f"{what}: {int(value)} is outside [0, {limit}]")
    return int(value)


def label(value: Any, what: str, limit: int = 300) -> str:
    if not isinstance(value, str):
        raise ReplyMalformed(f"{what}: expected text, got {type(value).__name__}")
    from grader.text import inert

    return inert(value[: 4 * limit])[:limit]


def floats(value: Any, what: str, limit: int = MAX_ARRAY_SIZE, finite: bool = False,
           keep_dtype: bool = False) -> np.ndarray:
    """A numeric array (or a number, or nested lists of numbers) as float64 (an array of numbers keeps its
    dtype with ``keep_dtype``), at most ``limit`` numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise ReplyMalformed(f"{what}: an array of {value.dtype}, not of numbers")
        if value.size > limit:
            raise ReplyMalformed(f"{what}: more than {limit} numbers")
        array = value if keep_dtype else value.astype(np.float64)
    else:
        _numbers_only(value, what, limit)
        try:
            array = np.asarray(value, dtype=np.float64)
        except (ValueError, TypeError, OverflowError):
            raise ReplyMalformed(f"{what}: lists of unequal lengths, or a number too large") from None
    if finite and not np.isfinite(array).all():
        raise ReplyMalformed(f"{what}: expected finite numbers")
    return array


def _numbers_only(value: Any, what: str, limit: int) -> None:
    """Every leaf of nested lists is a number (never text, a flag or None); at most ``limit`` of them."""
    seen, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, tuple)):
            if depth > 8:
                raise ReplyMalformed(f"{what}: nested too deeply")
            stack.extend((v, depth + 1) for v in item)
            continue
        if isinstance(item, np.ndarray):
            if item.dtype.kind not in "biuf":
                raise ReplyMalformed(f"{what}: an array of {item.dtype}, not of numbers")
            seen += item.size
        else:
            real(item, what, finite=False)
            seen += 1
        if seen > limit:
            raise ReplyMalformed(f"{what}: more than {limit} numbers")
