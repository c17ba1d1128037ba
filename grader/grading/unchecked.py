"""The report of a submission whose checks did not run: the grader's processes failed, the hand-in
is too large to run, or there is none."""

from __future__ import annotations

from pathlib import Path

from grader import __version__, learner_files
from grader.framework import Exercise
from grader.framework.verdict import NOT_SUBMITTED, Verdict, grader_fault, result_of, too_large
from grader.grading.options import GradeOptions
from grader.results import ExerciseReport
from grader.text import printable


def _report(exercise: Exercise, options: GradeOptions, verdict: Verdict, submission: str) -> ExerciseReport:
    return ExerciseReport(exercise=exercise.name, title=exercise.title,
                          checks=tuple(result_of(check, verdict) for check in exercise.checks), duration_s=0.0,
                          grader_version=__version__, seed=options.seed, submission=submission)


def failed_report(exercise: Exercise, options: GradeOptions, detail: str, submission: Path) -> ExerciseReport:
    """The report when the grader itself could not grade (its processes failed): every check an error."""
    return _report(exercise, options, grader_fault(detail), str(submission))


def too_large_report(exercise: Exercise, options: GradeOptions, submission: Path, size: int) -> ExerciseReport:
    """The report of a hand-in over :data:`learner_files.MAX_SUBMISSION_BYTES`: the learner's error, no
    process started (its every check an error that says so)."""
    verdict = too_large(printable(submission.name), size, learner_files.MAX_SUBMISSION_BYTES)
    return _report(exercise, options, verdict, printable(str(submission)))


def missing_report(exercise: Exercise, options: GradeOptions) -> ExerciseReport:
    """The report of an exercise the learner did not hand in: 0 points, every check "missing"."""
    return _report(exercise, options, NOT_SUBMITTED, "")
