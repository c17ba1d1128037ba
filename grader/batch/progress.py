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
    """Counts finished learners and shows ``[12/40] 28 left, 2 with errors, ETA 1m20s``.

    On a terminal the line is redrawn in place; otherwise one line is printed per learner,
    so CI logs stay readable.  Safe to call from several grading threads.

    The ETA is the wall time per learner of this run so far, start-up left out, times the learners
    left.  The start-up (TensorFlow imported by each fork server before its first learner) is the
    time to the first learner's end less that learner's own grading time; until ``workers``
    learners are done (the first ones graded side by side), the learners' own mean time over the
    workers stands in for the wall time.
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
        self._start_up: float | None = None  # seconds before the first learner of this run began
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
        workers = max(1, self.workers)
        if self._timed and graded < workers:
            return self._graded_seconds / self._timed * self.left / workers
        elapsed = time.monotonic() - self._started - (self._start_up or 0.0)
        return max(elapsed, 0.0) / graded * self.left

    def line(self, latest: str = "") -> str:
        eta = self.eta()
        parts = [f"[{self.done}/{self.total}]", f"{self.left} left", f"{self.with_errors} with errors",
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
                if self._start_up is None:
                    self._start_up = max(0.0, time.monotonic() - self._started - seconds)
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
