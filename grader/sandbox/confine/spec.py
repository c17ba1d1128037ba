"""How to confine one worker (:class:`SandboxSpec`, chosen by the grader) and how it was (:class:`Level`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.results import Isolation

#: A learner's process runs as this uid plus its guardian's pid (root level): one uid per process
#: tree, so process limits and signals never reach a classmate graded at the same time.
UID_BASE = 1_000_000_000
HOME = "/home/learner"  # the learner's private scratch folder, its working directory


@dataclass(frozen=True)
class SandboxSpec:
    """How to confine one worker process; crosses to the fork server as plain data.

    ``confine=False`` is for trusted code (the reference solution): it runs in ``scratch``
    with no limits.  Otherwise the process sees only what an allow-list grants: the Python
    runtime and its libraries, the system's shared libraries, ``readable`` folders (read-only,
    at their own paths; ``hidden`` folders inside them are empty unless a ``readable`` path
    lies inside), and a private scratch folder holding copies of ``files``.
    """

    scratch: str  # a fresh host folder: the working directory where namespaces are not available
    confine: bool = True
    files: tuple[tuple[str, str], ...] = ()  # (host path, name in the scratch folder), copied in
    readable: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()  # never bound, nor any folder holding one (the course checkout)
    memory_bytes: int | None = 4 << 30  # per process (address space) and, with cgroups, for the whole tree
    scratch_bytes: int = 512 << 20  # the private scratch folder's size; /tmp and /dev/shm get a quarter
    file_size_bytes: int = 64 << 20
    max_processes: int = 512  # processes and threads of the whole tree
    namespaces: bool = True  # False: limits only (GRADER_NAMESPACES=0)
    env: tuple[tuple[str, str], ...] = ()

    def to_plain(self) -> dict:
        return {"scratch": self.scratch, "confine": self.confine, "files": [list(f) for f in self.files],
                "readable": list(self.readable), "hidden": list(self.hidden),
                "forbidden": list(self.forbidden), "memory_bytes": self.memory_bytes,
                "scratch_bytes": self.scratch_bytes, "file_size_bytes": self.file_size_bytes,
                "max_processes": self.max_processes, "namespaces": self.namespaces,
                "env": [list(pair) for pair in self.env]}

    @classmethod
    def from_plain(cls, data: dict) -> "SandboxSpec":
        return cls(scratch=str(data["scratch"]), confine=bool(data["confine"]),
                   files=tuple((str(a), str(b)) for a, b in data["files"]),
                   readable=tuple(map(str, data["readable"])), hidden=tuple(map(str, data["hidden"])),
                   forbidden=tuple(map(str, data["forbidden"])),
                   memory_bytes=None if data["memory_bytes"] is None else int(data["memory_bytes"]),
                   scratch_bytes=int(data["scratch_bytes"]), file_size_bytes=int(data["file_size_bytes"]),
                   max_processes=int(data["max_processes"]), namespaces=bool(data["namespaces"]),
                   env=tuple((str(k), str(v)) for k, v in data["env"]))


@dataclass
class Level:
    """What the OS allowed for one worker (see SECURITY.md)."""

    name: str = "none"  # "full", "user-namespace", "landlock" or "none"
    namespaces: bool = False
    root: bool = False  # the guardian runs as root: the learner gets a uid of its own
    uid: int = -1  # the learner's uid
    gid: int = -1
    cgroup: bool = False  # memory and process limits hold for the whole process tree
    read_search: bool = False  # a uid-0 learner keeps CAP_DAC_READ_SEARCH (under Landlock only)
    notes: list[str] = field(default_factory=list)

    def isolation(self) -> Isolation:
        return Isolation(level=self.name, network=self.namespaces, solutions_hidden=self.name != "none",
                         unprivileged=self.uid != 0, notes=tuple(self.notes))
