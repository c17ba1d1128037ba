"""The class's gradebook in the column layouts course platforms import.

- ``gradebook-canvas.csv``: Canvas's Grades → Import layout: ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then one column per exercise, headed by its name (Canvas makes a new
  assignment of a column it does not know, or updates the one of that name), and a second row
  ``Points Possible`` with each exercise's maximum.  The learner id goes in ``Student`` and
  ``SIS Login ID`` (the names of an LMS export are login names); ``ID`` and ``SIS User ID`` stay empty.
- ``gradebook-moodle.csv``: for Moodle's Grades → Import → CSV file: ``Username``, then one column
  per exercise and ``Total``; in the import form, "Identify user by" maps ``Username`` to
  username, and each column to its grade item.

Both plain UTF-8 with comma separators (what both importers read by default), rows sorted by
learner id, scores as numbers (a missing exercise scores 0); a cell that would read as a spreadsheet
formula gets a leading ``'`` (:mod:`grader.batch.csv_cells`).
"""

from __future__ import annotations

from grader.batch import csv_cells, store

CANVAS = "gradebook-canvas.csv"
MOODLE = "gradebook-moodle.csv"
CANVAS_IDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def _number(value: float) -> str:
    return f"{value:g}"


def _scores(result: store.LearnerResult, exercises: list[str]) -> list[str]:
    reports = {r.exercise: r for r in result.reports}
    return [_number(reports[name].score) if name in reports else "0" for name in exercises]


def _maxima(results: list[store.LearnerResult], exercises: list[str]) -> list[str]:
    maxima = {}
    for result in results:
        for report in result.reports:
            maxima.setdefault(report.exercise, report.max_score)
    return [_number(maxima.get(name, 0.0)) for name in exercises]


def canvas_csv(results: list[store.LearnerResult], exercises: list[str]) -> str:
    rows = [[*CANVAS_IDS, *exercises], ["    Points Possible", "", "", "", "", *_maxima(results, exercises)]]
    rows += [[result.learner, "", "", result.learner, "", *_scores(result, exercises)]
             for result in sorted(results, key=lambda r: r.learner)]
    return csv_cells.render(rows)


def moodle_csv(results: list[store.LearnerResult], exercises: list[str]) -> str:
    rows = [["Username", *exercises, "Total"]]
    rows += [[result.learner, *_scores(result, exercises), _number(result.score)]
             for result in sorted(results, key=lambda r: r.learner)]
    return csv_cells.render(rows)
