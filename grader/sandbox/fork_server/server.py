"""The fork server's own process: imports the heavy modules once, then forks a guardian per
:class:`~grader.sandbox.protocol.SpawnRequest` (:mod:`grader.sandbox.fork_server.guardian`) and answers
the grader's requests until it is closed or the grader goes away."""

from __future__ import annotations

import importlib
import os
import signal
import socket
import time
from typing import Sequence

from grader import plaindata
from grader.sandbox import confine
from grader.sandbox.fork_server.control import recv, send
from grader.sandbox.fork_server.guardian import run_guardian
from grader.sandbox.fork_server.sweep import kill_tree
from grader.sandbox.protocol import (CloseRequest, ExitStatus, PreloadRequest, ProtocolError, SpawnFailed,
                                     SpawnReport, SpawnRequest, WaitAnswer, WaitRequest, ForkServerReady,
                                     parse_to_fork_server)

_exit = os._exit  # the real one, taken before any worker code is imported


def _preload(modules) -> ForkServerReady:
    loaded, failed = [], []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as exc:  # noqa: BLE001 - reported, the worker will say more
            failed.append((name, f"{type(exc).__name__}: {exc}"))
    return ForkServerReady(tuple(loaded), tuple(failed))


def serve(control_fd: int, preload: Sequence[str]) -> None:
    control = socket.socket(fileno=control_fd)
    confine.libc.prctl(confine.PR_SET_PDEATHSIG, signal.SIGTERM)
    children: dict[int, tuple[int, bool]] = {}  # guardian pid -> (init pid, pgroup)
    statuses: dict[int, ExitStatus] = {}

    def shutdown(_signum=None, _frame=None):
        for guardian, (init_pid, group) in children.items():
            kill_tree(init_pid, group)
            kill_tree(guardian, False)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ready = _preload(preload)
    importlib.import_module("grader.sandbox.worker")
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
            children.pop(pid, None)

    while True:
        try:
            message, fds = recv(control)
            request = parse_to_fork_server(message)
        except (EOFError, ConnectionError, plaindata.MalformedData, ProtocolError):
            shutdown()
        if isinstance(request, SpawnRequest):
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
            while True:
                reap()
                if request.pid in statuses or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            send(control, WaitAnswer(statuses.pop(request.pid, None)).to_plain())
        elif isinstance(request, PreloadRequest):
            reap()
            send(control, _preload(request.modules).to_plain())
        elif isinstance(request, CloseRequest):
            shutdown()
