"""The learner's file before anything runs: one that can be graded, or a usage error said plainly."""

from __future__ import annotations

import os
from pathlib import Path

from grader import course, packs, usage
from grader.grading.options import GradingError
from grader.text import printable


def readable(submission: Path, course_: packs.Course | None = None) -> Path:
    """``submission`` when it is a readable .py or .ipynb file, not a link, not leading to a solution."""
    submission = Path(submission)
    if submission.is_symlink():
        raise GradingError(usage.A_LINK.format(path=submission))
    if not submission.is_file():
        raise GradingError(usage.NO_SUCH_FILE.format(path=submission))
    if submission.suffix.lower() not in course.SUFFIXES:
        raise GradingError(course.not_gradable(printable(submission.name)))
    if not os.access(submission, os.R_OK):
        raise GradingError(usage.CANNOT_READ.format(path=submission))
    if (course_ or packs.builtin()).links_to_secret(submission):
        raise GradingError(usage.LEADS_TO_SOLUTION.format(path=submission))
    return submission
