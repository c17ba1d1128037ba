"""Wall time of grading the whole course: every reference solution, with `grade all`.

Run from the repository root: `python bench/course.py [--device cpu] [--runs N]`.
Copies solutions/exercise*.py into a scratch `exercises/` folder and times
`grade all --format json` on it (one fork server, TensorFlow imported once),
then prints each exercise's own grading time (from the JSON report) and the
total wall time.  The goal (issue 3): at most 3 minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_S = 180.0


def run_once(folder: Path, device: str) -> tuple[float, dict]:
    command = [sys.executable, "-m", "grader", "all", "--folder", str(folder), "--format", "json",
               "--device", device, "--lang", "en"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"grade all failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--device", default="cpu", choices=["auto", "cpu", "gpu"])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-course-") as tmp:
        folder = Path(tmp) / "exercises"
        folder.mkdir()
        for path in sorted((REPO / "solutions").glob("exercise*.py")):
            shutil.copy(path, folder / path.name)
        runs = [run_once(folder, args.device) for _ in range(args.runs)]
    walls = [seconds for seconds, _ in runs]
    per_exercise: dict[str, list[float]] = {}
    for _, data in runs:
        for report in data["exercises"]:
            per_exercise.setdefault(report["exercise"], []).append(report["duration_s"])
    _, last = runs[-1]
    print(f"{'exercise':<12} {'seconds':>8}  score   (median over {args.runs} run(s), device {args.device}, "
          f"{os.cpu_count()} cores)")
    for report in last["exercises"]:
        name = report["exercise"]
        print(f"{name:<12} {statistics.median(per_exercise[name]):8.2f}  "
              f"{report['score']:g}/{report['max_score']:g}")
    graded = sum(statistics.median(v) for v in per_exercise.values())
    wall = statistics.median(walls)
    print(f"{'sum':<12} {graded:8.2f}  {last['score']:g}/{last['max_score']:g}")
    print(f"{'wall':<12} {wall:8.2f}  (whole `grade all` command: start, TensorFlow import, "
          f"{len(per_exercise)} exercises; goal at most {GOAL_S:.0f} s)")


if __name__ == "__main__":
    main()
