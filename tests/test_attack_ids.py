"""Learner ids in ``grade batch``: a folder name never moves a classmate's result, and never reaches a
spreadsheet as a formula.

Attack (issue 22, breach 4): a folder ``!bob`` used to become the id ``bob`` and, sorting first, took
the real bob's row in the gradebook, the Canvas and Moodle CSVs and ``learners/bob/``, while the real
bob's full marks went to ``bob-2``.  Defended: an id is the folder's name with every character outside
letters, digits, space, ``. _ -`` written as ``%XX`` (its UTF-8 bytes), so two folders never share an id
and bob stays ``bob``.

Attack (weakness "report formats"): ids starting with ``= + - @``, a tab or a carriage return reached
the CSVs as spreadsheet formulas.  Defended: every cell of every CSV the grader writes that begins
with one of those is prefixed with ``'`` (OWASP's CSV-injection guidance).
"""

from __future__ import annotations

import csv
import json

from attack_tools import batch, no_traceback, solution_source

STUB = "def softmax(z):\n    raise NotImplementedError\n\n\ndef dense_softmax(x, kernel, bias):\n    raise NotImplementedError\n"
CSV_FILES = ("gradebook.csv", "gradebook-canvas.csv", "gradebook-moodle.csv", "similarity.csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def test_a_folder_named_like_a_classmate_never_takes_the_classmates_row(tmp_path):
    classroom = tmp_path / "class"
    _write(classroom / "bob" / "exercise3.py", solution_source("exercise3"))
    for impostor in ("!bob", "bob!", "bob&"):  # each normalised to "bob" before
        _write(classroom / impostor / "exercise3.py", STUB)
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3")
    assert run.returncode in (0, 1) and no_traceback(run.err_text), run.describe()

    book = {row["learner"]: row for row in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8-sig"))}
    assert len(book) == 4, sorted(book)
    assert float(book["bob"]["exercise3"]) == 10, book
    assert sorted(float(r["exercise3"]) for r in book.values()) == [0, 0, 0, 10]
    assert not any(name.startswith("bob-") for name in book), sorted(book)  # no silent renumbering
    report = json.loads((out / "learners" / "bob" / "report.json").read_text(encoding="utf-8"))
    assert report["score"] == 10 and report["learner"] == "bob"
    canvas = {r[0]: r for r in _rows(out / "gradebook-canvas.csv")[2:]}
    moodle = {r[0]: r for r in _rows(out / "gradebook-moodle.csv")[1:]}
    assert canvas["bob"][5] == "10" and moodle["bob"][1] == "10"
    assert {canvas[k][5] for k in canvas if k != "bob"} == {"0"} and len(canvas) == len(moodle) == 4
    # readable and faithful: the impostor's id shows its own name
    assert "%21bob" in book and "bob%21" in book and "bob%26" in book


def test_ids_that_start_like_a_formula_reach_no_csv_as_a_formula(tmp_path):
    classroom = tmp_path / "class"
    hostile = ("=HYPERLINK(x)", "+1", "-2+3", "@SUM(A1)")
    for name in hostile:
        _write(classroom / name / "exercise3.py", solution_source("exercise3"))  # similar: in similarity.csv
    _write(classroom / "alice" / "exercise3.py", solution_source("exercise3"))
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3")
    assert run.returncode == 0 and no_traceback(run.err_text), run.describe()
    seen = set()
    for name in CSV_FILES:
        rows = _rows(out / name)
        assert rows, name
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START), (name, cell)
                seen.add(cell)
    # the ids are still there (= + @ are %-escaped in an id; a leading - is quoted), alice is untouched
    assert "alice" in seen and "'-2%2B3" in seen and "%3DHYPERLINK%28x%29" in seen, sorted(seen)


def test_names_too_long_to_escape_in_full_still_get_one_id_each(tmp_path):
    classroom = tmp_path / "class"
    long_names = ["!" * 120 + "a", "!" * 120 + "b"]  # 361 bytes escaped: shortened, with a hash of the name
    for name in long_names:
        _write(classroom / name / "exercise3.py", solution_source("exercise3"))
    _write(classroom / "bob" / "exercise3.py", STUB)
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3")
    assert run.returncode == 0 and no_traceback(run.err_text), run.describe()
    book = {row["learner"]: row for row in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8-sig"))}
    long_ids = [learner for learner in book if learner != "bob"]
    assert len(long_ids) == 2 and all(len(i.encode()) <= 200 and "~" in i for i in long_ids), long_ids
    assert [float(book[i]["exercise3"]) for i in long_ids] == [10, 10] and float(book["bob"]["exercise3"]) == 0
    assert all((out / "learners" / i / "report.json").is_file() for i in long_ids)
