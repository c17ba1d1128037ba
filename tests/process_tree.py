"""Finding the grader's processes from outside, in /proc: a fork server, the judge it started."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def fork_server_of(pid: int) -> int | None:
    for child in children(pid):
        try:
            if b"grader.sandbox.fork_server" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            continue
    return None


def judge_of(server: int, nth: int = 2) -> list[int]:
    """The judge's processes, the ``nth`` worker the fork server started: in a batch after the first
    learner, the learner's then the judge's (the reference's answers are the class's by then); in
    `grade EXERCISE`, the reference's, the learner's, then the judge's (on the first model)."""
    started = {}
    for pid in children(server):
        try:
            started[pid] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    guardians = sorted(started, key=started.get)
    return children(guardians[nth - 1]) if len(guardians) >= nth else []
