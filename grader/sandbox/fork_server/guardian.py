"""The guardian: the fork server's child for one worker, our code, never the learner's.

It enters new namespaces (:func:`grader.sandbox.confine.enter_namespaces`), makes the worker's cgroup,
forks the *confined child* that runs :func:`grader.sandbox.worker.main` (the child sets up its sandbox
while the guardian puts it in the cgroup, and waits for that before any learner code), reports both to
the fork server, then only waits: it mirrors the child's exit status and, where no namespace ends the
learner's processes with the child, sweeps them (:mod:`grader.sandbox.fork_server.sweep`).
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import traceback

from grader import plaindata
from grader.sandbox import confine
from grader.sandbox.confine import identity
from grader.sandbox.confine.process import forget_keyrings
from grader.sandbox.fork_server.sweep import kill_descendants, kill_tree, kill_uid, remove_new_shm, shm_segments
from grader.sandbox.protocol import OOM_EXIT, SETUP_EXIT, WORKER_FAULT_EXIT, ExitStatus, SpawnReport, SpawnRequest

PR_SET_CHILD_SUBREAPER = 36
_exit = os._exit  # the real one: the learner's worker replaces os._exit to report the learner's calls


def run_guardian(control: socket.socket, request: SpawnRequest, fds: list[int], report_w: int) -> None:
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
    shm_before = set(shm_segments()) if spec.confine and not level.namespaces else set()
    go_r, go_w = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(report_w)
        os.close(go_w)
        go = fcntl.fcntl(go_r, fcntl.F_DUPFD, 10)  # above the numbers the next lines set
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.dup2(channel_fd, 3)
        os.dup2(go, 4)
        os.closerange(5, 65536)
        try:  # while the guardian puts it in its cgroup (a few ms of the kernel's): our code only
            confine.confine_child(spec, level, list(spec.forbidden))
        except BaseException as exc:  # noqa: BLE001 - report and stop, never run learner code
            os.write(2, f"grader: sandbox setup failed: {exc}\n".encode())
            _exit(SETUP_EXIT)
        if os.read(4, 1) != b"x":  # in its cgroup now, before any learner code; else the guardian failed
            os.write(2, b"grader: sandbox setup failed: it was not put in its cgroup\n")
            _exit(SETUP_EXIT)
        os.close(4)
        try:
            worker.main(3, request.worker)
        except BaseException:  # noqa: BLE001 - the worker's own failure: said, never blamed on the learner
            _write_fault(traceback.format_exc())
            _exit(WORKER_FAULT_EXIT)
        _exit(0)
    for fd in fds:
        os.close(fd)
    os.close(go_r)
    try:  # the child sets up its sandbox meanwhile, and runs no learner code before this "x"
        if cgroup is not None:
            cgroup.add(child)
        os.write(go_w, b"x")
    except OSError:  # its set-up failed and it ended (it said why), or no cgroup: it ends at the EOF
        pass
    os.close(go_w)
    report = SpawnReport(os.getpid(), child, level.isolation(), pgroup=not level.namespaces)
    os.write(report_w, plaindata.encode(report.to_plain()))
    os.close(report_w)

    def finish(status: int) -> None:
        if not level.namespaces:  # no PID namespace: end the process group, every descendant, the learner's uid
            kill_tree(child, True)
            kill_descendants()
            if identity.is_learner_id(level.uid):
                kill_uid(level.uid)
            if spec.confine:
                remove_new_shm(shm_before, level.uid)
        oom = cgroup is not None and cgroup.oom_killed()
        if cgroup is not None:
            cgroup.remove()
        if identity.is_learner_id(level.uid):  # its keys, which no namespace ends (this process becomes that uid)
            forget_keyrings(level.uid)
        os._exit(OOM_EXIT if oom else status)

    def stop(_signum, _frame):
        kill_tree(child, not level.namespaces)
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


