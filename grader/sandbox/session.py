"""The grader's handle on one worker process: send requests, enforce the deadline, kill.

Everything a worker sends is parsed by :mod:`grader.sandbox.protocol` before
anyone uses it: a malformed message, an answer to another request, or silence
past the deadline ends the worker with an :class:`Outcome` saying so.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
from dataclasses import dataclass

from grader import plaindata
from grader.results import Isolation
from grader.text import inert
from grader.sandbox.channel import Channel, ChannelClosed, ChannelTimeout
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.protocol import (GRADER_FAULT_EXITS, OOM_EXIT, SUCCEEDED, ExitNote, ExitRequest, ExitStatus, LoadReport, Op, Outcome,
                                     OutcomeKind, ProtocolError, ReadyMessage, Reply, Request, SpawnReport,
                                     StartingMessage, WorkerConfig, parse_from_worker)
from grader.sandbox.fork_server import ForkServer

OUTPUT_LIMIT = 8000
_MEMORY_SIGNS = ("bad_alloc", "MemoryError", "Resource exhausted", "Cannot allocate memory",
                 "out of memory", "OOM")


@dataclass(frozen=True)
class Ticket:
    """A request on its way: ``receive`` gives its outcome.  ``settled`` when it is known already
    (the request could not be sent: the process had ended, or the time had run out)."""

    id: int = 0
    settled: Outcome | None = None
    key: str = ""  # for stored answers (grader.expected): the request itself


class WorkerSession:
    """One running worker: the learner's (confined), the reference's (trusted) or a judge (confined)."""

    def __init__(self, fork_server: ForkServer, spec: SandboxSpec, config: WorkerConfig, workdir: str,
                 deadline: float | None) -> None:
        self.deadline = deadline
        self.workdir = workdir
        self.config = config
        self._ids = itertools.count(1)
        self.exit_notes: list[ExitNote] = []
        # What the process prints, stdout and stderr in the order it was printed (one file, appended).
        self._out_path = os.path.join(workdir, f"output-{id(self)}.txt")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with open(self._out_path, "ab") as out:
            try:
                self.spawned: SpawnReport = fork_server.spawn(spec, config, theirs.fileno(), out.fileno(), out.fileno())
            finally:
                theirs.close()
        self._fork_server = fork_server
        self.channel = Channel(ours)
        self.alive = True
        self.status: ExitStatus | None = None
        self.load: LoadReport | None = None
        # True once the worker said learner code is about to run (it says so before any does, so
        # learner code cannot take it back): from then on every failure of the process is the learner's.
        self.learner_code_ran = False

    @property
    def isolation(self) -> Isolation:
        return self.spawned.isolation

    def start(self) -> Outcome:
        """Wait for the worker to load its submission (``self.load`` says how that went)."""
        message = self._receive(None)
        if isinstance(message, Outcome):
            return message
        if not isinstance(message, ReadyMessage):
            return self._abandon(OutcomeKind.MALFORMED, "unexpected first message")
        self.load = message.load
        return SUCCEEDED

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        if not self.alive:
            return Ticket(settled=Outcome(OutcomeKind.DIED, detail=self._death_detail()))
        request = Request(op, name, next(self._ids), tuple(args), dict(kwargs or {}), int(seed))
        try:
            self.channel.send(request.to_plain())
        except OSError:
            return Ticket(settled=self._abandon(OutcomeKind.DIED, ""))
        return Ticket(request.id)

    def receive(self, ticket: Ticket) -> Outcome:
        if ticket.settled is not None:
            return ticket.settled
        message = self._receive(ticket.id)
        if isinstance(message, Outcome):
            return message
        if not isinstance(message, Reply):
            return self._abandon(OutcomeKind.MALFORMED, "unexpected answer")
        return message.outcome

    def _receive(self, request_id: int | None) -> ReadyMessage | Reply | Outcome:
        while True:
            try:
                message = parse_from_worker(self.channel.recv(self.deadline))
            except ChannelTimeout:
                return self._abandon(OutcomeKind.TIMEOUT, "")
            except ChannelClosed:
                return self._abandon(OutcomeKind.DIED, "")
            except (plaindata.MalformedData, ProtocolError, UnicodeDecodeError, ValueError) as exc:
                return self._abandon(OutcomeKind.MALFORMED, f"the process sent something the grader does not "
                                                            f"accept ({str(exc)[:100]})")
            if isinstance(message, ExitNote):
                if len(self.exit_notes) < 5:
                    self.exit_notes.append(message)
                continue
            if isinstance(message, StartingMessage):
                self.learner_code_ran = True
                continue
            if request_id is not None and (not isinstance(message, Reply) or message.id != request_id):
                return self._abandon(OutcomeKind.MALFORMED, "an answer to a question nobody asked")
            return message

    def _abandon(self, kind: OutcomeKind, detail: str) -> Outcome:
        self.kill()
        if kind is OutcomeKind.DIED:
            fault = self._grader_fault()
            if fault is not None:  # an exit status of the grader's own failures: after learner code, the learner's
                return Outcome(OutcomeKind.BROKE_WORKER if self.learner_code_ran else OutcomeKind.GRADER_FAULT,
                               detail=fault)
            detail = self._death_detail()
            if self._looks_like_memory():
                kind = OutcomeKind.MEMORY
        return Outcome(kind, detail=detail)

    def _grader_fault(self) -> str | None:
        """What failed, when the process ended with an exit status of the grader's own failures (and
        its code did not say it called os._exit itself): the "grader: " line it wrote last."""
        if self.exit_notes or self.status is None or self.status.code not in GRADER_FAULT_EXITS:
            return None
        said = [line[len("grader: "):] for line in self.read_stream(self._out_path, 4000).splitlines()
                if line.startswith("grader: ")]
        return inert(said[-1])[:300] if said else f"exit status {self.status.code}"

    def _death_detail(self) -> str:
        for note in self.exit_notes:
            return f"{note.how}({'' if note.code is None else note.code})"
        status = self.status
        if status is None:
            return ""
        if status.signal is not None:
            return f"signal {status.signal}"
        code = status.code
        if code is not None and code > 128:
            try:
                return f"signal {signal.Signals(code - 128).name}"
            except ValueError:
                return f"exit status {code}"
        return f"exit status {code}" if code is not None else ""

    def _looks_like_memory(self) -> bool:
        if self.status is not None and self.status.code == OOM_EXIT:
            return True
        tail = self.read_stream(self._out_path, 4000)
        return any(sign in tail for sign in _MEMORY_SIGNS)

    def exit_line(self) -> int | None:
        """The line of the submission at which its code ended the process, when it said so."""
        for note in self.exit_notes:
            line = note.line_in(self.config.display)
            if line is not None:
                return line
        return None

    def kill(self, wait: bool = True) -> None:
        """SIGKILL the worker's processes; ``wait``: until its guardian has ended (its exit status in
        ``self.status``), else its guardian cleans up and the fork server reaps it meanwhile."""
        if not self.alive:
            return
        self.alive = False
        pid = self.spawned.init_pid
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
        if not wait:
            return
        try:
            self.status = self._fork_server.wait(self.spawned.pid, timeout=5.0)
        except Exception:  # noqa: BLE001 - the fork server itself may be gone; nothing to reap then
            self.status = None

    def close(self) -> None:
        """End the worker.  In a PID namespace the kill ends every process of it at once, so its exit
        status is not waited for (nothing reads it after a close): the next grading starts while the
        guardian removes the cgroup and exits.  Without one, the guardian's sweep of the learner's
        processes is waited for, so none of them outlives this grading."""
        if self.alive:
            try:
                self.channel.send(ExitRequest().to_plain())
            except OSError:
                pass
        self.kill(wait=self.spawned.pgroup)

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
        """What the process printed (stdout and stderr, in order), cut to ``limit`` and made inert."""
        return inert(self.read_stream(self._out_path, limit))
