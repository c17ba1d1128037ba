"""The confined child's file system: a new root that holds only what an allow-list grants.

Built in the child's own mount namespace, before any learner code runs, on an
empty tmpfs: the system's programs and shared libraries (``/usr``, ``/lib``...),
a few files of ``/etc``, the Python runtime and every library folder on
``sys.path`` except the course checkout, the ``readable`` folders of the spec,
all read-only; a minimal ``/dev`` (null, zero, full, random, urandom: no
terminal), a private ``/proc`` (its PID namespace's, ``hidepid=2``), and private size-limited tmpfs folders for the
scratch (``/home/learner``), ``/tmp`` and ``/dev/shm``.  Then ``pivot_root``
and the old root is detached, so nothing else of the host can be reached.
Files to grade are copied into the scratch here, by the still privileged
child, into a folder no learner process has seen yet.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Callable

from grader.sandbox.confine.syscalls import CLONE_NEWNS, errno_text, libc, pivot_root, unshare
from grader.sandbox.confine.spec import HOME, Level, SandboxSpec

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
_KEPT_FLAGS = {1024: 1024, 2048: 2048, 4096: 1 << 21, 8: MS_NOEXEC}  # statvfs f_flag -> mount flag
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "alternatives",
       "mime.types", "os-release", "hosts")
DEVICES = ("null", "zero", "full", "random", "urandom")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    if libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {errno_text()}")


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    result: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(_under(p, q) for q in result):
            result.append(p)
    return result


def allowed_paths(spec: SandboxSpec, forbidden: list[str]) -> list[str]:
    """The host folders bound read-only: the Python runtime, its libraries, ``spec.readable``.

    A folder that holds a ``forbidden`` one (the course checkout, its solutions) is never bound
    whole; the ``readable`` folders inside it (the grader package) are bound on their own.
    """
    exe_dir = os.path.dirname(os.path.realpath(sys.executable))
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, exe_dir] + [p for p in sys.path if p]
    real = [os.path.realpath(p) for p in candidates if os.path.isdir(p)]
    forbidden = [os.path.realpath(f) for f in forbidden]
    kept = [p for p in real if not any(_under(f, p) for f in forbidden)]
    kept += [os.path.realpath(p) for p in spec.readable if os.path.isdir(p)]
    return _outermost([p for p in kept if not any(_under(p, s) for s in SYSTEM)])


def without_hidden(paths: list[str], hidden: list[str]) -> list[str]:
    """``paths`` with every ``hidden`` folder cut out, for an allow-list that cannot subtract
    (Landlock): a path holding a hidden folder is replaced by its entries, all but the hidden one."""
    hidden = [os.path.realpath(h) for h in hidden]
    result: list[str] = []
    for path in paths:
        if any(_under(path, h) for h in hidden):
            continue
        if not any(_under(h, path) for h in hidden):
            result.append(path)
            continue
        try:
            entries = sorted(os.listdir(path))
        except OSError:
            continue
        result += without_hidden([os.path.join(path, e) for e in entries], hidden)
    return result


def holding_hidden(paths: list[str], hidden: list[str]) -> list[str]:
    """The folders :func:`without_hidden` splits: each folder of ``paths``, and each below it, on
    the way to a ``hidden`` one.  They may be listed (Python's importer lists a package's folder to
    find a module in it), though not read whole."""
    hidden = [os.path.realpath(h) for h in hidden]
    result: list[str] = []
    for path in paths:
        for h in hidden:
            if h != path and _under(h, path):
                current = path
                result.append(current)
                for part in os.path.relpath(os.path.dirname(h), path).split("/"):
                    if part and part != ".":
                        current = os.path.join(current, part)
                        result.append(current)
    return sorted(set(result))


def _reachable(paths: list[str], permission: Callable[[os.stat_result], int]) -> bool:
    """True when, by the permission bits ``permission`` picks out of each stat (rwx as 0o7), every
    folder on the way to each of ``paths`` can be traversed and each path itself read."""
    for path in paths:
        current = "/"
        for part in [p for p in path.split("/") if p]:
            current = os.path.join(current, part)
            try:
                bits = permission(os.stat(current)) & 0o7
            except OSError:
                return False
            if not bits & 0o1 or (current == path and not bits & 0o4):
                return False
    return True


def readable_by_others(paths: list[str]) -> bool:
    """True when a uid of no group could traverse to and read every one of ``paths``."""
    return _reachable(paths, lambda st: st.st_mode)


def reachable_by_root_without_capabilities(paths: list[str]) -> bool:
    """True when uid 0 with no capability, by the permission bits alone, could traverse to and read
    every one of ``paths`` (a folder of another owner with mode 0700 on the way stops it)."""
    groups = {os.getgid(), *os.getgroups()}
    return _reachable(paths, lambda st: st.st_mode >> 6 if st.st_uid == 0
                      else st.st_mode >> 3 if st.st_gid in groups else st.st_mode)


def _mkdirs(path: str) -> None:
    os.makedirs(path, mode=0o755, exist_ok=True)


def _bind(source: str, target: str, read_only: bool = True) -> None:
    """Bind ``source`` at ``target`` (a folder or a file), read-only, keeping its locked flags."""
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        kept = 0
        try:
            f_flag = os.statvfs(source).f_flag
            kept = sum(flag for bit, flag in _KEPT_FLAGS.items() if f_flag & bit)
        except OSError:
            pass
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | kept)


def _bind_path(host: str, new_root: str) -> None:
    """``host`` (a folder, a file or a symlink) at the same path under ``new_root``."""
    target = new_root + host
    if os.path.islink(host):
        _mkdirs(os.path.dirname(target))
        if not os.path.lexists(target):
            os.symlink(os.readlink(host), target)
        return
    if os.path.isdir(host):
        _mkdirs(target)
    elif os.path.isfile(host):
        _mkdirs(os.path.dirname(target))
        open(target, "a").close()
    else:
        return
    _bind(host, target)


def _tmpfs(target: str, size: int, mode: str = "0755", flags: int = MS_NOSUID | MS_NODEV) -> None:
    _mkdirs(target)
    _mount("tmpfs", target, "tmpfs", flags, f"mode={mode},size={max(size, 1 << 20)}")


def _dev(new_root: str, shm_bytes: int) -> None:
    dev = new_root + "/dev"
    _tmpfs(dev, 1 << 20, flags=MS_NOSUID)
    for name in DEVICES:
        open(f"{dev}/{name}", "a").close()
        _mount(f"/dev/{name}", f"{dev}/{name}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    _tmpfs(f"{dev}/shm", shm_bytes, mode="1777")


def _etc(new_root: str, level: Level) -> None:
    etc = new_root + "/etc"
    _mkdirs(etc)
    for name in ETC:
        _bind_path(f"/etc/{name}", new_root)
    with open(f"{etc}/passwd", "w") as f:
        f.write(f"root:x:0:0:root:/root:/usr/sbin/nologin\nlearner:x:{level.uid}:{level.gid}::{HOME}:/usr/sbin/nologin\n"
                "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    with open(f"{etc}/group", "w") as f:
        f.write(f"root:x:0:\nlearner:x:{level.gid}:\nnogroup:x:65534:\n")


def _proc(target: str) -> None:
    """The child's own ``/proc``: of its PID namespace only, and with ``hidepid=2`` (a process of
    another uid, were there one in it, is not even listed); a kernel without per-mount proc options
    (before 5.8 in a user namespace) gets the PID namespace's view alone."""
    try:
        _mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    except OSError:
        _mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _open_files(files: tuple[tuple[str, str], ...]) -> list[tuple[int, str]]:
    """Open each file to copy in (never through a symbolic link), before any mount hides it."""
    opened = []
    for source, name in files:
        if "/" in name or name in ("", ".", ".."):
            raise ValueError(f"not a file name: {name!r}")
        opened.append((os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC), name))
    return opened


def _copy_in(opened: list[tuple[int, str]], folder: str, level: Level) -> None:
    """Copy the opened files into ``folder``, owned by the learner."""
    for fd, name in opened:
        try:
            target = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o644)
            try:
                while chunk := os.read(fd, 1 << 20):
                    os.write(target, chunk)
                if level.root:
                    os.fchown(target, level.uid, level.gid)
            finally:
                os.close(target)
        finally:
            os.close(fd)


def build_root(spec: SandboxSpec, level: Level, forbidden: list[str]) -> None:
    """Make the allow-listed root and enter it (the child, still privileged, in its new namespaces).

    The new root is a tmpfs mounted, in the child's own mount namespace only, on ``spec.scratch``:
    a fresh empty folder of the grader's, so the mount hides nothing the child still needs.
    """
    opened = _open_files(spec.files)
    if not unshare(CLONE_NEWNS):
        raise OSError(ctypes.get_errno(), f"unshare(mount): {errno_text()}")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    allowed = allowed_paths(spec, forbidden)
    new_root = os.path.realpath(spec.scratch)
    _tmpfs(new_root, 8 << 20)
    _tmpfs(new_root + "/tmp", spec.scratch_bytes // 4, mode="1777")  # first: a library may live under /tmp
    for path in SYSTEM:
        _bind_path(path, new_root)
    for path in allowed:
        _bind_path(path, new_root)
    for hidden in spec.hidden:  # inside a readable folder: empty, but for readable folders within
        if os.path.isdir(hidden) and any(_under(hidden, a) for a in allowed):
            _tmpfs(new_root + hidden, 1 << 20, flags=MS_NOSUID | MS_NODEV | MS_NOEXEC)
            for inner in spec.readable:
                if _under(inner, hidden) and inner != hidden:
                    _bind_path(inner, new_root)
            _mount(None, new_root + hidden, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _etc(new_root, level)
    _dev(new_root, spec.scratch_bytes // 4)
    _mkdirs(new_root + "/proc")
    _proc(new_root + "/proc")
    home = new_root + HOME
    _tmpfs(home, spec.scratch_bytes, mode="0700")
    _copy_in(opened, home, level)
    if level.root:
        os.chown(home, level.uid, level.gid)
        os.chown(new_root + "/tmp", 0, 0)
    os.chdir(new_root)
    old = new_root + "/.old-root"
    _mkdirs(old)
    if pivot_root(new_root, old):
        os.chdir("/")
        if libc.umount2(b"/.old-root", MNT_DETACH) != 0:
            raise OSError(ctypes.get_errno(), f"umount the old root: {errno_text()}")
        os.rmdir("/.old-root")
    else:  # a machine whose pivot_root number is unknown: chroot (the learner holds no capability)
        os.chroot(new_root)
        os.chdir("/")
    _mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(HOME)


def host_scratch(spec: SandboxSpec, level: Level) -> str:
    """Without namespaces: a fresh folder of the host, owned by the learner from its creation."""
    folder = os.path.join(spec.scratch, f"session-{os.getpid()}")
    os.mkdir(folder, 0o700)
    if level.root:
        os.chown(folder, level.uid, level.gid)
    _copy_in(_open_files(spec.files), folder, level)
    return folder
