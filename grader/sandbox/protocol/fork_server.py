"""The grader and its fork server (trusted): spawning workers, waiting for them, preloading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.results import Isolation
from grader.sandbox.protocol.reading import (ProtocolError, flag, mapping, number, whole, items, opt_whole,
                                             texts)
from grader.sandbox.protocol.worker import WorkerConfig


@dataclass(frozen=True)
class ExitStatus:
    """How a process ended: an exit code or a signal."""

    code: int | None = None
    signal: int | None = None

    @classmethod
    def from_wait(cls, raw: int) -> "ExitStatus":
        import os

        if os.WIFSIGNALED(raw):
            return cls(signal=os.WTERMSIG(raw))
        return cls(code=os.WEXITSTATUS(raw))

    def to_plain(self) -> dict:
        return {"code": self.code, "signal": self.signal}

    @classmethod
    def from_plain(cls, data: Any) -> "ExitStatus | None":
        if data is None:
            return None
        data = mapping(data, "status")
        return cls(opt_whole(data, "code"), opt_whole(data, "signal"))


@dataclass(frozen=True)
class SpawnRequest:
    spec: dict  # a SandboxSpec as plain data (grader.sandbox.confine.SandboxSpec.to_plain)
    worker: WorkerConfig

    def to_plain(self) -> dict:
        return {"op": "spawn", "spec": self.spec, "worker": self.worker.to_plain()}


@dataclass(frozen=True)
class WaitRequest:
    pid: int
    timeout: float

    def to_plain(self) -> dict:
        return {"op": "wait", "pid": self.pid, "timeout": self.timeout}


#: The guardian's exit status when the kernel killed the learner's processes at the memory limit
#: (the child's own exit codes are mirrored below it).
OOM_EXIT = 200
#: The confined child's exit status when the grader's own code failed in it, before or around the
#: learner's: setting up the sandbox (SETUP_EXIT) or the worker itself (WORKER_FAULT_EXIT).  The child
#: writes one line starting "grader: " to its output saying what failed.
SETUP_EXIT = 70
WORKER_FAULT_EXIT = 72
GRADER_FAULT_EXITS = (SETUP_EXIT, WORKER_FAULT_EXIT)

#: Modules worth importing once in the fork server when submissions import them (nothing else is);
#: ``nbformat`` when the files to grade are notebooks (the loader reads them with it: 40 ms to import
#: and 30 ms to compile its schema's validator, once per fork server instead of once per learner).
PRELOADABLE = ("tensorflow", "keras", "pandas", "nbformat")


@dataclass(frozen=True)
class PreloadRequest:
    """Import these modules in the fork server, so later workers start with them."""

    modules: tuple[str, ...]

    def to_plain(self) -> dict:
        return {"op": "preload", "modules": list(self.modules)}


@dataclass(frozen=True)
class CloneRequest:
    """Fork a copy of this fork server (its imports done), serving the control socket sent with it:
    a run's second worker gets a fork server without importing TensorFlow again."""

    def to_plain(self) -> dict:
        return {"op": "clone"}


@dataclass(frozen=True)
class CloseRequest:
    def to_plain(self) -> dict:
        return {"op": "close"}


def parse_to_fork_server(data: Any) -> SpawnRequest | WaitRequest | PreloadRequest | CloneRequest | CloseRequest:
    data = mapping(data, "request")
    op = data.get("op")
    if op == "spawn":
        return SpawnRequest(mapping(data.get("spec"), "spec"), WorkerConfig.from_plain(data.get("worker")))
    if op == "wait":
        return WaitRequest(whole(data, "pid"), number(data, "timeout"))
    if op == "preload":
        return PreloadRequest(tuple(m for m in texts(data, "modules", 20) if m in PRELOADABLE))
    if op == "close":
        return CloseRequest()
    if op == "clone":
        return CloneRequest()
    raise ProtocolError("unknown request")


@dataclass(frozen=True)
class ForkServerReady:
    """The fork server's answer to starting and to a preload: what it has imported."""

    preloaded: tuple[str, ...]
    failed: tuple[tuple[str, str], ...] = ()  # (module, why)

    def to_plain(self) -> dict:
        return {"op": "ready", "preloaded": list(self.preloaded), "failed": [list(f) for f in self.failed]}

    @classmethod
    def from_plain(cls, data: dict) -> "ForkServerReady":
        failed = []
        for item in items(data, "failed", 50):
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(s, str) for s in item)):
                raise ProtocolError("failed: expected (module, why) pairs")
            failed.append((item[0], item[1][:500]))
        return cls(texts(data, "preloaded", 50), tuple(failed))


@dataclass(frozen=True)
class SpawnReport:
    """A worker started: the guardian's pid, the confined child's, and how it was confined."""

    pid: int  # the guardian (child of the fork server)
    init_pid: int  # the confined child, as seen from outside its namespace
    isolation: Isolation
    pgroup: bool  # True when the child leads a process group to kill as a whole

    def to_plain(self) -> dict:
        return {"op": "spawned", "pid": self.pid, "init_pid": self.init_pid, "pgroup": self.pgroup,
                "isolation": self.isolation.to_plain()}

    @classmethod
    def from_plain(cls, data: dict) -> "SpawnReport":
        return cls(whole(data, "pid"), whole(data, "init_pid"), Isolation.from_plain(data.get("isolation")),
                   flag(data, "pgroup"))


@dataclass(frozen=True)
class SpawnFailed:
    pid: int
    status: ExitStatus | None

    def to_plain(self) -> dict:
        return {"op": "failed", "pid": self.pid, "status": None if self.status is None else self.status.to_plain()}


@dataclass(frozen=True)
class CloneReport:
    """A copy of the fork server started (a child of the one asked): its pid."""

    pid: int

    def to_plain(self) -> dict:
        return {"op": "cloned", "pid": self.pid}


@dataclass(frozen=True)
class WaitAnswer:
    status: ExitStatus | None  # None: still running at the timeout

    def to_plain(self) -> dict:
        return {"op": "status", "status": None if self.status is None else self.status.to_plain()}


def parse_from_fork_server(data: Any) -> ForkServerReady | SpawnReport | SpawnFailed | CloneReport | WaitAnswer:
    data = mapping(data, "answer")
    op = data.get("op")
    if op == "ready":
        return ForkServerReady.from_plain(data)
    if op == "spawned":
        return SpawnReport.from_plain(data)
    if op == "failed":
        return SpawnFailed(whole(data, "pid"), ExitStatus.from_plain(data.get("status")))
    if op == "status":
        return WaitAnswer(ExitStatus.from_plain(data.get("status")))
    if op == "cloned":
        return CloneReport(whole(data, "pid"))
    raise ProtocolError("unknown answer")
