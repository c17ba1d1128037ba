"""The grader's side of the fork server: :class:`ForkServer` starts it and asks it for workers."""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

from grader import plaindata
from grader.sandbox import confine
from grader.sandbox.environment import fork_server_environment
from grader.sandbox.fork_server.control import recv, send
from grader.sandbox.protocol import (PRELOADABLE, CloneReport, CloneRequest, CloseRequest, ExitStatus, ForkServerReady, PreloadRequest,
                                     ProtocolError, SpawnFailed, SpawnReport, SpawnRequest, WaitAnswer, WaitRequest,
                                     WorkerConfig, parse_from_fork_server)

#: Booting the fork server: the current folder is never on its ``sys.path`` (a ``json.py`` planted
#: there must not run); ``grader`` is found where it is installed, else beside this package.
BOOT = """
import sys, importlib.util
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
if importlib.util.find_spec("grader") is None:
    sys.path.insert(0, sys.argv[1])
from grader.sandbox.fork_server.server import serve
serve(int(sys.argv[2]), sys.argv[3:])
"""


class ForkServerError(RuntimeError):
    """The fork server could not start or stopped answering."""


class ForkServer:
    """The grader's handle on a running fork server."""

    def __init__(self, preload: Sequence[str] = (), startup_timeout: float = 180.0) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._log = tempfile.TemporaryFile()
        self._home = tempfile.mkdtemp(prefix="grader-fork-server-home-")
        env = fork_server_environment(os.environ, self._home)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", BOOT, str(Path(__file__).resolve().parents[3]), str(theirs.fileno()),
                 *preload], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=self._log, env=env, close_fds=True,
            )
        except OSError:
            shutil.rmtree(self._home, ignore_errors=True)
            raise
        theirs.close()
        self._sock = ours
        self._await_ready(startup_timeout, "the fork server")

    def _await_ready(self, startup_timeout: float, who: str) -> None:
        """The server's first message (what it preloaded), or the server closed and the error raised."""
        try:
            ready = self._request(None, startup_timeout)
            if not isinstance(ready, ForkServerReady):
                raise ForkServerError(f"unexpected answer from {who}")
        except ForkServerError:
            self.close()
            raise
        self.preloaded: list[str] = list(ready.preloaded)
        self.preload_failures = dict(ready.failed)

    def _request(self, message: Any, timeout: float, fds: Sequence[int] = ()):
        try:
            if message is not None:
                send(self._sock, message.to_plain(), fds)
            ready, _, _ = select.select([self._sock], [], [], timeout)
            if not ready:
                raise ForkServerError(f"the fork server did not answer within {timeout:.0f} s")
            answer, extra = recv(self._sock)
            parsed = parse_from_fork_server(answer)
        except (EOFError, OSError, plaindata.MalformedData, ProtocolError) as exc:
            raise ForkServerError(f"the fork server stopped: {exc}; {self.log_tail()}") from None
        for fd in extra:
            os.close(fd)
        return parsed

    def log_tail(self, limit: int = 2000) -> str:
        try:
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace")[-limit:]
        except (OSError, ValueError):
            return ""

    def spawn(self, spec: confine.SandboxSpec, worker: WorkerConfig, channel_fd: int, out_fd: int,
              err_fd: int) -> SpawnReport:
        answer = self._request(SpawnRequest(spec.to_plain(), worker), 60.0, fds=[channel_fd, out_fd, err_fd])
        if not isinstance(answer, SpawnReport):
            status = answer.status if isinstance(answer, SpawnFailed) else None
            raise ForkServerError(f"could not start a worker (status {status})")
        return answer

    def preload(self, modules: Sequence[str], timeout: float = 180.0) -> None:
        """Import ``modules`` in the fork server now, so later workers start with them."""
        wanted = [m for m in modules if m in PRELOADABLE and m not in self.preloaded
                  and m not in self.preload_failures]
        if not wanted:
            return
        answer = self._request(PreloadRequest(tuple(wanted)), timeout)
        if isinstance(answer, ForkServerReady):
            self.preloaded += list(answer.preloaded)
            self.preload_failures.update(dict(answer.failed))

    def wait(self, pid: int, timeout: float = 5.0) -> ExitStatus | None:
        answer = self._request(WaitRequest(pid, timeout), timeout + 10)
        return answer.status if isinstance(answer, WaitAnswer) else None

    @property
    def alive(self) -> bool:
        """False once the fork server has ended (closed, killed by an operator or the OOM killer)."""
        return self._proc.poll() is None

    def kill(self) -> None:
        """End the fork server at once (its workers get SIGTERM from the kernel and end theirs)."""
        if self._proc.poll() is None:
            self._proc.kill()

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                send(self._sock, CloseRequest().to_plain())
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._sock.close()
        self._log.close()
        shutil.rmtree(self._home, ignore_errors=True)

    def clone(self, startup_timeout: float = 60.0) -> "ClonedForkServer":
        """A copy of this fork server, forked with its imports done (no second TensorFlow import):
        one per grading thread.  Not to be called while another thread uses this one."""
        return ClonedForkServer(self, startup_timeout)

    def __enter__(self) -> "ForkServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ClonedForkServer(ForkServer):
    """A fork server forked by another (:meth:`ForkServer.clone`): a child of that one, not of the
    grader, which watches it through a pidfd; it ends with the one it was forked from."""

    def __init__(self, origin: ForkServer, startup_timeout: float = 60.0) -> None:  # noqa: D107
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._origin = origin
        try:
            answer = origin._request(CloneRequest(), startup_timeout, fds=[theirs.fileno()])
        finally:
            theirs.close()
        if not isinstance(answer, CloneReport):
            ours.close()
            raise ForkServerError("the fork server could not copy itself")
        self.pid = answer.pid
        self._sock = ours
        try:
            self._pidfd: int | None = os.pidfd_open(self.pid)
        except OSError as exc:
            ours.close()
            raise ForkServerError(f"the copy of the fork server ended at once: {exc}") from None
        self._await_ready(startup_timeout, "the fork server's copy")

    def log_tail(self, limit: int = 2000) -> str:
        return self._origin.log_tail(limit)  # the copy writes where the one it copies does

    def _ended(self, timeout: float = 0.0) -> bool:
        if self._pidfd is None:
            return True
        ready, _, _ = select.select([self._pidfd], [], [], timeout)
        return bool(ready)

    @property
    def alive(self) -> bool:
        return not self._ended()

    def kill(self) -> None:
        if self._pidfd is not None and not self._ended():
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        if self._pidfd is None:
            return
        if not self._ended():
            try:
                send(self._sock, CloseRequest().to_plain())
            except OSError:
                pass
            if not self._ended(5.0):
                self.kill()
                self._ended(5.0)
        self._sock.close()
        os.close(self._pidfd)
        self._pidfd = None
