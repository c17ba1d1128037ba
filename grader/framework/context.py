"""What a check function works with: the learner, the reference, an RNG.

``ctx.learner.softmax(z)`` asks the learner's process to call its ``softmax``
and returns the plain value it sent back, or ends the check (not attempted,
error, timeout...) if there is none.  ``ctx.reference.softmax(z)`` does the
same in the reference process.  ``ctx.both("softmax", z)`` asks both at once
so they compute in parallel.  ``ctx.reference.harness(KerasLoss(...))`` runs a
declared harness operation (:mod:`grader.harness.ops`) and returns its reply,
decoded here, where the answer is received: a malformed reply from the
learner's process is the learner's error.  Hidden inputs come from ``ctx.rng``,
seeded by the run's seed and the check's name.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Protocol

import numpy as np

from grader.framework import expect
from grader.framework.failures import CheckedAtOfficialGrading, CheckFailed, GraderFault, Hint, LearnerStopped, Ungradable
from grader.harness.operation import HarnessReply, HarnessRequest, ReplyMalformed
from grader.harness.ops.inspection import InspectModel, ModelStructure
from grader.plaindata import Unsupported
from grader.results import Measurement
from grader.sandbox.protocol import Op, Outcome, OutcomeKind
from grader.sandbox.session import Ticket
from grader.text import Text


class Worker(Protocol):
    """The part of a worker a party needs (a session, or a restartable learner process)."""

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket: ...

    def receive(self, ticket: Ticket) -> Outcome: ...


def ask(worker: Worker, request: HarnessRequest) -> HarnessReply | None:
    """The decoded reply of a declared harness operation, for the grader's own questions that no check
    depends on (GPUs seen, the shims' notes): None when there is no value or it is malformed."""
    outcome = worker.receive(worker.send(Op.HARNESS, request.name, (), request.to_kwargs(), 0))
    if not outcome.ok:
        return None
    try:
        return request.reply.from_plain(outcome.value)
    except ReplyMalformed:
        return None


def stable_seed(*parts: object) -> int:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _find_unsupported(value: Any) -> Unsupported | None:
    if isinstance(value, Unsupported):
        return value
    if isinstance(value, (list, tuple)):
        for v in value:
            found = _find_unsupported(v)
            if found:
                return found
    if isinstance(value, dict):
        for v in value.values():
            found = _find_unsupported(v)
            if found:
                return found
    return None


class Party:
    """One side of a comparison: ``learner`` or ``reference``."""

    def __init__(self, worker: Worker, base_seed: int) -> None:
        self._worker = worker
        self._base_seed = base_seed
        self._count = 0

    def _seeds(self) -> int:
        # The n-th call of a check gets the same seed in the learner's and the reference process.
        self._count += 1
        return stable_seed(self._base_seed, self._count)

    def send(self, op: Op, name: str, args: tuple, kwargs: dict, seed: int) -> Ticket:
        return self._worker.send(op, name, list(args), kwargs, seed)

    def finish(self, ticket: Ticket, name: str) -> Outcome:
        return self._worker.receive(ticket)

    def outcome(self, name: str, *args: Any, **kwargs: Any) -> Outcome:
        """The raw outcome of calling ``name``; never ends the check."""
        return self.finish(self.send(Op.CALL, name, args, kwargs, self._seeds()), name)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Outcome:
        """Call ``name`` and return its outcome, ending the check if it gave no value."""
        return self.value_outcome(self.outcome(name, *args, **kwargs), name)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).value

    def attr_outcome(self, name: str) -> Outcome:
        """The raw outcome of reading a module-level name (such as FIT); never ends the check."""
        return self.finish(self.send(Op.ATTR, name, (), {}, self._seeds()), name)

    def harness(self, request: HarnessRequest) -> Any:
        """The reply of a declared harness operation (its ``request.reply`` type), ending the check if
        there is none."""
        return self.reply_of(self.value_outcome(self.harness_outcome(request), request.name), request)

    def harness_outcome(self, request: HarnessRequest) -> Outcome:
        """The raw outcome of a harness operation; never ends the check (:meth:`reply_of` reads it)."""
        return self.finish(self.send(Op.HARNESS, request.name, (), request.to_kwargs(), self._seeds()),
                           request.name)

    def reply_of(self, outcome: Outcome, request: HarnessRequest) -> Any:
        """The value of a successful ``outcome`` read as ``request``'s reply; a malformed one ends the
        check (:meth:`malformed`)."""
        try:
            return request.reply.from_plain(outcome.value)
        except ReplyMalformed as exc:
            raise self.malformed(request.name, str(exc)[:200]) from None

    def malformed(self, name: str, detail: str) -> Exception:
        """What a malformed reply to ``name`` is: the learner's error, or the grader's."""
        raise NotImplementedError

    def value_outcome(self, outcome: Outcome, name: str) -> Outcome:
        raise NotImplementedError


class LearnerParty(Party):
    def malformed(self, name: str, detail: str) -> Exception:
        # The learner's process answered: what it sent is its own (its code may patch the worker's).
        return LearnerStopped(Outcome(OutcomeKind.MALFORMED, detail=f"{name}: {detail}"), name)

    def value_outcome(self, outcome: Outcome, name: str) -> Outcome:
        if not outcome.ok:
            raise LearnerStopped(outcome, name)
        bad = _find_unsupported(outcome.value)
        if bad is not None:
            raise CheckFailed(expect.NOT_PLAIN.format(call=name, type=bad.type_name,
                                                      expected="numbers, arrays, lists or tuples"))
        return outcome


class ReferenceParty(Party):
    def malformed(self, name: str, detail: str) -> Exception:
        return GraderFault(f"reference {name}: a malformed reply ({detail})")

    def value_outcome(self, outcome: Outcome, name: str) -> Outcome:
        if outcome.kind is OutcomeKind.NOT_RECORDED:  # a learner release without this answer
            raise CheckedAtOfficialGrading(name)
        if not outcome.ok:
            raise GraderFault(f"reference {name}: {outcome.error_text}")
        return outcome


class JudgeParty(Party):
    """The confined worker that rebuilds learner models safely (see :mod:`grader.framework.models`)."""

    def model_op(self, request: HarnessRequest, call: str) -> Any:
        """Run ``request`` on a model the learner's ``call`` made; a model that cannot be rebuilt safely
        fails the check naming ``call``."""
        outcome = self.harness_outcome(request)
        if outcome.raised("UnsafeModel"):
            from grader.framework.models import UNSAFE

            raise Ungradable(UNSAFE.format(call=call, detail=outcome.error.message[:300]))
        return self.reply_of(self.value_outcome(outcome, request.name), request)

    def malformed(self, name: str, detail: str) -> Exception:
        return GraderFault(f"judge {name}: a malformed reply ({detail})")

    def value_outcome(self, outcome: Outcome, name: str) -> Outcome:
        if not outcome.ok:
            raise GraderFault(f"judge {name}: {outcome.error_text}")
        return outcome


class RunMemo:
    """Results shared by the checks of one grading run (a model trained once, judged by several)."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self.notes: list[Text] = []  # about the file as a whole, said once (grader.framework.training)

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]


class CheckContext:
    def __init__(self, check_name: str, run_seed: int, learner: Worker, reference: Worker,
                 judge: Worker | None = None, memo: RunMemo | None = None) -> None:
        self.check_name = check_name
        self.run_seed = run_seed  # the grading's seed (--seed): hidden inputs and training seeds derive from it
        self.memo = memo or RunMemo()
        self.measurements: list[Measurement] = []
        self.curve: tuple[float, ...] = ()
        self.seed = stable_seed(run_seed, check_name)
        self.rng = np.random.default_rng(self.seed)
        self.learner = LearnerParty(learner, self.seed)
        self.reference = ReferenceParty(reference, self.seed)
        self.judge = JudgeParty(judge if judge is not None else reference, self.seed)
        self.expect = expect

    def inspect_model(self, value: Any, call: str, input_shape: list | None = None) -> ModelStructure:
        """Structure of a model the learner returned, as the judge rebuilt it afresh (``input_shape``
        builds a model that has no Input)."""
        from grader.framework import models

        return self.judge.model_op(InspectModel(models.described(value, call), input_shape), call)

    def both(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        """Call ``name`` in the learner's and the reference process at once; return both values."""
        learner, reference = self.both_outcomes(name, *args, **kwargs)
        return learner.value, reference.value

    def both_outcomes(self, name: str, *args: Any, **kwargs: Any) -> tuple[Outcome, Outcome]:
        """Like :meth:`both`, with the outcomes (captures included)."""
        learner_ticket = self.learner.send(Op.CALL, name, args, kwargs, self.learner._seeds())
        reference_ticket = self.reference.send(Op.CALL, name, args, kwargs, self.reference._seeds())
        learner_outcome = self.learner.finish(learner_ticket, name)
        reference = self.reference.value_outcome(self.reference.finish(reference_ticket, name), name)
        return self.learner.value_outcome(learner_outcome, name), reference

    def raises(self, error: str, name: str, *args: Any, **kwargs: Any) -> None:
        """The learner's ``name(*args)`` raises ``error`` (or a subclass of it)."""
        call = expect.call_label(name, *args, **kwargs)
        outcome = self.learner.outcome(name, *args, **kwargs)
        if outcome.ok:
            raise CheckFailed(expect.NO_ERROR.format(call=call, error=error,
                                                     got=expect.show(outcome.value, 60)))
        if outcome.kind is not OutcomeKind.RAISED or outcome.not_attempted or outcome.error is None:
            raise LearnerStopped(outcome, name)
        if not outcome.error.is_a(error):
            raise CheckFailed(expect.OTHER_ERROR.format(
                call=call, error=error, got=f"{outcome.error.type}: {outcome.error.message}"))

    def fail(self, message: Text, hint: Hint | None = None) -> None:
        """End the check as failed; ``hint`` (:class:`~grader.framework.failures.Hint`) replaces the
        declared hint when what the answer showed points at another fix."""
        raise CheckFailed(message, hint)

    def note(self, text: Text) -> None:
        """A remark about the submission as a whole, shown once above the checks."""
        if text not in self.memo.notes:
            self.memo.notes.append(text)

    def record(self, measurement: Measurement) -> None:
        """Report a measured number with the check (shown even when the check fails)."""
        self.measurements.append(measurement)
