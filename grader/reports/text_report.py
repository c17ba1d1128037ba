"""The report a person reads in a terminal: one line per check, and why for the rest."""

from __future__ import annotations


import click

from grader.reports import policy
from grader.reports.policy import HIDDEN, HINT, LABELS
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
ALL_PASSED = Text("All checks passed.", "모든 검사를 통과했습니다.")
OFFICIAL = Text("{points:g} points of hidden checks are checked at official grading, not in this copy.",
                "비공개 검사 {points:g}점은 이 사본이 아니라 공식 채점 때 검사합니다.")
ALL_PASSED_HERE = Text("All checks that run here passed.", "여기서 실행되는 검사를 모두 통과했습니다.")
NOTES = Text("About your file:", "제출 파일에 대해:")
OUTPUT = Text("Your code printed:", "코드가 출력한 내용:")
OUTPUT_CUT = Text("Your code printed (cut to the first and last lines):", "코드가 출력한 내용 (앞뒤 일부):")
EVERY_CHECK = Text("every check above: {message}", "위의 모든 검사: {message}")
HIDDEN_NOTE = Text("Hidden checks use inputs drawn at grading time, so a hard-coded answer does not pass.",
                   "비공개 검사는 채점할 때 뽑은 입력을 쓰므로, 답을 외워 적으면 통과하지 못합니다.")

_INDENT = " " * 10


def _wrap(text: str, prefix: str = "") -> str:
    return wrap(prefix + text, width=100, initial_indent=_INDENT,
                subsequent_indent=_INDENT + " " * display_width(prefix))


def _measurements(check, lang: str) -> list[str]:
    """``accuracy: 0.967 (seed 0), 0.933 (seed 1) (needed >= 0.9)`` and the loss curve."""
    lines = [_wrap(policy.measured_text(group, lang)) for group in policy.measurement_groups(check)]
    curve = policy.curve_text(check, lang)
    return lines + ([_wrap(curve)] if curve else [])


def _shared_message(report: ExerciseReport):
    """The message every check that did not pass has, when there are several and it is one (a file
    that could not be read): said once, under the checks, not once per check."""
    failed = [c for c in report.checks if c.status is not Status.PASSED]
    first = failed[0].message if failed else None
    if len(failed) > 1 and first is not None and all(c.message == first for c in failed):
        return first
    return None


def render(report: ExerciseReport, lang: str, color: bool = False) -> str:
    style = click.style if color else (lambda text, **_: text)
    lines = [style(f"{report.exercise} · {report.title(lang)}", bold=True)]
    if report.notes:
        lines.append(NOTES(lang))
        lines += [_wrap(note(lang), "- ") for note in report.notes]
    shared = _shared_message(report)
    for number, check in enumerate(report.checks, start=1):  # numbered as `grade hint EXERCISE N` numbers them
        mark, colour = MARKS[check.status]
        points = f"{check.points:g}/{check.max_points:g}"
        tag = f" ({HIDDEN(lang)})" if check.visibility == "hidden" else ""
        head = f"  {style(mark, fg=colour)} {number:>2}. {points:>7}  {check.description(lang)}{tag}"
        if check.status is not Status.PASSED:
            head += style(f"  [{LABELS[check.status](lang)}]", fg=colour)
        lines.append(head)
        lines += _measurements(check, lang)
        if check.status is not Status.PASSED:
            if check.message is not None and shared is None:
                lines.append(_wrap(check.message(lang), "→ "))
            if policy.shows_hint(check):
                lines.append(style(_wrap(check.hint(lang), f"{HINT(lang)}: "), dim=True))
    if shared is not None:
        lines.append(_wrap(EVERY_CHECK.format(message=shared)(lang), "→ "))
    if policy.shows_output(report):
        out = report.output.strip().splitlines()
        lines.append((OUTPUT_CUT if len(out) > 15 else OUTPUT)(lang))
        shown = out[:10] + (["..."] + out[-5:] if len(out) > 15 else out[10:])
        lines += ["    " + line for line in shown]
    percent = policy.percent(report.score, report.max_score)
    score = SCORE if report.seed is not None else SCORE_OFFICIAL
    lines.append(style(score(lang).format(score=report.score, max=report.max_score, percent=percent,
                                          seconds=report.duration_s, seed=report.seed), bold=True))
    if report.skipped_points:
        lines.append(OFFICIAL.format(points=report.skipped_points)(lang))
    if report.all_passed:
        lines.append(style((ALL_PASSED_HERE if report.skipped_points else ALL_PASSED)(lang), fg="green"))
    elif any(c.visibility == "hidden" for c in report.checks):
        lines.append(HIDDEN_NOTE(lang))
    return "\n".join(lines) + "\n"
