"""The speed goals of issue 9, side by side in one run (results: bench/speed.md).

Run from the repository root: `python bench/speed.py [--runs N]`.

(a) `grade exercise11 --file solutions/exercise11.py` wall time vs `python -c "import tensorflow"`
    (goal: at most 2.5x);
(b) `grade all` on every reference solution (a scratch course folder whose exercises/ holds them;
    goal: at most 60 s on a 2-core machine);
(c) the grader's compiled training loop vs plain `model.fit`, same reference config, FIT (epochs,
    batch size) and data, for exercises 11-14, as many seeds as the grader trains (1, 3, 1, 5)
    (goal: at least 10x, training time only, TensorFlow already imported in both).
Each figure is the median of --runs runs ((b) and (c): --runs-long, default 1).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRADE = [sys.executable, "-P", "-m", "grader"]
SEEDS = {"11": 1, "12": 3, "13": 1, "14": 5}  # what the grader trains per exercise


def wall(command: list[str], cwd: Path = REPO) -> float:
    """Seconds of one run; a run that is not full marks (exit 1) or fails (exit 2) stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} did not pass ({done.returncode}): {done.stderr.strip()[-400:]}")
    return seconds


def median(command: list[str], runs: int, cwd: Path = REPO) -> tuple[float, list[float]]:
    times = [wall(command, cwd) for _ in range(runs)]
    return statistics.median(times), times


def training_times(runs: int) -> list[tuple[str, float, float]]:
    """Per exercise 11-14: (name, median fit seconds, median loop seconds)."""
    sys.path.insert(0, str(REPO / "bench"))
    import fit_fidelity as ff  # imports TensorFlow

    rows = []
    for case, number in zip(ff.cases(1, 1)[:4], SEEDS):
        seeds = list(range(SEEDS[number]))
        fits = [ff.with_fit(case, seeds).wall for _ in range(runs)]
        loops = [ff.with_loop(case, seeds).wall for _ in range(runs)]
        rows.append((case.name, statistics.median(fits), statistics.median(loops)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-long", type=int, default=1)
    args = parser.parse_args()
    env_note = f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"

    importing = [sys.executable, "-c", "import tensorflow"]
    wall(importing)  # warm the file cache
    tf_s, tf_all = median(importing, args.runs)
    ex11_s, ex11_all = median(GRADE + ["exercise11", "--file", "solutions/exercise11.py", "--device", "cpu"],
                              args.runs)

    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        folder = Path(tmp) / "exercises"
        folder.mkdir()
        for path in sorted((REPO / "solutions").glob("exercise*.py")):
            shutil.copy(path, folder / path.name)
        all_s, all_all = median(GRADE + ["all", "--folder", str(folder), "--brief", "--device", "cpu"],
                                args.runs_long)

    rows = training_times(args.runs_long)
    fit_total, loop_total = sum(r[1] for r in rows), sum(r[2] for r in rows)

    def goal(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines = [f"machine: {env_note}", "",
             "| measure | this | beside | ratio | goal |", "|---|---|---|---|---|",
             f"| (a) `grade exercise11` vs `import tensorflow` | {ex11_s:.2f} s | {tf_s:.2f} s | "
             f"{ex11_s / tf_s:.2f}x | ≤ 2.5x: {goal(ex11_s / tf_s <= 2.5)} |",
             f"| (b) `grade all`, {len(list((REPO / 'solutions').glob('exercise*.py')))} reference solutions | {all_s:.1f} s | 60 s goal | | "
             f"≤ 60 s: {goal(all_s <= 60)} |"]
    for name, fit_s, loop_s in rows:
        lines.append(f"| (c) {name}: `model.fit` vs compiled loop | {loop_s:.2f} s | {fit_s:.2f} s | "
                     f"{fit_s / loop_s:.1f}x | |")
    lines.append(f"| (c) exercises 11-14 together | {loop_total:.2f} s | {fit_total:.2f} s | "
                 f"{fit_total / loop_total:.1f}x | ≥ 10x: {goal(fit_total / loop_total >= 10)} |")
    lines += ["", f"runs: (a) {args.runs} each: import {['%.2f' % t for t in tf_all]}, grade "
              f"{['%.2f' % t for t in ex11_all]}; (b), (c) {args.runs_long}: grade all {['%.1f' % t for t in all_all]}"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
