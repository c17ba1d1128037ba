"""Peak resident memory of `grade batch` for a generated class of 40 and of 100 learners x exercises 1-7
(2 workers): of the grade process itself and of the largest process under it (a fork server, with
TensorFlow, or a learner's process), measured as tests/peak_memory.py says.  bench/batch_memory.md.

Run from the repository root: `python bench/batch_memory.py`.
"""

import subprocess, sys, tempfile, time, os
from pathlib import Path
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from class_factory import make_class
from peak_memory import grade_command, read_peaks
EX = [f"exercise{n}" for n in range(1, 8)]
KINDS = ("correct", "correct", "correct", "partial", "partial", "partial", "stub", "syntax", "crash", "missing")
with tempfile.TemporaryDirectory(prefix="flow-mem-") as tmp:
    for n in (40, 100):
        folder = Path(tmp) / f"class{n}"
        make_class(folder, n, EX, kinds=KINDS)
        out = Path(tmp) / f"out{n}"
        rss = Path(tmp) / f"rss{n}"
        t = time.perf_counter()
        done = subprocess.run(grade_command(rss, "batch", str(folder), "--out", str(out), "--workers", "2",
                                            "--exercises", ",".join(EX), "--lang", "en", "--seed", "1"),
                              cwd=REPO, capture_output=True, text=True)
        took = time.perf_counter() - t
        p = read_peaks(rss)
        print(f"{n} learners x 7 exercises, 2 workers: exit {done.returncode}, {took:.1f} s; peak RSS grade process "
              f"{p.grade_kib/1024:.1f} MB, largest process under it {p.largest_child_kib/1024:.1f} MB", flush=True)
        print("  " + done.stdout.strip().splitlines()[-1], flush=True)
