"""A class holding one of each hostile hand-in of issue 22 (ids, texts, sizes, printing, report
formats) is graded whole: ``grade batch`` writes every output, honest classmates keep full marks.

The class is a zip (as an LMS exports it) of a folder per learner:

- ``bob`` (the reference) and ``!bob`` (the stub), whose id used to collide into bob's row;
- ``-2+3``, an id that starts like a spreadsheet formula;
- ``mallory``, whose exception messages hold lone surrogates;
- ``deep``, a notebook nested 3000 levels deep;
- ``huge``, a 400 MiB ``.py`` (a few hundred KiB in the zip);
- ``loud``, a correct solution that prints over 100 MB;
- ``popen``, a correct solution whose softmax leaves a subprocess running (a ``ResourceWarning``);
- ``spans``, messages with backticks and HTML (Markdown's code-span trap);
- ``oracle``, right on the visible checks only (Gradescope's summary must not say so);
- ``alice`` and ``carol``, the reference.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile

import pytest

from attack_tools import batch, no_traceback, solution_source
from test_attack_learner_text import SURROGATE, deep_notebook
from test_attack_report_formats import HARDCODED_DENSE, LEARNER as SPANS
from test_attack_sizes import BIG, PRINTS_A_LOT, RESOURCE_WARNING

STUB = "def softmax(z):\n    raise NotImplementedError\n\n\ndef dense_softmax(x, kernel, bias):\n    raise NotImplementedError\n"
CLASS_FILES = ("gradebook.csv", "gradebook-canvas.csv", "gradebook-moodle.csv", "junit.xml", "summary.html",
               "similarity.csv")
LEARNER_FILES = ("report.json", "report.md", "report.html", "results.json", "result.json")
HONEST = ("alice", "bob", "carol", "loud", "popen")


def _hostile_zip(path):
    files = {"alice": solution_source("exercise3"), "bob": solution_source("exercise3"),
             "carol": solution_source("exercise3"), "!bob": STUB, "-2+3": STUB, "mallory": SURROGATE,
             "loud": PRINTS_A_LOT, "popen": RESOURCE_WARNING, "spans": SPANS, "oracle": HARDCODED_DENSE}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for learner, text in files.items():
            zf.writestr(f"class/{learner}/exercise3.py", text)
        zf.writestr("class/deep/exercise3.ipynb", deep_notebook(solution_source("exercise3")))
        with zf.open("class/huge/exercise3.py", "w", force_zip64=True) as f:
            f.write(solution_source("exercise3").encode())
            block = b"\0" * (1 << 20)
            for _ in range(BIG // len(block)):
                f.write(block)


def _check_outputs(out):
    problems = []
    for name in CLASS_FILES:
        if not (out / name).is_file():
            problems.append(f"no {name}")
            continue
        text = (out / name).read_text(encoding="utf-8-sig")  # strict UTF-8
        if name.endswith(".csv"):
            for row in csv.reader(text.splitlines()):
                problems += [f"{name}: formula cell {c!r}" for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        book = {row["learner"]: row for row in csv.DictReader(f)}
    expected = {"alice", "bob", "carol", "%21bob", "'-2%2B3", "mallory", "deep", "huge", "loud", "popen", "spans",
                "oracle"}  # the CSV shows the id -2%2B3 with a leading quote
    if set(book) != expected:
        problems.append(f"gradebook ids {sorted(book)}")
    for learner in sorted(expected & set(book)):
        for name in LEARNER_FILES:
            if not (out / "learners" / learner.lstrip("'") / name).is_file():
                problems.append(f"no learners/{learner}/{name}")
    for learner in HONEST:
        if learner in book and float(book[learner]["exercise3"]) != 10:
            problems.append(f"{learner} (honest) got {book[learner]['exercise3']}: "
                            + (out / "learners" / learner / "report.md").read_text(encoding="utf-8")[:1500])
    for learner in ("%21bob", "'-2%2B3", "mallory", "huge", "spans"):
        if learner in book and float(book[learner]["exercise3"]) != 0:
            problems.append(f"{learner} got {book[learner]['exercise3']}")
    return book, problems


def test_a_class_with_every_hostile_hand_in_writes_every_output_and_the_honest_keep_full_marks(tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    archive = tmp_path / "class.zip"
    _hostile_zip(archive)
    out = tmp_path / "graded"
    for extra in ((), ("--resume",)):
        run = batch(archive, out, tmp_path, "--exercises", "exercise3", *extra, timeout=900)
        assert no_traceback(run.err_text), run.err_text[-2000:]
        assert run.returncode == 0, run.describe()  # nobody's grading failed because of the grader
        book, problems = _check_outputs(out)
        assert not problems, (extra, problems)
    huge = json.loads((out / "learners" / "huge" / "report.json").read_text(encoding="utf-8"))
    assert "MiB" in huge["exercises"][0]["checks"][0]["message"]
    loud = json.loads((out / "learners" / "loud" / "report.json").read_text(encoding="utf-8"))
    assert "File too large" not in loud["exercises"][0]["output"]
    for report_md in sorted(out.glob("learners/*/report.md")):
        html = markdown_it.MarkdownIt("commonmark").enable("table").render(report_md.read_text(encoding="utf-8"))
        assert not re.findall(r"<(?:img|script|b)\b", html), report_md
    oracle = json.loads((out / "learners" / "oracle" / "results.json").read_text(encoding="utf-8"))
    visible = [t for t in oracle["tests"] if t["visibility"] == "visible"]
    first = oracle["output"].splitlines()[0]
    assert f"{sum(t['score'] for t in visible):g}/{sum(t['max_score'] for t in visible):g}" in first, first
