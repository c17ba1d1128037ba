"""How one grading runs (seed, limits, device), and the error that stops it before any verdict."""

from __future__ import annotations

from dataclasses import dataclass

from grader.text import BilingualError

DEVICES = ("auto", "cpu", "gpu")


class GradingError(BilingualError):
    """Grading could not happen at all (a usage or grader problem, exit 2)."""


@dataclass(frozen=True)
class GradeOptions:
    seed: int = 0
    timeout: float | None = None  # None: the exercise's default
    memory_bytes: int | None = 4 << 30
    device: str = "auto"  # auto: a GPU if TensorFlow sees one; cpu: GPUs hidden; gpu: required
