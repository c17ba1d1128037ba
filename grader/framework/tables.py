"""Checks of what a learner's function returned as pandas DataFrames (exercises 2 and 17): the
kind, the columns, the rows, and each message in English and Korean."""

from __future__ import annotations

import numpy as np

from grader.framework.expect import show
from grader.plaindata import Table, Unsupported
from grader.text import Text

NOT_PAIR = Text("{call} returned {got}; expected a pair (x, y) of pandas DataFrames",
                "{call} 이(가) {got} 을(를) 돌려주었습니다. 기대: pandas DataFrame 두 개의 쌍 (x, y)")
NOT_FRAME = Text("{call}: {part} is {got}; expected a pandas DataFrame with columns {expected}",
                 "{call}: {part} 이(가) {got}입니다. 기대: 열이 {expected} 인 pandas DataFrame")
TEXT_COLUMN = Text("{call}: {part} has a column that is not numbers (such as 품종 with its species "
                   "names); expected only the columns {expected}",
                   "{call}: {part}에 숫자가 아닌 열(품종 이름이 든 품종 열 같은)이 있습니다. "
                   "기대한 열은 {expected} 뿐입니다")
TEXT_SERIES = Text("a pandas Series of text (such as the species names)",
                   "텍스트(품종 이름 같은)가 든 pandas Series")
COLUMNS = Text("{call}: {part} has the columns {got}; expected exactly {expected}, in this order",
               "{call}: {part}의 열이 {got}입니다. 기대: 정확히 {expected}, 이 순서대로")
ROWS = Text("{call}: {part} has {got} rows; expected {expected}, one for each row of df",
            "{call}: {part}의 행이 {got} 개입니다. 기대: df의 행마다 하나씩 {expected} 개")
ROW_ORDER = Text("{call}: {part} has the right rows but in a different order; keep the order of df "
                 "(first difference at row {row})",
                 "{call}: {part}의 행은 맞지만 순서가 다릅니다. df의 행 순서를 유지하세요 "
                 "(처음 다른 행: {row})")
VALUES = Text("{call}: {part} row {row} is {got}; expected {expected} (the row of df)",
              "{call}: {part}의 {row} 번째 행이 {got}입니다. 기대: {expected} (df의 해당 행)")


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    return f"{show(value, 60)} (a {type(value).__name__})"


def returned_frame(ctx, value, call: str, part: str, columns: list[str]) -> np.ndarray:
    """One returned DataFrame as a float array, after checking its kind and columns."""
    expected = show(columns, 200)
    if isinstance(value, Unsupported) and "non-numeric" in value.type_name:
        if "Series" in value.type_name:
            ctx.fail(NOT_FRAME.format(call=call, part=part, got=TEXT_SERIES, expected=expected))
        ctx.fail(TEXT_COLUMN.format(call=call, part=part, expected=expected))
    if not isinstance(value, Table) or value.kind != "DataFrame":
        got = f"a pandas {value.kind}" if isinstance(value, Table) else _kind(value)
        ctx.fail(NOT_FRAME.format(call=call, part=part, got=got, expected=expected))
    if list(value.columns) != columns:
        ctx.fail(COLUMNS.format(call=call, part=part, got=show(list(value.columns), 200), expected=expected))
    arrays = [np.asarray(v) for v in value.values]
    if any(a.dtype.kind not in "biuf" for a in arrays):
        ctx.fail(TEXT_COLUMN.format(call=call, part=part, expected=expected))
    return value.to_array().astype(float) if arrays else np.empty((len(value.index), 0))


def same_rows(ctx, got: np.ndarray, want: np.ndarray, call: str, part: str) -> None:
    """The returned rows equal ``want`` row by row; a wrong order and a wrong value get their own message."""
    if got.shape[0] != want.shape[0]:
        ctx.fail(ROWS.format(call=call, part=part, got=got.shape[0], expected=want.shape[0]))
    bad = ~np.isclose(got, want, rtol=1e-5, atol=1e-6).all(axis=1)
    if not bad.any():
        return
    row = int(np.argmax(bad))
    order_got, order_want = np.lexsort(got.T[::-1]), np.lexsort(want.T[::-1])
    if np.allclose(got[order_got], want[order_want], rtol=1e-5, atol=1e-6):
        ctx.fail(ROW_ORDER.format(call=call, part=part, row=row))
    ctx.fail(VALUES.format(call=call, part=part, row=row, got=show(got[row]), expected=show(want[row])))


def returned_pair(ctx, function: str, recipe: dict, call: str) -> tuple:
    """What the learner's ``function`` returned for a DataFrame built from ``recipe``, as a pair
    (x, y); anything else ends the check (exercises 2 and 17)."""
    outcome = ctx.learner.outcome(function, recipe)
    value = outcome.value
    if outcome.ok and isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    value = ctx.learner.value_outcome(outcome, function).value  # ends the check if it raised
    ctx.expect.plain_or_fail(value, call, "a pair (x, y) of DataFrames")
    ctx.fail(NOT_PAIR.format(call=call, got=show(value, 80)))
