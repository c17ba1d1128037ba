"""Comparing a learner's value with the expected one, with messages a learner can act on.

Every helper raises :class:`CheckFailed` with a bilingual message that names
the call, what was expected and what came back: wrong type, wrong shape, NaN
or infinity, or the values and where they differ most.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.framework.failures import CheckFailed
from grader.plaindata import Table, Unsupported
from grader.text import Text

RTOL, ATOL = 1e-5, 1e-6

RETURNED_NONE = Text("{call} returned None: did you forget `return`?",
                     "{call} 이(가) None을 돌려주었습니다. `return`을 빠뜨리지 않았나요?")
NOT_PLAIN = Text("{call} returned an object of type {type}, which is not plain data (expected {expected})",
                 "{call} 이(가) {type} 을(를) 돌려주었습니다. 일반 데이터가 아닙니다 (기대: {expected})")
WRONG_TYPE = Text("{call} returned {got} (a {type}); expected {expected}",
                  "{call} 이(가) {got} ({type}) 을(를) 돌려주었습니다. 기대: {expected}")
NOT_NUMERIC = Text("{call} returned {type} values; expected numbers",
                   "{call} 이(가) {type} 값을 돌려주었습니다. 숫자가 필요합니다")
RAGGED = Text("{call} returned lists of different lengths, not a regular array",
              "{call} 이(가) 길이가 서로 다른 리스트를 돌려주었습니다. 모양이 일정한 배열이 아닙니다")
SHAPE = Text("{call} returned shape {got}; expected shape {expected}",
             "{call}의 결과 모양이 {got}입니다. 기대한 모양: {expected}")
HAS_NAN = Text("{call} contains NaN (first at index {index}); expected {expected}",
               "{call}의 결과에 NaN이 있습니다 (처음 위치 {index}). 기대: {expected}")
HAS_INF = Text("{call} contains an infinity (first at index {index}); expected {expected}",
               "{call}의 결과에 무한대 값이 있습니다 (처음 위치 {index}). 기대: {expected}")
VALUES = Text("{call} returned {got}; expected {expected} (largest difference {diff:.3g}{at})",
              "{call}의 결과 {got} 이(가) 기대값 {expected} 와(과) 다릅니다 (가장 큰 차이 {diff:.3g}{at})")
AT_INDEX = Text(" at index {index}", ", 위치 {index}")
NOT_EQUAL = Text("{call} returned {got}; expected {expected}",
                 "{call}의 결과가 {got}입니다. 기대값: {expected}")
NO_ERROR = Text("{call} should raise {error} but returned {got}",
                "{call} 은(는) {error} 을(를) 발생시켜야 하는데 {got} 을(를) 돌려주었습니다")
OTHER_ERROR = Text("{call} should raise {error} but raised {got}",
                   "{call} 은(는) {error} 을(를) 발생시켜야 하는데 {got} 이(가) 발생했습니다")


def _number(value: float) -> str:
    return f"{value:.4g}"


def show(value: Any, limit: int = 160) -> str:
    """A short one-line rendering of a value for messages."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            text = repr(value.item())
        else:
            text = np.array2string(value, threshold=12, edgeitems=2, max_line_width=10_000,
                                   separator=", ", formatter={"float_kind": _number})
            text = " ".join(text.split())
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, Table):
        text = f"a {value.kind} of shape {value.shape}"
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        text = "(" + ", ".join(show(v, 60) for v in value) + ")"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def call_label(function: str, *args: Any, **kwargs: Any) -> str:
    parts = [_arg_label(a) for a in args] + [f"{k}={_arg_label(v)}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"


def _arg_label(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.size > 6:
        return f"<array {value.shape}>"
    if isinstance(value, dict) and "__recipe__" in value:
        return f"<{value['__recipe__']}>"
    if isinstance(value, str):
        return value  # a placeholder name such as "kernel"
    return show(value, 60)


def _type_name(value: Any) -> str:
    if isinstance(value, Unsupported):
        return value.type_name
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray[{value.dtype}]" if value.ndim else f"numpy.{value.dtype}"
    if isinstance(value, Table):
        return f"pandas.{value.kind}"
    return type(value).__name__


def plain_or_fail(value: Any, call: str, expected: str) -> Any:
    if value is None:
        raise CheckFailed(RETURNED_NONE.format(call=call))
    if isinstance(value, Unsupported):
        raise CheckFailed(NOT_PLAIN.format(call=call, type=value.type_name, expected=expected))
    return value


def as_array(value: Any, call: str) -> np.ndarray:
    """The learner's value as a numeric array, or a failure saying why it is not one."""
    plain_or_fail(value, call, "an array of numbers")
    if isinstance(value, Table):
        value = value.to_array()
    if isinstance(value, (str, dict)):
        raise CheckFailed(WRONG_TYPE.format(call=call, got=show(value, 60), type=_type_name(value),
                                            expected="an array of numbers"))
    try:
        arr = np.asarray(value)
    except ValueError:
        raise CheckFailed(RAGGED.format(call=call)) from None
    if arr.dtype == object:
        raise CheckFailed(RAGGED.format(call=call))
    if arr.dtype.kind not in "iuf":
        raise CheckFailed(NOT_NUMERIC.format(call=call, type=arr.dtype))
    return arr


def _index(arr: np.ndarray, mask: np.ndarray) -> str:
    where = np.argwhere(mask)
    return str(tuple(int(i) for i in where[0])) if len(where) else "?"


def close(got: Any, want: Any, call: str, rtol: float = RTOL, atol: float = ATOL) -> np.ndarray:
    """``got`` has ``want``'s shape and agrees with it to ``rtol``/``atol``."""
    want = np.asarray(want, dtype=float)
    arr = as_array(got, call)
    if arr.shape != want.shape:
        raise CheckFailed(SHAPE.format(call=call, got=arr.shape, expected=want.shape))
    values = arr.astype(float)
    if np.isnan(values).any() and not np.isnan(want).any():
        raise CheckFailed(HAS_NAN.format(call=call, index=_index(values, np.isnan(values)),
                                         expected=show(want)))
    if np.isinf(values).any() and not np.isinf(want).any():
        raise CheckFailed(HAS_INF.format(call=call, index=_index(values, np.isinf(values)),
                                         expected=show(want)))
    if not np.allclose(values, want, rtol=rtol, atol=atol, equal_nan=True):
        diff = np.abs(values - want)
        worst = np.unravel_index(int(np.nanargmax(diff)), diff.shape) if diff.size else ()
        at = AT_INDEX.format(index=tuple(int(i) for i in worst)) if values.ndim else Text("", "")
        raise CheckFailed(VALUES.format(call=call, got=show(arr), expected=show(want),
                                        diff=float(np.nanmax(diff)), at=at))
    return arr


def integer(got: Any, want: int, call: str) -> None:
    """``got`` is an int (Python or NumPy) equal to ``want``."""
    plain_or_fail(got, call, "an int")
    is_int = isinstance(got, int) and not isinstance(got, bool)
    if isinstance(got, np.ndarray) and got.ndim == 0 and got.dtype.kind in "iu":
        got, is_int = int(got), True
    if not is_int:
        raise CheckFailed(WRONG_TYPE.format(call=call, got=show(got, 60), type=_type_name(got),
                                            expected=f"the int {want}"))
    if got != want:
        raise CheckFailed(NOT_EQUAL.format(call=call, got=got, expected=want))


def scalar(got: Any, want: float, call: str, rtol: float = RTOL, atol: float = ATOL) -> float:
    """``got`` is one real number (a float, an int or a 0-d array) close to ``want``."""
    plain_or_fail(got, call, "a number")
    arr = as_array(got, call)
    if arr.size != 1:
        raise CheckFailed(SHAPE.format(call=call, got=arr.shape, expected="() (one number)"))
    close(arr.reshape(()), want, call, rtol, atol)
    return float(arr.reshape(()))


def equal(got: Any, want: Any, call: str) -> None:
    """``got == want`` for exact values (tuples of ints, strings)."""
    plain_or_fail(got, call, show(want, 60))
    if type(got) is not type(want):
        raise CheckFailed(WRONG_TYPE.format(call=call, got=show(got, 60), type=_type_name(got),
                                            expected=f"{show(want, 60)} (a {type(want).__name__})"))
    if got != want:
        raise CheckFailed(NOT_EQUAL.format(call=call, got=show(got, 80), expected=show(want, 80)))


WARNED = Text("{call} gave a warning: {warning}", "{call} 실행 중 경고가 발생했습니다: {warning}")


NUMERIC_WARNINGS = ("RuntimeWarning",)  # NumPy's floating-point errors: overflow, invalid value, divide by zero


def no_warnings(warnings: tuple[str, ...], call: str) -> None:
    """The call raised no numeric warning (NumPy's overflow, invalid-value or divide-by-zero
    ``RuntimeWarning``).  Other warnings say nothing about the numbers: a ``ResourceWarning`` (a
    subprocess still running), a ``DeprecationWarning`` of a library, a ``UserWarning``; they are
    not judged.  Each warning arrives as ``"Category: message"`` (grader/sandbox/worker.py)."""
    numeric = [w for w in warnings if w.split(":", 1)[0].strip() in NUMERIC_WARNINGS]
    if numeric:
        raise CheckFailed(WARNED.format(call=call, warning=numeric[0]))


def shape(got: Any, want: tuple[int, ...], call: str) -> None:
    """``got`` is a tuple of ints (Python or NumPy) equal to ``want``, like ``ndarray.shape``."""
    plain_or_fail(got, call, f"the tuple {want}")
    items = got if isinstance(got, tuple) else None
    ints = items is not None and all(
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, np.ndarray) and v.ndim == 0 and v.dtype.kind in "iu") for v in items)
    if not ints:
        raise CheckFailed(WRONG_TYPE.format(call=call, got=show(got, 60), type=_type_name(got),
                                            expected=f"{want} (a tuple of ints, like ndarray.shape)"))
    value = tuple(int(v) for v in items)
    if value != tuple(want):
        raise CheckFailed(NOT_EQUAL.format(call=call, got=value, expected=tuple(want)))


DTYPE = Text("{call} returned dtype {got}; expected {expected} (the input's dtype, kept)",
             "{call}의 dtype이 {got}입니다. 기대: {expected} (입력의 dtype을 그대로 유지)")


def same_dtype(got: Any, want: np.dtype, call: str) -> None:
    arr = as_array(got, call)
    if arr.dtype != np.dtype(want):
        raise CheckFailed(DTYPE.format(call=call, got=arr.dtype, expected=np.dtype(want)))


def that(condition: bool, message: Text) -> None:
    if not condition:
        raise CheckFailed(message)
