"""The confined child's identity, limits and environment, set just before learner code runs."""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal

from grader.sandbox.confine.syscalls import (KEYCTL_GET_KEYRING_ID, KEYCTL_GET_PERSISTENT, KEYCTL_INVALIDATE, KEYCTL_JOIN_SESSION_KEYRING,
                                             KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING,
                                             KEY_SPEC_USER_SESSION_KEYRING, KEY_CALLS, PR_SET_NO_NEW_PRIVS,
                                             PR_SET_PDEATHSIG, IPC_CALLS, errno_text, keyctl, libc, seccomp_deny)
from grader.sandbox.confine.spec import HOME, Level, SandboxSpec

KEPT_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONHASHSEED", "TF_CPP_MIN_LOG_LEVEL",
            "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "KERAS_BACKEND", "TF_ENABLE_ONEDNN_OPTS",
            "ONEDNN_MAX_CPU_ISA")


CAP_DAC_READ_SEARCH = 2


def drop_capabilities(keep: int = 0) -> None:
    """Every capability gone but the bits of ``keep`` (effective and permitted, never inheritable)."""
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)
    data = (Data * 2)()
    data[0].effective = data[0].permitted = keep & 0xFFFFFFFF
    data[1].effective = data[1].permitted = keep >> 32
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), f"capset: {errno_text()}")


PR_CAPBSET_DROP, PR_SET_SECUREBITS = 24, 28
_SECURE_NOROOT_LOCKED = 0x3F  # noroot, no_setuid_fixup, keep_caps_locked and their locks


def _drop_every_capability_for_good(keep: int = 0) -> None:
    """uid 0 with nothing (but ``keep``): a bounding set of ``keep`` only, no other capability, and no
    regaining them by exec (a program it starts has none at all)."""
    for cap in range(64):
        if not keep >> cap & 1:
            libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    libc.prctl(PR_SET_SECUREBITS, _SECURE_NOROOT_LOCKED, 0, 0, 0)
    drop_capabilities(keep)


def setgroups_denied() -> bool:
    """True in a user namespace that denies setgroups (a rootless container, ``unshare -r``)."""
    try:
        with open("/proc/self/setgroups") as f:
            return f.read().strip() == "deny"
    except OSError:
        return False


def _drop_supplementary_groups() -> None:
    """No supplementary group; where the user namespace denies setgroups nobody in it can change
    them, so they are kept (the guardian's isolation notes say so)."""
    try:
        os.setgroups([])
    except PermissionError:
        if not setgroups_denied():
            raise


def become_learner(level: Level) -> None:
    """No controlling terminal, no way back to privilege: a session of its own, the learner's uid."""
    os.setsid()
    if level.root and level.uid == 0:
        _drop_supplementary_groups()
        _drop_every_capability_for_good(1 << CAP_DAC_READ_SEARCH if level.read_search else 0)
    elif level.root:
        os.setgroups([])
        os.setresgid(level.gid, level.gid, level.gid)
        os.setresuid(level.uid, level.uid, level.uid)
    elif level.namespaces:
        drop_capabilities()
    own_session_keyring()
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    deny_shared_calls(level)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def own_session_keyring() -> None:
    """A fresh, empty session keyring in place of the one inherited from ``grade`` (a login's, which
    its processes *possess*: they read and add keys whatever their uid, and the next learner would
    inherit the same one).  Where keyrings are refused (no call, a seccomp filter) learner code has
    none either."""
    if keyctl(KEYCTL_JOIN_SESSION_KEYRING, None) < 0 and ctypes.get_errno() not in (errno.ENOSYS, errno.EPERM):
        raise OSError(ctypes.get_errno(), f"a session keyring of its own: {errno_text()}")


def deny_shared_calls(level: Level) -> None:
    """System calls that reach what no namespace of the learner's holds fail with ``ENOSYS`` (a seccomp
    filter that holds for everything learner code starts): the keyrings always (``add_key``,
    ``request_key``, ``keyctl``: a uid's user keyrings are reachable by that uid whatever namespace it
    is in, and where the learner keeps uid 0, ``landlock`` with a runtime readable by root only, they
    are root's), and where it has no IPC namespace (``landlock``, ``none``) System V shared memory,
    semaphores and message queues and POSIX message queues, which concurrent learners of a batch
    would share (and a queue outlives its creator: Landlock refuses opening it only once it exists).  Where the
    kernel has no seccomp filters (``EINVAL``) the fresh session keyring, the guardian's
    :func:`forget_keyrings` and its removal of leftover segments remain."""
    calls = {arch: numbers + (IPC_CALLS.get(arch, ()) if not level.namespaces else ())
             for arch, numbers in KEY_CALLS.items()}
    try:
        seccomp_deny(calls, errno.ENOSYS)
    except OSError as exc:
        if exc.errno != errno.EINVAL:
            raise


def forget_keyrings(uid: int) -> None:
    """Invalidate what the kernel keeps of ``uid``'s keys after its processes end (its user, user session
    and persistent keyrings, with every key only they hold), so the next learner given that uid finds
    none.  Switches this process to ``uid`` for good: the last thing a guardian does before it exits;
    never raises (a step that fails leaves the rest undone)."""
    try:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    except OSError:
        return
    if keyctl(KEYCTL_JOIN_SESSION_KEYRING, None) < 0:  # never link the learner's keys into ours
        return
    # Serial numbers first: once one of the two user keyrings is invalidated, the kernel resolves
    # neither special id (it looks both up at once).
    rings = [keyctl(KEYCTL_GET_KEYRING_ID, ring, 0) for ring in (KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING)]
    rings.append(keyctl(KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_SESSION_KEYRING))
    for ring in rings:
        if ring > 0:
            keyctl(KEYCTL_INVALIDATE, ring)


def set_limits(spec: SandboxSpec, level: Level) -> None:
    def limit(kind: int, value: int) -> None:
        _soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    if spec.memory_bytes:
        limit(resource.RLIMIT_AS, int(spec.memory_bytes))
    limit(resource.RLIMIT_FSIZE, int(spec.file_size_bytes))
    limit(resource.RLIMIT_CORE, 0)
    if level.root:  # the learner's own uid: the count is this tree's alone (as a user it would be all of theirs)
        limit(resource.RLIMIT_NPROC, int(spec.max_processes))
    limit(resource.RLIMIT_MEMLOCK, 0)


def set_environment(spec: SandboxSpec, home: str) -> None:
    for name in list(os.environ):
        if name not in KEPT_ENV:
            del os.environ[name]
    tmp = "/tmp" if home == HOME else os.path.join(home, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    os.environ.update({"HOME": home, "TMPDIR": tmp, "MPLCONFIGDIR": os.path.join(tmp, "matplotlib"),
                       "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1",
                       "KERAS_HOME": os.path.join(home, ".keras")})
    os.environ.update(dict(spec.env))
