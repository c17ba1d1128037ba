"""Report formats show a learner's text inert and hide what is hidden (issue 22, "report formats").

Attack (Markdown): a message holding ``` ``<img src=x onerror=alert(1)>` ``` passed report.md's
code-span regex (two backticks open, one closes: CommonMark sees no code span there), so its HTML
was left unescaped and, rendered, the script ran.  Defended: learner text reaches Markdown through one
total rule (every character that can open Markdown or HTML is backslash-escaped, backticks included;
no span is left as it is).

Attack (Gradescope): the visible summary line held the exercise's whole score, the points of the
``after_due_date`` checks included (8/10 shown while the visible tests add up to their full points),
an oracle on the hidden inputs before the deadline.  Defended: in ``after_due_date`` mode the summary,
its status and the total count the visible checks only.
"""

from __future__ import annotations

import json
import re

import pytest

from attack_tools import run_grade, solution_source

SPANS = ["``<img src=x onerror=alert(1)>`", "`a``<img src=x onerror=alert(2)>``b`",
         "\\`<img src=x onerror=alert(3)>`", "```<script>alert(4)</script>``"]
LEARNER = '''
SPANS = %r


def softmax(z):
    raise ValueError("x " + SPANS[0] + " y")  # the issue's case


def dense_softmax(x, kernel, bias):
    raise ValueError("x " + SPANS[2] + " y [x](javascript:alert(5)) <b onmouseover=alert(6)>")
''' % (SPANS,)


def _active(html: str) -> list[str]:
    found = re.findall(r"<(?:img|script|b)\b[^>]*>", html, flags=re.I)
    return found + re.findall(r"""href\s*=\s*["']?\s*javascript:""", html, flags=re.I)


def test_a_message_with_backticks_never_renders_html_in_the_markdown_report(tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    path = tmp_path / "spans.py"
    path.write_text(LEARNER, encoding="utf-8")
    run = run_grade(["exercise3", "--file", path, "--format", "markdown"], tmp_path)
    assert run.returncode == 1, run.describe()
    assert "onerror" in run.out_text  # the message is shown ...
    for parser in (markdown_it.MarkdownIt("commonmark"), markdown_it.MarkdownIt("commonmark").enable("table")):
        html = parser.render(run.out_text)
        assert not _active(html), _active(html)  # ... as text


HARDCODED_DENSE = solution_source("exercise3") + '''

def dense_softmax(x, kernel, bias):  # the note's iris answer, right for the visible check only
    import numpy as np
    return np.array([0.95364212, 0.0450597, 0.00129818])
'''


def test_gradescope_shows_no_points_of_hidden_checks_before_the_due_date(tmp_path):
    path = tmp_path / "exercise3.py"
    path.write_text(HARDCODED_DENSE, encoding="utf-8")
    run = run_grade(["exercise3", "--file", path, "--format", "gradescope"], tmp_path)
    assert run.returncode == 1, run.describe()
    results = json.loads(run.out_text)
    visible = [t for t in results["tests"] if t["visibility"] == "visible"]
    hidden = [t for t in results["tests"] if t["visibility"] != "visible"]
    assert hidden and any(t["score"] < t["max_score"] for t in hidden)  # a hidden check failed ...
    assert all(t["score"] == t["max_score"] for t in visible)  # ... every visible one passed
    shown = sum(t["score"] for t in visible), sum(t["max_score"] for t in visible)
    first = results["output"].splitlines()[0]
    numbers = re.search(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)", first)
    assert numbers, first
    assert (float(numbers.group(1)), float(numbers.group(2))) == shown, first
    assert "partial" not in results["output"].lower(), results["output"]
    assert results["score"] < sum(t["max_score"] for t in results["tests"])  # the real total stays the score
