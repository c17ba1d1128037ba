"""Gradescope's autograder ``results.json`` (``--format gradescope``).

Follows Gradescope's autograder specification ("Autograder Specifications",
gradescope-autograders.readthedocs.io/en/latest/specs/): top-level ``score``
(here always the sum of the tests' scores), ``execution_time`` (seconds),
``output``, ``output_format``, ``stdout_visibility`` and ``tests``; each test has
``name``, ``number``, ``score``, ``max_score``, ``status`` (``passed``/``failed``),
``output`` (why it did not pass and the hint), ``output_format``, ``tags``,
``visibility`` and ``extra_data`` (the grader's own status and check name).

Visibility.  The spec allows ``visible``, ``hidden`` (never shown to students),
``after_due_date`` (shown once the due date, or the late due date, has passed) and
``after_published`` (shown when the instructor publishes grades).  Public checks
(the lecture notes' own examples) are ``visible``.  Hidden checks are
``after_due_date``: their messages show the inputs drawn at grading time, and
with the seed of an official grading those inputs are the same on every
resubmission, so showing them before the deadline would let a learner fit the
answers to them.  Once the (late) deadline has passed that no longer matters,
so the learner gets the full feedback then, without the instructor having to
publish anything (``after_published`` would tie feedback to publishing grades;
``hidden`` would never show it, although learners see hidden checks' messages
when they grade themselves locally).  Gradescope does not show students their
total score while some tests are still hidden; it appears after the due date.  The summary
(``output``, shown at once) counts the visible checks only in this mode: its scores, statuses and
total would otherwise carry the hidden checks' results before the deadline (``score`` itself
stays the whole score, which Gradescope keeps from students until then).

Hidden checks can be shown another way (``--gradescope-hidden score-now``): as ``visible``
tests that show their score at once and only their description, never their message
(which holds the inputs drawn at grading time); the learner's total is then shown at once
too; the hidden checks' messages are not in ``results.json`` at all (grade the hand-ins
with ``grade batch`` to read them).

Every report is first made what a learner may see (:func:`grader.reports.official.for_learner`):
no seed, no training seed, no path of the grading machine in any test, shown now or later.

What the learner's code printed is not put in ``output`` (it could print the
hidden inputs); ``stdout_visibility`` is ``hidden``, so the autograder's own
standard output is for instructors only.

It formats :class:`grader.reports.policy.ReportView` s (the summary's of what may be shown now).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from grader import __version__
from grader.reports import official, policy
from grader.reports.policy import HINT, CheckView, ReportView
from grader.results import ExerciseReport, totals
from grader.text import Text

VISIBILITY = {"public": "visible", "hidden": "after_due_date"}
HIDDEN_MODES = ("after-due-date", "score-now")  # how hidden checks are shown (see the module docstring)

SUMMARY = Text("{exercise} · {title}: {score:g}/{max_score:g} ({status})",
               "{exercise} · {title}: {score:g}/{max_score:g}점 ({status})")
TOTAL = Text("Total: {score:g}/{max_score:g} ({percent:.0f}%)",
             "합계: {score:g}/{max_score:g}점 ({percent:.0f}%)")
HIDDEN_LATER = Text(
    "Hidden checks use inputs drawn at grading time; their results are shown after the due date.",
    "비공개 검사는 채점할 때 뽑은 입력을 쓰며, 그 결과는 마감 후에 공개됩니다.")
HIDDEN_NOW = Text(
    "Hidden checks use inputs drawn at grading time: their scores are shown, not their details.",
    "비공개 검사는 채점할 때 뽑은 입력을 씁니다. 점수는 보여 주지만 자세한 내용은 보여 주지 않습니다.")
DETAILS_WITHHELD = Text("(hidden check: what it found is not shown)",
                        "(비공개 검사: 자세한 내용은 보여 주지 않습니다)")
NOT_PRINTED = Text(
    "What your code printed is not shown here; run `grade` on your computer to see it.",
    "코드가 출력한 내용은 여기에 표시하지 않습니다. 직접 `grade`를 실행해 확인하세요.")


def _number(report: ExerciseReport, position: int) -> str:
    match = re.search(r"(\d+)$", report.exercise)
    return match.group(1) if match else str(position)


def _output(check: CheckView, lang: str) -> str:
    lines = [check.description]
    if not check.passed:
        lines.append(f"[{check.label}]" + (f" {check.message}" if check.message is not None else ""))
        if check.hint is not None:
            lines.append(f"{HINT(lang)}: {check.hint}")
    lines += [m.text for m in check.measured]  # no seed: the report is what a learner may see
    return "\n".join(lines)


def _test(view: ReportView, check: CheckView, number: str, prefix: bool, hidden: str = "after-due-date"
          ) -> dict[str, Any]:
    result, exercise, lang = check.result, view.report.exercise, view.lang
    withheld = check.hidden and hidden == "score-now"
    return {
        "name": f"{exercise}: {check.description}" if prefix else check.description,
        "number": number,
        "score": result.points,
        "max_score": result.max_points,
        "status": "passed" if check.passed else "failed",
        "output": f"{check.description}\n[{check.label}] {DETAILS_WITHHELD(lang)}" if withheld
        else _output(check, lang),
        "output_format": "text",
        "tags": [t for t in (exercise, result.function) if t],
        "visibility": "visible" if withheld else VISIBILITY.get(result.visibility, "after_due_date"),
        "extra_data": {"exercise": exercise, "check": result.name, "status": result.status.value,
                       "grader_visibility": result.visibility, "needs": result.needs},
    }


def _shown(report: ExerciseReport, hidden: str) -> ExerciseReport:
    """What a learner may see of ``report`` before the due date: in ``after-due-date`` mode its visible
    checks only, so no score, status or total of the summary carries a hidden check's result."""
    if hidden == "score-now":
        return report
    return replace(report, checks=tuple(c for c in report.checks if c.visibility != "hidden"))


def _summary(reports: list[ExerciseReport], lang: str, hidden: str = "after-due-date") -> str:
    shown = [_shown(report, hidden) for report in reports]
    score, max_score = totals(shown)
    lines = []
    for view in policy.views(shown, lang):
        lines.append(SUMMARY(lang).format(exercise=view.report.exercise, title=view.title, score=view.score,
                                          max_score=view.max_score, status=view.status_word))
        lines += [f"  - {note}" for note in view.notes]
    if len(reports) > 1:
        percent = policy.percent(score, max_score)
        lines.append(TOTAL(lang).format(score=score, max_score=max_score, percent=percent))
    if any(c.visibility == "hidden" for r in reports for c in r.checks):
        lines.append((HIDDEN_NOW if hidden == "score-now" else HIDDEN_LATER)(lang))
    if any(r.output.strip() for r in reports):
        lines.append(NOT_PRINTED(lang))
    return "\n".join(lines)


def results(reports: list[ExerciseReport], lang: str, hidden: str = "after-due-date") -> dict[str, Any]:
    """The ``results.json`` object (a dict) for ``reports``; ``hidden``: one of :data:`HIDDEN_MODES`."""
    if hidden not in HIDDEN_MODES:
        raise ValueError(f"hidden checks are shown {' or '.join(HIDDEN_MODES)}, not {hidden!r}")
    prefix = len(reports) > 1
    reports = [official.for_learner(r) for r in reports]
    tests = [_test(view, check, f"{_number(view.report, i)}.{check.number}", prefix, hidden)
             for i, view in enumerate(policy.views(reports, lang), start=1) for check in view.checks]
    score = round(sum(t["score"] for t in tests), 6)
    max_score = round(sum(t["max_score"] for t in tests), 6)
    return {
        "score": score,
        "execution_time": round(sum(r.duration_s for r in reports), 3),
        "output": _summary(reports, lang, hidden),
        "output_format": "text",
        "stdout_visibility": "hidden",
        # No seed here nor in any visible test: with it a learner could draw the hidden inputs again.
        "extra_data": {"max_score": max_score, "grader_version": __version__, "lang": lang,
                       "hidden_checks": hidden,
                       "exercises": {r.exercise: _shown(r, hidden).status.value for r in reports}},
        "tests": tests,
    }


def render(reports: list[ExerciseReport], lang: str, hidden: str = "after-due-date") -> str:
    return json.dumps(results(reports, lang, hidden), ensure_ascii=False, indent=2) + "\n"
