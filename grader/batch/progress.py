"""The progress line of a batch run: learners done, how many had errors, and an ETA."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from typing import Mapping, TextIO

STUB = " stub"  # a hand-in's kind: "exercise3" a file of the learner's own, "exercise3 stub" the untouched stub


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Counts finished learners and shows ``[12/40] 2 with errors, 28 left, ETA 1m20s``.

    On a terminal the line is redrawn in place; otherwise one line is printed per learner,
    so CI logs stay readable.  Safe to call from several grading threads.

    The ETA is the work left times the pace so far.  The work left is what each learner left handed
    in (:meth:`expect`): the mean grading time of each exercise's hand-ins so far, apart for an
    untouched stub (fast, whatever the exercise), and nothing for a missing file; a learner not
    announced counts the mean learner's time.  The pace is the wall time since the grading began (the
    first learner's end less its own time: the start-up, TensorFlow's import by the fork servers, is
    left out) per second of the learners' own grading done, the other workers' learners counted half
    done.  What is left of its error is the sample: after 10 learners of bench/batch.py's mix, the
    mean of exercise 7 (a trained model: 4 s, 0.2 s for a broken file, 10 s for one in twenty) rests
    on about eight hand-ins (tests/test_batch_progress.py: within 20% for 79-82% of random classes).
    Without the learners' own times (a Dask run's), the learners left times the wall time per learner
    since the first wave ended: the first ``workers`` learners (one per worker, graded side by side)
    pay for what is paid once, so only the learners finished after them set the pace; until then, the
    time so far per learner.
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
        self._expected: dict[str, tuple[str, ...]] = {}  # learner -> its hand-ins' kinds, until it is done
        self._kinds_left: Counter = Counter()  # hand-in kind -> learners left with one
        self._kind_seconds: dict[str, list[float]] = {}  # hand-in kind -> [own seconds, hand-ins]
        self._began: float | None = None  # when the grading began: the first timed learner's end less its time

    def expect(self, hand_ins: Mapping[str, tuple[str, ...]]) -> None:
        """What each learner to grade handed in: its exercises (``"exercise3"``), an untouched stub
        as ``"exercise3 stub"`` (:data:`STUB`); a missing file is not listed."""
        with self._lock:
            self._expected = {learner: tuple(kinds) for learner, kinds in hand_ins.items()}
            self._kinds_left = Counter(kind for kinds in self._expected.values() for kind in kinds)

    @property
    def left(self) -> int:
        return max(0, self.total - self.done)

    def eta(self) -> float | None:
        """Seconds left (see the class docstring); None before the first learner of this run."""
        graded = self.done - self.resumed
        if graded <= 0:
            return None
        if self._began is not None and self._graded_seconds > 0:
            mean_learner = self._graded_seconds / self._timed
            in_flight = min(max(0, self.workers - 1), self.left) * mean_learner / 2  # others' learners, half done
            pace = (time.monotonic() - self._began) / (self._graded_seconds + in_flight)
            return pace * max(0.0, self._work_left(mean_learner) - in_flight)
        if self._wave_end is not None and self._after_wave:
            return (time.monotonic() - self._wave_end) / self._after_wave * self.left
        return (time.monotonic() - self._started) / graded * self.left

    def _work_left(self, mean_learner: float) -> float:
        """Own grading seconds the learners left should take (see the class docstring).  A kind of
        hand-in not seen yet: an untouched stub counts the stubs' mean, a file its exercise's, else the
        mean hand-in's; a learner not announced, the mean learner's."""
        def mean_of(kinds) -> float | None:
            seen = [self._kind_seconds[k] for k in kinds if k in self._kind_seconds]
            count = sum(n for _, n in seen)
            return sum(seconds for seconds, _ in seen) / count if count else None

        stubs = mean_of(k for k in self._kind_seconds if k.endswith(STUB))
        anything = mean_of(list(self._kind_seconds))

        def mean(kind: str) -> float:
            own = mean_of([kind])
            if own is None and kind.endswith(STUB):
                own = stubs if stubs is not None else mean_of([kind.removesuffix(STUB)])
            return next((m for m in (own, anything) if m is not None), mean_learner)

        unannounced = max(0, self.left - len(self._expected))
        return sum(n * mean(kind) for kind, n in self._kinds_left.items() if n > 0) + unannounced * mean_learner

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

    def finished(self, learner: str, had_errors: bool, seconds: float | None = None,
                 exercises: Mapping[str, float] | None = None) -> None:
        """``seconds``: how long the learner's own grading took (for the ETA); ``exercises``: of it,
        each exercise it handed in."""
        with self._lock:
            self.done += 1
            if seconds is not None:
                self._graded_seconds += seconds
                self._timed += 1
                if self._began is None:
                    self._began = time.monotonic() - seconds
            kinds = self._expected.pop(learner, None)
            if kinds is not None:
                self._kinds_left.subtract(kinds)
                for kind in kinds:
                    own = (exercises or {}).get(kind.removesuffix(STUB))
                    if own is not None:
                        pair = self._kind_seconds.setdefault(kind, [0.0, 0.0])
                        pair[0], pair[1] = pair[0] + own, pair[1] + 1
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
