"""The JSON report (``--format json``); its schema is documented in README.md.

JSON is the data: every field of the report and its checks, in one language (a check's ``hint`` is
its hint, shown or not).  From :class:`grader.reports.policy.ReportView` it takes ``passed`` and
``status`` only, the two things a report decides about the exercise as a whole.
"""

from __future__ import annotations

import json
from typing import Any

from grader.reports import policy
from grader.reports.policy import ReportView
from grader.results import CheckResult, ExerciseReport


def _text(value, lang: str) -> str | None:
    return value(lang) if value is not None else None


def check_to_dict(check: CheckResult, lang: str) -> dict[str, Any]:
    return {
        "name": check.name,
        "description": check.description(lang),
        "function": check.function,
        "visibility": check.visibility,
        "status": check.status.value,
        "points": check.points,
        "max_points": check.max_points,
        "message": _text(check.message, lang),
        "hint": _text(check.hint, lang),
        "duration_s": check.duration_s,
        "measurements": [
            {"name": m.name, "value": m.value, "threshold": m.threshold, "comparison": m.comparison,
             "met": m.met, "seed": m.seed, "device": m.device} for m in check.measurements],
        "curve": list(check.curve),
        "needs": check.needs,  # skipped: the check it needs, which did not pass (else null)
    }


def view_to_dict(view: ReportView) -> dict[str, Any]:
    report, lang = view.report, view.lang
    iso = report.isolation
    return {
        "exercise": report.exercise,
        "title": view.title,
        "score": view.score,
        "max_score": view.max_score,
        "passed": view.all_passed,
        "status": view.status.value,
        "checks": [check_to_dict(c, lang) for c in report.checks],
        "notes": [n(lang) for n in report.notes],
        "output": report.output,
        "duration_s": report.duration_s,
        "grader_version": report.grader_version,
        "seed": report.seed,
        "lang": lang,
        "submission": report.submission,
        "isolation": None if iso is None else {
            "level": iso.level, "network_blocked": iso.network,
            "solutions_hidden": iso.solutions_hidden, "unprivileged": iso.unprivileged,
            "notes": list(iso.notes)},
    }


def report_to_dict(report: ExerciseReport, lang: str) -> dict[str, Any]:
    return view_to_dict(policy.view(report, lang))


def render(report: ExerciseReport, lang: str) -> str:
    return json.dumps(report_to_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
