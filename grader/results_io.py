"""Results as plain JSON with both languages, and back: what batch grading keeps on disk.

The public reports (``grade --format json`` and friends) are in one language;
this record keeps every text in both, so a stored result can be rendered
again in either language and read back for ``grade batch --resume``.
"""

from __future__ import annotations

from typing import Any

from grader.results import CheckResult, ExerciseReport, Isolation, Measurement, Status
from grader.text import Text

FORMAT = 1


def _text(value: Text | None) -> dict | None:
    return None if value is None else {"en": value.en, "ko": value.ko}


def _from_text(value: Any) -> Text | None:
    return None if value is None else Text(str(value["en"]), str(value["ko"]))


def report_to_plain(report: ExerciseReport) -> dict[str, Any]:
    iso = report.isolation
    return {
        "format": FORMAT,
        "exercise": report.exercise, "title": _text(report.title), "duration_s": report.duration_s,
        "grader_version": report.grader_version, "seed": report.seed, "submission": report.submission,
        "output": report.output, "notes": [_text(n) for n in report.notes],
        "isolation": None if iso is None else iso.to_plain(),
        "checks": [{
            "name": c.name, "description": _text(c.description), "status": c.status.value,
            "points": c.points, "max_points": c.max_points, "visibility": c.visibility,
            "function": c.function, "message": _text(c.message), "hint": _text(c.hint),
            "duration_s": c.duration_s, "grader_fault": c.grader_fault,
            "measurements": [{"name": m.name, "value": m.value, "threshold": m.threshold,
                              "comparison": m.comparison, "seed": m.seed, "device": m.device}
                             for m in c.measurements],
            "curve": list(c.curve), "needs": c.needs,
        } for c in report.checks],
    }


def report_from_plain(data: dict[str, Any]) -> ExerciseReport:
    """The inverse of :func:`report_to_plain` (raises KeyError/TypeError/ValueError if malformed)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown stored result format {data.get('format')!r}")
    iso = data.get("isolation")
    checks = tuple(CheckResult(
        name=c["name"], description=_from_text(c["description"]), status=Status(c["status"]),
        points=float(c["points"]), max_points=float(c["max_points"]), visibility=c["visibility"],
        function=c.get("function"), message=_from_text(c.get("message")), hint=_from_text(c.get("hint")),
        duration_s=float(c.get("duration_s", 0.0)), grader_fault=bool(c.get("grader_fault")),
        measurements=tuple(Measurement(m["name"], float(m["value"]), m.get("threshold"),
                                       m.get("comparison", ">="), m.get("seed"), m.get("device"))
                           for m in c.get("measurements", [])),
        curve=tuple(float(v) for v in c.get("curve", [])),
        needs=None if c.get("needs") is None else str(c["needs"]),
    ) for c in data["checks"])
    return ExerciseReport(
        exercise=data["exercise"], title=_from_text(data["title"]), checks=checks,
        duration_s=float(data["duration_s"]), grader_version=data["grader_version"],
        seed=int(data["seed"]), submission=data["submission"], output=data.get("output", ""),
        notes=tuple(_from_text(n) for n in data.get("notes", [])),
        isolation=None if iso is None else Isolation.from_plain(iso),
    )
