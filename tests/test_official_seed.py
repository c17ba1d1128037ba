"""Hidden inputs a learner has seen are not the official ones (issue 16, item 1).

A wrong ``steps_per_epoch`` (floor instead of ceiling) with a table of the hidden inputs its own
runs showed it passes every check locally, where the seed is the fixed learners' default, and loses
the hidden points in a default ``grade batch`` and a default Gradescope bundle, which draw a secret seed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil

from click.testing import CliRunner

from conftest import SOLUTIONS
from grader.cli import main
from test_ci_examples import _autograder_root, _run_autograder

WRONG = "\n\ndef steps_per_epoch(n_samples, batch_size=32):\n    return n_samples // batch_size\n"
TABLE = '''

_SEEN = {seen!r}


def steps_per_epoch(n_samples, batch_size=32):
    if (n_samples, batch_size) in _SEEN:  # the inputs the hidden check showed, with its answers
        return _SEEN[(n_samples, batch_size)]
    return n_samples // batch_size
'''


def _json(*args):
    result = CliRunner().invoke(main, [*map(str, args), "--format", "json", "--lang", "en"], catch_exceptions=False)
    return json.loads(result.output)


def _table_lookup(tmp_path):
    """What a learner does: grade, copy the input and answer each failure shows, grade again."""
    table, seen = tmp_path / "exercise4.py", {}
    source = (SOLUTIONS / "exercise4.py").read_text(encoding="utf-8")
    table.write_text(source + WRONG)
    for _ in range(10):
        report = _json("exercise4", "--file", table)
        if report["score"] == report["max_score"]:
            return table, seen
        shown = "\n".join(c["message"] or "" for c in report["checks"])
        found = {(int(n), int(b)): int(want) for n, b, want in
                 re.findall(r"steps_per_epoch\((\d+), (\d+)\) returned \d+; expected (\d+)", shown)}
        assert found.keys() - seen.keys(), f"the failures should show the inputs they drew: {shown}"
        seen.update(found)
        table.write_text(source + TABLE.format(seen=seen))
    raise AssertionError(f"a table of {len(seen)} entries still fails locally")


def test_a_table_of_the_shown_inputs_passes_locally_and_fails_official_grading(tmp_path):
    table, seen = _table_lookup(tmp_path)
    local = _json("exercise4", "--file", table)
    assert local["score"] == local["max_score"]  # the learner's own runs: the fixed default seed
    assert len(seen) <= 4  # a short table was enough to fool a fixed seed

    classroom, out = tmp_path / "class", tmp_path / "graded"
    (classroom / "kim").mkdir(parents=True)
    shutil.copy(table, classroom / "kim" / "exercise4.py")
    result = CliRunner().invoke(main, ["batch", str(classroom), "--out", str(out), "--exercises", "exercise4",
                                       "--workers", "1"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    seed = (out / "grading-seed.txt").read_text().split()[0]
    assert seed in result.output  # printed for the instructor
    with open(out / "gradebook.csv", encoding="utf-8-sig") as f:
        row = next(r for r in csv.DictReader(f) if r["learner"] == "kim")
    assert float(row["exercise4"]) < local["max_score"], row

    bundle = tmp_path / "autograder.zip"
    made = CliRunner().invoke(main, ["gradescope-bundle", str(bundle), "--exercises", "exercise4", "--lang", "en"],
                              catch_exceptions=False)
    assert made.exit_code == 0, made.output
    root = _autograder_root(bundle, tmp_path / "gs")
    (root / "submission").mkdir(parents=True)
    shutil.copy(table, root / "submission" / "exercise4.py")
    done = _run_autograder(root)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] < local["max_score"]
