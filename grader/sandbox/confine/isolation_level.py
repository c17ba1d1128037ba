"""Which isolation level a worker gets: new namespaces where the kernel allows them, else Landlock's
allow-list, else limits only (the levels are described in :mod:`grader.sandbox.confine`).

Runs in the guardian before it forks the confined child; the level it returns says what the child
does next (:func:`grader.sandbox.confine.confine_child`) and what the report says.
"""

from __future__ import annotations

import os

from grader.sandbox.confine import filesystem, identity, landlock
from grader.sandbox.confine.process import setgroups_denied
from grader.sandbox.confine.spec import UID_BASE, Level, SandboxSpec
from grader.sandbox.confine.syscalls import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS,
                                             errno_text, unshare)


def _without_namespaces(level: Level, spec: SandboxSpec, why: str) -> Level:
    """No namespaces: Landlock's allow-list where the kernel has it, else limits only."""
    level.notes.append(why)
    if landlock.abi():
        level.name = "landlock"
        allowed = filesystem.allowed_paths(spec, list(spec.forbidden))
        if level.root and level.uid != 0 and not filesystem.readable_by_others(allowed):
            level.uid = level.gid = 0  # the Python runtime is not readable by another uid: root, with no capability
            level.notes.append("the learner keeps uid 0 without any capability (the Python runtime is readable "
                               "by root only)")
        if level.root and level.uid == 0:
            if not filesystem.reachable_by_root_without_capabilities(allowed):
                # A folder of another owner on the way (a checkout under a user's 0700 home): reading
                # past permission bits, still only inside Landlock's allow-list (open_by_handle_at too).
                level.read_search = True
                level.notes.append("it keeps CAP_DAC_READ_SEARCH to reach the runtime through a folder of "
                                   "another owner; Landlock still allows only the runtime and its scratch")
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
        learner = identity.learner_id(os.getpid())
        if learner is None:  # a user namespace that maps root alone (unshare --map-root-user, rootless containers)
            level.uid = level.gid = 0
            level.notes.append("the learner keeps uid 0 without any capability (this user namespace maps no "
                               "other id)")
        else:
            level.uid = level.gid = learner
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
