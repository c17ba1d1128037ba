"""The system calls the confinement makes through ctypes (``unshare``, ``pivot_root``, ``keyctl``,
``prctl``'s constants, the C library itself): no policy, only the calls."""

from __future__ import annotations

import ctypes
import errno
import os
import platform

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
_KEYCTL = {"x86_64": 250, "aarch64": 219, "ppc64le": 355, "s390x": 280, "riscv64": 219}
KEYCTL_GET_KEYRING_ID = 0
KEYCTL_JOIN_SESSION_KEYRING = 1
KEYCTL_INVALIDATE = 21
KEYCTL_GET_PERSISTENT = 22
KEY_SPEC_SESSION_KEYRING = -3
KEY_SPEC_USER_KEYRING = -4
KEY_SPEC_USER_SESSION_KEYRING = -5


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


def keyctl(operation: int, *args: int | None) -> int:
    """``keyctl(2)`` (integer arguments, ``None`` for NULL); -1 with errno ``ENOSYS`` where this
    machine's call number is not known."""
    number = _KEYCTL.get(platform.machine())
    if number is None:
        ctypes.set_errno(errno.ENOSYS)
        return -1
    return libc.syscall(number, ctypes.c_long(operation), *(None if a is None else ctypes.c_long(a) for a in args))
