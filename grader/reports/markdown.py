"""A Markdown page a learner can be sent (``--format markdown``): a job summary, an e-mail, an LMS post.

Per exercise: a heading, the score, a table of checks (mark, points, what it
checks, measurements beside their thresholds), then for each check that did not
pass why and the hint; remarks about the file; what the code printed, folded.
It formats :class:`grader.reports.policy.ReportView` and decides nothing.
"""

from __future__ import annotations

import re

from grader.reports import marks, policy
from grader.reports.policy import HEAD, HIDDEN, HINT, NOTES, OUTPUT, OUTPUT_CUT, TITLE, CheckView, ReportView
from grader.results import ExerciseReport, totals
from grader.text import Text, inert


STATUS_HEAD = Text("status", "상태")
TOTAL = Text("Total **{score:g}/{max_score:g}** ({percent:.0f}%)",
             "합계 **{score:g}/{max_score:g}** ({percent:.0f}%)")
COLUMNS = (Text("points", "점수"), Text("check", "검사"))
MEASURED_HEAD = Text("measured", "측정값")
MET = {True: Text("met", "충족"), False: Text("not met", "미달")}
TO_FIX = Text("What to fix", "고칠 점")

# One total rule for every text that is not the grader's own Markdown: each character that can open
# Markdown or HTML inline (emphasis, code spans, links and images, raw HTML and autolinks, entities,
# strikethrough, table cells) is backslash-escaped, wherever it is; what could open a block at the
# start of the line (a heading, a quote, a list item, a setext rule, "1." or "1)") is too.  No span is recognised and left as it is:
# a code span a regular expression finds is not always one CommonMark finds.
_ESCAPE = re.compile(r"([\\`*_<\[\]|&~!])")  # ">" closes nothing once "<" is escaped
_BLOCK_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line (see the rule above): what it renders is ``text``."""
    text = " ".join(inert(text).split())
    text = _ESCAPE.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


def _measured(check: CheckView, lang: str) -> str:
    """``accuracy: 0.967 (seed 0) (needed >= 0.9), met``, one name per line."""
    return "<br>".join(escape(m.text) + ("" if m.met is None else f", {MET[m.met](lang)}") for m in check.measured)


def _table(view: ReportView) -> list[str]:
    lang = view.lang
    measured = any(c.measured for c in view.checks)
    points, check = (t(lang) for t in COLUMNS)
    head = f"| {STATUS_HEAD(lang)} | {points} | {check} |" + (f" {MEASURED_HEAD(lang)} |" if measured else "")
    rule = "|---|---:|---|" + ("---|" if measured else "")
    rows = [head, rule]
    for c in view.checks:
        tag = f" *({HIDDEN(lang)})*" if c.hidden else ""
        why = f" {escape(c.message)}" if c.message is not None and not c.to_fix else ""  # not in "What to fix"
        row = (f"| {marks.word(c.status, lang)} | {c.result.points:g}/{c.result.max_points:g} "
               f"| {escape(c.description)}{tag}{why} |")
        rows.append(row + (f" {_measured(c, lang)} |" if measured else ""))
    return rows


def _to_fix(view: ReportView) -> list[str]:
    items = []
    for c in view.checks:
        if not c.to_fix:
            continue
        items.append(f"- {marks.word(c.status, view.lang)}: **{escape(c.description)}** (`{c.result.name}`)")
        if c.message is not None:
            items.append(f"  - {escape(c.message)}")
        if c.hint is not None:
            items.append(f"  - {HINT(view.lang)}: {escape(c.hint)}")
    return [f"### {TO_FIX(view.lang)}", ""] + items + [""] if items else []


def _fence(text: str) -> str:
    ticks = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`+", text)), default=3))
    return f"{ticks}text\n{text}\n{ticks}"


def _printed(view: ReportView) -> list[str]:
    if view.output is None:
        return []
    lines = view.output.strip().splitlines()
    shown = lines[:40] + (["..."] + lines[-10:] if len(lines) > 50 else lines[40:])
    said = (OUTPUT_CUT if len(lines) > 50 else OUTPUT)(view.lang)
    return [f"<details><summary>{escape(said)}</summary>", "", _fence("\n".join(shown)), "",
            "</details>", ""]


def _exercise(view: ReportView, level: str) -> list[str]:
    report, lang = view.report, view.lang
    lines = [f"{level} {report.exercise} · {escape(view.title)}", ""]
    lines += [view.score_line(f"**{view.score:g}/{view.max_score:g}**"), ""]
    if view.notes:
        lines += [f"**{NOTES(lang)}**", ""] + [f"- {escape(n)}" for n in view.notes] + [""]
    lines += _table(view) + [""]
    lines += _to_fix(view)
    for said, mark in ((view.official_note, "*"), (view.conclusion, "**"), (view.hidden_note, "*")):
        if said is not None:
            lines += [f"{mark}{escape(said)}{mark}", ""]
    lines += _printed(view)
    if report.submission:
        lines += [f"<sub>{view.footer(escape(report.submission))}</sub>", ""]
    return lines


def _overview(views: list[ReportView], lang: str) -> list[str]:
    exercise, score, status, title = (t(lang) for t in HEAD)
    rows = [f"| {exercise} | {score} | {status} | {title} |", "|---|---:|---|---|"]
    for v in views:
        rows.append(f"| {v.report.exercise} | {v.score:g}/{v.max_score:g} | {v.status_word} | {escape(v.title)} |")
    total, available = totals([v.report for v in views])
    percent = policy.percent(total, available)
    return rows + ["", TOTAL(lang).format(score=total, max_score=available, percent=percent), ""]


def render(reports: list[ExerciseReport], lang: str, title: str | None = None) -> str:
    """The page for ``reports`` in ``lang``; ``title`` replaces the default heading."""
    views = policy.views(reports, lang)
    lines = [f"# {escape(title) if title else TITLE(lang)}", ""]
    if len(views) > 1:
        lines += _overview(views, lang)
    for view in views:
        lines += _exercise(view, "##")
    return "\n".join(lines).rstrip() + "\n"
