"""The folders of one grading: one per party, made before any learner process exists."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

PARTIES = ("learner", "reference", "judge")


@dataclass(frozen=True)
class Scratch:
    """A folder per party, where its output is captured; each holds a ``scratch`` folder it works in."""

    root: Path
    submission: Path  # the learner's file (copied into each of its processes' own scratch folder)

    def party(self, name: str) -> Path:
        return self.root / name


@contextmanager
def prepare_scratch(submission: Path) -> Iterator[Scratch]:
    """A private folder per party (learner, reference, judge): no learner process has seen them yet."""
    with tempfile.TemporaryDirectory(prefix="grader-") as work:
        root = Path(work)
        os.chmod(work, 0o711)
        for party in PARTIES:
            (root / party / "scratch").mkdir(parents=True)
        yield Scratch(root, submission)
