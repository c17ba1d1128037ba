"""How the end of a check becomes a status and a message: the one place that decides.

A check ends by returning (passed), by raising one of :mod:`grader.framework.failures`,
or by a bug in the check.  A call to the learner that gave no value ends as an
:class:`~grader.sandbox.protocol.Outcome`; :func:`of_outcome` says what that means
for the learner, also for the start of the learner's process (``function=None``).
A new kind of learner failure is one :class:`OutcomeKind` in the protocol and one
branch in :func:`of_outcome`.  A check whose needed check did not pass is not run:
:func:`of_unmet` says so, naming that check.

Checks that are not run at all have their verdict here too: after the time limit ran out
(:func:`after_timeout`), a hidden check in a learner release (:data:`OFFICIAL_ONLY`), a file whose
loading failed as a whole (:data:`FILE_NOT_RUN`), a hand-in too large to run (:func:`too_large`) or
missing (:data:`NOT_SUBMITTED`).  :func:`result_of` turns a verdict into a check's result.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, replace

from grader import messages
from grader.framework.failures import (CheckedAtOfficialGrading, CheckFailed, GraderFault, Hint, LearnerStopped,
                                       NotAttempted, Ungradable)
from grader.results import CheckLike, CheckResult, Status
from grader.sandbox.protocol import Outcome, OutcomeKind
from grader.sandbox.fork_server import ForkServerError
from grader.text import Text


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: Text | None = None
    grader_fault: bool = False  # the grader's side failed, not the learner
    hint: Hint | None = None  # a hint that follows from the answer, instead of the declared one
    ungradable: bool = False  # FAILED on a value nothing can judge: dependencies.unmet skips dependants

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED


PASSED = Verdict(Status.PASSED)
OFFICIAL_ONLY = Verdict(Status.SKIPPED, messages.OFFICIAL_ONLY)  # a hidden check: run at official grading
FILE_NOT_RUN = Verdict(Status.ERROR, messages.NOT_RUN_WHOLE_FILE)  # loading the file failed as a whole
NOT_SUBMITTED = Verdict(Status.MISSING, messages.NOT_SUBMITTED)  # the learner handed nothing in


def result_of(check: CheckLike, verdict: Verdict, **fields) -> CheckResult:
    """``check``'s result with ``verdict``: its status, message, and the hint that follows from it
    (the check's declared hint unless the verdict says otherwise)."""
    result = CheckResult.from_check(check, verdict.status, verdict.message, grader_fault=verdict.grader_fault,
                                    ungradable=verdict.ungradable, **fields)
    return replace(result, hint=verdict.hint.text) if verdict.hint is not None else result


def after_timeout(limits: messages.Limits, check: str | None) -> Verdict:
    """A check not run because the time limit ran out during ``check`` (None: while loading the file)."""
    return Verdict(Status.TIMEOUT, messages.TIMEOUT_EARLIER.format(seconds=limits.timeout, check=check or "loading"))


def too_large(name: str, size: int, limit: int) -> Verdict:
    """A hand-in of ``size`` bytes over ``limit``: the learner's error, nothing run."""
    return Verdict(Status.ERROR, messages.TOO_LARGE.format(name=name, size=f"{size / 2**20:.1f}", limit=limit >> 20))


@dataclass(frozen=True)
class Circumstances:
    """What the messages need to know about the learner's process."""

    limits: messages.Limits
    load_stopped: bool = False  # loading the file stopped early (so a name may be missing for that)
    exit_line: int | None = None  # the line where the learner's code ended its process, if it said


def of_outcome(outcome: Outcome, function: str | None, circumstances: Circumstances) -> Verdict:
    """What a call to the learner that gave no value means; ``function`` None: while loading the file."""
    kind, limits = outcome.kind, circumstances.limits
    if kind is OutcomeKind.TIMEOUT:
        return Verdict(Status.TIMEOUT, messages.TIMEOUT.format(seconds=limits.timeout))
    if kind is OutcomeKind.GRADER_FAULT:
        return grader_fault(outcome.detail or "?")
    if kind is OutcomeKind.BROKE_WORKER:  # learner code had run in that process: its failure is the learner's
        return Verdict(Status.ERROR, messages.BROKE_WORKER.format(detail=(outcome.detail or "?")[:300]))
    if function is None:  # the learner's process did not get as far as loading the file
        if kind is OutcomeKind.DIED:
            return Verdict(Status.ERROR, messages.DIED_LOADING.format(how=outcome.detail or "?"))
        return Verdict(Status.ERROR, messages.WORKER_START.format(detail=f"{kind.value} {outcome.detail}"))
    if outcome.not_attempted:
        return Verdict(Status.NOT_ATTEMPTED, messages.NOT_ATTEMPTED.format(function=function))
    if kind is OutcomeKind.RAISED and outcome.error is not None:
        return Verdict(Status.ERROR, messages.raised(function, outcome.error))
    if kind is OutcomeKind.MISSING:
        message = messages.MISSING_AFTER_STOP if circumstances.load_stopped else messages.MISSING
        return Verdict(Status.ERROR, message.format(function=function))
    if kind is OutcomeKind.NOT_CALLABLE:
        return Verdict(Status.ERROR, messages.NOT_CALLABLE.format(function=function, kind=outcome.detail))
    if kind is OutcomeKind.MEMORY:
        return Verdict(Status.ERROR, messages.MEMORY.format(limit=limits.memory_label))
    if kind is OutcomeKind.DIED:
        message = messages.DIED.format(function=function, how=outcome.detail or "?")
        if circumstances.exit_line is not None:
            message += messages.DIED_AT.format(where=f"line {circumstances.exit_line}")
        return Verdict(Status.ERROR, message)
    if kind is OutcomeKind.UNCONVERTIBLE:
        return Verdict(Status.ERROR, messages.UNCONVERTIBLE.format(function=function, detail=outcome.detail))
    return Verdict(Status.ERROR, messages.MALFORMED.format(detail=outcome.detail or kind.value))


def grader_fault(detail: str) -> Verdict:
    return Verdict(Status.ERROR, messages.GRADER_FAULT.format(detail=detail[:300]), grader_fault=True)


def of_check_end(error: BaseException | None, circumstances: Circumstances) -> Verdict:
    """The verdict of a check that returned (``error`` None) or raised ``error``."""
    if error is None:
        return PASSED
    if isinstance(error, CheckFailed):
        return Verdict(Status.FAILED, error.message, hint=error.hint, ungradable=isinstance(error, Ungradable))
    if isinstance(error, NotAttempted):
        return Verdict(Status.NOT_ATTEMPTED, messages.CONSTANT_NOT_SET.format(name=error.name))
    if isinstance(error, LearnerStopped):
        return of_outcome(error.outcome, error.function, circumstances)
    if isinstance(error, CheckedAtOfficialGrading):
        return OFFICIAL_ONLY
    if isinstance(error, (GraderFault, ForkServerError)):
        return grader_fault(str(error))
    where = traceback.extract_tb(error.__traceback__)
    line = where[-1].lineno if where else "?"
    return grader_fault(f"{type(error).__name__}: {error} @ {line}")


def of_unmet(needed: CheckResult) -> Verdict:
    """The verdict of a check not run because ``needed``, a check it needs, did not pass: skipped, and why."""
    if needed.ungradable:
        return Verdict(Status.SKIPPED, messages.NEEDS.format(check=needed.name, description=needed.description,
                                                             why=messages.NEEDED_UNGRADABLE), hint=Hint(None))
    why = {Status.FAILED: messages.NEEDED_FAILED, Status.ERROR: messages.NEEDED_ERROR,
           Status.TIMEOUT: messages.NEEDED_TIMEOUT, Status.NOT_ATTEMPTED: messages.NEEDED_NOT_ATTEMPTED
           }.get(needed.status, messages.NEEDED_NOT_RUN)
    return Verdict(Status.SKIPPED, messages.NEEDS.format(check=needed.name, description=needed.description, why=why),
                   hint=Hint(None))  # nothing was judged: a hint would point at a fix of its own
