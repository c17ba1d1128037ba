"""What ``grade batch`` writes: each learner's pages, and the class's files.

Per learner, in ``DIR/learners/<id>/``: ``report.json`` (the schema of
``grade --format json``, one entry per exercise), ``report.md`` (a page the
learner can be sent) and ``results.json`` (Gradescope's format).  For the
class, in ``DIR``: ``gradebook.csv``, ``gradebook-canvas.csv`` and ``gradebook-moodle.csv``
(:mod:`grader.batch.lms_gradebooks`), ``junit.xml``, ``summary.html`` and ``similarity.csv``
(:mod:`grader.batch.similarity`).
Everything is rendered from the stored results, read one learner at a time (:func:`write_class`),
so a resumed or interrupted run writes the same files as an uninterrupted one, and the memory it
takes does not grow with the class's reports.  A learner's pages are rendered from
:func:`grader.reports.official.for_learner` views of the results: no seed, no training seed, no
path of this machine (the stored ``result.json`` keeps them, for the instructor).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from grader.batch import csv_cells, lms_gradebooks, similarity, store
from grader.reports import gradescope, junit, learner_html, markdown, official, summary_html
from grader.reports.json_report import report_to_dict
from grader.results import ExerciseStatus, Status
from grader.text import Text

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


def _gradebook_row(result: store.LearnerResult, exercises: list[str]) -> list[object]:
    reports = {r.exercise: r for r in result.reports}
    row: list[object] = [result.learner]
    for name in exercises:
        report = reports.get(name)
        row += [report.score, report.status.value] if report is not None else [0.0, ExerciseStatus.MISSING.value]
    return row + [result.score, result.max_score, round(result.percent, 2)]


def gradebook_csv(results: list[store.LearnerResult], exercises: list[str]) -> str:
    """One row per learner (sorted by id): each exercise's score and status (passed, partial, failed,
    not_attempted, missing, timeout, error: a syntax error is not an empty hand-in), then total,
    max and percentage; numbers as Python writes them (``12.0``), a formula-like text quoted."""
    columns = ["learner", *[c for name in exercises for c in (name, f"{name} status")], "total", "max_total",
               "percentage"]
    return csv_cells.render([columns, *(_gradebook_row(r, exercises) for r in sorted(results, key=lambda r: r.learner))])


class _Slimmer:
    """What the class's files read of a learner, without what only the learner's pages show.

    The summary page, the gradebooks and the class line read scores, statuses, check names and
    descriptions, durations and why a file failed to run; a learner's printed output, hints, training
    curves and measurements are left out, and texts every learner shares (titles, descriptions) are
    kept once, so what stays in memory per learner is a small table, not the learner's reports."""

    def __init__(self) -> None:
        self._texts: dict[Text, Text] = {}

    def _shared(self, text: Text | None) -> Text | None:
        return None if text is None else self._texts.setdefault(text, text)

    def __call__(self, result: store.LearnerResult) -> store.LearnerResult:
        reports = tuple(dataclasses.replace(
            report, title=self._shared(report.title), output="", submission="", isolation=None,
            notes=tuple(self._shared(n) for n in report.notes[:1]),  # the summary's "why it did not run"
            checks=tuple(dataclasses.replace(
                c, description=self._shared(c.description), hint=None, measurements=(), curve=(),
                message=c.message if c.status in (Status.ERROR, Status.TIMEOUT) else None)
                for c in report.checks)) for report in result.reports)
        return dataclasses.replace(result, reports=reports, notes=())


@dataclass(frozen=True)
class ClassTally:
    """What the batch's last lines say of the stored results of the class (or of a shard)."""
    learners: int  # with a stored result
    mean_percent: float
    with_errors: int
    missing_files: int
    unfinished: tuple[str, ...]  # learners whose result the grader did not finish (--resume grades them)


class _Counter:
    def __init__(self) -> None:
        self.learners, self.percents, self.with_errors, self.missing = 0, 0.0, 0, 0
        self.unfinished: list[str] = []

    def add(self, result: store.LearnerResult) -> None:
        from grader.batch.grading import had_errors

        self.learners += 1
        self.percents += result.percent
        self.with_errors += had_errors(result)
        self.missing += sum(1 for report in result.reports if report.status is ExerciseStatus.MISSING)
        if not store.finished(result):
            self.unfinished.append(result.learner)

    def tally(self) -> ClassTally:
        mean = self.percents / self.learners if self.learners else 0.0
        return ClassTally(self.learners, mean, self.with_errors, self.missing, tuple(self.unfinished))


def tally(out: Path, learners: Iterable[str]) -> ClassTally:
    """The tally of these learners' stored results, read one at a time (a shard's, which writes no
    class files)."""
    counter = _Counter()
    for result in store.stored(out, learners):
        counter.add(result)
    return counter.tally()


def write_class(out: Path, learners: Iterable[str], exercises: list[str], lang: str,
                title: str = "", similar: similarity.Similar | None = None) -> ClassTally:
    """The class's files, from the stored results of ``learners`` read one learner at a time: each
    learner's JUnit suite is rendered as it is read, and only a slim table of the learner (scores,
    statuses, why a file did not run) is kept for the gradebooks and the summary page."""
    similar = similar or similarity.Similar()
    slim, counter, rows = _Slimmer(), _Counter(), []
    with junit.Suites(lang) as suites:
        for result in store.stored(out, learners):
            suites.add(result.learner, list(result.reports))
            counter.add(result)
            rows.append(slim(result))
            del result
        with store.atomic_file(out / JUNIT) as f:
            suites.write(f)
    store.write_atomic(out / GRADEBOOK, gradebook_csv(rows, exercises), encoding="utf-8-sig")  # Excel: Hangul
    store.write_atomic(out / lms_gradebooks.CANVAS, lms_gradebooks.canvas_csv(rows, exercises))
    store.write_atomic(out / lms_gradebooks.MOODLE, lms_gradebooks.moodle_csv(rows, exercises))
    store.write_atomic(out / similarity.SIMILARITY, similarity.similarity_csv(similar))
    not_listed = tuple((exercise, similarity.left_out_note(count)) for exercise, count in similar.left_out)
    store.write_atomic(out / SUMMARY, summary_html.render(rows, exercises, lang, title=title, similar=similar.pairs,
                                                          similar_left_out=not_listed))
    return counter.tally()


def class_line(tally: ClassTally, out: Path) -> str:
    """The batch's last line (on standard output): ``8 learners, mean 72.5%, 2 with errors, 3 missing
    files; summary: graded/summary.html``."""
    return (f"{tally.learners} learners, mean {tally.mean_percent:.1f}%, {tally.with_errors} with errors, "
            f"{tally.missing_files} missing files; summary: {out / SUMMARY}")
