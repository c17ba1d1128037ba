""""The untouched stub" is the course's stub as the package ships it, not the working copy a learner edits.

A learner works in the course folder: `exercises/exercise3.py` is the very file they edit.  When
the untouched-stub test compared with that file, every edited file was "the untouched stub": an
edited correct `exercise3.py` was left aside for an older wrong `exercise3.ipynb`, and in `grade
batch` run from such a folder a learner's correct resubmission was left aside for their stub.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from attack_tools import REPO, base_env, solution_source

WRONG_SOFTMAX = "import numpy as np\n\ndef softmax(z):\n    return np.asarray(z, dtype=float)\n"


def _course_folder(tmp_path: Path) -> Path:
    """A learner's course folder: the grader, the stubs, pyproject.toml (the solutions come from
    GRADER_SOLUTIONS, as on an instructor's machine)."""
    folder = tmp_path / "course"
    shutil.copytree(REPO / "grader", folder / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "grader_course", folder / "grader_course", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "exercises", folder / "exercises")
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    return folder


def _grade(folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = base_env(PYTHONPATH=str(folder), GRADER_SOLUTIONS=str(REPO / "solutions"))
    return subprocess.run([sys.executable, "-P", "-m", "grader", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_an_edited_exercise_is_graded_over_an_older_notebook(tmp_path):
    folder = _course_folder(tmp_path)
    notebook = folder / "exercises" / "exercise3.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WRONG_SOFTMAX)]), str(notebook))
    os.utime(notebook, (1_700_000_000, 1_700_000_000))  # the notebook is the older file
    (folder / "exercises" / "exercise3.py").write_text(solution_source("exercise3"), encoding="utf-8")

    done = _grade(folder, "exercise3", "--format", "json", "--lang", "en")
    report = json.loads(done.stdout)
    assert done.returncode == 0, (report["notes"], done.stderr[-1500:])
    assert report["submission"].endswith("exercise3.py") and report["score"] == report["max_score"]
    assert not any("untouched stub" in note for note in report["notes"])


def test_the_untouched_stub_beside_a_notebook_is_still_left_aside(tmp_path):
    folder = _course_folder(tmp_path)
    notebook = folder / "exercises" / "exercise3.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(solution_source("exercise3"))]),
                   str(notebook))
    os.utime(notebook, (1_700_000_000, 1_700_000_000))
    done = _grade(folder, "exercise3", "--format", "json", "--lang", "en")
    report = json.loads(done.stdout)
    assert report["submission"].endswith("exercise3.ipynb") and report["score"] == report["max_score"]


def test_a_batch_from_an_edited_course_folder_grades_the_correct_resubmission(tmp_path):
    folder = _course_folder(tmp_path)
    (folder / "exercises" / "exercise3.py").write_text(solution_source("exercise3"), encoding="utf-8")
    learner = tmp_path / "class" / "lee"
    learner.mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "exercise3.py", learner / "exercise3.py")      # the stub, handed in first
    (learner / "exercise3-1.py").write_text(solution_source("exercise3"), encoding="utf-8")  # the resubmission

    done = _grade(folder, "batch", str(tmp_path / "class"), "--out", str(tmp_path / "graded"),
                  "--exercises", "exercise3", "--workers", "1", "--seed", "5")
    assert done.returncode == 0, done.stderr[-1500:]
    report = json.loads((tmp_path / "graded" / "learners" / "lee" / "report.json").read_text())
    assert report["exercises"][0]["status"] == "passed", report["notes"]
    assert any("graded exercise3-1.py" in note for note in report["notes"])
