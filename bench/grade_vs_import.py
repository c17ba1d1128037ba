"""Median wall time of `grade exercise3 --file solutions/exercise3.py` beside `import tensorflow`.

Run from the repository root: `python bench/grade_vs_import.py [--runs N]`.
The goal (issue 2): grading exercise 3 costs at most 1.5x importing TensorFlow.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    grade = [sys.executable, "-m", "grader", "exercise3", "--file", "solutions/exercise3.py"]
    importing = [sys.executable, "-c", "import tensorflow"]
    median_seconds(importing, 1)  # warm the file cache once
    tf_time = median_seconds(importing, args.runs)
    grade_time = median_seconds(grade, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        # The same solution, but importing TensorFlow: the fork server must load it once.
        with_tf = Path(tmp) / "exercise3.py"
        with_tf.write_text("import tensorflow as tf\n" + (REPO / "solutions/exercise3.py").read_text())
        tf_grade_time = median_seconds(grade[:-1] + [str(with_tf)], args.runs)
    print(f"import tensorflow:                   median {tf_time:6.2f} s over {args.runs} runs")
    print(f"grade exercise3 (reference):         median {grade_time:6.2f} s "
          f"(ratio {grade_time / tf_time:.2f}; goal at most 1.5)")
    print(f"grade exercise3 (importing tf):      median {tf_grade_time:6.2f} s "
          f"(ratio {tf_grade_time / tf_time:.2f})")


if __name__ == "__main__":
    main()
