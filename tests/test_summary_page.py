"""The instructor's pages of a batch, read as the instructor reads them (issue 23, items 9-11):
summary.html says why a submission failed to run, its labels fit (Korean too) and its numbers are
explained; no page relies on an emoji font; short identical files are in the similarity report."""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata

import pytest
from click.testing import CliRunner

from conftest import solution_source
from grader.cli import main
from grader.text import display_width

SHORT = "def steps_per_epoch(n_samples, batch_size=32):\n    return -(-n_samples // batch_size)\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("summary")
    files = {"kim": {"exercise3.py": solution_source("exercise3"), "exercise4.py": SHORT},
             "lee": {"exercise3.py": "def softmax(z):\n    return z +\n", "exercise4.py": SHORT},
             "park": {"exercise3.ipynb": "this is not json", "exercise4.py": solution_source("exercise4")}}
    for learner, handed in files.items():
        (root / "class" / learner).mkdir(parents=True)
        for name, text in handed.items():
            (root / "class" / learner / name).write_text(text, encoding="utf-8")
    outs = {}
    for lang in ("en", "ko"):
        out = root / f"graded-{lang}"
        done = CliRunner().invoke(main, ["batch", str(root / "class"), "--out", str(out), "--exercises",
                                         "exercise3,exercise4", "--workers", "1", "--lang", lang, "--seed", "3"])
        assert done.exit_code == 0, done.output
        outs[lang] = out
    return outs


def test_the_failed_submissions_say_why(graded):
    page = (graded["en"] / "summary.html").read_text(encoding="utf-8")
    failed = page.split("Submissions that failed to run", 1)[1].split("<h2>", 1)[0]
    assert "see the note about your file above" not in failed
    assert "syntax error at line 2" in failed and "not JSON" in failed, failed


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_check_labels_fit_their_column_and_their_tooltips_are_whole(graded, lang):
    page = (graded[lang] / "summary.html").read_text(encoding="utf-8")
    chart = re.search(r'<svg class="chart" data-chart="checks".*?</svg>', page, re.S).group(0)
    labels = [html.unescape(t) for t in re.findall(r'text-anchor="end">(?:<title>[^<]*</title>)?([^<]*)</text>', chart)]
    tooltips = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", chart)]
    assert labels and all(display_width(label) <= 64 for label in labels), labels
    assert any(len(t) > 70 for t in tooltips) and not any("…" in t for t in tooltips), tooltips
    assert all(label.startswith("exercise") for label in labels), labels  # never clipped at the left


def test_the_counts_beside_the_bars_are_explained(graded):
    page = (graded["en"] / "summary.html").read_text(encoding="utf-8")
    assert "(3/3)" in page
    assert "handed it in / learners" in page and "passed / handed in" in page


def _emoji(text: str) -> list[str]:
    return sorted({c for c in text if ord(c) > 0xFFFF or unicodedata.category(c) == "So"
                   and c not in "°·→←–—…"})


def test_no_page_needs_an_emoji_font(graded):
    for lang, out in graded.items():
        for path in [out / "summary.html", *out.glob("learners/*/report.*")]:
            assert _emoji(path.read_text(encoding="utf-8")) == [], (lang, path.name, _emoji(path.read_text()))
    page = (graded["en"] / "learners" / "kim" / "report.html").read_text(encoding="utf-8")
    assert page.count('<svg class="mark"') >= 6 and "<title>passed</title>" in page


def test_identical_short_files_are_listed_as_similar(graded):
    rows = list(csv.DictReader(io.StringIO((graded["en"] / "similarity.csv").read_text(encoding="utf-8"))))
    assert {(r["exercise"], r["learner_a"], r["learner_b"]) for r in rows} == {("exercise4", "kim", "lee")}, rows
    assert float(rows[0]["similarity"]) == 1.0
