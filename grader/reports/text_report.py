"""The report a person reads in a terminal: one line per check, and why for the rest.

It formats :class:`grader.reports.policy.ReportView` and decides nothing (what is shown is the view's).
"""

from __future__ import annotations

import click

from grader.reports import policy
from grader.reports.policy import HIDDEN, HINT, OUTPUT, OUTPUT_CUT, NOTES, ReportView
from grader.results import ExerciseReport, Status
from grader.text import Text, display_width, wrap

MARKS = {
    Status.PASSED: ("✓", "green"), Status.FAILED: ("✗", "red"), Status.ERROR: ("!", "red"),
    Status.TIMEOUT: ("⏱", "red"), Status.NOT_ATTEMPTED: ("·", "yellow"),
    Status.SKIPPED: ("-", "blue"), Status.MISSING: ("?", "yellow"),
}
SCORE = Text("Score {score:g}/{max:g} ({percent:.0f}%) in {seconds:.1f} s, seed {seed}",
             "점수 {score:g}/{max:g} ({percent:.0f}%), {seconds:.1f}초, 시드 {seed}")
SCORE_OFFICIAL = Text("Score {score:g}/{max:g} ({percent:.0f}%) in {seconds:.1f} s",
                      "점수 {score:g}/{max:g} ({percent:.0f}%), {seconds:.1f}초")

_INDENT = " " * 10


def _wrap(text: str, prefix: str = "") -> str:
    return wrap(prefix + text, width=100, initial_indent=_INDENT,
                subsequent_indent=_INDENT + " " * display_width(prefix))


def format_view(view: ReportView, color: bool = False) -> str:
    style = click.style if color else (lambda text, **_: text)
    lang, report = view.lang, view.report
    lines = [style(f"{report.exercise} · {view.title}", bold=True)]
    if view.notes:
        lines.append(NOTES(lang))
        lines += [_wrap(note, "- ") for note in view.notes]
    for check in view.checks:
        mark, colour = MARKS[check.status]
        points = f"{check.result.points:g}/{check.result.max_points:g}"
        tag = f" ({HIDDEN(lang)})" if check.hidden else ""
        head = f"  {style(mark, fg=colour)} {check.number:>2}. {points:>7}  {check.description}{tag}"
        if not check.passed:
            head += style(f"  [{check.label}]", fg=colour)
        lines.append(head)
        lines += [_wrap(m.text) for m in check.measured] + ([_wrap(check.curve)] if check.curve else [])
        if check.message is not None and view.shared_message is None:
            lines.append(_wrap(check.message, "→ "))
        if check.hint is not None:
            lines.append(style(_wrap(check.hint, f"{HINT(lang)}: "), dim=True))
    if view.shared_message is not None:
        lines.append(_wrap(view.shared_message, "→ "))
    if view.output is not None:
        out = view.output.strip().splitlines()
        lines.append((OUTPUT_CUT if len(out) > 15 else OUTPUT)(lang))
        shown = out[:10] + (["..."] + out[-5:] if len(out) > 15 else out[10:])
        lines += ["    " + line for line in shown]
    score = SCORE if report.seed is not None else SCORE_OFFICIAL
    lines.append(style(score(lang).format(score=view.score, max=view.max_score, percent=view.percent,
                                          seconds=report.duration_s, seed=report.seed), bold=True))
    if view.official_note is not None:
        lines.append(view.official_note)
    if view.conclusion is not None:
        lines.append(style(view.conclusion, fg="green"))
    if view.hidden_note is not None:
        lines.append(view.hidden_note)
    return "\n".join(lines) + "\n"


def render(report: ExerciseReport, lang: str, color: bool = False) -> str:
    return format_view(policy.view(report, lang), color)
