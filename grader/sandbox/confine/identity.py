"""Which uid and gid a learner's process tree gets when the grader runs as root.

In the machine's own user namespace every id is mapped, and a learner gets ``UID_BASE`` plus its
guardian's pid: one id per process tree, unique while the tree lives, that no account uses.

As root of a user namespace that maps only a range (a rootless container: ids 0-65535 or so),
``UID_BASE + pid`` does not exist there (chown gives EINVAL).  Then the ids come from a block at
the top of the range that both the uid and the gid maps cover, below the overflow ids 65534 and
65535 ("nobody"), the guardian's pid modulo the block's size, moved on past any id a running
process already has.
"""

from __future__ import annotations

import os

from grader.sandbox.confine.spec import UID_BASE

BLOCK = 20_000  # ids for learners in a namespace that maps only a range
PID_SPAN = 1 << 22  # the kernel's largest pid_max
OVERFLOW = 65534  # the kernel's overflow uid and gid (nobody), and 65535 above it


def _mapped(name: str) -> list[tuple[int, int]]:
    """The ranges ``/proc/self/<name>`` maps in this namespace, as (first id, count)."""
    try:
        with open(f"/proc/self/{name}", encoding="ascii") as f:
            rows = [line.split() for line in f]
    except OSError:
        return [(0, 1 << 32)]
    return [(int(r[0]), int(r[2])) for r in rows if len(r) == 3 and r[0].isdigit() and r[2].isdigit()]


def _covers(ranges: list[tuple[int, int]], first: int, end: int) -> bool:
    return any(start <= first and end <= start + count for start, count in ranges)


def learner_block() -> range:
    """The ids learners may get here (never 0, never an overflow id)."""
    uids, gids = _mapped("uid_map"), _mapped("gid_map")
    if _covers(uids, UID_BASE, UID_BASE + PID_SPAN) and _covers(gids, UID_BASE, UID_BASE + PID_SPAN):
        return range(UID_BASE, UID_BASE + PID_SPAN)
    best = range(0)
    for ustart, ucount in uids:
        for gstart, gcount in gids:
            lo, hi = max(ustart, gstart, 1), min(ustart + ucount, gstart + gcount)
            if lo <= OVERFLOW < hi:
                hi = OVERFLOW
            if hi - lo > len(best):
                best = range(lo, hi)
    size = min(BLOCK, len(best) // 2)
    return range(best.stop - size, best.stop) if size > 0 else range(0)


def _in_use() -> set[int]:
    """The real uids of the processes running now."""
    used = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as f:
                    for line in f:
                        if line.startswith("Uid:"):
                            used.add(int(line.split()[1]))
                            break
            except (OSError, ValueError, IndexError):
                continue
    return used


def learner_id(pid: int) -> int | None:
    """The uid (and gid) for the process tree of guardian ``pid``; None where no block is mapped."""
    block = learner_block()
    if not block:
        return None
    if block.start == UID_BASE:
        return UID_BASE + pid
    used = _in_use()
    for step in range(len(block)):
        candidate = block.start + (pid + step) % len(block)
        if candidate not in used:
            return candidate
    return None


def is_learner_id(uid: int) -> bool:
    """True for an id only learners get here: every process of it may be killed."""
    return uid >= UID_BASE or uid in learner_block()
