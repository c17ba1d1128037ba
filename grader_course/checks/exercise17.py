"""exercise17: missing values and a categorical species in iris2.csv (the course's appendix1-data).

``prepare_iris2`` gets an iris2-shaped DataFrame built in the learner's worker (a recipe): the
course's own iris2.csv (one missing 꽃잎폭) and, hidden, rows drawn at grading time with missing
values in several columns, so a mean written down as a number fails.  The returned DataFrames are
judged with exercise2's helpers (kind, columns, numbers, row order).
"""

import numpy as np

from grader.authoring import ops
from grader.authoring import (CheckFailed, Exercise, OutcomeKind, Text, data, recipes, returned_frame,
                              returned_pair, same_rows)

exercise = Exercise(
    name="exercise17",
    title=Text("Missing values and a categorical species", "빠진 값과 범주형 품종"),
    functions=("prepare_iris2",),
    notes=(),
    timeout=60,
    recognised_by=("iris2.csv", "fillna"),
    preload=("numpy", "pandas"),  # prepare_iris2 receives a pandas DataFrame; no TensorFlow needed
)

X_COLUMNS = list(data.IRIS_FEATURES)
Y_COLUMNS = [f"{data.IRIS_TARGET}_{code}" for code in range(3)]

HINT_FILL = Text(
    "For each of the four measurement columns: df[column].fillna(df[column].mean()) — the mean of "
    "the table you are given, not a number written down. Keep the row order.",
    "측정값 네 열마다 df[열].fillna(df[열].mean()) — 적어 둔 숫자가 아니라 받은 표의 평균입니다. "
    "행 순서는 그대로 둡니다.")
HINT_CATEGORY = Text(
    "품종 holds 0, 1, 2: pd.get_dummies leaves number columns alone. df['품종'] = "
    "df['품종'].astype('category') first; then get_dummies makes 품종_0, 품종_1, 품종_2.",
    "품종에는 0, 1, 2가 들어 있어 pd.get_dummies는 숫자 열을 그대로 둡니다. 먼저 df['품종'] = "
    "df['품종'].astype('category')로 바꾸면 get_dummies가 품종_0, 품종_1, 품종_2를 만듭니다.")
NO_TABLE = Text("the notebook defines no prepare_iris2, and none of its DataFrames has {part}'s columns ({columns})",
                "노트북에 prepare_iris2가 없고, {part}의 열 ({columns}) 을(를) 가진 DataFrame도 없습니다")
NOTEBOOK_RERUN = Text(
    "notebook style (no prepare_iris2): your notebook ran again with the course's iris2.csv URL serving a "
    "table drawn at grading time, missing values in 꽃잎폭 only as in the course's file, and its tables "
    "were judged",
    "노트북 방식 (prepare_iris2 없음): 강의의 iris2.csv 주소가 채점 때 뽑은 표(강의 파일처럼 꽃잎폭에만 빠진 "
    "값)를 내주도록 하고 노트북을 다시 실행해 그 표들을 판정했습니다")
STILL_MISSING = Text("{call}: x still has {count} missing value(s) (NaN), e.g. in column {column}",
                     "{call}: x에 아직 빠진 값(NaN)이 {count} 개 있습니다. 예: {column} 열")
NOT_01 = Text("{call}: y holds the value {value}; expected only 0 and 1 (True/False is accepted)",
              "{call}: y에 {value} 이(가) 있습니다. 0과 1만 있어야 합니다 (True/False도 인정)")


def load_iris2():
    """The course's iris2.csv as ``pd.read_csv`` reads it (numeric 품종, one missing 꽃잎폭)."""
    import pandas as pd

    return pd.read_csv(data.COURSE_DIR / "iris2.csv")


def _recipe(frame) -> dict:
    return recipes.dataframe({c: [float(v) if c in X_COLUMNS else int(v) for v in frame[c]]
                              for c in frame.columns})


def _returned_pair(ctx, frame, call: str) -> tuple:
    return returned_pair(ctx, "prepare_iris2", _recipe(frame), call)


# ------------------------------------------------------------------ notebook style (appendix1-data.ipynb)
# No prepare_iris2: the notebook's own top-level tables are judged, as it left them on the course's
# iris2.csv, and as it leaves them when it runs again with the course's URL serving a drawn table.


def _notebook_style(ctx) -> bool:
    return ctx.memo.get("exercise17/no prepare_iris2",
                        lambda: ctx.learner.attr_outcome("prepare_iris2").kind is OutcomeKind.MISSING)


def _notebook_tables(ctx, frame, drawn: bool) -> list[dict]:
    """The notebook's top-level tables with x's or y's columns (on the drawn table: after it ran
    again), once per grading."""
    def find():
        kwargs = {"dataset": "iris2.csv", "table": _recipe(frame)} if drawn else {}
        return list(ctx.learner.harness(ops.NotebookTables(columns=[X_COLUMNS, Y_COLUMNS], **kwargs)).tables)

    return ctx.memo.get(f"exercise17/notebook tables/{drawn}", find)


def _in_notebook(ctx, frame, drawn: bool, part: int, judge) -> bool:
    """Judge the notebook's tables holding ``part`` (0: x, 1: y); True when the file is notebook style.
    Passes when one of them is right; otherwise fails with what is wrong in the last one."""
    if not _notebook_style(ctx):
        return False
    tables = [t for t in _notebook_tables(ctx, frame, drawn) if t.part == part]
    if not tables:
        if not _notebook_tables(ctx, frame, drawn):
            return False  # neither a function nor a table: graded as missing
        ctx.fail(NO_TABLE.format(part=("x", "y")[part], columns=", ".join((X_COLUMNS, Y_COLUMNS)[part])))
    for i, table in enumerate(tables):
        call = f"{table.name} ({'the notebook run again on a drawn iris2.csv' if drawn else 'your notebook'})"
        try:
            judge(ctx, table.frame, frame, call)
            return True
        except CheckFailed:
            if i == len(tables) - 1:
                raise
    return True


def _check_x(ctx, x, frame, call: str) -> None:
    got = returned_frame(ctx, x, call, "x", X_COLUMNS)
    missing = np.isnan(got)
    if missing.any():
        column = X_COLUMNS[int(np.argmax(missing.any(axis=0)))]
        ctx.fail(STILL_MISSING.format(call=call, count=int(missing.sum()), column=column))
    want = frame[X_COLUMNS].fillna(frame[X_COLUMNS].mean()).to_numpy(dtype=float)
    same_rows(ctx, got, want, call, "x")


def _check_y(ctx, y, frame, call: str) -> None:
    values = returned_frame(ctx, y, call, "y", Y_COLUMNS)
    outside = values[(values != 0) & (values != 1)]
    if outside.size:
        ctx.fail(NOT_01.format(call=call, value=f"{outside[0]:.6g}"))
    same_rows(ctx, values, np.eye(3)[frame[data.IRIS_TARGET].to_numpy(dtype=int)], call, "y")


def _drawn_table(ctx, holes_in_petal_width_only: bool = False):
    """Rows of iris2 drawn and shuffled at grading time (every species present), missing values
    put in two or three measurement columns (꽃잎폭 among them, so its mean is not 3.0544).  For a
    notebook, which fills the columns its own data lacks, only in 꽃잎폭, as in the course's file."""
    full = load_iris2()
    full[X_COLUMNS] = full[X_COLUMNS].fillna(full[X_COLUMNS].mean()).round(1)
    codes = full[data.IRIS_TARGET].to_numpy(dtype=int)
    rows = np.concatenate([ctx.rng.choice(np.flatnonzero(codes == c), int(ctx.rng.integers(4, 12)),
                                          replace=False) for c in range(3)])
    frame = full.iloc[ctx.rng.permutation(rows)].reset_index(drop=True)
    columns = ["꽃잎폭"] + list(ctx.rng.choice([c for c in X_COLUMNS if c != "꽃잎폭"],
                                               int(ctx.rng.integers(1, 3)), replace=False))
    for column in columns:
        holes = ctx.rng.choice(len(frame), int(ctx.rng.integers(1, 4)), replace=False)
        if column == "꽃잎폭" or not holes_in_petal_width_only:
            frame.loc[holes, column] = np.nan
    return frame


@exercise.check(points=2, function="prepare_iris2", visibility="public", hint=HINT_FILL)
def iris2_missing_filled_with_mean(ctx):
    """
    en: on the course's iris2.csv, x is the four measurement columns in order, and the missing 꽃잎폭 is that column's mean (3.0544)
    ko: 강의의 iris2.csv에서 x는 측정값 네 열(순서대로)이고, 빠진 꽃잎폭 은 그 열의 평균 (3.0544)입니다
    """
    frame, call = load_iris2(), "prepare_iris2(iris2)"
    if _in_notebook(ctx, frame, False, 0, _check_x):
        return
    x, _ = _returned_pair(ctx, frame, call)
    _check_x(ctx, x, frame, call)


@exercise.check(points=2, function="prepare_iris2", visibility="public", hint=HINT_CATEGORY)
def iris2_species_one_hot(ctx):
    """
    en: on the course's iris2.csv, y has columns 품종_0, 품종_1, 품종_2 of 0/1 (True/False accepted), one row per flower
    ko: 강의의 iris2.csv에서 y는 0/1 값 (True/False도 인정)의 품종_0, 품종_1, 품종_2 열이고 꽃마다 한 행입니다
    """
    frame, call = load_iris2(), "prepare_iris2(iris2)"
    if _in_notebook(ctx, frame, False, 1, _check_y):
        return
    _, y = _returned_pair(ctx, frame, call)
    _check_y(ctx, y, frame, call)


@exercise.check(points=3, function="prepare_iris2", visibility="hidden", hint=HINT_FILL)
def iris2_drawn_table(ctx):
    """
    en: a table drawn at grading time (shuffled rows, missing values in several columns) gives x filled with its own column means and its y, in order
    ko: 채점 때 뽑은 표 (섞인 행, 여러 열의 빠진 값)에서 그 표의 열 평균으로 채운 x와 y를 순서대로 얻습니다
    """
    notebook = _notebook_style(ctx)
    frame = _drawn_table(ctx, holes_in_petal_width_only=notebook)
    if notebook:
        ctx.note(NOTEBOOK_RERUN)
    call = f"prepare_iris2(<{len(frame)} rows drawn from iris2, {int(frame.isna().sum().sum())} missing>)"
    if _in_notebook(ctx, frame, True, 0, _check_x) and _in_notebook(ctx, frame, True, 1, _check_y):
        return
    x, y = _returned_pair(ctx, frame, call)
    _check_x(ctx, x, frame, call)
    _check_y(ctx, y, frame, call)
