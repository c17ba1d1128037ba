"""Entering new namespaces, and the system calls ctypes needs for that."""

from __future__ import annotations

import ctypes
import os
import platform

from grader.sandbox.confine.spec import UID_BASE, Level, SandboxSpec

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38

libc = ctypes.CDLL(None, use_errno=True)
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "ppc64le": 203, "s390x": 217, "riscv64": 41}


def errno_text() -> str:
    return os.strerror(ctypes.get_errno())


def unshare(flags: int) -> bool:
    return libc.unshare(flags) == 0


def pivot_root(new_root: str, put_old: str) -> bool:
    """``pivot_root(2)``; False where this machine's call number is not known (then chroot is used)."""
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        return False
    if libc.syscall(number, new_root.encode(), put_old.encode()) != 0:
        raise OSError(ctypes.get_errno(), f"pivot_root: {errno_text()}")
    return True


def _without_namespaces(level: Level, spec: SandboxSpec, why: str) -> Level:
    """No namespaces: Landlock's allow-list where the kernel has it, else limits only."""
    from grader.sandbox.confine import filesystem, landlock

    level.notes.append(why)
    if landlock.abi():
        level.name = "landlock"
        allowed = filesystem.allowed_paths(spec, list(spec.forbidden))
        if level.root and not filesystem.readable_by_others(allowed):
            level.uid = level.gid = 0  # the Python runtime is not readable by another uid: root, with no capability
            level.notes.append("the learner keeps uid 0 without any capability (the Python runtime is readable "
                               "by root only)")
            if not filesystem.reachable_by_root_without_capabilities(allowed):
                # A folder of another owner on the way (a checkout under a user's 0700 home): reading
                # past permission bits, still only inside Landlock's allow-list (open_by_handle_at too).
                level.read_search = True
                level.notes.append("it keeps CAP_DAC_READ_SEARCH to reach the runtime through a folder of "
                                   "another owner; Landlock still allows only the runtime and its scratch")
            from grader.sandbox.confine.process import setgroups_denied
            if setgroups_denied():
                level.notes.append("supplementary groups kept: this user namespace denies setgroups")
    return level


def enter_namespaces(spec: SandboxSpec) -> Level:
    """Called in the guardian before it forks the confined child (which makes its own mount namespace).

    New PID (the child is init: everything it starts dies with it), network (no network), IPC (no
    shared memory segment outlives it) and UTS namespaces; as a user that is not root, inside a new
    user namespace.
    """
    root = os.geteuid() == 0
    level = Level(root=root, uid=os.getuid(), gid=os.getgid())
    if root:  # an id of the learner's own (grader/sandbox/confine/identity.py)
        from grader.sandbox.confine import identity

        learner = identity.learner_id(os.getpid())
        level.uid = level.gid = learner if learner is not None else UID_BASE + os.getpid()
        if learner is not None and learner < UID_BASE:
            level.notes.append(f"learner uid {learner}: this user namespace maps only a range of ids")
    if not spec.confine:
        return level
    if not spec.namespaces:
        return _without_namespaces(level, spec, "namespaces turned off (GRADER_NAMESPACES=0)")
    flags = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    if root:
        if unshare(flags):
            level.name, level.namespaces = "full", True
            return level
        return _without_namespaces(level, spec, f"namespaces unavailable as root: {errno_text()}")
    uid, gid = os.getuid(), os.getgid()
    if not unshare(CLONE_NEWUSER | flags):
        return _without_namespaces(level, spec, f"user namespaces unavailable: {errno_text()}")
    try:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    except OSError as exc:
        return _without_namespaces(level, spec, f"user namespace maps failed: {exc}")
    level.name, level.namespaces = "user-namespace", True
    return level
