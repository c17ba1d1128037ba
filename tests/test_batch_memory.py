"""The grade process of a batch does not hold the class (issue 27, item 3): results go to the store as
they finish, and the class's files are rendered from the store one learner at a time, so its peak
memory does not grow with the class; nor do copies (issue 27, item 3): a class of many copies of one
hand-in holds one copy's code for the similarity report, and of its n² similar pairs only the most
similar ``similarity.LISTED`` (similarity.csv says how many more there were).

Real processes: ``grade batch`` runs as a process of its own, in a wrapper that reports the process's
own peak resident memory (``ru_maxrss`` of ``RUSAGE_SELF``) when it ends (tests/peak_memory.py).
``RUSAGE_CHILDREN`` of this test process would not do: it is the largest of every child this pytest
ever waited for, TensorFlow's processes of earlier tests included, and the grade process's own fork
servers are in it too.
"""

from __future__ import annotations

import csv
import random
import subprocess

from conftest import REPO, solution_source
from peak_memory import grade_command, read_peaks

from grader.batch import similarity

# Each learner prints as much as a report keeps (about 8,000 characters), in 4-byte characters: a
# result of about 19 KB on disk and several times that as Python objects, so a grade process that
# kept every learner's results would grow by megabytes between the two classes.
LOUD = "print(" + repr("😀" * 9000) + ")\n"
# For 30 more learners.  Holding their results took 2.5 MiB more (main before issue 27.3); holding each
# copy's code and every pair for the similarity report took 42.5 MiB more with this class (61.4 → 103.9 MiB,
# main before the bound; 50.3 → 50.5 MiB with it).
GROWTH_KIB = 1536


def _unused_code(lines: int = 1500) -> str:
    """A function never called, of varied statements: about 20,000 n-grams of its own (normalised,
    distinct), so the similarity report holding each copy's n-grams and tokens would take more than
    a megabyte per learner."""
    rng = random.Random(5)
    ops, calls = ["+", "-", "*", "//", "%", "**", "<<", "&", "|"], ["len", "abs", "min", "max", "sorted"]

    def expr(depth: int) -> str:
        pick = rng.randrange(4 if depth else 2)
        if pick == 0:
            return rng.choice(["a", "b", "c", "1", "'s'", "2.5"])
        if pick == 1:
            return f"{rng.choice(calls)}({expr(depth - 1) if depth else 'a'})"
        if pick == 2:
            return f"({expr(depth - 1)} {rng.choice(ops)} {expr(depth - 1)})"
        return f"[{expr(depth - 1)} for a in {expr(depth - 1)} if {expr(depth - 1)}]"

    body = "".join(f"    {rng.choice(['a', 'b', 'c'])} {rng.choice(['=', '+=', '-='])} {expr(3)}\n"
                   for _ in range(lines))
    return "def _never_called(a, b, c):\n" + body + "    return a\n\n"


def peak_kib(tmp_path, learners: int) -> int:
    folder = tmp_path / f"class{learners}"
    source = LOUD + _unused_code() + solution_source("exercise1")  # every learner: the same copy
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
    with open(out / "similarity.csv", encoding="utf-8") as f:
        similar = list(csv.reader(f))[1:]
    pairs = learners * (learners - 1) // 2
    if pairs <= similarity.LISTED:
        assert len(similar) == pairs and {row[3] for row in similar} == {"1.000"}
    else:  # the most similar listed, then how many more there were, in both languages
        assert len(similar) == similarity.LISTED + 1 and similar[:2] == [
            ["exercise1", "learner000", "learner001", "1.000"], ["exercise1", "learner000", "learner002", "1.000"]]
        assert f"{pairs - similarity.LISTED} more pairs" in similar[-1][1] and "목록에 없음" in similar[-1][1]
    return read_peaks(report).grade_kib


def test_the_grade_process_peak_memory_does_not_grow_with_a_class_of_copies(tmp_path):
    small, large = peak_kib(tmp_path, 10), peak_kib(tmp_path, 40)
    assert large - small <= GROWTH_KIB, f"10 learners: {small} KiB, 40 learners: {large} KiB"
