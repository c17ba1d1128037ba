"""JUnit XML (``--format junit``): what CI platforms (GitLab, GitHub, Jenkins) read as test results.

One ``<testsuite>`` per (name, reports) pair: a learner in batch grading, or the
exercise of one ``grade`` run.  One ``<testcase>`` per check, ``classname``
``<suite>.<exercise>`` and ``name`` the check's stable name.  A check that did not
pass carries ``<failure>`` (a wrong answer, and also not attempted or missing, typed
``not_attempted`` / ``missing``: zero points is not neutral), ``<error>`` (error,
timeout) or ``<skipped>`` (a learner release's hidden check, checked at official
grading) with the message and the hint as text.  Every suite carries its counts and
time, and the ``<testsuites>`` root the attributes Jenkins' ``junit-10.xsd`` allows
(name, time, tests, failures, errors); each suite's ``<properties>`` hold the points
(JUnit itself has none).  It formats :class:`grader.reports.policy.ReportView` s.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from typing import TextIO

from grader import messages
from grader.reports import policy
from grader.reports.policy import HINT, CheckView
from grader.results import ExerciseReport, Status, totals
from grader.text import Text

FAILED = (Status.FAILED, Status.NOT_ATTEMPTED, Status.MISSING)
ERRORS = (Status.ERROR, Status.TIMEOUT)
SKIPPED = (Status.SKIPPED,)
_ROOT_COUNTS = ("tests", "failures", "errors")  # junit-10.xsd has no "skipped" on <testsuites>
POINTS = Text("{points:g} of {max_points:g} points", "{max_points:g}점 중 {points:g}점")

# XML 1.0 allows neither most control characters nor lone surrogates (learner output may hold both).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def clean(text: str) -> str:
    """``text`` without terminal colour codes and characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", _ANSI.sub("", text))


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _detail(check: CheckView, lang: str, about_file: tuple[str, ...] = ()) -> str:
    """The text of a failure: what the check checks, why it did not pass, the hint, the points."""
    lines = [check.description, f"[{check.label}] "
             + POINTS(lang).format(points=check.result.points, max_points=check.result.max_points)]
    if check.message is not None:
        lines.append(check.message)
    lines += [f"- {note}" for note in about_file]
    if check.hint is not None:
        lines.append(f"{HINT(lang)}: {check.hint}")
    lines += [m.text for m in check.measured]
    return clean("\n".join(lines))


def _testcase(check: CheckView, classname: str, lang: str, about_file: tuple[str, ...] = ()) -> ET.Element:
    result = check.result
    case = ET.Element("testcase", classname=clean(classname), name=clean(result.name),
                      time=_seconds(result.duration_s))
    if check.passed:
        return case
    tag = "failure" if check.status in FAILED else "error" if check.status in ERRORS else "skipped"
    message = check.message if check.message is not None else check.label
    child = ET.SubElement(case, tag, message=clean(message.splitlines()[0] if message else ""),
                          type=check.status.value)
    child.text = _detail(check, lang, about_file if result.message == messages.NOT_RUN_WHOLE_FILE else ())
    return case


def _counts(reports: list[ExerciseReport]) -> dict[str, int]:
    checks = [c for r in reports for c in r.checks]
    return {"tests": len(checks),
            "failures": sum(c.status in FAILED for c in checks),
            "errors": sum(c.status in ERRORS for c in checks),
            "skipped": sum(c.status in SKIPPED for c in checks)}


def _suite(name: str, reports: list[ExerciseReport], lang: str) -> ET.Element:
    views = policy.views(reports, lang)
    counts = _counts(reports)
    seconds = sum(r.duration_s for r in reports)
    suite = ET.Element("testsuite", name=clean(name), **{k: str(v) for k, v in counts.items()},
                       time=_seconds(seconds))
    properties = ET.SubElement(suite, "properties")
    score, max_score = totals(reports)
    for key, value in (("score", f"{score:g}"), ("max_score", f"{max_score:g}"), ("lang", lang)):
        ET.SubElement(properties, "property", name=key, value=value)
    for view in views:
        ET.SubElement(properties, "property", name=f"{view.report.exercise}.score",
                      value=f"{view.score:g}/{view.max_score:g}")
        ET.SubElement(properties, "property", name=f"{view.report.exercise}.status", value=view.status.value)
    for view in views:
        for check in view.checks:
            suite.append(_testcase(check, f"{name}.{view.report.exercise}", lang, view.notes))
    printed = [f"== {v.report.exercise} ==\n" + "".join(f"- {n}\n" for n in v.notes) + (v.output or "").rstrip()
               for v in views if v.output is not None or v.notes]
    if printed:
        ET.SubElement(suite, "system-out").text = clean("\n".join(printed) + "\n")
    return suite


class Suites:
    """The JUnit document written one suite at a time: :meth:`add` renders a suite at once and keeps
    only its text (in a temporary file) and its counts, so a class's document never holds every
    learner's reports; :meth:`write` gives the same text as :func:`render`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.totals = dict.fromkeys(_ROOT_COUNTS, 0)
        self.seconds = 0.0
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._any = False

    def add(self, name: str, reports: list[ExerciseReport]) -> None:
        suite = _suite(name, reports, self.lang)
        ET.indent(suite, level=1)
        self._spool.write("\n  " + ET.tostring(suite, encoding="unicode"))
        self._any = True
        counts = _counts(reports)
        for key in _ROOT_COUNTS:
            self.totals[key] += counts[key]
        self.seconds += sum(r.duration_s for r in reports)

    def write(self, out: TextIO) -> None:
        root = ET.Element("testsuites", name="tf-course-grader")
        for key, value in self.totals.items():
            root.set(key, str(value))
        root.set("time", _seconds(self.seconds))
        empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self._any:
            out.write(empty + "\n")
            return
        out.write(empty[:-3] + ">")
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, out)
        out.write("\n</testsuites>\n")

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> "Suites":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def render(suites: list[tuple[str, list[ExerciseReport]]], lang: str) -> str:
    """JUnit XML for ``suites``: pairs of a suite name and the reports it holds."""
    text = io.StringIO()
    with Suites(lang) as document:
        for name, reports in suites:
            document.add(name, reports)
        document.write(text)
    return text.getvalue()
