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
    return None if value is None else Text(_str(value["en"]), _str(value["ko"]))


def _needed_text(value: Any) -> Text:
    if value is None:
        raise TypeError("a stored title, description or note is null")
    return Text(_str(value["en"]), _str(value["ko"]))


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a stored text is {type(value).__name__}, not str")
    return value


def _optional(value: Any, kind: type | tuple[type, ...]) -> Any:
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise TypeError(f"a stored field is {type(value).__name__}, not {kind} or null")
    return value


def _bounded(items: Any, most: int) -> list:
    """A stored list, refused when longer than any grading makes (a result read back stays bounded)."""
    if not isinstance(items, list) or len(items) > most:
        raise ValueError("a stored list is not a list, or longer than a grading makes")
    return items


MAX_CHECKS = 1000
MAX_ITEMS = 100_000  # notes, measurements, epochs of a curve


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
    """The inverse of :func:`report_to_plain` (raises KeyError/TypeError/ValueError/AttributeError if
    malformed: a field of the wrong type, or a list longer than any grading makes)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown stored result format {data.get('format')!r}")
    iso = data.get("isolation")
    checks = tuple(CheckResult(
        name=_str(c["name"]), description=_needed_text(c["description"]), status=Status(c["status"]),
        points=float(c["points"]), max_points=float(c["max_points"]), visibility=_str(c["visibility"]),
        function=_optional(c.get("function"), str), message=_from_text(c.get("message")),
        hint=_from_text(c.get("hint")), duration_s=float(c.get("duration_s", 0.0)),
        grader_fault=bool(c.get("grader_fault")),
        measurements=tuple(Measurement(_str(m["name"]), float(m["value"]),
                                       _optional(m.get("threshold"), (int, float)),
                                       _str(m.get("comparison", ">=")), _optional(m.get("seed"), int),
                                       _optional(m.get("device"), str))
                           for m in _bounded(c.get("measurements", []), MAX_ITEMS)),
        curve=tuple(float(v) for v in _bounded(c.get("curve", []), MAX_ITEMS)),
        needs=None if c.get("needs") is None else str(c["needs"]),
    ) for c in _bounded(data["checks"], MAX_CHECKS))
    return ExerciseReport(
        exercise=_str(data["exercise"]), title=_needed_text(data["title"]), checks=checks,
        duration_s=float(data["duration_s"]), grader_version=_str(data["grader_version"]),
        seed=int(data["seed"]), submission=_str(data["submission"]), output=_str(data.get("output", "")),
        notes=tuple(_needed_text(n) for n in _bounded(data.get("notes", []), MAX_ITEMS)),
        isolation=None if iso is None else Isolation.from_plain(iso),
    )
