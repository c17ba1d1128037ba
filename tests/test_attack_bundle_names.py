"""Issue 22, breach 3: a submitted name must never make the Gradescope bundle grade its own solution.

Each test builds the bundle, unpacks it as Gradescope does (``source/``, ``submission/``,
``results/`` under a temporary ``AUTOGRADER_ROOT``), plants hostile names in the submission and
runs ``run_autograder`` with real processes.  The learner hands in only the untouched stub of
exercise 3 (0 points) and folders whose names try to point the file choice at
``source/solutions/exercise3.py`` (10 points).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SOLUTIONS, STUBS
from test_ci_examples import _autograder_root, _run_autograder
from click.testing import CliRunner
from grader.cli import main


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle-names") / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3",
                                       "--lang", "en", "--seed", "11"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _results(root: Path) -> dict:
    done = _run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def _newline_then_absolute(root: Path, submission: Path) -> Path:
    """``x\\n`` followed by the real folders of ``ROOT/source/solutions``: after the newline, a line
    of the file list reads exactly ``ROOT/source/solutions/exercise3.py``.  The deep folders before
    it make the first line longer than the planted one, so the planted line sorts first."""
    folder = submission / "a" / "b" / "c" / "d" / "e" / "f" / "g" / "x\n"
    target = folder.joinpath(*(root / "source" / "solutions").parts[1:])
    target.mkdir(parents=True)
    return target


def _newline_then_relative(root: Path, submission: Path) -> Path:
    """``x\\nsource`` then ``solutions``: a line reads ``source/solutions/exercise3.py``, which the
    copy resolves from run_autograder's working folder, ROOT."""
    target = submission / "x\nsource" / "solutions"
    target.mkdir(parents=True)
    return target


@pytest.mark.parametrize("layout", [_newline_then_absolute, _newline_then_relative],
                         ids=["newline-absolute", "newline-relative"])
def test_a_folder_name_with_a_newline_never_brings_in_the_reference_solution(bundle, tmp_path, layout):
    root = _autograder_root(bundle, tmp_path)
    submission = root / "submission"
    submission.mkdir()
    planted = layout(root, submission)
    (planted / "exercise3.py").write_text("raise SystemExit('the planted copy was graded')\n")

    results = _results(root)
    assert results["score"] == 0, f"the reference solution was graded as the learner's: {results['score']}/10"
    assert results["extra_data"]["exercises"]["exercise3"] in ("missing", "error", "failed", "not attempted")
    # The refusal is said in the learner's results, in the report's language, naming the folder.
    assert "control character" in results["output"], results["output"]
    assert "x\\n" in results["output"]


def test_a_name_with_a_control_character_is_refused_and_a_clean_file_is_graded(bundle, tmp_path):
    root = _autograder_root(bundle, tmp_path)
    submission = root / "submission"
    (submission / "tab\there").mkdir(parents=True)
    shutil.copy(STUBS / "exercise3.py", submission / "tab\there" / "exercise3.py")
    (submission / "deeper" / "work").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise3.py", submission / "deeper" / "work" / "exercise3.py")

    results = _results(root)
    assert results["score"] == 10  # the clean file, deeper, is the one graded
    assert "control character" in results["output"] and "tab\\there" in results["output"]


def test_a_link_out_of_the_submission_is_never_graded(bundle, tmp_path):
    root = _autograder_root(bundle, tmp_path)
    submission = root / "submission"
    (submission / "linked").mkdir(parents=True)
    os.symlink(root / "source" / "solutions" / "exercise3.py", submission / "exercise3.py")
    os.symlink(root / "source" / "solutions", submission / "linked" / "in")  # a folder link: not entered

    results = _results(root)
    assert results["score"] == 0
    assert results["extra_data"]["exercises"]["exercise3"] == "missing"


def test_the_refusal_is_in_korean_for_a_korean_bundle(tmp_path):
    out = tmp_path / "ko.zip"
    result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3",
                                       "--lang", "ko", "--seed", "11"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    root = _autograder_root(out, tmp_path)
    submission = root / "submission"
    (submission / "bad\rname").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise3.py", submission / "bad\rname" / "exercise3.py")

    results = _results(root)
    assert results["score"] == 0
    assert "제어 문자" in results["output"] and "bad\\rname" in results["output"], results["output"]
