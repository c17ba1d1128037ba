"""The grade process of a batch does not hold the class (issue 27, item 3): results go to the store as
they finish, and the class's files are rendered from the store one learner at a time, so its peak
memory does not grow with the class.

Real processes: ``grade batch`` runs as a process of its own, in a wrapper that reports the process's
own peak resident memory (``ru_maxrss`` of ``RUSAGE_SELF``) when it ends (tests/peak_memory.py).
``RUSAGE_CHILDREN`` of this test process would not do: it is the largest of every child this pytest
ever waited for, TensorFlow's processes of earlier tests included, and the grade process's own fork
servers are in it too.
"""

from __future__ import annotations

import csv
import subprocess

from conftest import REPO, solution_source
from peak_memory import grade_command, read_peaks

# Each learner prints as much as a report keeps (about 8,000 characters), in 4-byte characters: a
# result of about 19 KB on disk and several times that as Python objects, so a grade process that
# kept every learner's results would grow by megabytes between the two classes.
LOUD = "print(" + repr("😀" * 9000) + ")\n"
GROWTH_KIB = 1536  # for 30 more learners; holding their results took 2.5 MiB more (main before issue 27.3)


def peak_kib(tmp_path, learners: int) -> int:
    folder = tmp_path / f"class{learners}"
    source = LOUD + solution_source("exercise1")
    for i in range(learners):
        (folder / f"learner{i:03d}").mkdir(parents=True)
        (folder / f"learner{i:03d}" / "exercise1.py").write_text(source, encoding="utf-8")
    out, report = tmp_path / f"out{learners}", tmp_path / f"rss{learners}"
    done = subprocess.run(grade_command(report, "batch", str(folder), "--out", str(out), "--exercises", "exercise1",
                                        "--workers", "1", "--seed", "3", "--lang", "en"),
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(out / "gradebook.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == learners and {r["exercise1 status"] for r in rows} == {"passed"}
    return read_peaks(report).grade_kib


def test_the_grade_process_peak_memory_does_not_grow_with_the_class(tmp_path):
    small, large = peak_kib(tmp_path, 10), peak_kib(tmp_path, 40)
    assert large - small <= GROWTH_KIB, f"10 learners: {small} KiB, 40 learners: {large} KiB"
