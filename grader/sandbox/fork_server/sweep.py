"""Clean-up sweeps of a guardian whose learner tree has no PID or IPC namespace of its own: what the
kernel would otherwise end with the namespace (the process group, every descendant, every process of
the learner's uid, the shared memory segments it left)."""

from __future__ import annotations

import os
import signal

from grader.sandbox import confine
from grader.sandbox.confine import identity


def kill_tree(pid: int, group: bool) -> None:
    for target, kill in ((pid, os.killpg if group else None), (pid, os.kill)):
        if kill is None:
            continue
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def shm_segments() -> dict[int, dict[str, int]]:
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


def remove_new_shm(before: set[int], uid: int) -> None:
    """Without an IPC namespace: remove the segments the learner's tree made and left (created since it
    started, by its uid, attached to nothing, their creator gone)."""
    libc = confine.libc
    for shmid, row in shm_segments().items():
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


def kill_descendants() -> None:
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


def kill_uid(uid: int) -> None:
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
