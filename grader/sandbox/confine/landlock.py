"""Landlock: the allow-list of files, without namespaces (Linux 5.13 and later, any user).

Where namespaces are not available (a container that refuses them, ``GRADER_NAMESPACES=0``) the
learner's process restricts itself, before its code runs, to reading the Python runtime, its
libraries, the system's, the grader package and, of the host's ``/proc``, its own entry and the
machine's files, and to writing only its own scratch folder.
From ABI 4 on, TCP connections are refused too; from ABI 6 on, it can signal no process outside
its own tree and reach no abstract Unix socket outside it.  Each restriction holds for every
process it starts, and cannot be undone.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence

from grader.sandbox.confine.syscalls import libc

_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446  # the same call numbers on every architecture
_PATH_BENEATH = 1
_VERSION = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_CHANGES = sum(1 << bit for bit in range(4, 13))  # remove, make char/dir/reg/sock/fifo/block/sym
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1
READ = EXECUTE | READ_FILE | READ_DIR
#: Files of the host's ``/proc`` about the machine rather than a process, readable at this level
#: (the numeric libraries read the CPUs and memory); of the processes, only the learner's own.
PROC_MACHINE = ("cpuinfo", "meminfo", "stat", "loadavg", "uptime", "version", "filesystems", "sys", "cgroups",
                "swaps", "pressure")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi() -> int:
    """Landlock's ABI version here, 0 where there is none."""
    version = libc.syscall(_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    return max(int(version), 0)


def _fs_access(version: int) -> int:
    access = READ | WRITE_FILE | _CHANGES
    if version >= 2:
        access |= REFER
    if version >= 3:
        access |= TRUNCATE
    if version >= 5:
        access |= IOCTL_DEV
    return access


def own_proc() -> list[str]:
    """The ``/proc`` paths this process may read under Landlock: its own ``/proc/PID`` (so
    ``/proc/self`` and its threads) and :data:`PROC_MACHINE`; no other process's entry, so neither
    ``grade``'s command line nor a classmate's.

    A rule holds for the inode the path had when it was added, and procfs makes a new inode when
    a forgotten ``/proc/PID`` is looked up again: the folder is kept open (never closed) so its
    entry stays in the kernel's cache for the life of the process."""
    pid_dir = f"/proc/{os.getpid()}"
    os.open(pid_dir, os.O_PATH | os.O_DIRECTORY)  # kept open on purpose: pins the entry the rule names
    return [pid_dir, *(f"/proc/{name}" for name in PROC_MACHINE)]


def restrict(read: list[str], write: list[str], listed: Sequence[str] = ()) -> int:
    """Allow only reading ``read`` and reading and writing ``write`` (folders or files), and listing
    the folders ``listed`` (and those below them: Landlock's rules hold for a whole tree), from now
    on for this process and all it starts.  Returns the ABI used; 0 where Landlock is not available."""
    version = abi()
    if version == 0:
        return 0
    handled = _fs_access(version)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if version >= 6 else (16 if version >= 4 else 8)
    ruleset = libc.syscall(_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, access in ((read, READ), (write, handled), (listed, READ_DIR)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = access if os.path.isdir(path) else access & (READ_FILE | WRITE_FILE | EXECUTE
                                                                           | TRUNCATE | IOCTL_DEV)
                    rule = _PathBeneath(allowed & handled, fd)
                    if libc.syscall(_ADD_RULE, ruleset, _PATH_BENEATH, ctypes.byref(rule), 0) != 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule {path} failed")
                finally:
                    os.close(fd)
        if libc.syscall(_RESTRICT, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return version
