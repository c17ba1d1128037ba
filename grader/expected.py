"""Stored answers: public checks in a learner release, where no reference solution ships; and a
class's reference answers, computed once for all its learners (:class:`ClassAnswers`).

``grade release`` grades each reference solution once with a
:class:`RecordingWorker` around its reference process (hidden checks are skipped
then): every request the public checks make of the reference (its function
calls, its harness operations) that answered with a value is stored, with that
value, under the request's key, in ``grader/expected/<exercise>.json``.  (What
the checks ask of the learner or the judge is not recorded: the release runs
them as ever.)  In the release, a :class:`ReplayWorker`
answers the same requests from that file, so public checks run as they do
with the solutions; a request that was not recorded (a hidden check, or one
built from the learner's own answer) ends its check as "checked at official
grading", never as passed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from grader import plaindata
from grader.sandbox.protocol import Op, Outcome, OutcomeKind
from grader.sandbox.session import Ticket

FOLDER = Path(__file__).resolve().parent / "expected"


def request_key(op: Op, name: str, args: list | tuple, kwargs: dict | None) -> str:
    """The same request gives the same key, whatever the seed or the order of keywords."""
    wire = json.loads(plaindata.encode([op.value, name, list(args), dict(kwargs or {})]))
    return hashlib.sha256(json.dumps(wire, sort_keys=True).encode()).hexdigest()


def answer_of(outcome: Outcome) -> dict:
    """What is stored of an answer: its value and what the call left in its arguments (``captures``:
    a model's weights after ``train_step``), as plain data."""
    return {"value": outcome.value, "captures": dict(outcome.captures), "warnings": list(outcome.warnings)}


def outcome_of(answer: dict) -> Outcome:
    return Outcome(OutcomeKind.VALUE, answer.get("value"), captures=dict(answer.get("captures") or {}),
                   warnings=tuple(answer.get("warnings") or ()))


class Recorder:
    """Collects the answers of every reference process it wraps (``grade release``)."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}

    def wrap(self, worker: Any) -> "RecordingWorker":
        return RecordingWorker(worker, self.answers)


class RecordingWorker:
    """The reference as the checks see it while a release is made: each request goes to the real
    reference worker, and each answer that is a value is kept (:func:`answer_of`) under the request's
    key; an answer that is not a value (an error, a timeout) is passed on and not kept."""

    def __init__(self, worker: Any, answers: dict[str, Any]) -> None:
        self._worker = worker
        self.answers = answers

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        ticket = self._worker.send(op, name, args, kwargs, seed)
        return Ticket(ticket.id, ticket.settled, request_key(op, name, args, kwargs))

    def receive(self, ticket: Ticket) -> Outcome:
        outcome = self._worker.receive(ticket)
        if outcome.ok:
            self.answers[ticket.key] = answer_of(outcome)
        return outcome


class ReplayWorker:
    """Answers requests from stored answers, like a reference process that cannot compute anything new."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self._answers = answers

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        return Ticket(key=request_key(op, name, args, kwargs))

    def receive(self, ticket: Ticket) -> Outcome:
        if ticket.key in self._answers:
            return outcome_of(self._answers[ticket.key])
        return Outcome(OutcomeKind.NOT_RECORDED)

    def close(self) -> None:
        pass


def save(exercise: str, answers: dict[str, Any], folder: Path = FOLDER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{exercise}.json"
    items = {key: json.loads(plaindata.encode(value)) for key, value in sorted(answers.items())}
    path.write_text(json.dumps({"exercise": exercise, "answers": items}, sort_keys=True), encoding="utf-8")
    return path


def load(exercise: str, folder: Path = FOLDER) -> dict[str, Any] | None:
    """The stored answers of ``exercise``, or None when this is not a release."""
    path = folder / f"{exercise}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: plaindata.decode(json.dumps(value).encode()) for key, value in data["answers"].items()}


class ClassAnswers:
    """The reference's answers for a batch, per exercise and seed, shared by every learner and
    grading thread: a request asked once is answered from here for everyone after.

    Every request carries its own seed and the reference reseeds for each, so an answer depends on
    the request alone, never on what the reference was asked before.  Answers are kept as their
    plain-data encoding and decoded for each use, so no check can change another's copy.
    """

    MAX_ANSWER_BYTES = 1 << 20  # a larger answer is asked again each time, not kept
    MAX_TOTAL_BYTES = 256 << 20  # a request built from a learner's answer is new for each learner

    def __init__(self) -> None:
        self._runs: dict[tuple[str, int], dict[str, bytes]] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self.kept_bytes = 0

    def keep(self, answers: dict[str, bytes], key: str, encoded: bytes) -> None:
        """Store one answer, unless it or the whole store would grow past its bound."""
        with self._lock:
            if len(encoded) <= self.MAX_ANSWER_BYTES and self.kept_bytes + len(encoded) <= self.MAX_TOTAL_BYTES:
                if key not in answers:
                    self.kept_bytes += len(encoded)
                answers[key] = encoded

    def for_run(self, exercise: str, seed: int) -> dict[str, bytes]:
        with self._lock:
            return self._runs.setdefault((exercise, seed), {})

    def counted(self, hit: bool) -> None:
        with self._lock:
            if hit:
                self.hits += 1
            else:
                self.misses += 1


class CachedReference:
    """The reference of one grading in a batch: the class's stored answer where there is one, else
    the live reference process (started on first need), whose answer is stored for the next learner."""

    def __init__(self, book: ClassAnswers, answers: dict[str, bytes], live: Any) -> None:
        self._book, self._answers, self._live = book, answers, live

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        key = request_key(op, name, args, kwargs) + f"/{seed}"
        stored = self._answers.get(key)
        self._book.counted(stored is not None)
        if stored is not None:
            return Ticket(settled=outcome_of(plaindata.decode(stored)), key=key)
        ticket = self._live.send(op, name, args, kwargs, seed)
        return Ticket(ticket.id, ticket.settled, key)

    def receive(self, ticket: Ticket) -> Outcome:
        if ticket.settled is not None:
            return ticket.settled
        outcome = self._live.receive(ticket)
        if outcome.ok:
            self._book.keep(self._answers, ticket.key, plaindata.encode(answer_of(outcome)))
        return outcome

    def close(self) -> None:
        self._live.close()
