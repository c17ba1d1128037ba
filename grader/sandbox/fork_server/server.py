"""The fork server's own process: imports the heavy modules once, then forks a guardian per
:class:`~grader.sandbox.protocol.SpawnRequest` (:mod:`grader.sandbox.fork_server.guardian`) and answers
the grader's requests until it is closed or the grader goes away."""

from __future__ import annotations

import gc
import importlib
import os
import select
import signal
import socket
import time
from typing import Sequence

from grader import plaindata
from grader.sandbox import confine, loader
from grader.sandbox.fork_server.control import recv, send
from grader.sandbox.fork_server.guardian import run_guardian
from grader.sandbox.fork_server.sweep import kill_tree
from grader.sandbox.protocol import (CloneReport, CloneRequest, CloseRequest, ExitStatus, PreloadRequest, ProtocolError, SpawnFailed,
                                     SpawnReport, SpawnRequest, WaitAnswer, WaitRequest, ForkServerReady,
                                     parse_to_fork_server)

_exit = os._exit  # the real one, taken before any worker code is imported
PR_SET_NAME = 15
_KEPT_STATUSES = 1000
#: On a close, how long the guardians of workers already killed get to remove their cgroups and exit
#: (they were not waited for) before the rest is killed.
_CLOSE_GRACE = 5.0
#: The name (``/proc/PID/comm``) of a copy of a fork server (:class:`CloneRequest`), and of the
#: guardians it forks: ``ps`` tells a run's first fork server from the copies that serve its threads.
COPY_NAME = b"grader-forkcopy"


def _preload(modules) -> ForkServerReady:
    loaded, failed = [], []
    for name in modules:
        try:
            importlib.import_module(name)
            if name == "nbformat":
                loader.warm_notebooks()
            loaded.append(name)
        except Exception as exc:  # noqa: BLE001 - reported, the worker will say more
            failed.append((name, f"{type(exc).__name__}: {exc}"))
    return ForkServerReady(tuple(loaded), tuple(failed))


def _exit_notice(pid: int) -> int | None:
    """A pidfd of ``pid`` (readable once it has ended), or None where the kernel has none."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def serve(control_fd: int, preload: Sequence[str]) -> None:
    control = socket.socket(fileno=control_fd)
    confine.libc.prctl(confine.PR_SET_PDEATHSIG, signal.SIGTERM)
    children: dict[int, tuple[int, bool]] = {}  # guardian pid -> (init pid, pgroup)
    statuses: dict[int, ExitStatus] = {}
    clones: set[int] = set()  # copies of this server (CloneRequest): each ends its own guardians

    def shutdown(_signum=None, _frame=None):
        for clone in clones:
            try:
                os.kill(clone, signal.SIGTERM)
            except OSError:
                pass
        for guardian, (init_pid, group) in children.items():
            kill_tree(init_pid, group)
            kill_tree(guardian, False)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ready = _preload(preload)
    importlib.import_module("grader.sandbox.worker")
    gc.freeze()  # what is imported now is never scanned by a worker's collections (no copy-on-write of it)
    send(control, ready.to_plain())

    def reap() -> None:
        while True:
            try:
                pid, raw = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            statuses[pid] = ExitStatus.from_wait(raw)
            while len(statuses) > _KEPT_STATUSES:  # of workers closed without a wait: nobody asks
                del statuses[next(iter(statuses))]
            children.pop(pid, None)
            clones.discard(pid)

    while True:
        try:
            message, fds = recv(control)
            request = parse_to_fork_server(message)
        except (EOFError, ConnectionError, plaindata.MalformedData, ProtocolError):
            shutdown()
        if isinstance(request, SpawnRequest):
            reap()  # the guardians of closed workers, which nobody waits for
            report_r, report_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(report_r)
                try:
                    run_guardian(control, request, fds, report_w)
                finally:
                    _exit(71)
            os.close(report_w)
            for fd in fds:
                os.close(fd)
            raw = b""
            while chunk := os.read(report_r, 65536):
                raw += chunk
            os.close(report_r)
            if not raw:
                reap()
                send(control, SpawnFailed(pid, statuses.get(pid)).to_plain())
                continue
            report = SpawnReport.from_plain(plaindata.decode(raw))
            children[pid] = (report.init_pid, report.pgroup)
            send(control, report.to_plain())
        elif isinstance(request, WaitRequest):
            deadline = time.monotonic() + request.timeout
            exited = _exit_notice(request.pid)
            try:
                while True:
                    reap()
                    if request.pid in statuses or time.monotonic() > deadline:
                        break
                    if exited is None:
                        time.sleep(0.005)
                    else:  # woken the moment the guardian ends, not at the next 5 ms poll
                        select.select([exited], [], [], max(0.0, min(deadline - time.monotonic(), 1.0)))
            finally:
                if exited is not None:
                    os.close(exited)
            send(control, WaitAnswer(statuses.pop(request.pid, None)).to_plain())
        elif isinstance(request, PreloadRequest):
            reap()
            answer = _preload(request.modules)
            gc.freeze()
            ready = ForkServerReady(ready.preloaded + answer.preloaded, ready.failed + answer.failed)
            send(control, answer.to_plain())
        elif isinstance(request, CloneRequest) and len(fds) == 1:
            reap()
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # the copy: a fork server of its own, serving the socket it was sent
                control.close()
                control = socket.socket(fileno=fds[0])
                children.clear()
                statuses.clear()
                clones.clear()
                confine.libc.prctl(confine.PR_SET_PDEATHSIG, signal.SIGTERM)  # ends with the server it copies
                confine.libc.prctl(PR_SET_NAME, COPY_NAME, 0, 0, 0)  # /proc/PID/comm tells the copies apart
                if os.getppid() != parent:  # that one ended already
                    shutdown()
                send(control, ready.to_plain())
                continue
            for fd in fds:
                os.close(fd)
            clones.add(pid)
            send(control, CloneReport(pid).to_plain())
        elif isinstance(request, CloseRequest):
            deadline = time.monotonic() + _CLOSE_GRACE
            while children and time.monotonic() < deadline:  # closed workers' guardians finish cleaning up
                reap()
                time.sleep(0.002)
            shutdown()
