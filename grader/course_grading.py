"""Grading several submissions in one run: one fork server, TensorFlow imported once.

Used by ``grade all`` (a learner's ``exercises/`` folder), ``grade validate``
(solutions, stubs, known-wrong variants) and batch grading (a class).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from grader import course, messages
from grader.framework import Exercise
from grader.results import ExerciseReport
from grader.runner import GradeOptions, grade_submission, missing_report, preload_for, start_fork_server
from grader.sandbox.fork_server import ForkServer
from grader.text import printable


@dataclass(frozen=True)
class Submission:
    """One file to grade as one exercise; ``path`` is None when the learner handed nothing in."""

    exercise: str
    path: Path | None
    aside: Path | None = None  # the learner's other file for this exercise, not graded
    because_stub: bool = False


def find_in_folder(folder: Path, exercises: Iterable[str] | None = None,
                   keep_missing: bool = False) -> list[Submission]:
    """``folder/exerciseN.py`` (or ``.ipynb``) for each exercise, in course order."""
    found = []
    for name in exercises or course.exercise_names():
        chosen = course.choose_submission(folder, name)
        if chosen is not None:
            found.append(Submission(name, chosen.path, chosen.aside, chosen.because_stub))
        elif keep_missing:
            found.append(Submission(name, None))
    return found


class SharedForkServer:
    """A fork server started on first need with every module the given exercises need."""

    def __init__(self, exercises: list[Exercise], solutions: Path | None = None,
                 also: Sequence[str] = ()) -> None:
        self._preload = list(dict.fromkeys(preload_for(exercises, solutions) + list(also)))
        self._fork_server: ForkServer | None = None

    def get(self) -> ForkServer:
        """The running fork server; a new one when there is none or the last one has ended."""
        if self._fork_server is not None and not self._fork_server.alive:
            self._fork_server.close()
            self._fork_server = None
        if self._fork_server is None:
            self._fork_server = start_fork_server(self._preload)
        return self._fork_server

    def kill(self) -> None:
        """Stop the fork server now, from any thread: every worker it started ends with it."""
        if self._fork_server is not None:
            self._fork_server.kill()

    def close(self) -> None:
        if self._fork_server is not None:
            self._fork_server.close()
            self._fork_server = None

    def __enter__(self) -> "SharedForkServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def grade_many(submissions: list[Submission], options: GradeOptions, solutions: Path | None = None,
               on_report: Callable[[ExerciseReport], None] | None = None) -> list[ExerciseReport]:
    """Grade each submission in order; a missing one gets a report with every check "missing"."""
    exercises = {s.exercise: course.load_exercise(s.exercise) for s in submissions}
    present = list({s.exercise: exercises[s.exercise] for s in submissions if s.path is not None}.values())
    reports = []
    with SharedForkServer(present, solutions) as shared:
        for submission in submissions:
            exercise = exercises[submission.exercise]
            if submission.path is None:
                report = missing_report(exercise, options)
            else:
                reference = solutions / f"{exercise.name}.py" if solutions is not None else None
                report = with_choice(grade_submission(exercise, submission.path, options, reference, shared.get()),
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
