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
total score while some tests are still hidden; it appears after the due date.

What the learner's code printed is not put in ``output`` (it could print the
hidden inputs); ``stdout_visibility`` is ``hidden``, so the autograder's own
standard output is for instructors only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from grader import __version__
from grader.reports.course_table import STATUS
from grader.reports.text_report import HINT, LABELS, MEASURED
from grader.results import CheckResult, ExerciseReport, Status
from grader.text import Text

VISIBILITY = {"public": "visible", "hidden": "after_due_date"}
HINTED = (Status.FAILED, Status.NOT_ATTEMPTED)  # a hint helps a wrong answer or a start, not a crash

SUMMARY = Text("{exercise} · {title}: {score:g}/{max_score:g} ({status})",
               "{exercise} · {title}: {score:g}/{max_score:g}점 ({status})")
TOTAL = Text("Total: {score:g}/{max_score:g} ({percent:.0f}%)",
             "합계: {score:g}/{max_score:g}점 ({percent:.0f}%)")
HIDDEN_LATER = Text(
    "Hidden checks use inputs drawn at grading time; their results are shown after the due date.",
    "비공개 검사는 채점할 때 뽑은 입력을 쓰며, 그 결과는 마감 후에 공개됩니다.")
NOT_PRINTED = Text(
    "What your code printed is not shown here; run `grade` on your computer to see it.",
    "코드가 출력한 내용은 여기에 표시하지 않습니다. 직접 `grade` 를 실행해 확인하세요.")


def _number(report: ExerciseReport, position: int) -> str:
    match = re.search(r"(\d+)$", report.exercise)
    return match.group(1) if match else str(position)


def _output(check: CheckResult, lang: str) -> str:
    lines = [check.description(lang)]
    if not check.passed:
        lines.append(f"[{LABELS[check.status](lang)}]" +
                     (f" {check.message(lang)}" if check.message is not None else ""))
        if check.hint is not None and check.status in HINTED:
            lines.append(f"{HINT(lang)}: {check.hint(lang)}")
    for m in check.measurements:
        if m.threshold is None:
            lines.append(f"{m.name}: {m.value:.4g}")
        else:
            lines.append(MEASURED(lang).format(name=m.name, values=f"{m.value:.4g}",
                                               comparison=m.comparison, threshold=m.threshold))
    return "\n".join(lines)


def _test(report: ExerciseReport, check: CheckResult, number: str, prefix: bool, lang: str) -> dict[str, Any]:
    description = check.description(lang)
    return {
        "name": f"{report.exercise}: {description}" if prefix else description,
        "number": number,
        "score": check.points,
        "max_score": check.max_points,
        "status": "passed" if check.passed else "failed",
        "output": _output(check, lang),
        "output_format": "text",
        "tags": [t for t in (report.exercise, check.function) if t],
        "visibility": VISIBILITY.get(check.visibility, "after_due_date"),
        "extra_data": {"exercise": report.exercise, "check": check.name, "status": check.status.value,
                       "grader_visibility": check.visibility},
    }


def _summary(reports: list[ExerciseReport], score: float, max_score: float, lang: str) -> str:
    lines = []
    for report in reports:
        lines.append(SUMMARY(lang).format(exercise=report.exercise, title=report.title(lang),
                                          score=report.score, max_score=report.max_score,
                                          status=STATUS[report.status](lang)))
        lines += [f"  - {note(lang)}" for note in report.notes]
    if len(reports) > 1:
        percent = 100.0 * score / max_score if max_score else 0.0
        lines.append(TOTAL(lang).format(score=score, max_score=max_score, percent=percent))
    if any(c.visibility == "hidden" for r in reports for c in r.checks):
        lines.append(HIDDEN_LATER(lang))
    if any(r.output.strip() for r in reports):
        lines.append(NOT_PRINTED(lang))
    return "\n".join(lines)


def results(reports: list[ExerciseReport], lang: str) -> dict[str, Any]:
    """The ``results.json`` object (a dict) for ``reports``."""
    prefix = len(reports) > 1
    tests = [_test(report, check, f"{_number(report, i)}.{j}", prefix, lang)
             for i, report in enumerate(reports, start=1)
             for j, check in enumerate(report.checks, start=1)]
    score = round(sum(t["score"] for t in tests), 6)
    max_score = round(sum(t["max_score"] for t in tests), 6)
    return {
        "score": score,
        "execution_time": round(sum(r.duration_s for r in reports), 3),
        "output": _summary(reports, score, max_score, lang),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "extra_data": {"max_score": max_score, "grader_version": __version__, "lang": lang,
                       "seed": reports[0].seed if reports else None,
                       "exercises": {r.exercise: r.status for r in reports}},
        "tests": tests,
    }


def render(reports: list[ExerciseReport], lang: str) -> str:
    return json.dumps(results(reports, lang), ensure_ascii=False, indent=2) + "\n"
