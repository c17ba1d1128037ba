"""What each check asks of the code it grades, to prove that a hidden check's draw changes with the seed.

A hidden check draws its inputs at grading time (``ctx.rng``, seeded by the grading's seed and the
check's name): graded under two seeds, it must ask something different of the code it grades (the
learner's, the reference's, or the judge that trains a described model).  :class:`RequestLog` is a
:class:`grader.runner.Watch`: it keeps, per check, one key per request (its operation, name and
arguments; never the per-call seed, which every check's requests carry), and :func:`same_draws`
names the hidden checks whose requests were the same under both seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.expected import request_key
from grader.framework import Exercise
from grader.sandbox.protocol import Op, Outcome
from grader.sandbox.session import Ticket


@dataclass(frozen=True)
class Asked:
    """Every request one grading's checks sent, per check: ``(check, (party:key, ...))``."""

    seed: int
    requests: tuple[tuple[str, tuple[str, ...]], ...]

    def of(self, check: str) -> tuple[str, ...]:
        return next((keys for name, keys in self.requests if name == check), ())


class _Watched:
    """A worker that notes each request's key before passing it on."""

    def __init__(self, worker: Any, party: str, keys: list[str]) -> None:
        self._worker, self._party, self._keys = worker, party, keys

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        self._keys.append(f"{self._party}:{request_key(op, name, args, kwargs)}")
        return self._worker.send(op, name, args, kwargs, seed)

    def receive(self, ticket: Ticket) -> Outcome:
        return self._worker.receive(ticket)


class RequestLog:
    """The requests of one grading, check by check (give it as ``watch=`` to ``grade_submission``)."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._keys: dict[str, list[str]] = {}

    def wrap(self, check: str, party: str, worker: Any) -> _Watched:
        return _Watched(worker, party, self._keys.setdefault(check, []))

    def asked(self) -> Asked:
        return Asked(self._seed, tuple((check, tuple(keys)) for check, keys in self._keys.items()))


def same_draws(exercise: Exercise, first: Asked, second: Asked) -> list[str]:
    """The hidden checks of ``exercise`` that asked the same (or nothing) under both seeds."""
    return [c.name for c in exercise.checks
            if c.visibility == "hidden" and sorted(first.of(c.name)) == sorted(second.of(c.name))]
