"""A control group per worker: memory and process limits that hold for its whole process tree.

``RLIMIT_AS`` bounds each process's address space, but memory a process does not map
for itself (a memfd, System V shared memory, tmpfs pages) and the number of processes
of a tree are only bounded by a cgroup.  Both cgroup v2 (a ``memory`` and ``pids``
controller enabled for our cgroup) and v1 (``memory`` and ``pids`` hierarchies) are
used where this process may create a child cgroup in them (as root, or where the
cgroup is delegated to the user); elsewhere the worker runs without one and the
report says so.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

_MOUNTS = "/proc/self/mountinfo"


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, fstype, super options) of every cgroup file system."""
    found = []
    try:
        with open(_MOUNTS) as f:
            for line in f:
                head, _, tail = line.partition(" - ")
                fstype, _source, options = (tail.split() + ["", ""])[:3]
                if fstype in ("cgroup", "cgroup2"):
                    found.append((head.split()[4], fstype, set(options.split(","))))
    except OSError:
        pass
    return found


def _own_paths() -> dict[str, str]:
    """Our cgroup path per v1 controller, and under '' the v2 one."""
    paths = {}
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                _id, controllers, path = line.rstrip("\n").split(":", 2)
                for name in controllers.split(",") if controllers else [""]:
                    paths[name.replace("name=", "")] = path
    except OSError:
        pass
    return paths


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _read_int(path: str, key: str | None = None) -> int:
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return 0
    if key is None:
        return int(text.strip() or 0)
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == key:
            return int(parts[1])
    return 0


@dataclass
class Cgroup:
    """The cgroup folders of one worker (one per v1 hierarchy, or one v2 folder)."""

    folders: list[str]
    version: int

    @classmethod
    def create(cls, name: str, memory_bytes: int | None, max_processes: int) -> "Cgroup | None":
        """Make the cgroup with its limits, or None where this process may not."""
        own = _own_paths()
        for point, fstype, options in _mounts():
            if fstype == "cgroup2" and "" in own:
                group = cls._v2(os.path.join(point, own[""].lstrip("/"), name), memory_bytes, max_processes)
                if group is not None:
                    return group
        folders = []
        for controller in ("memory", "pids"):
            point = next((p for p, fstype, opts in _mounts() if fstype == "cgroup" and controller in opts), None)
            if point is None or controller not in own:
                continue
            folder = os.path.join(point, own[controller].lstrip("/"), name)
            try:
                os.mkdir(folder, 0o755)
            except OSError:
                continue
            folders.append(folder)
            try:
                if controller == "memory" and memory_bytes:
                    _write(f"{folder}/memory.limit_in_bytes", str(memory_bytes))
                    if os.path.exists(f"{folder}/memory.memsw.limit_in_bytes"):
                        _write(f"{folder}/memory.memsw.limit_in_bytes", str(memory_bytes))
                if controller == "pids":
                    _write(f"{folder}/pids.max", str(max_processes))
            except OSError:
                pass
        return cls(folders, 1) if len(folders) == 2 else (cls(folders, 1).remove() or None)

    @classmethod
    def _v2(cls, folder: str, memory_bytes: int | None, max_processes: int) -> "Cgroup | None":
        try:
            os.mkdir(folder, 0o755)
        except OSError:
            return None
        group = cls([folder], 2)
        try:
            with open(f"{folder}/cgroup.controllers") as f:
                controllers = f.read().split()
            if "memory" not in controllers or "pids" not in controllers:
                raise OSError("controllers not delegated")
            if memory_bytes:
                _write(f"{folder}/memory.max", str(memory_bytes))
                if os.path.exists(f"{folder}/memory.swap.max"):
                    _write(f"{folder}/memory.swap.max", "0")
            _write(f"{folder}/pids.max", str(max_processes))
        except OSError:
            group.remove()
            return None
        return group

    def add(self, pid: int) -> None:
        for folder in self.folders:
            _write(f"{folder}/cgroup.procs", str(pid))

    def oom_killed(self) -> bool:
        """True when the kernel killed a process of the tree for going over the memory limit."""
        for folder in self.folders:
            if self.version == 2 and _read_int(f"{folder}/memory.events", "oom_kill"):
                return True
            if self.version == 1 and _read_int(f"{folder}/memory.oom_control", "oom_kill"):
                return True
        return False

    def kill_all(self) -> None:
        for folder in self.folders:
            try:
                with open(f"{folder}/cgroup.procs") as f:
                    pids = [int(p) for p in f.read().split()]
            except OSError:
                continue
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def remove(self) -> None:
        """Kill what is left in it and remove it (a cgroup folder goes once it is empty)."""
        for _ in range(50):
            self.kill_all()
            left = []
            for folder in self.folders:
                try:
                    os.rmdir(folder)
                except FileNotFoundError:
                    pass
                except OSError:
                    left.append(folder)
            if not left:
                return
            self.folders = left
            time.sleep(0.02)
