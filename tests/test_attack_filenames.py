"""File names that are not valid UTF-8 are graded or reported, never abort a run.

A learner's folder or file name can hold any bytes but ``/`` (a .zip from a
Windows machine, an LMS export): ``b'bad\\xff\\xfe'``.  Defended: ``grade batch``
exits 0 or 1 without a traceback and writes ``gradebook.csv`` with a row for
every learner; ``grade exerciseN --file`` on such a path grades it.
"""

from __future__ import annotations

import csv
import json
import os

from attack_tools import no_traceback, run_grade, solution_source


def _write(path: bytes, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def _rows(out) -> list[dict]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig", errors="replace") as f:
        return list(csv.DictReader(f))


def _batch(classroom, out, cwd):
    return run_grade(["batch", classroom, "--out", out, "--exercises", "exercise3"], cwd, binary=True)


def _check(run, out, learners):
    problems = []
    if not no_traceback(run.err_text):
        problems.append("grade batch crashed with a traceback: " + run.err_text.strip().splitlines()[-1][:200])
    if run.returncode not in (0, 1):
        problems.append(f"exit {run.returncode}")
    if not (out / "gradebook.csv").is_file():
        problems.append("no gradebook.csv")
    elif len(_rows(out)) != learners:
        problems.append(f"gradebook.csv has {len(_rows(out))} rows for {learners} learners")
    assert not problems, "; ".join(problems)


def test_batch_with_a_learner_folder_and_a_file_name_that_are_not_utf8(tmp_path):
    classroom = os.fsencode(tmp_path / "class")
    _write(classroom + b"/alice/exercise3.py", solution_source("exercise3"))
    _write(classroom + b"/bad\xff\xfe/exercise3.py", solution_source("exercise3"))
    _write(classroom + b"/carol/w\xe9rk/exercise3.py", solution_source("exercise3"))  # Latin-1 folder inside
    out = tmp_path / "graded"
    run = _batch(tmp_path / "class", out, tmp_path)
    _check(run, out, learners=3)


def test_batch_of_a_flat_export_with_a_file_name_that_is_not_utf8(tmp_path):
    export = os.fsencode(tmp_path / "export")
    _write(export + b"/alice_exercise3.py", solution_source("exercise3"))
    _write(export + b"/d\xffve_exercise3.py", solution_source("exercise3"))
    out = tmp_path / "graded"
    run = _batch(tmp_path / "export", out, tmp_path)
    _check(run, out, learners=2)


def test_grading_a_file_whose_name_is_not_utf8(tmp_path):
    path = os.fsencode(tmp_path) + b"/my\xff\xfework.py"
    _write(path, solution_source("exercise3"))
    run = run_grade(["exercise3", "--file", os.fsdecode(path), "--format", "json"], tmp_path, binary=True)
    assert no_traceback(run.err_text), run.err_text[-600:]
    assert run.returncode == 0, run.describe()
    report = json.loads(run.stdout.decode("utf-8", "replace"))
    assert report["score"] == report["max_score"]
