"""What ``grade batch`` writes: each learner's pages, and the class's files.

Per learner, in ``DIR/learners/<id>/``: ``report.json`` (the schema of
``grade --format json``, one entry per exercise), ``report.md`` (a page the
learner can be sent) and ``results.json`` (Gradescope's format).  For the
class, in ``DIR``: ``gradebook.csv``, ``gradebook-canvas.csv`` and ``gradebook-moodle.csv``
(:mod:`grader.batch.lms_gradebooks`), ``junit.xml``, ``summary.html`` and ``similarity.csv``
(:mod:`grader.batch.similarity`).
Everything is rendered from the stored results, so a resumed or interrupted
run writes the same files as an uninterrupted one.  A learner's pages are rendered from
:func:`grader.reports.official.for_learner` views of the results: no seed, no training seed, no
path of this machine (the stored ``result.json`` keeps them, for the instructor).
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.batch import csv_cells, lms_gradebooks, similarity, store
from grader.reports import gradescope, junit, learner_html, markdown, official, summary_html
from grader.reports.json_report import report_to_dict

GRADEBOOK = "gradebook.csv"
JUNIT = "junit.xml"
SUMMARY = "summary.html"


def learner_json(result: store.LearnerResult, lang: str, out: Path | None = None) -> str:
    """``report.json`` of a learner: what a learner may see (:mod:`grader.reports.official`)."""
    hide = [out.resolve()] if out is not None else []
    reports = [official.for_learner(r, hide) for r in result.reports]
    return json.dumps({
        "learner": result.learner, "score": result.score, "max_score": result.max_score,
        "percent": round(result.percent, 2), "complete": result.complete,
        "notes": list(official.notes_for_learner(result.notes, result.reports, hide)),
        "exercises": [report_to_dict(r, lang) for r in reports],
    }, ensure_ascii=False, indent=2) + "\n"


def write_learner(out: Path, result: store.LearnerResult, lang: str) -> None:
    """The learner's pages; none holds the class's seed, a training seed or a path of this machine."""
    folder = store.learner_dir(out, result.learner)
    reports = [official.for_learner(r, [out.resolve()]) for r in result.reports]
    store.write_atomic(folder / "report.json", learner_json(result, lang, out))
    store.write_atomic(folder / "report.md", markdown.render(reports, lang, title=result.learner))
    store.write_atomic(folder / "report.html", learner_html.render(reports, lang, title=result.learner))
    store.write_atomic(folder / "results.json", gradescope.render(reports, lang))


def gradebook_csv(results: list[store.LearnerResult], exercises: list[str]) -> str:
    """One row per learner (sorted by id): each exercise's score and status (passed, partial, failed,
    not_attempted, missing, timeout, error: a syntax error is not an empty hand-in), then total,
    max and percentage."""
    import pandas as pd

    rows = []
    for result in sorted(results, key=lambda r: r.learner):
        reports = {r.exercise: r for r in result.reports}
        row: dict = {"learner": result.learner}
        for name in exercises:
            row[name] = reports[name].score if name in reports else 0.0
            row[f"{name} status"] = reports[name].status if name in reports else "missing"
        rows.append({**row, "total": result.score, "max_total": result.max_score,
                     "percentage": round(result.percent, 2)})
    columns = ["learner", *[c for name in exercises for c in (name, f"{name} status")], "total", "max_total",
               "percentage"]
    rows = [{key: csv_cells.cell(value) for key, value in row.items()} for row in rows]  # no formula
    return pd.DataFrame(rows, columns=columns).to_csv(index=False)


def write_class(out: Path, results: list[store.LearnerResult], exercises: list[str], lang: str,
                title: str = "", similar: list[similarity.Pair] | None = None) -> None:
    results = sorted(results, key=lambda r: r.learner)
    similar = list(similar or [])
    store.write_atomic(out / GRADEBOOK, gradebook_csv(results, exercises), encoding="utf-8-sig")  # Excel: Hangul
    store.write_atomic(out / lms_gradebooks.CANVAS, lms_gradebooks.canvas_csv(results, exercises))
    store.write_atomic(out / lms_gradebooks.MOODLE, lms_gradebooks.moodle_csv(results, exercises))
    store.write_atomic(out / JUNIT, junit.render([(r.learner, list(r.reports)) for r in results], lang))
    store.write_atomic(out / similarity.SIMILARITY, similarity.similarity_csv(similar))
    store.write_atomic(out / SUMMARY, summary_html.render(results, exercises, lang, title=title,
                                                          similar=tuple(similar)))


def class_line(results: list[store.LearnerResult], out: Path) -> str:
    """The batch's last line (on standard output): ``8 learners, mean 72.5%, 2 with errors, 3 missing
    files; summary: graded/summary.html``."""
    from grader.batch.grading import had_errors

    mean = sum(r.percent for r in results) / len(results) if results else 0.0
    errors = sum(1 for r in results if had_errors(r))
    missing = sum(1 for r in results for report in r.reports if report.status == "missing")
    return (f"{len(results)} learners, mean {mean:.1f}%, {errors} with errors, {missing} missing files; "
            f"summary: {out / SUMMARY}")
