"""``grade release OUT``: what learners get, with no solution code in it.

The release holds the stubs (``exercises/``), the grader package and its
data, ``pyproject.toml`` and ``README.md``; never ``solutions/`` (nor the
known-wrong variants beside them), tests or benchmarks.  So that learners can
still run the public checks, the reference solutions are graded once here and
the answers their public checks asked of the reference are stored in
``grader/expected/<exercise>.json`` (see :mod:`grader.expected`).  In the
release, hidden checks say "checked at official grading"; none is ever passed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from grader import course, expected
from grader.course_grading import SharedZygote
from grader.runner import GradeOptions, grade_submission

COPIED = ("grader", "exercises", "pyproject.toml", "README.md")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*")


@dataclass(frozen=True)
class Release:
    folder: Path
    exercises: tuple[str, ...]
    answers: int  # stored answers of public checks, over all exercises
    public_points: float  # what learners can check themselves
    hidden_points: float  # checked at official grading only


def build(out: Path, options: GradeOptions = GradeOptions()) -> Release:
    """Write the learner release into ``out`` (which must not exist or be empty)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise course.CourseError(f"{out} is not empty; choose a new folder for the release")
    solutions = course.solutions_dir()
    if solutions is None:
        raise course.CourseError("a release is built from a course with its solutions (set GRADER_SOLUTIONS)")
    out.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = course.REPO_DIR / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=IGNORED)
        elif source.is_file():
            shutil.copy2(source, out / name)
    shutil.rmtree(out / "grader" / "expected", ignore_errors=True)
    exercises = course.all_exercises()
    answers = 0
    with SharedZygote([(e, solutions / f"{e.name}.py") for e in exercises], solutions) as shared:
        for exercise in exercises:
            reference = solutions / f"{exercise.name}.py"
            recorder = expected.Recorder()
            report = grade_submission(exercise, reference, options, reference, shared.get(), recorder)
            if not report.all_passed:  # its public checks (hidden ones are not run here)
                raise course.CourseError(f"the reference solution of {exercise.name} does not pass its "
                                         f"own checks ({report.score:g}/{report.max_score:g}); run grade validate")
            expected.save(exercise.name, recorder.answers, out / "grader" / "expected")
            answers += len(recorder.answers)
    public = sum(c.points for e in exercises for c in e.checks if c.visibility == "public")
    hidden = sum(c.points for e in exercises for c in e.checks if c.visibility == "hidden")
    return Release(out, tuple(e.name for e in exercises), answers, public, hidden)
