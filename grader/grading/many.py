"""Grading several submissions in one run: one fork server, TensorFlow imported once.

Used by ``grade all`` (a learner's ``exercises/`` folder); ``grade validate``, ``grade release`` and
batch grading share a fork server the same way (:class:`~grader.grading.fork_servers.SharedForkServer`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from grader import course, packs
from grader.course import Submission
from grader.grading.fork_servers import SharedForkServer
from grader.grading.notes import with_choice
from grader.grading.options import GradeOptions
from grader.grading.unchecked import missing_report
from grader.results import ExerciseReport
from grader.runner import grade_submission


def find_in_folder(folder: Path, exercises: Iterable[str] | None = None,
                   keep_missing: bool = False, course_: packs.Course | None = None) -> list[Submission]:
    """``folder/exerciseN.py`` (or ``.ipynb``) for each exercise, in course order."""
    course_ = course_ or packs.builtin()
    found = []
    for name in exercises or course_.exercise_names():
        chosen = course.choose_submission(folder, name, course_)
        if chosen is not None:
            found.append(chosen)
        elif keep_missing:
            found.append(Submission(name, None))
    return found


def grade_many(submissions: list[Submission], options: GradeOptions, solutions: Path | None = None,
               on_report: Callable[[ExerciseReport], None] | None = None,
               course_: packs.Course | None = None) -> list[ExerciseReport]:
    """Grade each submission in order; a missing one gets a report with every check "missing"."""
    course_ = course_ or packs.builtin()
    exercises = {s.exercise: course_.load_exercise(s.exercise) for s in submissions}
    present = list({s.exercise: exercises[s.exercise] for s in submissions if s.path is not None}.values())
    reports = []
    with SharedForkServer(present, solutions, course_=course_) as shared:
        for submission in submissions:
            exercise = exercises[submission.exercise]
            if submission.path is None:
                report = missing_report(exercise, options)
            else:
                reference = solutions / f"{exercise.name}.py" if solutions is not None else None
                report = with_choice(grade_submission(exercise, submission.path, options, reference, shared.get(),
                                                      course_=course_), submission)
            reports.append(report)
            if on_report is not None:
                on_report(report)
    return reports
