"""Batch grading speed: a generated class of 40 learners, graded with 1 and with 2 workers.

Run from the repository root: `python bench/batch.py [--learners 40]`.
The class (tests/class_factory.py) mixes, per learner and exercise 1-7, correct,
partial (a known-wrong variant), not attempted, broken (syntax error, crash at
import) and missing submissions.  Endless loops are left out: each one costs its
exercise's whole time limit (60-120 s) and would measure only that limit.
Prints learners per minute and the CPU time (getrusage of the reaped children: grade and every
process it started) for each worker count, with the reference asked once per grading
(``GRADER_CLASS_ANSWERS=0``) and once per class (the default), and the speed-ups; and each run's peak
resident memory: of the grade process, and of the largest process under it (tests/peak_memory.py).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from class_factory import make_class  # noqa: E402
from peak_memory import grade_command, read_peaks  # noqa: E402

EXERCISES = [f"exercise{n}" for n in range(1, 8)]
KINDS = ("correct", "correct", "correct", "partial", "partial", "partial", "stub", "syntax", "crash", "missing")


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's reaped children: grade and all it started."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_batch(folder: Path, out: Path, workers: int, class_answers: bool = True) -> tuple[float, float]:
    """(wall seconds, CPU seconds of grade and every process it started) of one `grade batch`."""
    command = grade_command(out.with_name(out.name + ".rss"), "batch", str(folder), "--out", str(out), "--workers",
                            str(workers), "--exercises", ",".join(EXERCISES), "--lang", "en", "--seed", "1")
    env = dict(os.environ, GRADER_CLASS_ANSWERS="1" if class_answers else "0")
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - started
    cpu = children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"grade batch failed ({done.returncode}): {done.stderr[-800:]}")
    return seconds, cpu


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
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
              + f"; load average {os.getloadavg()[0]:.2f} at the start")
        results = {}
        for answers in (False, True):
            for workers in (1, 2):
                out = Path(tmp) / f"out{workers}{'-answers' if answers else ''}"
                seconds, cpu = timed_batch(folder, out, workers, answers)
                results[workers, answers] = seconds
                peaks = read_peaks(out.with_name(out.name + ".rss"))
                print(f"--workers {workers}, reference {'once per class' if answers else 'per grading  '}: "
                      f"{seconds:7.1f} s, {args.learners / seconds * 60:6.1f} learners/min, "
                      f"CPU {cpu:6.1f} s ({cpu / args.learners:.2f} s a learner); peak RSS: grade process "
                      f"{peaks.grade_kib / 1024:.0f} MB, largest process under it (a fork server or a learner's) "
                      f"{peaks.largest_child_kib / 1024:.0f} MB")
        books = {key: (Path(tmp) / f"out{key[0]}{'-answers' if key[1] else ''}" / "gradebook.csv").read_text()
                 for key in results}
        same = len(set(books.values())) == 1
        for answers in (False, True):
            print(f"speed-up with 2 workers, reference {'once per class' if answers else 'per grading'}: "
                  f"{results[1, answers] / results[2, answers]:.2f}x")
        print(f"reference once per class vs per grading, 2 workers: {results[2, False] / results[2, True]:.2f}x")
        print(f"gradebooks (same seed) {'identical' if same else 'DIFFER'} across the four runs")


if __name__ == "__main__":
    main()
