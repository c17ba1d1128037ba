"""A fork server: imports TensorFlow once, then forks a worker per request.

The grading process never imports TensorFlow.  It starts one zygote per run
(``python -m grader.sandbox.zygote``) which imports the heavy modules and runs
no TensorFlow op, so forks of it start in milliseconds and build and fit
models normally.

Each worker is two processes.  The *guardian* (the zygote's child, our code)
enters new namespaces and forks the *confined child* (init of its PID
namespace, where learner code runs); the guardian only waits, mirrors the
child's exit, and kills it if the zygote or the grader goes away.

Control messages are plain data over a ``SOCK_SEQPACKET`` socket; the worker's
channel and output files travel as file descriptors (``SCM_RIGHTS``).
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Sequence

from grader import plaindata
from grader.results import Isolation
from grader.sandbox import confine

PR_SET_PDEATHSIG = 1
_MAX_CONTROL = 1 << 20


class ZygoteError(RuntimeError):
    """The fork server could not start or stopped answering."""


@dataclass(frozen=True)
class Spawned:
    pid: int  # the guardian (child of the zygote)
    init_pid: int  # the confined child, as seen from outside its namespace
    isolation: Isolation
    pgroup: bool  # True when the child leads a process group to kill as a whole


def _send(sock: socket.socket, message: Any, fds: Sequence[int] = ()) -> None:
    data = plaindata.encode(message)
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.sendall(data)


def _recv(sock: socket.socket) -> tuple[Any, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(sock, _MAX_CONTROL, 8)
    if not data:
        raise EOFError
    return plaindata.decode(data), fds


def _status(raw: int) -> dict:
    if os.WIFSIGNALED(raw):
        return {"signal": os.WTERMSIG(raw)}
    return {"exit": os.WEXITSTATUS(raw)}


# ----------------------------------------------------------------- zygote side


def _guardian(control: socket.socket, request: dict, fds: list[int], report_w: int) -> None:
    """Body of the guardian process; never returns."""
    from grader.sandbox import worker  # preloaded: costs nothing after fork

    control.close()
    confine._libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    spec = confine.SandboxSpec.from_plain(request["spec"])
    level = confine.enter_namespaces(spec)
    channel_fd, out_fd, err_fd = fds
    child = os.fork()
    if child == 0:
        os.close(report_w)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.dup2(channel_fd, 3)
        os.closerange(4, 65536)
        try:
            confine.confine_child(spec, level)
        except BaseException as exc:  # noqa: BLE001 - report and stop, never run learner code
            os.write(2, f"grader: sandbox setup failed: {exc}\n".encode())
            os._exit(70)
        worker.main(3, request["worker"], level.isolation(spec))
        os._exit(0)
    for fd in fds:
        os.close(fd)
    info = {"init_pid": child, "pgroup": not level.namespaces,
            "isolation": _isolation_plain(level.isolation(spec))}
    os.write(report_w, json.dumps(info).encode())
    os.close(report_w)

    def stop(_signum, _frame):
        _kill_tree(child, not level.namespaces)
        os._exit(137)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            _, raw = os.waitpid(child, 0)
            break
        except ChildProcessError:
            os._exit(0)
        except InterruptedError:
            continue
    if not level.namespaces:
        _kill_tree(child, True)
    status = _status(raw)
    os._exit(status["exit"] if "exit" in status else 128 + status["signal"])


def _kill_tree(pid: int, group: bool) -> None:
    for target, kill in ((pid, os.killpg if group else None), (pid, os.kill)):
        if kill is None:
            continue
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _isolation_plain(iso: Isolation) -> dict:
    return {"level": iso.level, "network": iso.network, "solutions_hidden": iso.solutions_hidden,
            "unprivileged": iso.unprivileged, "notes": list(iso.notes)}


def serve(control_fd: int, preload: Sequence[str]) -> None:
    control = socket.socket(fileno=control_fd)
    confine._libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    children: dict[int, tuple[int, bool]] = {}  # guardian pid -> (init pid, pgroup)
    statuses: dict[int, dict] = {}

    def shutdown(_signum=None, _frame=None):
        for guardian, (init_pid, group) in children.items():
            _kill_tree(init_pid, group)
            _kill_tree(guardian, False)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loaded, failed = [], {}
    for name in preload:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as exc:  # noqa: BLE001 - reported, the worker will say more
            failed[name] = f"{type(exc).__name__}: {exc}"
    importlib.import_module("grader.sandbox.worker")
    _send(control, {"op": "ready", "preloaded": loaded, "failed": failed})

    def reap() -> None:
        while True:
            try:
                pid, raw = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            statuses[pid] = _status(raw)
            children.pop(pid, None)

    while True:
        try:
            request, fds = _recv(control)
        except (EOFError, ConnectionError, plaindata.MalformedData):
            shutdown()
        op = request.get("op")
        if op == "spawn":
            report_r, report_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(report_r)
                try:
                    _guardian(control, request, fds, report_w)
                finally:
                    os._exit(71)
            os.close(report_w)
            for fd in fds:
                os.close(fd)
            raw = b""
            while chunk := os.read(report_r, 65536):
                raw += chunk
            os.close(report_r)
            if not raw:
                reap()
                _send(control, {"op": "failed", "pid": pid, "status": statuses.get(pid)})
                continue
            info = json.loads(raw)
            children[pid] = (info["init_pid"], info["pgroup"])
            _send(control, {"op": "spawned", "pid": pid, **info})
        elif op == "wait":
            pid, deadline = request["pid"], time.monotonic() + float(request["timeout"])
            while True:
                reap()
                if pid in statuses or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            _send(control, {"op": "status", "status": statuses.pop(pid, None)})
        elif op == "close":
            shutdown()


# ----------------------------------------------------------------- grader side


class Zygote:
    """The grader's handle on a running fork server."""

    def __init__(self, preload: Sequence[str] = (), startup_timeout: float = 180.0) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._log = tempfile.TemporaryFile()
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1")
        env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno()), *preload],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=self._log, env=env, close_fds=True,
        )
        theirs.close()
        self._sock = ours
        self.preloaded: list[str] = []
        ready = self._request(None, startup_timeout)
        if ready.get("op") != "ready":
            raise ZygoteError("unexpected answer from the fork server")
        self.preloaded = list(ready.get("preloaded", []))
        self.preload_failures = dict(ready.get("failed", {}))

    def _request(self, message: Any, timeout: float, fds: Sequence[int] = ()) -> dict:
        try:
            if message is not None:
                _send(self._sock, message, fds)
            ready, _, _ = select.select([self._sock], [], [], timeout)
            if not ready:
                raise ZygoteError(f"the fork server did not answer within {timeout:.0f} s")
            answer, extra = _recv(self._sock)
        except (EOFError, OSError, plaindata.MalformedData) as exc:
            raise ZygoteError(f"the fork server stopped: {exc}; {self.log_tail()}") from None
        for fd in extra:
            os.close(fd)
        return answer

    def log_tail(self, limit: int = 2000) -> str:
        try:
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace")[-limit:]
        except (OSError, ValueError):
            return ""

    def spawn(self, spec: confine.SandboxSpec, worker: dict, channel_fd: int, out_fd: int,
              err_fd: int) -> Spawned:
        answer = self._request({"op": "spawn", "spec": spec.to_plain(), "worker": worker}, 60.0,
                               fds=[channel_fd, out_fd, err_fd])
        if answer.get("op") != "spawned":
            raise ZygoteError(f"could not start a worker (status {answer.get('status')})")
        iso = answer["isolation"]
        return Spawned(
            pid=int(answer["pid"]), init_pid=int(answer["init_pid"]), pgroup=bool(answer["pgroup"]),
            isolation=Isolation(iso["level"], bool(iso["network"]), bool(iso["solutions_hidden"]),
                                bool(iso["unprivileged"]), tuple(iso["notes"])),
        )

    def wait(self, pid: int, timeout: float = 5.0) -> dict | None:
        answer = self._request({"op": "wait", "pid": pid, "timeout": timeout}, timeout + 10)
        return answer.get("status")

    def kill(self) -> None:
        """End the fork server at once (its workers get SIGTERM from the kernel and end theirs)."""
        if self._proc.poll() is None:
            self._proc.kill()

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                _send(self._sock, {"op": "close"})
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._sock.close()
        self._log.close()

    def __enter__(self) -> "Zygote":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:])
