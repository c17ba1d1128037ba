"""A fork server: imports TensorFlow once, then forks a worker per request.

The grading process never imports TensorFlow.  It starts one zygote per run
(``python -c _BOOT``) which imports the heavy modules and runs
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
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Sequence

from grader import plaindata
from grader.sandbox import confine
from grader.sandbox.confine import identity
from grader.sandbox.environment import zygote_environment
from grader.sandbox.protocol import (OOM_EXIT, SETUP_EXIT, WORKER_FAULT_EXIT, PRELOADABLE, CloseRequest, ExitStatus, PreloadRequest, ProtocolError, SpawnFailed,
                                     SpawnReport, SpawnRequest, WaitAnswer, WaitRequest, WorkerConfig, ZygoteReady,
                                     parse_from_zygote, parse_to_zygote)

_MAX_CONTROL = 1 << 20
PR_SET_CHILD_SUBREAPER = 36
_exit = os._exit  # the real one: the learner's worker replaces os._exit to report the learner's calls
#: Booting the fork server: the current folder is never on its ``sys.path`` (a ``json.py`` planted
#: there must not run); ``grader`` is found where it is installed, else beside this package.
_BOOT = """
import sys, importlib.util
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
if importlib.util.find_spec("grader") is None:
    sys.path.insert(0, sys.argv[1])
from grader.sandbox.zygote import serve
serve(int(sys.argv[2]), sys.argv[3:])
"""


class ZygoteError(RuntimeError):
    """The fork server could not start or stopped answering."""


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


# ----------------------------------------------------------------- zygote side


def _guardian(control: socket.socket, request: SpawnRequest, fds: list[int], report_w: int) -> None:
    """Body of the guardian process; never returns."""
    from grader.sandbox import worker  # preloaded: costs nothing after fork

    control.close()
    confine.libc.prctl(confine.PR_SET_PDEATHSIG, signal.SIGTERM)
    confine.libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # orphans of the learner's tree come to us
    spec = confine.SandboxSpec.from_plain(request.spec)
    level = confine.enter_namespaces(spec)
    cgroup = confine.Cgroup.create(f"grader-{os.getpid()}", spec.memory_bytes, spec.max_processes) \
        if spec.confine else None
    level.cgroup = cgroup is not None
    if spec.confine and cgroup is None:
        level.notes.append("no cgroup: memory and process limits hold per process, not for the whole tree")
    channel_fd, out_fd, err_fd = fds
    shm_before = set(_shm_segments()) if spec.confine and not level.namespaces else set()
    go_r, go_w = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(report_w)
        os.close(go_w)
        os.read(go_r, 1)  # in its cgroup now
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.dup2(channel_fd, 3)
        os.closerange(4, 65536)
        try:
            confine.confine_child(spec, level, list(spec.forbidden))
        except BaseException as exc:  # noqa: BLE001 - report and stop, never run learner code
            os.write(2, f"grader: sandbox setup failed: {exc}\n".encode())
            _exit(SETUP_EXIT)
        try:
            worker.main(3, request.worker)
        except BaseException:  # noqa: BLE001 - the worker's own failure: said, never blamed on the learner
            _write_fault(traceback.format_exc())
            _exit(WORKER_FAULT_EXIT)
        _exit(0)
    for fd in fds:
        os.close(fd)
    os.close(go_r)
    if cgroup is not None:
        cgroup.add(child)
    os.write(go_w, b"x")
    os.close(go_w)
    report = SpawnReport(os.getpid(), child, level.isolation(), pgroup=not level.namespaces)
    os.write(report_w, plaindata.encode(report.to_plain()))
    os.close(report_w)

    def finish(status: int) -> None:
        if not level.namespaces:  # no PID namespace: end the process group, every descendant, the learner's uid
            _kill_tree(child, True)
            _kill_descendants()
            if identity.is_learner_id(level.uid):
                _kill_uid(level.uid)
            if spec.confine:
                _remove_new_shm(shm_before, level.uid)
        oom = cgroup is not None and cgroup.oom_killed()
        if cgroup is not None:
            cgroup.remove()
        os._exit(OOM_EXIT if oom else status)

    def stop(_signum, _frame):
        _kill_tree(child, not level.namespaces)
        finish(137)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            _, raw = os.waitpid(child, 0)
            break
        except ChildProcessError:
            finish(0)
        except InterruptedError:
            continue
    status = ExitStatus.from_wait(raw)
    finish(min(status.code, OOM_EXIT - 1) if status.code is not None else 128 + (status.signal or 0))


def _write_fault(trace: str) -> None:
    """The traceback, then one line the grader quotes: what the worker's own code raised."""
    last = trace.strip().splitlines()[-1] if trace.strip() else "?"
    try:
        os.write(2, f"{trace}grader: the worker failed: {last}\n".encode(errors="backslashreplace"))
    except OSError:
        pass


def _kill_tree(pid: int, group: bool) -> None:
    for target, kill in ((pid, os.killpg if group else None), (pid, os.kill)):
        if kill is None:
            continue
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _shm_segments() -> dict[int, dict[str, int]]:
    """System V shared memory segments: id -> creator pid, attachments, creator uid."""
    found = {}
    try:
        with open("/proc/sysvipc/shm") as f:
            head = f.readline().split()
            for line in f:
                row = dict(zip(head, line.split()))
                found[int(row["shmid"])] = {"cpid": int(row["cpid"]), "nattch": int(row["nattch"]),
                                            "cuid": int(row["cuid"])}
    except (OSError, KeyError, ValueError):
        pass
    return found


def _remove_new_shm(before: set[int], uid: int) -> None:
    """Without an IPC namespace: remove the segments the learner's tree made and left (created since it
    started, by its uid, attached to nothing, their creator gone)."""
    libc = confine.libc
    for shmid, row in _shm_segments().items():
        if shmid in before or row["cuid"] != uid or row["nattch"]:
            continue
        try:
            os.kill(row["cpid"], 0)
            continue  # its creator still runs: not a leftover of ours
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        libc.shmctl(shmid, 0, None)  # IPC_RMID


def _kill_descendants() -> None:
    """Kill every process descended from this guardian (a subreaper: orphans of its tree come to it)."""
    me = str(os.getpid())
    for _ in range(100):
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if fields[1] == me:
                    found.append(int(entry))
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in found:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _kill_uid(uid: int) -> None:
    """Kill every process of ``uid``: a learner's own uid, that nothing else runs as (identity.is_learner_id)."""
    if not identity.is_learner_id(uid):
        raise ValueError(f"refusing to kill every process of uid {uid}")
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _preload(modules) -> ZygoteReady:
    loaded, failed = [], []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as exc:  # noqa: BLE001 - reported, the worker will say more
            failed.append((name, f"{type(exc).__name__}: {exc}"))
    return ZygoteReady(tuple(loaded), tuple(failed))


def serve(control_fd: int, preload: Sequence[str]) -> None:
    control = socket.socket(fileno=control_fd)
    confine.libc.prctl(confine.PR_SET_PDEATHSIG, signal.SIGTERM)
    children: dict[int, tuple[int, bool]] = {}  # guardian pid -> (init pid, pgroup)
    statuses: dict[int, ExitStatus] = {}

    def shutdown(_signum=None, _frame=None):
        for guardian, (init_pid, group) in children.items():
            _kill_tree(init_pid, group)
            _kill_tree(guardian, False)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ready = _preload(preload)
    importlib.import_module("grader.sandbox.worker")
    _send(control, ready.to_plain())

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
            message, fds = _recv(control)
            request = parse_to_zygote(message)
        except (EOFError, ConnectionError, plaindata.MalformedData, ProtocolError):
            shutdown()
        if isinstance(request, SpawnRequest):
            report_r, report_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(report_r)
                try:
                    _guardian(control, request, fds, report_w)
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
                _send(control, SpawnFailed(pid, statuses.get(pid)).to_plain())
                continue
            report = SpawnReport.from_plain(plaindata.decode(raw))
            children[pid] = (report.init_pid, report.pgroup)
            _send(control, report.to_plain())
        elif isinstance(request, WaitRequest):
            deadline = time.monotonic() + request.timeout
            while True:
                reap()
                if request.pid in statuses or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            _send(control, WaitAnswer(statuses.pop(request.pid, None)).to_plain())
        elif isinstance(request, PreloadRequest):
            reap()
            _send(control, _preload(request.modules).to_plain())
        elif isinstance(request, CloseRequest):
            shutdown()


# ----------------------------------------------------------------- grader side


class Zygote:
    """The grader's handle on a running fork server."""

    def __init__(self, preload: Sequence[str] = (), startup_timeout: float = 180.0) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._log = tempfile.TemporaryFile()
        self._home = tempfile.mkdtemp(prefix="grader-zygote-home-")
        env = zygote_environment(os.environ, self._home)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(Path(__file__).resolve().parents[2]), str(theirs.fileno()),
                 *preload], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=self._log, env=env, close_fds=True,
            )
        except OSError:
            shutil.rmtree(self._home, ignore_errors=True)
            raise
        theirs.close()
        self._sock = ours
        try:
            ready = self._request(None, startup_timeout)
            if not isinstance(ready, ZygoteReady):
                raise ZygoteError("unexpected answer from the fork server")
        except ZygoteError:
            self.close()
            raise
        self.preloaded: list[str] = list(ready.preloaded)
        self.preload_failures = dict(ready.failed)

    def _request(self, message: Any, timeout: float, fds: Sequence[int] = ()):
        try:
            if message is not None:
                _send(self._sock, message.to_plain(), fds)
            ready, _, _ = select.select([self._sock], [], [], timeout)
            if not ready:
                raise ZygoteError(f"the fork server did not answer within {timeout:.0f} s")
            answer, extra = _recv(self._sock)
            parsed = parse_from_zygote(answer)
        except (EOFError, OSError, plaindata.MalformedData, ProtocolError) as exc:
            raise ZygoteError(f"the fork server stopped: {exc}; {self.log_tail()}") from None
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
            raise ZygoteError(f"could not start a worker (status {status})")
        return answer

    def preload(self, modules: Sequence[str], timeout: float = 180.0) -> None:
        """Import ``modules`` in the fork server now, so later workers start with them."""
        wanted = [m for m in modules if m in PRELOADABLE and m not in self.preloaded
                  and m not in self.preload_failures]
        if not wanted:
            return
        answer = self._request(PreloadRequest(tuple(wanted)), timeout)
        if isinstance(answer, ZygoteReady):
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
                _send(self._sock, CloseRequest().to_plain())
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._sock.close()
        self._log.close()
        shutil.rmtree(self._home, ignore_errors=True)

    def __enter__(self) -> "Zygote":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


