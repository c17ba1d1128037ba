"""How a check ends other than by passing."""

from __future__ import annotations

from dataclasses import dataclass

from grader.sandbox.protocol import Outcome
from grader.text import Text


@dataclass(frozen=True)
class Hint:
    """The hint a check gives instead of its declared one, because of what the answer showed
    (``text`` None: no hint, where the declared one would point at the wrong fix)."""

    text: Text | None


class CheckFailed(Exception):
    """The learner's answer is wrong; ``message`` says how, in both languages; ``hint``, when given,
    replaces the check's declared hint."""

    def __init__(self, message: Text, hint: Hint | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint


class Ungradable(CheckFailed):
    """The learner's value cannot be judged at all (not a model, an architecture that cannot be read
    or rebuilt, a model outside the judged vocabulary): this check fails and says why, once; the
    checks of the same function that need it to run the learner's code to an answer (``needs_run=``)
    are skipped, naming it, instead of repeating the same message."""


class LearnerStopped(Exception):
    """A call to the learner's code gave no value (not attempted, raised, timed out...)."""

    def __init__(self, outcome: Outcome, function: str) -> None:
        super().__init__(f"{function}: {outcome.kind.value}")
        self.outcome = outcome
        self.function = function


class GraderFault(Exception):
    """The grader's own side failed (the reference solution, a harness operation)."""


class NotAttempted(Exception):
    """A constant the learner must set is still ``None`` (as in the stub)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class CheckedAtOfficialGrading(Exception):
    """A learner release has no stored answer for this request: the check runs at official grading."""
