"""Reports for course platforms: JUnit XML, Gradescope results.json, Markdown, and `--min-score`."""

from __future__ import annotations

import json
from pathlib import Path
import re
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml, Skipped

from conftest import SOLUTIONS, STUBS
from grader.cli import main
from grader.cli.common import score_exit_code
from grader.reports import gradescope, junit, markdown
from grader.results import CheckResult, ExerciseReport, Measurement, Status
from grader.text import Text

# Gradescope's results.json, as its autograder specification describes it.
VISIBILITIES = ["visible", "hidden", "after_due_date", "after_published"]
FORMATS = ["text", "html", "simple_format", "md", "ansi"]
GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["score", "tests"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": {"enum": FORMATS},
        "visibility": {"enum": VISIBILITIES},
        "stdout_visibility": {"enum": VISIBILITIES},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "required": ["name", "score", "max_score", "status", "output", "visibility"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "number": {"type": "string"},
                "score": {"type": "number", "minimum": 0},
                "max_score": {"type": "number", "minimum": 0},
                "status": {"enum": ["passed", "failed"]},
                "output": {"type": "string"},
                "output_format": {"enum": FORMATS},
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": {"enum": VISIBILITIES},
                "extra_data": {"type": "object"},
            }}},
    },
}


def check_gradescope_spec(results: dict) -> None:
    """``results`` is a valid results.json whose score is the sum of its tests' scores."""
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))
    for test in results["tests"]:
        assert test["score"] <= test["max_score"]
        assert (test["status"] == "passed") == (test["score"] == test["max_score"] and
                                               test["extra_data"]["status"] == "passed")


def _check(name, status, points=0.0, max_points=2.0, visibility="public", **extra) -> CheckResult:
    message = None if status is Status.PASSED else Text(f"{name} went wrong | <array (2, 3)>",
                                                        f"{name} 이(가) 틀렸습니다 | <array (2, 3)>")
    return CheckResult(name, Text(f"checks {name}", f"{name} 을(를) 검사"), status,
                       max_points if status is Status.PASSED else points, max_points, visibility, "softmax",
                       message, Text(f"hint for {name}", f"{name} 힌트"), duration_s=0.25, **extra)


def _report(exercise="exercise3", checks=None, output="", notes=()) -> ExerciseReport:
    checks = checks if checks is not None else (
        _check("ok", Status.PASSED),
        _check("wrong", Status.FAILED),
        _check("crash", Status.ERROR),
        _check("slow", Status.TIMEOUT, visibility="hidden"),
        _check("todo", Status.NOT_ATTEMPTED),
        _check("later", Status.SKIPPED),
        _check("trained", Status.FAILED, visibility="hidden",
               measurements=(Measurement("accuracy", 0.8123, 0.9, ">=", seed=0, device="cpu"),)),
    )
    return ExerciseReport(exercise, Text("Softmax by hand", "소프트맥스 직접 구현"), tuple(checks), 1.75,
                          "0.1.0", 0, f"/tmp/{exercise}.py", output, tuple(notes))


MISSING = _report("exercise4", checks=(_check("gone", Status.MISSING), _check("gone2", Status.MISSING)))


# JUnit XML ---------------------------------------------------------------------------------------


def test_junit_parses_with_junitparser_and_counts_every_kind_of_check():
    xml = junit.render([("ana", [_report(), MISSING]), ("ben", [_report("exercise1")])], "en")
    suites = list(JUnitXml.fromstring(xml.encode()))
    assert [s.name for s in suites] == ["ana", "ben"]
    ana = suites[0]
    assert (ana.tests, ana.failures, ana.errors, ana.skipped) == (9, 5, 2, 1)
    cases = {c.name: c for c in ana}
    assert cases["ok"].is_passed and cases["ok"].classname == "ana.exercise3"
    assert cases["gone"].classname == "ana.exercise4"
    assert cases["ok"].time == pytest.approx(0.25)
    kinds = {name: type(c.result[0]) for name, c in cases.items() if c.result}
    # Zero points is not neutral: not attempted and missing are failures; only a release's skipped check skips.
    assert kinds == {"wrong": Failure, "trained": Failure, "crash": Error, "slow": Error,
                     "todo": Failure, "later": Skipped, "gone": Failure, "gone2": Failure}
    assert cases["todo"].result[0].type == "not_attempted" and cases["gone"].result[0].type == "missing"
    wrong = cases["wrong"].result[0]
    assert wrong.message == "wrong went wrong | <array (2, 3)>" and wrong.type == "failed"
    assert "hint for wrong" in wrong.text and "checks wrong" in wrong.text
    assert "accuracy: 0.8123 (seed 0) (needed >= 0.9)" in cases["trained"].result[0].text


def test_junit_root_totals_and_properties_read_with_elementtree():
    root = ET.fromstring(junit.render([("exercise3", [_report()])], "ko"))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == \
        {"tests": "7", "failures": "3", "errors": "2", "skipped": None}
    suite = root.find("testsuite")
    assert float(suite.get("time")) == pytest.approx(1.75)
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["score"] == "2" and properties["max_score"] == "14"
    assert properties["exercise3.status"] == "partial"
    failure = suite.find("testcase[@name='wrong']/failure")
    assert "wrong 힌트" in failure.text and "틀렸습니다" in failure.get("message")


def test_junit_survives_control_characters_and_colour_codes_in_printed_output():
    report = _report(output="\x1b[31mred\x1b[0m and a bell \x07 and NUL \x00 done\n")
    xml = junit.render([("x", [report])], "en")
    out = ET.fromstring(xml).find("testsuite/system-out").text
    assert "red and a bell  and NUL  done" in out and "\x1b" not in out


def test_junit_of_no_reports_is_an_empty_but_valid_document():
    suites = JUnitXml.fromstring(junit.render([], "en").encode())
    assert list(suites) == []


# Gradescope results.json --------------------------------------------------------------------------


def test_gradescope_results_match_the_spec():
    results = json.loads(gradescope.render([_report(), MISSING], "en"))
    check_gradescope_spec(results)
    assert len(results["tests"]) == 9 and results["score"] == 2
    assert results["execution_time"] == pytest.approx(3.5)
    assert results["stdout_visibility"] == "hidden"


def test_gradescope_visibility_public_checks_visible_hidden_ones_after_the_due_date():
    results = gradescope.results([_report()], "en")
    by_check = {t["extra_data"]["check"]: t for t in results["tests"]}
    assert by_check["ok"]["visibility"] == "visible" and by_check["wrong"]["visibility"] == "visible"
    assert by_check["slow"]["visibility"] == "after_due_date"
    assert by_check["trained"]["visibility"] == "after_due_date"
    assert "after the due date" in results["output"]


def test_gradescope_test_output_holds_message_hint_and_measurements():
    results = gradescope.results([_report()], "ko")
    by_check = {t["extra_data"]["check"]: t for t in results["tests"]}
    wrong = by_check["wrong"]
    assert wrong["status"] == "failed" and wrong["score"] == 0 and wrong["max_score"] == 2
    assert "틀렸습니다" in wrong["output"] and "wrong 힌트" in wrong["output"] and "[실패]" in wrong["output"]
    assert "accuracy: 0.8123 (기준 >= 0.9)" in by_check["trained"]["output"]
    assert by_check["ok"]["status"] == "passed" and by_check["ok"]["output"] == "ok 을(를) 검사"
    assert by_check["crash"]["extra_data"]["status"] == "error"


def test_gradescope_names_carry_the_exercise_only_when_there_are_several():
    one = gradescope.results([_report()], "en")
    two = gradescope.results([_report("exercise1"), _report()], "en")
    assert one["tests"][0]["name"] == "checks ok" and one["tests"][0]["number"] == "3.1"
    assert two["tests"][0]["name"] == "exercise1: checks ok"
    assert {t["name"].split(":")[0] for t in two["tests"]} == {"exercise1", "exercise3"}
    assert len({t["name"] for t in two["tests"]}) == len(two["tests"])


def test_gradescope_does_not_show_what_the_code_printed():
    results = gradescope.results([_report(output="the hidden input is 42\n")], "en")
    assert "42" not in json.dumps(results)
    assert "not shown here" in results["output"]


# Markdown -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, words", [
    ("en", ["# Grading report", "Score **2/14**", "What to fix", "  - hint: hint for wrong", "wrong went wrong",
            "accuracy: 0.8123 (seed 0) (needed >= 0.9), not met", "*(hidden)*", "| **failed** |"]),
    ("ko", ["# 채점 결과", "점수 **2/14**", "고칠 점", "  - 힌트: wrong 힌트", "wrong 이(가) 틀렸습니다",
            "accuracy: 0.8123 (시드 0) (기준 >= 0.9), 미달", "*(비공개)*", "| **실패** |"]),
])
def test_markdown_shows_failures_with_hints_in_both_languages(lang, words):
    page = markdown.render([_report()], lang)
    for word in words:
        assert word in page, word
    assert "hint for crash" not in page and "crash 힌트" not in page  # a crash gets its message, not a hint
    fix = page.split("### ")[1]
    assert "(`later`)" not in fix and "(`todo`)" in fix  # a skipped check is not the learner's to fix


def test_markdown_table_rows_stay_rows_and_html_is_escaped():
    page = markdown.render([_report()], "en")
    rows = [line for line in page.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 7  # header and one row per check
    assert {len(re.split(r"(?<!\\)\|", row)) for row in rows} == {6}  # 4 cells: escaped pipes stay text
    assert not re.search(r"(?<!\\)<array", page) and "\\<array (2, 3)>" in page


def test_markdown_of_several_exercises_has_an_overview_notes_and_printed_output():
    report = _report(output="printed ``` fence\n", notes=(Text("cell 2 raised", "2번 셀에서 오류"),))
    page = markdown.render([report, MISSING], "ko", title="홍길동")
    assert page.startswith("# 홍길동\n")
    assert "| exercise3 | 2/14 | 부분 점수 |" in page and "| exercise4 | 0/4 | 제출 없음 |" in page
    assert "합계 **2/18**" in page and "- 2번 셀에서 오류" in page
    assert "````text\nprinted ``` fence\n````" in page
    assert [line for line in page.splitlines() if line.startswith("## ")] == \
        ["## exercise3 · 소프트맥스 직접 구현", "## exercise4 · 소프트맥스 직접 구현"]


def test_markdown_all_passed():
    page = markdown.render([_report(checks=(_check("ok", Status.PASSED),))], "en")
    assert "All checks passed." in page and "What to fix" not in page


# The command line ---------------------------------------------------------------------------------


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return invoke


@pytest.fixture
def half_right(tmp_path):
    """exercise3 with a softmax that forgets the max and the axis: 3 of 10 points."""
    path = tmp_path / "exercise3.py"
    path.write_text((SOLUTIONS / "exercise3.py").read_text() +
                    "\ndef softmax(z):\n    import numpy as np\n    e = np.exp(z)\n    return e / e.sum()\n")
    return path


@pytest.mark.parametrize("fmt", ["junit", "gradescope", "markdown"])
def test_grade_exercise_writes_each_platform_format(run, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = run("exercise3", "--file", str(STUBS / "exercise3.py"), "--format", fmt, "--output", str(out),
                 "--lang", "en")
    assert result.exit_code == 1 and result.output == ""
    text = out.read_text()
    if fmt == "junit":
        (suite,) = JUnitXml.fromstring(text.encode())
        # the stub: softmax's four checks not attempted (<failure>); dense_softmax's two need them (<skipped>)
        assert suite.name == "exercise3" and suite.tests == 6 and (suite.failures, suite.skipped) == (4, 2)
    elif fmt == "gradescope":
        results = json.loads(text)
        check_gradescope_spec(results)
        assert results["score"] == 0 and len(results["tests"]) == 6
    else:
        assert "# Grading report" in text and "exercise3 · Softmax by hand" in text


def test_min_score_decides_the_exit_code(run, half_right):
    args = ["exercise3", "--file", str(half_right), "--format", "json"]
    assert json.loads(run(*args).output)["score"] == 3
    assert run(*args).exit_code == 1  # without --min-score: 0 only when every check passed
    assert run(*args, "--min-score", "30").exit_code == 0
    assert run(*args, "--min-score", "30.1").exit_code == 1
    assert run(*args, "--min-score", "0").exit_code == 0
    assert run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--min-score", "100").exit_code == 0


def test_min_score_out_of_range_is_a_usage_error(run):
    assert run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--min-score", "101").exit_code == 2


def test_min_score_keeps_exit_2_for_a_grader_fault():
    faulty = _report(checks=(_check("ok", Status.PASSED, max_points=10),
                             _check("bug", Status.ERROR, grader_fault=True)))
    assert score_exit_code([faulty], 50) == 2 and score_exit_code([faulty], None) == 2
    assert score_exit_code([_report()], None) == 1
    assert score_exit_code([_report(checks=(_check("ok", Status.PASSED),))], None) == 0


def test_grade_all_exercises_reports_a_listed_exercise_without_a_file_as_missing(run, tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "exercise1.py", folder / "exercise1.py")
    shutil.copy(SOLUTIONS / "exercise6.py", folder / "exercise6.py")  # not listed: not graded
    args = ["all", "--folder", str(folder), "--exercises", "exercise3,1", "--lang", "en"]
    data = json.loads(run(*args, "--format", "json").output)
    assert [r["exercise"] for r in data["exercises"]] == ["exercise1", "exercise3"]
    assert {c["status"] for c in data["exercises"][1]["checks"]} == {"missing"}
    assert (data["score"], data["max_score"]) == (12, 22)
    assert run(*args, "--min-score", "54").exit_code == 0
    assert run(*args, "--min-score", "55").exit_code == 1
    junit_xml = run(*args, "--format", "junit").output
    suites = {s.name: s for s in JUnitXml.fromstring(junit_xml.encode())}
    assert set(suites) == {"exercise1", "exercise3"}
    assert suites["exercise3"].failures == suites["exercise3"].tests == 6 and suites["exercise1"].failures == 0
    results = json.loads(run(*args, "--format", "gradescope").output)
    check_gradescope_spec(results)
    assert results["score"] == 12 and results["tests"][0]["name"].startswith("exercise1: ")
    page = run(*args, "--format", "markdown").output
    assert "| exercise3 | 0/10 | missing |" in page


def test_grade_all_exercises_needs_known_names(run, tmp_path):
    result = run("all", "--folder", str(tmp_path), "--exercises", "exercise99")
    assert result.exit_code == 2 and "Unknown exercise 'exercise99'" in result.output
    assert run("all", "--folder", str(tmp_path), "--exercises", " , ").exit_code == 2


def test_junit_is_valid_against_jenkins_junit_schema():
    """Jenkins' xunit plugin (junit-10.xsd) is the strictest common reader: the root may carry no
    "skipped" count, every suite needs its counts, every outcome is failure, error or skipped."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "junit_jenkins.xsd")))
    for suites in ([("ana", [_report(), MISSING]), ("ben", [_report("exercise1")])], [],
                   [("x", [_report(output="\x1b[31mred\x07")])]):
        document = etree.fromstring(junit.render(suites, "ko").encode())
        assert schema.validate(document), schema.error_log
