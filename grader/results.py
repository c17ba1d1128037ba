"""What grading produces: frozen records of checks and exercises."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from grader.text import Text


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    NOT_ATTEMPTED = "not_attempted"
    SKIPPED = "skipped"
    MISSING = "missing"  # no submission file for this exercise (batch grading)


class ExerciseStatus(str, enum.Enum):
    """An exercise as a whole (:attr:`ExerciseReport.status`); its value is what JSON and gradebooks write."""

    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"
    MISSING = "missing"
    TIMEOUT = "timeout"
    ERROR = "error"

    def __str__(self) -> str:  # the value, as str.format and csv write it, on every Python version
        return self.value

    __format__ = str.__format__


@dataclass(frozen=True)
class Measurement:
    """A number a check measured, such as a trained model's accuracy on held-out data."""

    name: str  # "accuracy", "r2", "kernel", ...
    value: float
    threshold: float | None = None
    comparison: str = ">="  # the value must be >= threshold, or "<=" (an error bound)
    seed: int | None = None
    device: str | None = None

    @property
    def met(self) -> bool | None:
        if self.threshold is None:
            return None
        return self.value >= self.threshold if self.comparison == ">=" else self.value <= self.threshold


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: Text
    status: Status
    points: float
    max_points: float
    visibility: str  # "public" (the notes' own examples) or "hidden" (drawn at grading time)
    function: str | None = None  # the learner function this check judges
    message: Text | None = None
    hint: Text | None = None
    duration_s: float = 0.0
    grader_fault: bool = False  # True when the grader itself failed, not the learner
    measurements: tuple[Measurement, ...] = ()
    curve: tuple[float, ...] = ()  # training loss per epoch, for trained-model checks
    # SKIPPED because a check it needs (this one, by name) did not pass; None for every other status
    needs: str | None = None
    # FAILED on a value nothing can judge (grader.framework.failures.Ungradable): the checks of the same
    # function that need this one to run the learner's code (needs_run=) are skipped, not repeating it
    ungradable: bool = False

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    @property
    def official_only(self) -> bool:
        """Skipped in a learner release: a hidden check, checked at official grading."""
        return self.status is Status.SKIPPED and self.needs is None

    @property
    def blocked(self) -> bool:
        """Skipped because a check it needs did not pass (that check says why)."""
        return self.status is Status.SKIPPED and self.needs is not None

    @classmethod
    def from_check(cls, check: "CheckLike", status: Status, message: Text | None = None, **fields) -> "CheckResult":
        """The result of ``check`` (a declared check): full points when passed, none otherwise."""
        points = check.points if status is Status.PASSED else 0.0
        return cls(check.name, check.description, status, points, check.points, check.visibility,
                   check.function, message, check.hint, **fields)


class CheckLike(Protocol):
    """What a result needs of a declared check (grader.framework.declare.Check)."""

    name: str
    description: Text
    points: float
    visibility: str
    function: str
    hint: Text


@dataclass(frozen=True)
class Isolation:
    """How the learner's process was confined (reported so nobody has to guess)."""

    level: str  # "full", "user-namespace", "landlock" or "none" (SECURITY.md)
    network: bool  # True when the learner's process had no network
    solutions_hidden: bool
    unprivileged: bool
    notes: tuple[str, ...] = ()

    def to_plain(self) -> dict:
        return {"level": self.level, "network": self.network, "solutions_hidden": self.solutions_hidden,
                "unprivileged": self.unprivileged, "notes": list(self.notes)}

    @classmethod
    def from_plain(cls, data: object) -> "Isolation":
        """The inverse of :meth:`to_plain`; ``ValueError`` for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("level"), str):
            raise ValueError("not an isolation record")
        flags = [data.get(k) for k in ("network", "solutions_hidden", "unprivileged")]
        notes = data.get("notes", [])
        if not all(isinstance(f, bool) for f in flags) or not isinstance(notes, list) \
                or not all(isinstance(n, str) for n in notes):
            raise ValueError("not an isolation record")
        return cls(data["level"][:40], *flags, tuple(n[:500] for n in notes[:20]))


@dataclass(frozen=True)
class ExerciseReport:
    exercise: str
    title: Text
    checks: tuple[CheckResult, ...]
    duration_s: float
    grader_version: str
    seed: int | None  # None in a page a learner of official grading sees (grader.reports.official)
    submission: str
    output: str = ""
    notes: tuple[Text, ...] = ()
    isolation: Isolation | None = None

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.checks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.checks), 6)

    @property
    def all_passed(self) -> bool:
        """Every check passed (in a learner release: every check that could run here).

        The one rule every report shows (grader.reports.policy): a release's hidden checks, skipped and
        left to official grading, are not failures; a check skipped because a check it needs did not
        pass is one (not all passed)."""
        return any(c.passed for c in self.checks) and all(c.passed or c.official_only for c in self.checks)

    @property
    def skipped_points(self) -> float:
        """Points of checks left to official grading (a learner release)."""
        return round(sum(c.max_points for c in self.checks if c.official_only), 6)

    @property
    def grader_fault(self) -> bool:
        return any(c.grader_fault for c in self.checks)

    @property
    def status(self) -> ExerciseStatus:
        """The exercise as a whole: passed, partial, failed, not_attempted, missing, timeout or error.

        A check skipped for a check it needs counts as that check: a stub whose every other check
        waits for one not attempted is "not_attempted"."""
        statuses = {c.status for c in self.checks if not c.blocked}
        if self.all_passed:
            return ExerciseStatus.PASSED
        if self.grader_fault:
            return ExerciseStatus.ERROR
        for only in (Status.MISSING, Status.NOT_ATTEMPTED, Status.TIMEOUT, Status.ERROR):
            if statuses == {only}:
                return ExerciseStatus(only.value)
        return ExerciseStatus.PARTIAL if self.score > 0 else ExerciseStatus.FAILED


def totals(reports: "tuple[ExerciseReport, ...] | list[ExerciseReport]") -> tuple[float, float]:
    """Points earned and available over several exercises."""
    return round(sum(r.score for r in reports), 6), round(sum(r.max_score for r in reports), 6)


class LearnerReports(Protocol):
    """What a class's pages read of one learner's results (a :class:`grader.batch.store.LearnerResult`)."""

    @property
    def learner(self) -> str: ...

    @property
    def reports(self) -> tuple[ExerciseReport, ...]: ...

    @property
    def percent(self) -> float: ...
