"""Every report format says the same about a report: whether all passed, the hidden-inputs note, the
points (and those left to official grading) and which checks show a hint.  They all format one view,
``grader.reports.policy.view``; this renders the same reports in every format and reads each back.

The rule for "all passed": a learner release's hidden checks, skipped and left to official grading,
are not failures (all passed *here*); a check skipped because a check it needs did not pass means not
all passed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from grader import jupyter
from grader.batch.outputs import gradebook_csv
from grader.batch.store import LearnerResult
from grader.reports import course_table, gradescope, json_report, junit, learner_html, markdown, policy, text_report
from grader.results import CheckResult, ExerciseReport, ExerciseStatus, Status
from grader.text import Text

P, F, E, N, S = Status.PASSED, Status.FAILED, Status.ERROR, Status.NOT_ATTEMPTED, Status.SKIPPED
WHOLE_FILE = Text("your file could not be run", "파일을 실행할 수 없습니다")


def _check(name: str, status: Status, visibility: str = "public", needs: str | None = None,
           message: Text | None = None) -> CheckResult:
    """Every check has a hint: whether it is shown is the view's decision."""
    if message is None and status is not P:
        message = Text(f"{name} is wrong", f"{name} 이(가) 틀렸습니다")
    return CheckResult(name, Text(f"checks {name}", f"{name} 검사"), status, 3.0 if status is P else 0.0, 3.0,
                       visibility, name, message, Text(f"hint for {name}", f"{name} 힌트"), 0.5, needs=needs)


def _report(*checks: CheckResult) -> ExerciseReport:
    return ExerciseReport("exercise3", Text("Softmax by hand", "소프트맥스 직접 구현"), checks, 1.5, "0.1.0", 0,
                          "/tmp/exercise3.py")


@dataclass(frozen=True)
class Case:
    report: ExerciseReport
    all_passed: bool
    status: str
    hidden_note: bool
    score: float
    official: float  # points left to official grading
    hinted: frozenset[str]


CASES = {
    "all passed": Case(_report(_check("alpha", P), _check("beta", P), _check("gamma", P, "hidden")),
                       True, "passed", False, 9, 0, frozenset()),
    "a check skipped for the one it needs": Case(
        _report(_check("alpha", P), _check("beta", F), _check("delta", S, needs="beta"),
                _check("gamma", P, "hidden")),
        False, "partial", False, 6, 0, frozenset({"beta"})),
    "a release: hidden checks left to official grading": Case(
        _report(_check("alpha", P), _check("beta", P), _check("gamma", S, "hidden"), _check("delta", S, "hidden")),
        True, "passed", False, 6, 6, frozenset()),
    "not attempted": Case(_report(_check("alpha", N), _check("beta", N), _check("gamma", N, "hidden")),
                          False, "not_attempted", True, 0, 0, frozenset({"alpha", "beta", "gamma"})),
    "error": Case(_report(_check("alpha", E, message=WHOLE_FILE), _check("beta", E, message=WHOLE_FILE),
                          _check("gamma", E, "hidden", message=WHOLE_FILE)),
                  False, "error", True, 0, 0, frozenset()),
}
NAMES = ("alpha", "beta", "gamma", "delta")


def _learner_pages(report: ExerciseReport, lang: str) -> dict[str, str]:
    """The formats a learner reads, each as the text it shows."""
    cell = jupyter.CheckResult(report, lang)
    return {"text": text_report.render(report, lang), "markdown": markdown.render([report], lang),
            "html": learner_html.render([report], lang), "jupyter html": cell._repr_html_(),
            "jupyter text": str(cell)}


def _hinted(page: str, lang: str) -> frozenset[str]:
    return frozenset(n for n in NAMES if (f"hint for {n}" if lang == "en" else f"{n} 힌트") in page)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_format_agrees(case, lang):
    c = CASES[case]
    report = c.report
    conclusion = (policy.ALL_PASSED_HERE if c.official else policy.ALL_PASSED)(lang)
    official = policy.OFFICIAL.format(points=c.official)(lang)
    hidden_note = policy.HIDDEN_NOTE(lang)
    status_word = policy.EXERCISE_LABELS[ExerciseStatus(c.status)](lang)
    for name, page in _learner_pages(report, lang).items():
        assert (conclusion in page) is c.all_passed, name
        assert (policy.ALL_PASSED(lang) in page and policy.ALL_PASSED_HERE(lang) in page) is False, name
        assert (hidden_note in page) is c.hidden_note, name
        assert (official in page) is bool(c.official), name
        assert f"{c.score:g}/{report.max_score:g}" in page, name
        assert _hinted(page, lang) == c.hinted, name
        if "text" not in name:  # the text report gives the points and the checks, not a status word
            assert f"· {status_word}" in page, name

    data = json.loads(json_report.render(report, lang))  # the data: passed, status, points
    assert (data["passed"], data["status"], data["score"], data["max_score"]) == \
        (c.all_passed, c.status, c.score, report.max_score)

    table = course_table.render([report], lang)
    assert status_word in table and f"{c.score:g}/{report.max_score:g}" in table
    assert (official in table) is bool(c.official)
    assert json.loads(course_table.render_json([report], lang))["passed"] is c.all_passed

    suite = ET.fromstring(junit.render([("ana", [report])], lang)).find("testsuite")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["exercise3.status"] == c.status and properties["score"] == f"{c.score:g}"
    assert (int(suite.get("failures")) + int(suite.get("errors")) == 0) is c.all_passed
    assert _hinted(junit.render([("ana", [report])], lang), lang) == c.hinted

    for mode in gradescope.HIDDEN_MODES:
        results = gradescope.results([report], lang, mode)
        assert results["score"] == c.score and results["extra_data"]["max_score"] == report.max_score
        tests = "\n".join(t["output"] for t in results["tests"])
        assert hidden_note not in results["output"]  # Gradescope's own note says when hidden results show
        if mode == "after-due-date":  # every check's output, the hidden ones' shown after the due date
            assert _hinted(tests, lang) == c.hinted
    score_now = gradescope.results([report], lang, "score-now")
    assert (score_now["extra_data"]["exercises"]["exercise3"] == "passed") is c.all_passed


def test_a_release_in_jupyter_says_what_the_text_report_says():
    """``grader.check()`` in a release: the notebook cell and ``print`` both say all that runs here
    passed and how many points are left to official grading."""
    cell = jupyter.CheckResult(CASES["a release: hidden checks left to official grading"].report, "en")
    for page in (cell._repr_html_(), str(cell)):
        assert "All checks that run here passed." in page
        assert "6 points of hidden checks are checked at official grading, not in this copy." in page
        assert "Hidden checks use inputs drawn at grading time" not in page
    assert cell.all_passed and cell.score == 6


def test_an_exercise_status_is_an_enum_written_as_before():
    reports = [c.report for c in CASES.values()]
    assert [r.status for r in reports] == [ExerciseStatus.PASSED, ExerciseStatus.PARTIAL, ExerciseStatus.PASSED,
                                          ExerciseStatus.NOT_ATTEMPTED, ExerciseStatus.ERROR]
    assert all(type(r.status) is ExerciseStatus for r in reports)
    assert f"{ExerciseStatus.NOT_ATTEMPTED}" == str(ExerciseStatus.NOT_ATTEMPTED) == "not_attempted"
    assert json.loads(json_report.render(reports[1], "en"))["status"] == "partial"
    rows = [LearnerResult("ana", (report,), "f") for report in reports]
    statuses = [line.split(",")[2] for line in gradebook_csv(rows, ["exercise3"]).splitlines()[1:]]
    assert statuses == ["passed", "partial", "passed", "not_attempted", "error"]
