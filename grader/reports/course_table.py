"""A table of several exercises' results: ``grade all`` and a learner's batch report.

It formats :class:`grader.reports.policy.ReportView` s (status words, points left to official grading).
"""

from __future__ import annotations

import json
import unicodedata

from grader.reports import policy
from grader.reports.json_report import view_to_dict
from grader.reports.policy import HEAD, OFFICIAL
from grader.results import ExerciseReport, totals
from grader.text import Text

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
    views = policy.views(reports, lang)
    lines = [f"{pad(exercise, 13)} {pad(score_head, 8, right=True)}   {pad(status, 15)} {title}", "-" * 72]
    for view in views:
        lines.append(f"{view.report.exercise:<13} {_score(view.score, view.max_score):>8}   "
                     f"{pad(view.status_word, 15)} {view.title}")
    score, max_score = totals(reports)
    percent = policy.percent(score, max_score)
    lines += ["-" * 72, f"{pad(TOTAL(lang), 13)} {_score(score, max_score):>8}   {percent:.0f}%"]
    skipped = round(sum(v.official_points for v in views), 6)
    if skipped:
        lines.append(OFFICIAL.format(points=skipped)(lang))
    return "\n".join(lines) + "\n"


def render_json(reports: list[ExerciseReport], lang: str) -> str:
    views = policy.views(reports, lang)
    score, max_score = totals(reports)
    return json.dumps({"score": score, "max_score": max_score,
                       "passed": bool(views) and all(v.all_passed for v in views),
                       "exercises": [view_to_dict(v) for v in views]},
                      ensure_ascii=False, indent=2) + "\n"
