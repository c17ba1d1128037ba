"""A table of several exercises' results: ``grade all`` and a learner's batch report."""

from __future__ import annotations

import json
import unicodedata

from grader.reports import policy
from grader.reports.json_report import report_to_dict
from grader.reports.text_report import OFFICIAL
from grader.results import ExerciseReport, totals
from grader.text import Text

STATUS = {
    "passed": Text("passed", "통과"), "partial": Text("partial", "부분 점수"),
    "failed": Text("failed", "실패"), "not_attempted": Text("not attempted", "미시도"),
    "missing": Text("missing", "제출 없음"), "timeout": Text("timeout", "시간 초과"),
    "error": Text("error", "오류"),
}
HEAD = (Text("exercise", "연습"), Text("score", "점수"), Text("status", "상태"), Text("title", "제목"))
TOTAL = Text("total", "합계")


def columns(text: str) -> int:
    """Terminal columns of ``text`` (Hangul takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` aligned in ``width`` terminal columns."""
    space = " " * max(width - columns(text), 0)
    return space + text if right else text + space


def _score(score: float, max_score: float) -> str:
    return f"{score:g}/{max_score:g}"


def render(reports: list[ExerciseReport], lang: str) -> str:
    exercise, score_head, status, title = (t(lang) for t in HEAD)
    lines = [f"{pad(exercise, 13)} {pad(score_head, 8, right=True)}   {pad(status, 15)} {title}", "-" * 72]
    for report in reports:
        lines.append(f"{report.exercise:<13} {_score(report.score, report.max_score):>8}   "
                     f"{pad(STATUS[report.status](lang), 15)} {report.title(lang)}")
    score, max_score = totals(reports)
    percent = policy.percent(score, max_score)
    lines += ["-" * 72, f"{pad(TOTAL(lang), 13)} {_score(score, max_score):>8}   {percent:.0f}%"]
    skipped = round(sum(r.skipped_points for r in reports), 6)
    if skipped:
        lines.append(OFFICIAL.format(points=skipped)(lang))
    return "\n".join(lines) + "\n"


def render_json(reports: list[ExerciseReport], lang: str) -> str:
    score, max_score = totals(reports)
    return json.dumps({"score": score, "max_score": max_score,
                       "passed": bool(reports) and all(r.all_passed for r in reports),
                       "exercises": [report_to_dict(r, lang) for r in reports]},
                      ensure_ascii=False, indent=2) + "\n"
