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


PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
#: audit arch -> numbers of add_key, request_key and keyctl (x86_64's x32 calls are its numbers with
#: bit 30 set; a 64-bit process can still make i386 calls through ``int 0x80``).
KEY_CALLS = {0xC000003E: (248, 249, 250), 0x40000003: (286, 287, 288),  # x86_64, i386
             0xC00000B7: (217, 218, 219), 0x40000028: (309, 310, 311)}  # aarch64, arm
#: audit arch -> numbers of the IPC calls whose objects live in the IPC namespace (System V shared
#: memory, semaphores and message queues, i386's ``ipc`` multiplexer; POSIX message queues), which a
#: process without an IPC namespace of its own shares with the whole machine.
IPC_CALLS = {0xC000003E: (29, 30, 31, 64, 65, 66, 67, 68, 69, 70, 71, 220, *range(240, 246)),
             0x40000003: (117, *range(277, 283), *range(393, 403), 418, 419, 420),
             0xC00000B7: (*range(180, 186), *range(186, 198), 420),
             0x40000028: (*range(274, 280), *range(298, 309), 312, 418, 419, 420)}
_NATIVE_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_BIT = 0x40000000


def seccomp_deny(calls: dict[int, tuple[int, ...]], errno_value: int) -> bool:
    """A seccomp filter (for this thread and everything it starts; ``PR_SET_NO_NEW_PRIVS`` first)
    that fails ``calls`` (audit arch -> numbers) with ``errno_value`` and allows everything else;
    False where this machine's architecture is not known (nothing installed)."""
    if platform.machine() not in _NATIVE_ARCH:
        return False

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                    ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(Filter))]

    LD, AND, JEQ, RET = 0x20, 0x54, 0x15, 0x06  # BPF_LD|W|ABS, BPF_ALU|AND|K, BPF_JMP|JEQ|K, BPF_RET|K
    DENY = "deny"  # placeholder: the errno return, the program's last instruction
    program: list[list] = [[LD, 0, 0, 4]]  # seccomp_data.arch
    for arch, numbers in calls.items():
        body = [[LD, 0, 0, 0]]  # seccomp_data.nr
        if arch == _NATIVE_ARCH["x86_64"]:
            body.append([AND, 0, 0, 0xFFFFFFFF & ~_X32_BIT])
        body += [[JEQ, DENY, 0, number] for number in numbers]
        body.append([RET, 0, 0, SECCOMP_RET_ALLOW])
        program.append([JEQ, 0, len(body), arch])  # another arch: past this body
        program += body
    program += [[RET, 0, 0, SECCOMP_RET_ALLOW], [RET, 0, 0, SECCOMP_RET_ERRNO | errno_value]]
    fixed = [Filter(code, len(program) - 2 - i if jt == DENY else jt, jf, k)
             for i, (code, jt, jf, k) in enumerate(program)]
    array = (Filter * len(fixed))(*fixed)
    prog = Program(len(fixed), array)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"seccomp: {errno_text()}")
    return True
