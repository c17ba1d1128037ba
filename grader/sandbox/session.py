"""The grader's side of one worker: send requests, enforce the deadline, kill.

Everything a worker sends is checked here before anyone uses it: a malformed
message, an answer to another request, or silence past the deadline ends the
worker.  Outcomes are frozen records; nothing from the worker is executed.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
from dataclasses import dataclass, field
from typing import Any

from grader import plaindata
from grader.results import Isolation
from grader.sandbox.channel import Channel, ChannelClosed, ChannelTimeout
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.zygote import Spawned, Zygote

OUTPUT_LIMIT = 8000
_MEMORY_SIGNS = ("bad_alloc", "MemoryError", "Resource exhausted", "Cannot allocate memory",
                 "out of memory", "OOM")


@dataclass(frozen=True)
class Frame:
    file: str
    line: int
    code: str = ""
    function: str = ""


@dataclass(frozen=True)
class LearnerError:
    """An exception raised in a worker, as described by it (untrusted, display only)."""

    type: str
    message: str
    mro: tuple[str, ...] = ()
    frames: tuple[Frame, ...] = ()
    suggestion: str | None = None
    misspelt: str | None = None
    owner: str | None = None

    def is_a(self, name: str) -> bool:
        return name in self.mro or name == self.type

    @property
    def line(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    @classmethod
    def from_plain(cls, data: Any) -> "LearnerError":
        if not isinstance(data, dict):
            return cls("Error", "an error the worker could not describe")
        frames = []
        for f in data.get("frames") or []:
            if isinstance(f, dict):
                frames.append(Frame(str(f.get("file", ""))[:300], _int(f.get("line")),
                                    str(f.get("code", ""))[:300], str(f.get("function", ""))[:100]))
        hint = data.get("suggestion") if isinstance(data.get("suggestion"), dict) else {}
        mro = data.get("mro") if isinstance(data.get("mro"), list) else []
        return cls(
            type=str(data.get("type", "Error"))[:100],
            message=str(data.get("message", ""))[:2000],
            mro=tuple(str(m)[:100] for m in mro[:30]),
            frames=tuple(frames[-10:]),
            suggestion=_opt_str(hint.get("suggestion")),
            misspelt=_opt_str(hint.get("name")),
            owner=_opt_str(hint.get("owner")),
        )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _opt_str(value: Any) -> str | None:
    return str(value)[:200] if value is not None else None


@dataclass(frozen=True)
class Outcome:
    """What became of one request to a worker."""

    kind: str  # value | raised | missing | not_callable | timeout | died | memory | unconvertible | malformed
    value: Any = None
    captures: dict = field(default_factory=dict)
    error: LearnerError | None = None
    detail: str = ""
    duration: float = 0.0
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind == "value"

    @property
    def not_attempted(self) -> bool:
        return self.kind == "raised" and self.error is not None and self.error.is_a("NotImplementedError")


@dataclass(frozen=True)
class LoadReport:
    """How loading the submission went, as the worker described it."""

    fatal: dict | None
    problems: tuple[dict, ...]
    defined: tuple[str, ...]
    duration: float


class WorkerSession:
    """One running worker: the learner's (confined) or the reference (trusted)."""

    def __init__(self, zygote: Zygote, spec: SandboxSpec, config: dict, workdir: str,
                 deadline: float | None) -> None:
        self.deadline = deadline
        self.workdir = workdir
        self._ids = itertools.count(1)
        self.exit_notes: list[dict] = []
        self._out_path = os.path.join(workdir, "stdout.txt")
        self._err_path = os.path.join(workdir, "stderr.txt")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with open(self._out_path, "ab") as out, open(self._err_path, "ab") as err:
            try:
                self.spawned: Spawned = zygote.spawn(spec, config, theirs.fileno(), out.fileno(),
                                                     err.fileno())
            finally:
                theirs.close()
        self._zygote = zygote
        self.channel = Channel(ours)
        self.alive = True
        self.status: dict | None = None
        self.load: LoadReport | None = None

    @property
    def isolation(self) -> Isolation:
        return self.spawned.isolation

    def start(self) -> Outcome:
        """Wait for the worker to load the submission."""
        message = self._receive(None)
        if isinstance(message, Outcome):
            return message
        load = message.get("load") if isinstance(message, dict) else None
        if message.get("op") != "ready" or not isinstance(load, dict):
            return self._abandon("malformed", "unexpected first message")
        self.load = LoadReport(
            fatal=load.get("fatal") if isinstance(load.get("fatal"), dict) else None,
            problems=tuple(p for p in load.get("problems") or [] if isinstance(p, dict))[:50],
            defined=tuple(str(d) for d in load.get("defined") or [])[:500],
            duration=float(load.get("duration") or 0.0),
        )
        return Outcome("value")

    def send(self, op: str, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> int | Outcome:
        if not self.alive:
            return Outcome("died", detail=self._death_detail())
        request_id = next(self._ids)
        try:
            self.channel.send({"op": op, "name": name, "args": list(args), "kwargs": kwargs or {},
                               "seed": int(seed), "id": request_id})
        except OSError:
            return self._abandon("died", "")
        return request_id

    def receive(self, request_id: int | Outcome) -> Outcome:
        if isinstance(request_id, Outcome):
            return request_id
        message = self._receive(request_id)
        if isinstance(message, Outcome):
            return message
        return self._outcome(message)

    def request(self, op: str, name: str, args: list | tuple = (), kwargs: dict | None = None,
                seed: int = 0) -> Outcome:
        return self.receive(self.send(op, name, args, kwargs, seed))

    def _receive(self, request_id: int | None) -> dict | Outcome:
        while True:
            try:
                message = self.channel.recv(self.deadline)
            except ChannelTimeout:
                return self._abandon("timeout", "")
            except ChannelClosed:
                return self._abandon("died", "")
            except (plaindata.MalformedData, UnicodeDecodeError, ValueError):
                return self._abandon("malformed", "the process sent something that is not plain data")
            if not isinstance(message, dict):
                return self._abandon("malformed", "unexpected message")
            if message.get("op") == "exiting":
                self.exit_notes.append(message)
                continue
            if request_id is not None and message.get("id") != request_id:
                return self._abandon("malformed", "an answer to a question nobody asked")
            return message

    def _outcome(self, message: dict) -> Outcome:
        duration = message.get("duration") if isinstance(message.get("duration"), float) else 0.0
        if message.get("ok") is True:
            captures = message.get("captures") if isinstance(message.get("captures"), dict) else {}
            caught = message.get("warnings") if isinstance(message.get("warnings"), list) else []
            return Outcome("value", message.get("value"), captures, duration=duration,
                           warnings=tuple(str(w)[:300] for w in caught[:5]))
        if message.get("missing"):
            return Outcome("missing")
        if message.get("not_callable"):
            return Outcome("not_callable", detail=str(message["not_callable"])[:100])
        if message.get("memory"):
            return Outcome("memory", duration=duration)
        if message.get("unconvertible"):
            return Outcome("unconvertible", detail=str(message["unconvertible"])[:500])
        if "error" in message:
            return Outcome("raised", error=LearnerError.from_plain(message["error"]), duration=duration)
        return Outcome("malformed", detail="unexpected answer")

    def _abandon(self, kind: str, detail: str) -> Outcome:
        self.kill()
        if kind == "died":
            detail = self._death_detail()
            if self._looks_like_memory():
                kind = "memory"
        return Outcome(kind, detail=detail)

    def _death_detail(self) -> str:
        for note in self.exit_notes:
            return f"{note.get('how', 'exit')}({note.get('code', '')})"
        status = self.status or {}
        if "signal" in status:
            return f"signal {status['signal']}"
        code = status.get("exit")
        if isinstance(code, int) and code > 128:
            try:
                return f"signal {signal.Signals(code - 128).name}"
            except ValueError:
                return f"exit status {code}"
        return f"exit status {code}" if code is not None else ""

    def _looks_like_memory(self) -> bool:
        tail = self.read_stream(self._err_path, 4000)
        return any(sign in tail for sign in _MEMORY_SIGNS)

    def exit_location(self) -> list[dict]:
        for note in self.exit_notes:
            where = note.get("where")
            if isinstance(where, list):
                return [w for w in where if isinstance(w, dict)]
        return []

    def kill(self) -> None:
        if not self.alive:
            return
        self.alive = False
        targets = [self.spawned.init_pid]
        for pid in targets:
            try:
                if self.spawned.pgroup:
                    os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.channel.close()
        try:
            self.status = self._zygote.wait(self.spawned.pid, timeout=5.0)
        except Exception:  # noqa: BLE001 - the zygote itself may be gone; nothing to reap then
            self.status = None

    def close(self) -> None:
        if self.alive:
            try:
                self.channel.send({"op": "exit"})
            except OSError:
                pass
        self.kill()

    @staticmethod
    def read_stream(path: str, limit: int = OUTPUT_LIMIT) -> str:
        """The captured output, cut to ``limit`` characters (head and tail kept)."""
        try:
            with open(path, "rb") as f:
                data = f.read(4 * limit + 1)
                size = os.fstat(f.fileno()).st_size
                if size > len(data):
                    f.seek(max(size - limit, 0))
                    data = data[: limit // 2] + b"\n...\n" + f.read()
        except OSError:
            return ""
        text = data.decode("utf-8", "replace")
        if len(text) > limit:
            text = text[: limit // 2] + f"\n... ({len(text) - limit} characters cut) ...\n" + text[-limit // 2:]
        return text

    def output(self, limit: int = OUTPUT_LIMIT) -> str:
        out = self.read_stream(self._out_path, limit)
        err = self.read_stream(self._err_path, limit)
        return out + (("\n" if out and not out.endswith("\n") else "") + err if err else "")
