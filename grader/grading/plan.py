"""What one grading runs: the exercise, the reference (a solution, or a release's stored answers),
the limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader import expected, messages, packs
from grader.framework import Exercise
from grader.grading.options import GradeOptions


@dataclass(frozen=True)
class GradingPlan:
    """What one grading runs: the exercise, the reference, the limits."""

    exercise: Exercise
    options: GradeOptions
    reference_path: Path | None  # None: a learner release (stored answers)
    answers: dict | None
    limits: messages.Limits
    class_answers: "expected.ClassAnswers | None" = None  # a batch: the reference asked once per class
    course: packs.Course | None = None  # the course pack (None: the built-in course)


def make_plan(exercise: Exercise, options: GradeOptions, reference: Path | None,
              class_answers: "expected.ClassAnswers | None" = None,
              course_: packs.Course | None = None) -> GradingPlan:
    """``reference`` None: the course's solution, or in a learner release (no solutions) its stored answers."""
    course_ = course_ or packs.builtin()
    answers = None
    if reference is None and course_.solutions_dir is None:
        answers = expected.load(exercise.name, course_.expected_dir)  # a learner release: stored answers
    if reference is None and answers is None:
        reference = course_.solution_path(exercise.name)
    timeout = float(options.timeout or exercise.timeout)
    return GradingPlan(exercise, options, reference, answers, messages.Limits(timeout, options.memory_bytes),
                       class_answers if reference is not None else None, course_)
