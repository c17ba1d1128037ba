"""The seed of the hidden inputs: fixed for a learner's own runs, secret for official grading.

A hidden check's message shows the input it drew and the expected answer, and the same seed
draws the same inputs on every run: a learner who copied them into a table would pass.  So a
learner's own ``grade exerciseN`` uses the fixed :data:`LEARNER_SEED` (reproducible feedback),
and official grading (``grade batch``, a Gradescope bundle) draws a seed learners have never
seen: once per class, kept beside its results (so ``--resume`` and a rerun give the same
scores), printed for the instructor, and overridable with ``--seed``.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

LEARNER_SEED = 0
SEED_FILE = "grading-seed.txt"


def draw() -> int:
    """A fresh secret seed: 62 random bits, too many to search for from what a learner's process sees
    (the seeds of its calls are one-way hashes of it)."""
    return secrets.randbits(62) | (1 << 61)  # never the learners' own seed, always 19 digits


def for_class(out: Path, given: int | None) -> tuple[int, str]:
    """The seed of a class graded into ``out``: ``given``, else the one stored there, else a new one
    (stored).  Returns the seed and where it came from: "given", "stored" or "drawn"."""
    path = Path(out) / SEED_FILE
    if given is not None:
        origin = "given"
        seed = given
    else:
        try:
            return int(path.read_text(encoding="utf-8").split()[0]), "stored"
        except (OSError, ValueError, IndexError):
            seed, origin = draw(), "drawn"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"{seed}\n# the seed of this class's hidden inputs; keep it from learners\n"
    if origin == "given":
        path.write_text(text, encoding="utf-8")
        return seed, origin
    # Shards of one class may start at once on a shared --out: the first to store its seed wins,
    # and every other shard reads that one (a hard link never replaces an existing file).
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return int(path.read_text(encoding="utf-8").split()[0]), "stored"
    finally:
        os.unlink(tmp)
    return seed, origin
