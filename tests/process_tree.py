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


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def fork_server_of(pid: int) -> int | None:
    """The fork server that starts ``pid``'s workers: in `grade batch`, the copy of the run's first
    fork server that serves its (first) grading thread (named so in /proc/PID/comm), else the first."""
    for child in children(pid):
        try:
            if b"grader.sandbox.fork_server" in Path(f"/proc/{child}/cmdline").read_bytes():
                for copy in children(child):
                    try:
                        if Path(f"/proc/{copy}/comm").read_text().strip() == "grader-forkcopy":
                            return copy
                    except OSError:
                        continue
                return child
        except OSError:
            continue
    return None


def workers_running(server: int) -> bool:
    """True while a worker of ``server`` runs (a closed one's guardian may still be cleaning up)."""
    return any(_running(c) for g in children(server) for c in children(g))


def judge_of(server: int, nth: int = 2) -> list[int]:
    """The judge's processes, the ``nth`` running worker the fork server started: in a batch after the first
    learner, the learner's then the judge's (the reference's answers are the class's by then); in
    `grade EXERCISE`, the reference's, the learner's, then the judge's (on the first model)."""
    started = {}
    for pid in children(server):
        try:
            started[pid] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    # a closed worker's guardian may still be cleaning up (its child killed), not yet reaped: not counted
    guardians = sorted((g for g in started if any(_running(c) for c in children(g))), key=started.get)
    return children(guardians[nth - 1]) if len(guardians) >= nth else []
