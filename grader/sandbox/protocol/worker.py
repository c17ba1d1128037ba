"""The grader and a worker: its configuration, requests, replies, outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from grader.sandbox.protocol.errors import Frame, LearnerError, LoadReport, frames_of
from grader.sandbox.protocol.reading import (ProtocolError, NAME_LIMIT, mapping, member, number, whole, items,
                                             opt_whole, text, texts)


class Role(str, enum.Enum):
    LEARNER = "learner"  # holds the learner's code: confined, untrusted
    REFERENCE = "reference"  # holds the reference solution: trusted
    JUDGE = "judge"  # holds no submission; rebuilds learner models safely: confined


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker loads and how; chosen by the grader, read by the worker at start."""

    role: Role
    path: str  # the file to load ('' for a judge)
    display: str  # the file's name as the learner's tracebacks show it
    module: str  # the module name the submission is loaded as
    seed: int
    device: str = "auto"

    def to_plain(self) -> dict:
        return {"role": self.role.value, "path": self.path, "display": self.display,
                "module": self.module, "seed": self.seed, "device": self.device}

    @classmethod
    def from_plain(cls, data: Any) -> "WorkerConfig":
        data = mapping(data, "worker config")
        return cls(member(Role, data, "role"), text(data, "path", 4096, ""), text(data, "display", 300, ""),
                   text(data, "module", 100), whole(data, "seed"), text(data, "device", 10, "auto"))


class Op(str, enum.Enum):
    CALL = "call"  # call a function of the submission
    ATTR = "attr"  # read a module-level name of it
    HARNESS = "harness"  # run a named trusted operation (grader.harness.ops)


@dataclass(frozen=True)
class Request:
    op: Op
    name: str
    id: int
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    seed: int = 0

    def to_plain(self) -> dict:
        return {"op": self.op.value, "name": self.name, "id": self.id, "args": list(self.args),
                "kwargs": dict(self.kwargs), "seed": self.seed}

    @classmethod
    def from_plain(cls, data: Any) -> "Request":
        data = mapping(data, "request")
        kwargs = data.get("kwargs", {})
        if not isinstance(kwargs, dict):
            raise ProtocolError("kwargs: expected a mapping")
        return cls(member(Op, data, "op"), text(data, "name", NAME_LIMIT), whole(data, "id"),
                   tuple(items(data, "args", 100)), kwargs, whole(data, "seed", 0))


@dataclass(frozen=True)
class ExitRequest:
    """The grader is done with this worker."""

    def to_plain(self) -> dict:
        return {"op": "exit"}


def parse_to_worker(data: Any) -> Request | ExitRequest:
    """A message the worker received (from the grader)."""
    if isinstance(data, dict) and data.get("op") == "exit":
        return ExitRequest()
    return Request.from_plain(data)


# ---------------------------------------------------------------- worker → grader


class OutcomeKind(str, enum.Enum):
    """What became of one request to a worker.  The first group is what a worker may answer;
    the second is decided by the grader itself."""

    VALUE = "value"  # the call returned (``Outcome.value``)
    RAISED = "raised"  # it raised (``Outcome.error``)
    MISSING = "missing"  # the submission does not define the name
    NOT_CALLABLE = "not_callable"  # the name is not a function (``detail``: its type)
    MEMORY = "memory"  # MemoryError
    UNCONVERTIBLE = "unconvertible"  # the value could not be made plain data
    BAD_REQUEST = "bad_request"  # the worker did not understand the request (a grader bug)

    TIMEOUT = "timeout"  # no answer before the deadline
    DIED = "died"  # the process ended (``detail``: how)
    MALFORMED = "malformed"  # the answer broke the protocol
    NOT_RECORDED = "not_recorded"  # a learner release has no stored answer for this request
    GRADER_FAULT = "grader_fault"  # the grader's own code failed in the process (``detail``: what)
    BROKE_WORKER = "broke_worker"  # after learner code ran, the worker's own code failed (``detail``: what)


WORKER_KINDS = frozenset({OutcomeKind.VALUE, OutcomeKind.RAISED, OutcomeKind.MISSING, OutcomeKind.NOT_CALLABLE,
                          OutcomeKind.MEMORY, OutcomeKind.UNCONVERTIBLE, OutcomeKind.BAD_REQUEST})


@dataclass(frozen=True)
class Outcome:
    """What became of one request to a worker (or of starting one)."""

    kind: OutcomeKind
    value: Any = None
    captures: dict = field(default_factory=dict)
    error: LearnerError | None = None
    detail: str = ""
    duration: float = 0.0
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind is OutcomeKind.VALUE

    @property
    def not_attempted(self) -> bool:
        return self.kind is OutcomeKind.RAISED and self.error is not None and self.error.is_a("NotImplementedError")

    def raised(self, name: str) -> bool:
        """True when the call raised ``name`` (or a subclass of it)."""
        return self.kind is OutcomeKind.RAISED and self.error is not None and self.error.is_a(name)

    @property
    def error_text(self) -> str:
        """``Type: message``, or the kind when there is no error (for the grader's own faults)."""
        return f"{self.error.type}: {self.error.message}" if self.error else self.kind.value


SUCCEEDED = Outcome(OutcomeKind.VALUE)


@dataclass(frozen=True)
class Reply:
    """A worker's answer to one :class:`Request`: the outcome it reports (of a kind in :data:`WORKER_KINDS`)."""

    id: int
    outcome: Outcome

    def to_plain(self) -> dict:
        o = self.outcome
        return {"op": "reply", "id": self.id, "kind": o.kind.value, "value": o.value,
                "captures": o.captures, "error": None if o.error is None else o.error.to_plain(),
                "detail": o.detail, "duration": o.duration, "warnings": list(o.warnings)}

    @classmethod
    def from_plain(cls, data: dict) -> "Reply":
        kind = member(OutcomeKind, data, "kind")
        if kind not in WORKER_KINDS:
            raise ProtocolError(f"a worker cannot answer {kind.value}")
        error = data.get("error")
        if kind is OutcomeKind.RAISED and error is None:
            raise ProtocolError("raised without an error")
        captures = data.get("captures", {})
        if not isinstance(captures, dict):
            raise ProtocolError("captures: expected a mapping")
        return cls(whole(data, "id"), Outcome(kind, data.get("value"), captures,
                                              None if error is None else LearnerError.from_plain(error),
                                              text(data, "detail", 500, ""), number(data, "duration"),
                                              texts(data, "warnings", 5, 300)))


@dataclass(frozen=True)
class ReadyMessage:
    """The worker's first message: the submission is loaded."""

    load: LoadReport

    def to_plain(self) -> dict:
        return {"op": "ready", "load": self.load.to_plain()}


@dataclass(frozen=True)
class StartingMessage:
    """Sent by a learner's worker just before the first learner code runs (the first unit of the file).

    Its code sends it before learner code can do anything, so learner code cannot take it back:
    from then on the process holds learner code, and whatever it fails at is the learner's
    (learner code may patch or imitate the worker's own code, its exit statuses included)."""

    def to_plain(self) -> dict:
        return {"op": "starting"}


@dataclass(frozen=True)
class ExitNote:
    """Sent (best effort) when learner code ends its own process: how, and where."""

    how: str  # "os._exit" or "os.abort"
    code: int | None
    where: tuple[Frame, ...] = ()

    def to_plain(self) -> dict:
        return {"op": "exiting", "how": self.how, "code": self.code, "where": [f.to_plain() for f in self.where]}

    @classmethod
    def from_plain(cls, data: dict) -> "ExitNote":
        return cls(text(data, "how", 40), opt_whole(data, "code"), frames_of(data, "where"))

    def line_in(self, display: str) -> int | None:
        """The line of the learner's file ``display`` where the process was ended, if known."""
        for frame in self.where:
            if frame.file.startswith(display) and frame.line:
                return frame.line
        return None


def parse_from_worker(data: Any) -> ReadyMessage | Reply | ExitNote | StartingMessage:
    """A message the grader received from a worker; :class:`ProtocolError` if it is not one."""
    data = mapping(data, "message")
    op = data.get("op")
    if op == "starting":
        return StartingMessage()
    if op == "ready":
        return ReadyMessage(LoadReport.from_plain(data.get("load")))
    if op == "reply":
        return Reply.from_plain(data)
    if op == "exiting":
        return ExitNote.from_plain(data)
    raise ProtocolError("unknown message")
