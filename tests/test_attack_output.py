"""Output a learner controls is shown inert in every report.

The learner prints terminal escapes (clear screen, cursor moves, an OSC window
title, an OSC 52 clipboard write, a C1 CSI), raises exceptions whose messages
carry them, and names a function and a file with them; it also prints Markdown
and HTML that would become a link or an image.  Defended: the text report has
no control characters but newline and tab (also when stdout is not a terminal),
the Markdown has them escaped and renders to no tag or link of the learner's,
the JUnit XML parses and holds no raw control characters, and in ``grade batch``
a learner id (a folder name) with HTML/Markdown in it is escaped in
``summary.html`` and the learner's ``report.md``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from attack_tools import batch, control_characters, run_grade, solution_source

EVIL = "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m\x1b[5A\x08\x0d\x7f"
HTML = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>alert(2)</script>"

LEARNER = r'''
import sys
EVIL = %(evil)r
HTML = %(html)r
print("hello " + EVIL)
print("```\n" + HTML + "\n```")
print("err " + EVIL, file=sys.stderr)


def softmax(z):
    raise ValueError("boom " + EVIL + " " + HTML)


_source = "def dense_softmax(x, kernel, bias):\n    raise RuntimeError('bad ' + EVIL + HTML)\n"
_namespace = {"EVIL": EVIL, "HTML": HTML}
exec(compile(_source, "evil" + EVIL + HTML + ".py", "exec"), _namespace)
dense_softmax = _namespace["dense_softmax"]
dense_softmax.__code__ = dense_softmax.__code__.replace(co_name="fn" + EVIL)
''' % {"evil": EVIL, "html": HTML}


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "exercise3.py"
    path.write_text(LEARNER)
    return path


def _report(path, tmp_path, fmt):
    run = run_grade(["exercise3", "--file", path, "--format", fmt], tmp_path)
    assert run.returncode in (0, 1), run.describe()
    return run.out_text


def test_the_text_report_holds_no_control_characters(hostile, tmp_path):
    text = _report(hostile, tmp_path, "text")
    assert "boom" in text  # the message is shown ...
    found = control_characters(text)
    assert not found, f"control characters from the learner reach the terminal: {found}"  # ... inert


def _rendered(markdown_text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").render(markdown_text)


def _active_html(html: str) -> list[str]:
    """Tags and links in rendered HTML that came from learner-controlled text."""
    found = re.findall(r"<(?:img|script)\b[^>]*>", html, flags=re.I)
    found += re.findall(r"""href\s*=\s*["']?\s*javascript:[^"'>]*""", html, flags=re.I)
    return found


def test_the_markdown_report_escapes_what_the_learner_controls(hostile, tmp_path):
    text = _report(hostile, tmp_path, "markdown")
    assert "boom" in text
    problems = []
    found = control_characters(text)
    if found:
        problems.append(f"raw control characters in the Markdown: {found}")
    active = _active_html(_rendered(text))
    if active:
        problems.append(f"the Markdown renders learner HTML/links: {active[:4]}")
    assert not problems, "; ".join(problems)


def test_the_junit_xml_parses_and_holds_no_raw_control_characters(hostile, tmp_path):
    text = _report(hostile, tmp_path, "junit")
    ET.fromstring(text.encode("utf-8"))
    found = control_characters(text, allowed="\n\t\r")
    assert not found, f"raw control characters in the JUnit XML: {found}"


IDS = ["<img src=x onerror=alert(1)>", "x](javascript:alert(1))", "a`<img src=y onerror=alert(3)>`b",
       "q\"'><script>alert(4)</script>"]


def test_learner_ids_with_html_and_markdown_are_escaped_in_the_class_pages(tmp_path):
    classroom = tmp_path / "class"
    for learner in IDS:
        folder = classroom / learner
        folder.mkdir(parents=True)
        (folder / "exercise3.py").write_text(solution_source("exercise3"))
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3")
    assert run.returncode in (0, 1), run.describe()
    problems = []
    summary = (out / "summary.html").read_text(encoding="utf-8")
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", summary, flags=re.S | re.I)  # the page's own scripts
    raw = re.findall(r"<img\b[^>]*>", body, flags=re.I) + re.findall(r"<script\b", body, flags=re.I)
    if raw:
        problems.append(f"summary.html has raw tags from a learner id: {raw[:3]}")
    for href in re.findall(r"""href\s*=\s*"([^"]*)\"""", summary) + re.findall(r"""href\s*=\s*'([^']*)'""", summary):
        if href.lower().lstrip().startswith("javascript:") or re.search(r"[\s<>\"'`()\[\]]", href):
            problems.append(f"summary.html link not URL-quoted: {href!r}")
    for report_md in sorted(out.glob("learners/*/report.md")):
        active = _active_html(_rendered(report_md.read_text(encoding="utf-8")))
        if active:
            problems.append(f"{report_md.parent.name}/report.md renders {active[:2]}")
    assert not problems, "; ".join(problems)
