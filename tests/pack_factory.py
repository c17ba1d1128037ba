"""A small course pack written into a folder, as an instructor would write one outside the checkout:
one exercise (``sales1``) whose learner code reads the pack's CSV, with a public check, a hidden
check drawn at grading time, a reference solution, a stub and two known-wrong variants."""

from __future__ import annotations

from pathlib import Path

COURSE_TOML = '''
[course]
title = { en = "Sales", ko = "판매" }
languages = ["ko", "en"]
exercises = ["sales1"]

[data]
files = ["data/sales.csv"]
judged = ["data/heldout.csv"]
'''

SALES_CSV = "day,sales\n1,10\n2,12\n3,17\n4,21\n"
HELDOUT_CSV = "day,sales\n5,30\n"

CHECKS = '''
import csv

from grader.framework import Exercise, Text
from grader.packs import data_path, setting

exercise = Exercise(name="sales1", title=Text("Mean sales", "평균 판매량"), functions=("mean_sales", "scaled"))

FACTOR = setting(__name__, "FACTOR", 2.0)
SALES = data_path(__name__, "data/sales.csv")


def _mean() -> float:
    with open(SALES, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sum(float(row["sales"]) for row in rows) / len(rows)


@exercise.check(points=2, function="mean_sales", visibility="public",
                hint=Text("Read sales.csv and average its sales column.", "sales.csv를 읽어 sales 열의 평균을 구하세요."))
def mean_of_the_csv(ctx):
    """
    en: mean_sales() is the mean of the sales column of sales.csv
    ko: mean_sales()는 sales.csv의 sales 열 평균입니다
    """
    got, want = ctx.both("mean_sales")  # the reference reads sales.csv beside it too
    assert abs(want - _mean()) < 1e-9, want
    ctx.expect.close(got, want, "mean_sales()")


@exercise.check(points=1, function="scaled", visibility="hidden",
                hint=Text("Multiply x by {FACTOR}.".format(FACTOR=FACTOR), "x에 {FACTOR}를 곱하세요.".format(FACTOR=FACTOR)))
def scaled_drawn(ctx):
    """
    en: scaled(x) is x times {FACTOR} for an x drawn at grading time
    ko: 채점 때 뽑은 x에서 scaled(x)는 x의 {FACTOR}배입니다
    """
    heldout = data_path(__name__, "data/heldout.csv")  # judged data: official grading only
    assert heldout.is_file()
    x = float(ctx.rng.uniform(-100.0, 100.0))
    ctx.expect.close(ctx.learner.scaled(x), x * FACTOR, f"scaled({x:.3f})")
'''

SOLUTION = '''
import csv


def mean_sales():
    with open("sales.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sum(float(row["sales"]) for row in rows) / len(rows)


def scaled(x):
    return 2.0 * x
'''

STUB = '''"""판매 연습 1 / Sales exercise 1: sales.csv (this folder) holds day,sales."""


def mean_sales():
    """sales.csv의 sales 열 평균 / the mean of sales.csv's sales column."""
    raise NotImplementedError


def scaled(x):
    """x의 두 배 / x times two."""
    raise NotImplementedError
'''

KNOWN_WRONG = '''
from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("first_row_only", """
def mean_sales():
    return 10.0
""", ("mean_of_the_csv",), ("mean_sales",)),
    V("mean_of_the_days", """
def mean_sales():
    return 2.5
""", ("mean_of_the_csv",), ("mean_sales",)),
    V("plus_instead_of_times", """
def scaled(x):
    return x + 2.0
""", ("scaled_drawn",), ("scaled",)),
]
'''


def write_pack(folder: Path, toml_extra: str = "") -> Path:
    """The pack in ``folder`` (created); ``toml_extra`` is appended to its course.toml."""
    for name, text in {
        "course.toml": COURSE_TOML + toml_extra,
        "data/sales.csv": SALES_CSV,
        "data/heldout.csv": HELDOUT_CSV,
        "checks/sales1.py": CHECKS,
        "exercises/sales1.py": STUB,
        "solutions/sales1.py": SOLUTION,
        "solutions/known_wrong/sales1.py": KNOWN_WRONG,
    }.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"), encoding="utf-8")
    return folder
