"""Every problem of FIT is said at once, and a metric that was not measured gets no metric hint
(issue 23, item 7): exercise 12 with validation_data in FIT and 1000 epochs."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import solution_source
from grader.cli import main


def test_every_problem_of_fit_at_once_and_no_accuracy_hint_without_accuracy(tmp_path):
    source = re.sub(r"^FIT = .*$", 'FIT = {"epochs": 1000, "validation_data": None, "verbose": 0}',
                    solution_source("exercise12"), flags=re.M)
    path = tmp_path / "exercise12.py"
    path.write_text(source, encoding="utf-8")
    done = CliRunner().invoke(main, ["exercise12", "--file", str(path), "--format", "json", "--lang", "en"])
    checks = {c["name"]: c for c in json.loads(done.output)["checks"]}
    fit = next(c for c in checks.values() if c["function"] == "FIT")
    assert fit["status"] == "failed"
    assert "validation_data" in fit["message"] and "1000 epochs" in fit["message"], fit["message"]
    accuracy = checks["iris_accuracy_on_held_out_flowers"]
    # it needs the FIT check (issue 25): not trained, so not measured, and no accuracy hint
    assert accuracy["status"] == "skipped" and accuracy["measurements"] == []
    assert accuracy["hint"] is None, accuracy["hint"]
    assert accuracy["needs"] == fit["name"] and f"`{fit['name']}`" in accuracy["message"], accuracy["message"]
