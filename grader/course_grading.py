"""Grading several submissions in one run: one fork server, TensorFlow imported once.

Used by ``grade all`` (a learner's ``exercises/`` folder), ``grade validate``
(solutions, stubs, known-wrong variants) and batch grading (a class).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from grader import course, messages, packs
from grader.framework import Exercise
from grader.results import ExerciseReport
from grader.runner import GradeOptions, grade_submission, missing_report, preload_for, start_zygote
from grader.sandbox.zygote import Zygote
from grader.text import printable


@dataclass(frozen=True)
class Submission:
    """One file to grade as one exercise; ``path`` is None when the learner handed nothing in."""

    exercise: str
    path: Path | None
    aside: Path | None = None  # the learner's other file for this exercise, not graded
    because_stub: bool = False


def find_in_folder(folder: Path, exercises: Iterable[str] | None = None,
                   keep_missing: bool = False, course_: packs.Course | None = None) -> list[Submission]:
    """``folder/exerciseN.py`` (or ``.ipynb``) for each exercise, in course order."""
    course_ = course_ or packs.builtin()
    found = []
    for name in exercises or course_.exercise_names():
        chosen = course.choose_submission(folder, name, course_)
        if chosen is not None:
            found.append(Submission(name, chosen.path, chosen.aside, chosen.because_stub))
        elif keep_missing:
            found.append(Submission(name, None))
    return found


class SharedZygote:
    """A fork server started on first need with every module the given exercises need."""

    def __init__(self, exercises: list[Exercise], solutions: Path | None = None,
                 also: Sequence[str] = (), course_: packs.Course | None = None) -> None:
        self._preload = list(dict.fromkeys(preload_for(exercises, solutions, course_) + list(also)))
        self._zygote: Zygote | None = None

    def get(self) -> Zygote:
        """The running fork server; a new one when there is none or the last one has ended."""
        if self._zygote is not None and not self._zygote.alive:
            self._zygote.close()
            self._zygote = None
        if self._zygote is None:
            self._zygote = start_zygote(self._preload)
        return self._zygote

    def kill(self) -> None:
        """Stop the fork server now, from any thread: every worker it started ends with it."""
        if self._zygote is not None:
            self._zygote.kill()

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def __enter__(self) -> "SharedZygote":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def grade_many(submissions: list[Submission], options: GradeOptions, solutions: Path | None = None,
               on_report: Callable[[ExerciseReport], None] | None = None,
               course_: packs.Course | None = None) -> list[ExerciseReport]:
    """Grade each submission in order; a missing one gets a report with every check "missing"."""
    course_ = course_ or packs.builtin()
    exercises = {s.exercise: course_.load_exercise(s.exercise) for s in submissions}
    present = list({s.exercise: exercises[s.exercise] for s in submissions if s.path is not None}.values())
    reports = []
    with SharedZygote(present, solutions, course_=course_) as shared:
        for submission in submissions:
            exercise = exercises[submission.exercise]
            if submission.path is None:
                report = missing_report(exercise, options)
            else:
                reference = solutions / f"{exercise.name}.py" if solutions is not None else None
                report = with_choice(grade_submission(exercise, submission.path, options, reference, shared.get(),
                                                      course_=course_),
                                     submission.path, submission.aside, submission.because_stub)
            reports.append(report)
            if on_report is not None:
                on_report(report)
    return reports


def with_choice(report: ExerciseReport, graded: Path, aside: Path | None, because_stub: bool) -> ExerciseReport:
    """``report`` with a first note naming the graded file and the one left aside (when there was one)."""
    if aside is None:
        return report
    note = messages.chosen_note(printable(graded.name), printable(aside.name), because_stub)
    return replace(report, notes=(note, *report.notes))
