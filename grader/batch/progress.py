"""The progress line of a batch run: learners done, how many had errors, and an ETA."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Counts finished learners and shows ``[12/40] 2 with errors, 28 left, ETA 1m20s``.

    On a terminal the line is redrawn in place; otherwise one line is printed per learner,
    so CI logs stay readable.  Safe to call from several grading threads.

    The ETA is the learners left times the wall time per learner since the first wave ended: the
    first ``workers`` learners of the run (one per worker, graded side by side) pay for what is
    paid once (TensorFlow's import, the fork servers' first forks, the reference's answers that
    later learners reuse), so only the learners finished after them set the pace.  Until then, the
    learners' own mean grading time over the workers stands in (the start-up before the first
    learner is not counted as a learner's), and without those times the time so far per learner.
    """

    def __init__(self, total: int, stream: TextIO | None = None, resumed: int = 0) -> None:
        self.total = total
        self.done = resumed
        self.resumed = resumed
        self.with_errors = 0
        self.stream = stream if stream is not None else sys.stderr
        self._started = time.monotonic()
        self._graded_seconds = 0.0  # the learners' own grading time (start-up left out)
        self._timed = 0
        self._wave_end: float | None = None  # when the first wave (one learner per worker) was done
        self._after_wave = 0  # learners finished since
        self.workers = 1  # learners graded at once
        self._lock = threading.Lock()
        self._live = bool(getattr(self.stream, "isatty", lambda: False)())

    @property
    def left(self) -> int:
        return max(0, self.total - self.done)

    def eta(self) -> float | None:
        """Seconds left (see the class docstring); None before the first learner of this run."""
        graded = self.done - self.resumed
        if graded <= 0:
            return None
        if self._wave_end is not None and self._after_wave:
            return (time.monotonic() - self._wave_end) / self._after_wave * self.left
        if self._timed:
            return self._graded_seconds / self._timed * self.left / max(1, self.workers)
        return (time.monotonic() - self._started) / graded * self.left

    def line(self, latest: str = "") -> str:
        eta = self.eta()
        parts = [f"[{self.done}/{self.total}]", f"{self.with_errors} with errors", f"{self.left} left",
                 "ETA " + (_duration(eta) if eta is not None else "?")]
        if self.resumed:
            parts.insert(1, f"{self.resumed} resumed")
        return " ".join(parts[:1]) + " " + ", ".join(parts[1:]) + (f"  {latest}" if latest else "")

    def start(self) -> None:
        with self._lock:
            self._write(self.line())

    def finished(self, learner: str, had_errors: bool, seconds: float | None = None) -> None:
        """``seconds``: how long the learner's own grading took (for the ETA)."""
        with self._lock:
            self.done += 1
            if seconds is not None:
                self._graded_seconds += seconds
                self._timed += 1
            if self._wave_end is not None:
                self._after_wave += 1
            elif self.done - self.resumed >= max(1, self.workers):
                self._wave_end = time.monotonic()
            self.with_errors += int(had_errors)
            self._write(self.line(f"{learner}{' (errors)' if had_errors else ''}"))

    def close(self) -> None:
        with self._lock:
            if self._live:
                self.stream.write("\n")
                self.stream.flush()

    def _write(self, text: str) -> None:
        if self._live:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
