"""A Markdown page a learner can be sent (``--format markdown``): a job summary, an e-mail, an LMS post.

Per exercise: a heading, the score, a table of checks (mark, points, what it
checks, measurements beside their thresholds), then for each check that did not
pass why and the hint; remarks about the file; what the code printed, folded.
"""

from __future__ import annotations

import re

from grader.reports.course_table import HEAD, STATUS
from grader.reports import marks, policy
from grader.reports.policy import HIDDEN, HINT
from grader.reports.text_report import ALL_PASSED, HIDDEN_NOTE, NOTES, OUTPUT, OUTPUT_CUT
from grader.results import CheckResult, ExerciseReport, Status, totals
from grader.text import Text, inert


TITLE = Text("Grading report", "채점 결과")
STATUS_HEAD = Text("status", "상태")
SCORE = Text("Score **{score:g}/{max_score:g}** ({percent:.0f}%) · {status}",
             "점수 **{score:g}/{max_score:g}** ({percent:.0f}%) · {status}")
TOTAL = Text("Total **{score:g}/{max_score:g}** ({percent:.0f}%)",
             "합계 **{score:g}/{max_score:g}** ({percent:.0f}%)")
COLUMNS = (Text("points", "점수"), Text("check", "검사"))
MEASURED_HEAD = Text("measured", "측정값")
MET = {True: Text("met", "충족"), False: Text("not met", "미달")}
TO_FIX = Text("What to fix", "고칠 점")
FOOTER = Text("Graded {submission} with tf-course-grader {version}, seed {seed}, in {seconds:.1f} s.",
              "{submission} 채점: tf-course-grader {version}, 시드 {seed}, {seconds:.1f}초.")
FOOTER_OFFICIAL = Text("Graded {submission} with tf-course-grader {version}, in {seconds:.1f} s.",
                       "{submission} 채점: tf-course-grader {version}, {seconds:.1f}초.")


def footer(report: ExerciseReport, lang: str, submission: str) -> str:
    """The line under an exercise: the file, the grader and (not in official grading) the seed."""
    template = FOOTER if report.seed is not None else FOOTER_OFFICIAL
    return template(lang).format(submission=submission, version=report.grader_version, seed=report.seed,
                                 seconds=report.duration_s)

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


def _measured(check: CheckResult, lang: str) -> str:
    """``accuracy: 0.967 (seed 0) (needed >= 0.9), met``, one name per line."""
    return "<br>".join(escape(policy.measured_text(group, lang)) + ("" if group.met is None
                                                                    else f", {MET[group.met](lang)}")
                       for group in policy.measurement_groups(check))


def _table(report: ExerciseReport, lang: str) -> list[str]:
    measured = any(c.measurements for c in report.checks)
    points, check = (t(lang) for t in COLUMNS)
    head = f"| {STATUS_HEAD(lang)} | {points} | {check} |" + (f" {MEASURED_HEAD(lang)} |" if measured else "")
    rule = "|---|---:|---|" + ("---|" if measured else "")
    rows = [head, rule]
    for c in report.checks:
        tag = f" *({HIDDEN(lang)})*" if c.visibility == "hidden" else ""
        label = ""
        if c.status is Status.SKIPPED and c.message is not None:  # why, since "What to fix" leaves it out
            label += f" {escape(c.message(lang))}"
        row = f"| {marks.word(c.status, lang)} | {c.points:g}/{c.max_points:g} | {escape(c.description(lang))}{tag}{label} |"
        rows.append(row + (f" {_measured(c, lang)} |" if measured else ""))
    return rows


def _to_fix(report: ExerciseReport, lang: str) -> list[str]:
    items = []
    for c in report.checks:
        if c.passed or c.status in (Status.MISSING, Status.SKIPPED):  # nothing the learner can fix
            continue
        items.append(f"- {marks.word(c.status, lang)}: **{escape(c.description(lang))}** (`{c.name}`)")
        if c.message is not None:
            items.append(f"  - {escape(c.message(lang))}")
        if policy.shows_hint(c):
            items.append(f"  - {HINT(lang)}: {escape(c.hint(lang))}")
    return [f"### {TO_FIX(lang)}", ""] + items + [""] if items else []


def _fence(text: str) -> str:
    ticks = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`+", text)), default=3))
    return f"{ticks}text\n{text}\n{ticks}"


def _printed(report: ExerciseReport, lang: str) -> list[str]:
    if not policy.shows_output(report):
        return []
    lines = report.output.strip().splitlines()
    shown = lines[:40] + (["..."] + lines[-10:] if len(lines) > 50 else lines[40:])
    said = (OUTPUT_CUT if len(lines) > 50 else OUTPUT)(lang)
    return [f"<details><summary>{escape(said)}</summary>", "", _fence("\n".join(shown)), "",
            "</details>", ""]


def _exercise(report: ExerciseReport, lang: str, level: str) -> list[str]:
    lines = [f"{level} {report.exercise} · {escape(report.title(lang))}", ""]
    lines += [SCORE(lang).format(score=report.score, max_score=report.max_score,
                                 percent=policy.percent(report.score, report.max_score),
                                 status=STATUS[report.status](lang)), ""]
    if report.notes:
        lines += [f"**{NOTES(lang)}**", ""] + [f"- {escape(n(lang))}" for n in report.notes] + [""]
    lines += _table(report, lang) + [""]
    if all(c.passed for c in report.checks):
        lines += [f"**{ALL_PASSED(lang)}**", ""]
    else:
        lines += _to_fix(report, lang)
        if any(c.visibility == "hidden" and not c.passed and c.status is not Status.MISSING
               for c in report.checks):
            lines += [f"*{escape(HIDDEN_NOTE(lang))}*", ""]
    lines += _printed(report, lang)
    if report.submission:
        lines += [f"<sub>{footer(report, lang, escape(report.submission))}</sub>", ""]
    return lines


def _overview(reports: list[ExerciseReport], lang: str) -> list[str]:
    exercise, score, status, title = (t(lang) for t in HEAD)
    rows = [f"| {exercise} | {score} | {status} | {title} |", "|---|---:|---|---|"]
    for r in reports:
        rows.append(f"| {r.exercise} | {r.score:g}/{r.max_score:g} | {STATUS[r.status](lang)} "
                    f"| {escape(r.title(lang))} |")
    total, available = totals(reports)
    percent = policy.percent(total, available)
    return rows + ["", TOTAL(lang).format(score=total, max_score=available, percent=percent), ""]


def render(reports: list[ExerciseReport], lang: str, title: str | None = None) -> str:
    """The page for ``reports`` in ``lang``; ``title`` replaces the default heading."""
    lines = [f"# {escape(title) if title else TITLE(lang)}", ""]
    if len(reports) > 1:
        lines += _overview(reports, lang)
    for report in reports:
        lines += _exercise(report, lang, "##")
    return "\n".join(lines).rstrip() + "\n"
