"""Batch grading speed: a generated class of 40 learners, graded with 1 and with 2 workers.

Run from the repository root: `python bench/batch.py [--learners 40]`.
The class (tests/class_factory.py) mixes, per learner and exercise 1-7, correct,
partial (a known-wrong variant), not attempted, broken (syntax error, crash at
import) and missing submissions.  Endless loops are left out: each one costs its
exercise's whole time limit (60-120 s) and would measure only that limit.
Prints learners per minute for each worker count and the speed-up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from class_factory import make_class  # noqa: E402

EXERCISES = [f"exercise{n}" for n in range(1, 8)]
KINDS = ("correct", "correct", "correct", "partial", "partial", "partial", "stub", "syntax", "crash", "missing")


def timed_batch(folder: Path, out: Path, workers: int) -> float:
    command = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--workers",
               str(workers), "--exercises", ",".join(EXERCISES), "--lang", "en"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"grade batch failed ({done.returncode}): {done.stderr[-800:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp) / "class"
        plan = make_class(folder, args.learners, EXERCISES, kinds=KINDS)
        counts: dict[str, int] = {}
        for kinds in plan.values():
            for kind in kinds.values():
                counts[kind] = counts.get(kind, 0) + 1
        print(f"{args.learners} learners x {len(EXERCISES)} exercises on {os.cpu_count()} cores: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        results = {}
        for workers in (1, 2):
            seconds = timed_batch(folder, Path(tmp) / f"out{workers}", workers)
            results[workers] = seconds
            print(f"--workers {workers}: {seconds:7.1f} s, {args.learners / seconds * 60:6.1f} learners/min")
        same = (Path(tmp) / "out1" / "gradebook.csv").read_text() == (Path(tmp) / "out2" / "gradebook.csv").read_text()
        print(f"speed-up with 2 workers: {results[1] / results[2]:.2f}x "
              f"(gradebooks {'identical' if same else 'DIFFER'})")


if __name__ == "__main__":
    main()
