"""What a learner's process may see and do.

Runs in the forked child, before any learner code.  Three levels, the best the
OS allows (the report says which one applied):

- ``full`` (root): new PID, mount and network namespaces; the process is init
  of its own PID namespace, so everything it starts dies with it; it runs as
  ``nobody``; hidden paths are covered by empty read-only tmpfs; ``/tmp`` is
  private; directories ``nobody`` could not traverse (such as ``/root``) are
  replaced by a view holding only what Python needs.
- ``user-namespace`` (unprivileged, where user namespaces are allowed): the
  same namespaces inside a user namespace; the learner keeps the caller's uid
  but loses every capability, hidden paths are covered and protected paths are
  mounted read-only.
- ``none``: a process group of its own and resource limits only.

Every level: a scratch working directory, resource limits (address space,
file size, no core dumps) and a cleaned environment.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass, field

from grader.results import Isolation

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG = 1
NOBODY = 65534

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class SandboxSpec:
    """How to confine one worker process; crosses to the zygote as plain data."""

    scratch: str
    confine: bool = True
    memory_bytes: int | None = 4 << 30
    hidden: tuple[str, ...] = ()
    read_only: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()  # paths the process needs to read (the course, the grader)
    namespaces: bool = True  # False: limits only (GRADER_NAMESPACES=0, or where unshare is refused)
    env: tuple[tuple[str, str], ...] = ()
    file_size_bytes: int = 512 << 20
    max_processes: int = 1024

    def to_plain(self) -> dict:
        return {
            "scratch": self.scratch,
            "confine": self.confine,
            "memory_bytes": self.memory_bytes,
            "hidden": list(self.hidden),
            "read_only": list(self.read_only),
            "keep": list(self.keep),
            "env": [list(pair) for pair in self.env],
            "file_size_bytes": self.file_size_bytes,
            "max_processes": self.max_processes,
            "namespaces": self.namespaces,
        }

    @classmethod
    def from_plain(cls, data: dict) -> "SandboxSpec":
        return cls(
            scratch=data["scratch"],
            confine=bool(data["confine"]),
            memory_bytes=data["memory_bytes"],
            hidden=tuple(data["hidden"]),
            read_only=tuple(data["read_only"]),
            keep=tuple(data["keep"]),
            env=tuple((str(k), str(v)) for k, v in data["env"]),
            file_size_bytes=int(data["file_size_bytes"]),
            max_processes=int(data["max_processes"]),
            namespaces=bool(data["namespaces"]),
        )


@dataclass
class Level:
    name: str = "none"
    namespaces: bool = False
    root: bool = False
    notes: list[str] = field(default_factory=list)

    def isolation(self, spec: SandboxSpec) -> Isolation:
        return Isolation(
            level=self.name,
            network=self.namespaces,
            solutions_hidden=self.namespaces and bool(spec.hidden),
            unprivileged=self.name == "full",
            notes=tuple(self.notes),
        )


def _errno_text() -> str:
    return os.strerror(ctypes.get_errno())


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None):
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {_errno_text()}")


def enter_namespaces(spec: SandboxSpec) -> Level:
    """Called in the guardian process before it forks the confined child."""
    level = Level()
    if not spec.confine:
        return level
    if not spec.namespaces:
        level.notes.append("namespaces turned off (GRADER_NAMESPACES=0)")
        return level
    if os.geteuid() == 0:
        if _libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) == 0:
            return Level("full", namespaces=True, root=True)
        level.notes.append(f"namespaces unavailable as root: {_errno_text()}")
        return level
    uid, gid = os.getuid(), os.getgid()
    if _libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) != 0:
        level.notes.append(f"user namespaces unavailable: {_errno_text()}")
        return level
    try:
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
    except OSError as exc:
        level.notes.append(f"user namespace maps failed: {exc}")
        return Level("none", notes=level.notes)
    return Level("user-namespace", namespaces=True)


def _realdirs(paths) -> list[str]:
    out = []
    for p in paths:
        if p and os.path.isdir(p):
            out.append(os.path.realpath(p))
    return out


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    result: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in result):
            result.append(p)
    return result


def _under(path: str, root: str) -> bool:
    return path.startswith(root.rstrip("/") + "/")


def _cover(path: str, keep: list[str], read_only: bool = False) -> None:
    """Mount an empty tmpfs on ``path``, then bind the ``keep`` paths back inside it."""
    fds = [(k, os.open(k, os.O_PATH | os.O_DIRECTORY)) for k in keep]
    _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for k, fd in fds:
        os.makedirs(k, mode=0o755, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", k, None, MS_BIND | MS_REC)
        os.close(fd)
    if read_only:
        _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _bind_read_only(path: str) -> None:
    _mount(path, path, None, MS_BIND | MS_REC)
    _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def _needed_paths(spec: SandboxSpec) -> list[str]:
    exe_dir = os.path.dirname(os.path.realpath(sys.executable))
    paths = [spec.scratch, sys.prefix, sys.base_prefix, sys.exec_prefix, exe_dir]
    paths += list(spec.keep) + [p for p in sys.path if p]
    return _outermost(_realdirs(paths))


def _blocked_ancestor(path: str) -> str | None:
    """The outermost directory on ``path`` that ``nobody`` cannot traverse."""
    current = "/"
    for part in path.strip("/").split("/"):
        current = os.path.join(current, part)
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return None
        if not mode & 0o001:
            return current
    return None


def _setup_filesystem(spec: SandboxSpec, level: Level) -> None:
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    needed = _needed_paths(spec)
    for private in ("/tmp", "/dev/shm", "/var/tmp"):
        if os.path.isdir(private) and not os.path.islink(private):
            _cover(private, [p for p in needed if _under(p, private)])
    if level.root:
        blocked: dict[str, list[str]] = {}
        for p in needed:
            ancestor = _blocked_ancestor(p)
            if ancestor and ancestor != p:
                blocked.setdefault(ancestor, []).append(p)
        for ancestor in _outermost(list(blocked)):
            _cover(ancestor, [p for p in needed if _under(p, ancestor)])
    for p in _realdirs(spec.read_only):
        if not _under(os.path.realpath(spec.scratch), p):
            _bind_read_only(p)
    for p in _realdirs(spec.hidden):
        _cover(p, [], read_only=True)


def _chown_tree(path: str, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


def _drop_capabilities() -> None:
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)
    data = (Data * 2)()
    if _libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), f"capset: {_errno_text()}")


def _set_limits(spec: SandboxSpec) -> None:
    def limit(kind: int, value: int) -> None:
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    if spec.memory_bytes:
        limit(resource.RLIMIT_AS, int(spec.memory_bytes))
    limit(resource.RLIMIT_FSIZE, int(spec.file_size_bytes))
    limit(resource.RLIMIT_CORE, 0)
    if os.geteuid() != 0:
        limit(resource.RLIMIT_NPROC, int(spec.max_processes))


def _environment(spec: SandboxSpec) -> None:
    keep = {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONHASHSEED", "TF_CPP_MIN_LOG_LEVEL",
            "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "KERAS_BACKEND"}
    for name in list(os.environ):
        if name not in keep:
            del os.environ[name]
    tmp = os.path.join(spec.scratch, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    os.environ.update({"HOME": spec.scratch, "TMPDIR": tmp, "MPLCONFIGDIR": tmp,
                       "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"})
    os.environ.update(dict(spec.env))


def confine_child(spec: SandboxSpec, level: Level) -> None:
    """Called in the child (init of the new namespaces) before any learner code."""
    if level.namespaces:
        _setup_filesystem(spec, level)
    else:
        os.setsid()  # a process group of its own, killed as a whole
    _environment(spec)
    os.chdir(spec.scratch)
    if level.root:
        _chown_tree(spec.scratch, NOBODY, NOBODY)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    elif level.namespaces:
        _drop_capabilities()
    if spec.confine:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        _set_limits(spec)
