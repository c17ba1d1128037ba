"""An nbgrader course for exercise 3, in nbgrader's own venv, driven by its command line.

- ``ensure_venv()``: ``bench/.venv-nbgrader`` with nbgrader from PyPI and the same
  TensorFlow and NumPy as the grader's venv (the learners' notebooks import
  TensorFlow; nbgrader runs them in that venv's ``python3`` kernel).
- ``make_course(root)``: ``nbgrader_config.py`` and ``source/ps1/exercise3.ipynb``,
  the instructor's notebook: the import cell, the task, two solution cells
  (``### BEGIN SOLUTION``) and six autograded test cells whose asserts are the
  grader's six checks of exercise 3 with the same points (10 in all); the four
  checks the grader draws inputs for at grading time are hidden tests here.
- ``generate(root)``: ``nbgrader generate_assignment ps1``.
- ``submit(root, learner, nb)``: ``submitted/<learner>/ps1/exercise3.ipynb``, the
  release notebook with the learner's cells in place of the import cell and the
  solution cells.
- ``autograde(root)``: ``nbgrader autograde ps1``, timed.
- ``scores(root)``: per learner, read from the gradebook (sqlite) that autograde wrote.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import nbformat

from softmax_class import IMPORTS, TASK

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv-nbgrader"
NBGRADER = VENV / "bin" / "nbgrader"
STAMP = VENV / ".bench-ready"
ASSIGNMENT = "ps1"
NOTEBOOK = "exercise3"

# Same tolerances as grader/checking/expect.py's close().
_CLOSE = "rtol=1e-5, atol=1e-6"
_REFERENCE = '''def _reference_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''

SOLUTIONS = {
    "softmax": '''def softmax(z):
    """Softmax along the last axis, for 1-D and 2-D input."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
    ### END SOLUTION
''',
    "dense_softmax": '''def dense_softmax(x, kernel, bias):
    """The forward pass softmax(x @ kernel + bias) of a Dense(units, activation='softmax') layer."""
    ### BEGIN SOLUTION
    return softmax(np.asarray(x) @ np.asarray(kernel) + np.asarray(bias))
    ### END SOLUTION
''',
}

# (grade_id, points, source): the grader's checks of exercise 3 (grader/checks/exercise3.py).
TESTS = [
    ("softmax_small_example", 1, f'''# softmax([1, 2, 3]) gives probabilities that sum to 1
got = np.asarray(softmax(np.array([1.0, 2.0, 3.0])), dtype=float)
assert got.shape == (3,), got.shape
assert np.allclose(got, [0.09003057, 0.24472847, 0.66524096], {_CLOSE}), got
'''),
    ("softmax_huge_logits", 2, f'''# softmax([1000, 0, -1000]) is [1, 0, 0] with no NaN and no overflow warning (note 000)
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("error")  # an overflow RuntimeWarning fails the test
    got = np.asarray(softmax(np.array([1000.0, 0.0, -1000.0])), dtype=float)
assert not np.isnan(got).any(), got
assert np.allclose(got, [1.0, 0.0, 0.0], {_CLOSE}), got
'''),
    ("softmax_rows_of_a_batch", 2, f'''# every row of a 2-D batch is softmaxed on its own (rows sum to 1)
### BEGIN HIDDEN TESTS
{_REFERENCE}
rng = np.random.default_rng(1)
z = rng.normal(0.0, 3.0, size=(int(rng.integers(3, 7)), int(rng.integers(2, 6))))
got = np.asarray(softmax(z), dtype=float)
assert got.shape == z.shape, got.shape
assert np.allclose(got.sum(axis=-1), 1.0), got.sum(axis=-1)
assert np.allclose(got, _reference_softmax(z), {_CLOSE}), got
### END HIDDEN TESTS
'''),
    ("softmax_large_random_logits", 1, f'''# large random logits (about +-2000) give finite probabilities
### BEGIN HIDDEN TESTS
{_REFERENCE}
rng = np.random.default_rng(2)
z = rng.normal(0.0, 800.0, size=(2, 5))
got = np.asarray(softmax(z), dtype=float)
assert got.shape == z.shape, got.shape
assert np.isfinite(got).all(), got
assert np.allclose(got, _reference_softmax(z), {_CLOSE}), got
### END HIDDEN TESTS
'''),
    ("dense_softmax_iris_note", 2, f'''# note 002's iris weights and input [4.9, 3.0, 1.4, 0.2] give about [0.9536, 0.0451, 0.0013]
kernel = np.array([[0.87844133, 0.7547402, 0.16198924],
                   [1.1496656, -0.31766355, -0.55518866],
                   [-1.3137527, -0.15838438, 0.2865614],
                   [-2.1435575, 0.47845492, 2.4735708]])
bias = np.array([0.67414737, 0.4880521, -0.4638665])
got = np.asarray(dense_softmax(np.array([4.9, 3.0, 1.4, 0.2]), kernel, bias), dtype=float)
assert got.shape == (3,), got.shape
assert np.allclose(got, [0.95364212, 0.0450597, 0.00129818], {_CLOSE}), got
'''),
    ("dense_softmax_batch", 2, f'''# a batch of inputs with a random kernel and bias (inputs != units)
### BEGIN HIDDEN TESTS
{_REFERENCE}
rng = np.random.default_rng(3)
n, d, units = (int(v) for v in rng.integers([2, 3, 2], [6, 7, 6]))
if d == units:
    d += 1
x = rng.normal(size=(n, d))
kernel = rng.normal(size=(d, units))
bias = rng.normal(size=(units,))
got = np.asarray(dense_softmax(x, kernel, bias), dtype=float)
assert got.shape == (n, units), got.shape
assert np.allclose(got, _reference_softmax(x @ kernel + bias), {_CLOSE}), got
### END HIDDEN TESTS
'''),
]
MAX_POINTS = float(sum(points for _, points, _ in TESTS))


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    cells = [nbformat.v4.new_code_cell(IMPORTS, metadata=_meta("imports", locked=True)),
             nbformat.v4.new_markdown_cell(TASK, metadata=_meta("task", locked=True))]
    cells += [nbformat.v4.new_code_cell(src, metadata=_meta(name, solution=True))
              for name, src in SOLUTIONS.items()]
    cells += [nbformat.v4.new_code_cell(src, metadata=_meta(name, grade=True, locked=True, points=points))
              for name, points, src in TESTS]
    nb.cells = cells
    return nb


def config(root: Path, timeout: int) -> str:
    return f'''c = get_config()  # noqa: F821 - nbgrader's config loader defines it
c.CourseDirectory.root = {str(root)!r}
c.CourseDirectory.course_id = "tf-course"
c.CourseDirectory.db_url = "sqlite:///{root / 'gradebook.db'}"
# Per cell.  nbgrader's own Execute preprocessor sets 30 s unless told; ExecutePreprocessor is
# its parent class (nbconvert), Execute the class itself: both say the same.
c.ExecutePreprocessor.timeout = {timeout}
c.Execute.timeout = {timeout}
# No exchange: the course directory's submitted/ folder is filled by hand (bench/vs_nbgrader.py).
'''


def environment(scratch: Path) -> dict[str, str]:
    """nbgrader's venv first on PATH; Jupyter's user config and data dirs empty, so the
    ``python3`` kernel is this venv's and no ~/.jupyter config changes anything."""
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_CONFIG_DIR"] = str(scratch / "jupyter-config")
    env["JUPYTER_DATA_DIR"] = str(scratch / "jupyter-data")
    env["JUPYTER_RUNTIME_DIR"] = str(scratch / "jupyter-runtime")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def ensure_venv(log) -> None:
    """Create bench/.venv-nbgrader (nbgrader, and the grader venv's TensorFlow and NumPy) if missing."""
    if STAMP.is_file() and NBGRADER.is_file():
        return
    pins = [f"{name}=={metadata.version(name)}" for name in ("tensorflow", "numpy")]
    log(f"creating {VENV.relative_to(BENCH.parent)} (nbgrader, {', '.join(pins)}); a few minutes")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["nbgrader", *pins], check=True)
    STAMP.write_text(" ".join(["nbgrader", *pins]) + "\n")


def versions() -> str:
    out = subprocess.run([str(VENV / "bin" / "python"), "-c",
                          "from importlib.metadata import version as v; "
                          "print(' '.join(f'{p} {v(p)}' for p in "
                          "('nbgrader', 'nbconvert', 'nbclient', 'ipykernel', 'tensorflow')))"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run(args: list[str], root: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([str(NBGRADER), *args], cwd=root, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, done


def make_course(root: Path, timeout: int) -> None:
    (root / "source" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(config(root, timeout))
    nbformat.write(source_notebook(), str(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"))


def generate(root: Path, env: dict[str, str]) -> float:
    seconds, _ = run(["generate_assignment", ASSIGNMENT, "--force"], root, env)
    release = root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    if not release.is_file():
        raise SystemExit(f"nbgrader generate_assignment wrote no {release}")
    text = release.read_text()
    if "BEGIN HIDDEN TESTS" in text or "_reference_softmax" in text or "### BEGIN SOLUTION" in text:
        raise SystemExit("the release still holds the solution or hidden tests")
    return seconds


def submit(root: Path, learner: str, learner_nb: nbformat.NotebookNode) -> None:
    """The release notebook with the learner's code in the import cell and the solution cells."""
    release = nbformat.read(str(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"), as_version=4)
    code = [c.source for c in learner_nb.cells if c.cell_type == "code"]
    theirs = {"imports": code[0], "softmax": code[1], "dense_softmax": code[2]}
    for cell in release.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in theirs:
            cell.source = theirs[grade_id]
    path = root / "submitted" / learner / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(release, str(path))


def autograde(root: Path, env: dict[str, str]) -> tuple[float, str]:
    seconds, done = run(["autograde", ASSIGNMENT], root, env)
    return seconds, done.stderr


def scores(root: Path) -> dict[str, dict]:
    """{learner: {score, max_score, cells, scored}} from the gradebook autograde wrote."""
    db = sqlite3.connect(root / "gradebook.db")
    rows = db.execute("""
        SELECT student.id, base_cell.name, grade_cells.max_score, grade.auto_score, grade.manual_score
        FROM grade
        JOIN base_cell ON grade.cell_id = base_cell.id
        JOIN grade_cells ON grade.cell_id = grade_cells.id
        JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
        JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
        JOIN student ON submitted_assignment.student_id = student.id
    """).fetchall()
    db.close()
    out: dict[str, dict] = {}
    for student, cell, max_score, auto, manual in rows:
        entry = out.setdefault(student, {"score": 0.0, "max_score": 0.0, "cells": {}, "scored": 0})
        score = manual if manual is not None else auto
        entry["max_score"] += max_score
        entry["cells"][cell] = score
        if score is not None:
            entry["scored"] += 1
            entry["score"] += score
    return out


def export(root: Path, env: dict[str, str]) -> dict[str, float]:
    """``nbgrader export``'s grades.csv: {learner: score}, a cross-check of ``scores``."""
    import csv

    run(["export"], root, env)
    with open(root / "grades.csv", newline="") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
