"""Checks that need other checks (``@exercise.check(needs=...)``), as check50's do: when a needed
check did not pass, the dependant is not run and every report format shows it ``skipped``, 0 of
its points, with a reason naming the check it needs; the exercise's maximum is unchanged.  An
exercise whose dependencies cannot be honoured (a name that is no check, a cycle, a public check
needing a hidden one) is refused when it is loaded."""

from __future__ import annotations

import json
import types
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from grader import packs
from grader.cli import main
from grader.framework import Exercise, Text
from grader.framework.dependencies import DependencyError, running_order

# Exercise 3 with a softmax that forgets to normalise: softmax_small_example and
# softmax_rows_of_a_batch fail; dense_softmax, which uses that softmax, needs them.
NOT_NORMALISED = '''
import numpy as np

def softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z - z.max(axis=-1, keepdims=True))

def dense_softmax(x, kernel, bias):
    return softmax(np.asarray(x) @ np.asarray(kernel) + np.asarray(bias))
'''
SKIPPED = {"dense_softmax_iris_note": "softmax_small_example", "dense_softmax_batch": "softmax_rows_of_a_batch"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def submission(tmp_path_factory):
    path = tmp_path_factory.mktemp("dependencies") / "exercise3.py"
    path.write_text(NOT_NORMALISED, encoding="utf-8")
    return path


def test_text_report_says_skipped_and_names_the_needed_check_in_both_languages(submission):
    english = run("exercise3", "--file", str(submission), "--lang", "en")
    assert english.exit_code == 1, english.output
    lines = english.output.splitlines()
    iris = next(i for i, line in enumerate(lines) if "note 002's iris weights" in line)
    assert "0/2" in lines[iris] and "[skipped]" in lines[iris]
    reason = " ".join(line.strip() for line in lines[iris + 1:iris + 3])
    assert "needs the check `softmax_small_example`" in reason and "which failed" in reason
    assert "Score 3/10" in english.output  # the skipped checks' 4 points lost, the maximum unchanged
    korean = run("exercise3", "--file", str(submission), "--lang", "ko")
    assert "[건너뜀]" in korean.output and "`softmax_small_example` 검사" in korean.output
    assert "실패했습니다" in korean.output and "점수 3/10" in korean.output


def test_json_report_has_status_skipped_and_needs(submission):
    result = run("exercise3", "--file", str(submission), "--format", "json", "--lang", "en")
    report = json.loads(result.output)
    checks = {c["name"]: c for c in report["checks"]}
    for name, needed in SKIPPED.items():
        check = checks[name]
        assert check["status"] == "skipped" and check["needs"] == needed, check
        assert check["points"] == 0 and check["max_points"] == 2
        assert f"`{needed}`" in check["message"] and "failed" in check["message"]
    assert all(c["needs"] is None for n, c in checks.items() if n not in SKIPPED)
    assert (report["score"], report["max_score"], report["status"], report["passed"]) == (3, 10, "partial", False)


def test_junit_reports_a_skipped_element_with_the_reason_as_its_message(submission):
    result = run("exercise3", "--file", str(submission), "--format", "junit", "--lang", "en")
    suite = ET.fromstring(result.output).find("testsuite")
    assert (suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("2", "2", "0")
    for name, needed in SKIPPED.items():
        case = suite.find(f"testcase[@name='{name}']")
        skipped = case.find("skipped")
        assert skipped is not None and case.find("failure") is None, ET.tostring(case)
        assert f"needs the check `{needed}`" in skipped.get("message")


def test_markdown_shows_the_reason_in_the_table_and_lists_only_the_needed_check_to_fix(submission):
    result = run("exercise3", "--file", str(submission), "--format", "markdown", "--lang", "en")
    row = next(line for line in result.output.splitlines() if "note 002's iris weights" in line)
    assert row.startswith("| **skipped** | 0/2 |"), row  # status in words: no emoji font needed
    assert "needs the check \\`softmax\\_small\\_example\\`" in row and "which failed" in row
    to_fix = result.output.split("### What to fix", 1)[1]
    assert "(`softmax_small_example`)" in to_fix and "dense_softmax_iris_note" not in to_fix


def test_gradescope_gives_zero_of_the_points_and_says_why(submission):
    result = run("exercise3", "--file", str(submission), "--format", "gradescope", "--lang", "en")
    tests = {t["extra_data"]["check"]: t for t in json.loads(result.output)["tests"]}
    for name, needed in SKIPPED.items():
        test = tests[name]
        assert (test["score"], test["max_score"], test["status"]) == (0, 2, "failed")
        assert test["extra_data"]["status"] == "skipped" and test["extra_data"]["needs"] == needed
        assert "[skipped]" in test["output"] and f"`{needed}`" in test["output"]
    assert sum(t["max_score"] for t in tests.values()) == 10


def test_batch_learner_html_and_stored_results_keep_the_reason(submission, tmp_path):
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "class" / "alice" / "exercise3.py").write_text(NOT_NORMALISED, encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(tmp_path / "class"), "--out", str(out), "--exercises", "exercise3",
                 "--lang", "ko", "--seed", "5")
    assert result.exit_code == 0, result.output
    page = (out / "learners" / "alice" / "report.html").read_text(encoding="utf-8")
    assert page.count("[건너뜀]") == 2 and "`softmax_small_example` 검사" in page
    stored = json.loads((out / "learners" / "alice" / "report.json").read_text(encoding="utf-8"))
    checks = {c["name"]: c for c in stored["exercises"][0]["checks"]}
    assert {n: checks[n]["needs"] for n in SKIPPED} == SKIPPED
    # --resume reads the stored results back: the reason survives the round trip
    again = run("batch", str(tmp_path / "class"), "--out", str(out), "--exercises", "exercise3",
                "--lang", "en", "--seed", "5", "--resume")
    assert again.exit_code == 0, again.output
    page = (out / "learners" / "alice" / "report.html").read_text(encoding="utf-8")
    assert page.count("[skipped]") == 2 and "needs the check `softmax_small_example`" in page


def test_a_model_that_does_not_build_shows_its_error_once(tmp_path):
    """Exercise 11: the builder raises.  Before, the structure, compile, FIT (read with the model) and
    both training checks each showed the same error; now the structure check shows it, once, and
    every other check is skipped naming it."""
    path = tmp_path / "exercise11.py"
    path.write_text('FIT = {"epochs": 300, "verbose": 0}\n\n'
                    'def build_linear_model():\n    raise ValueError("no model today")\n', encoding="utf-8")
    result = run("exercise11", "--file", str(path), "--format", "json", "--lang", "en")
    report = json.loads(result.output)
    statuses = {c["name"]: (c["status"], c["needs"]) for c in report["checks"]}
    assert statuses == {"linear_model_structure": ("error", None), "linear_model_compiled": ("skipped", "linear_model_structure"),
                        "linear_fit_within_budget": ("skipped", "linear_model_structure"),
                        "linear_learns_note_001": ("skipped", "linear_model_structure"),
                        "linear_learns_a_drawn_line": ("skipped", "linear_model_structure")}
    assert sum("no model today" in (c["message"] or "") for c in report["checks"]) == 1
    assert "ended in an error" in next(c for c in report["checks"] if c["needs"])["message"]
    assert (report["score"], report["max_score"], report["status"]) == (0, 8, "error")


def test_a_stub_stays_not_attempted(tmp_path):
    result = run("exercise3", "--file", str(packs.REPO_DIR / "exercises" / "exercise3.py"), "--format", "json")
    report = json.loads(result.output)
    assert report["status"] == "not_attempted" and report["score"] == 0
    skipped = [c for c in report["checks"] if c["status"] == "skipped"]
    assert {c["name"] for c in skipped} == set(SKIPPED) and all("not attempted" in c["message"] for c in skipped)


# ---------------------------------------------------------------- refused when loaded


def _module(name: str, declare) -> types.ModuleType:
    exercise = Exercise(name=name, title=Text("t", "t"), functions=("f",))
    hint = Text("h", "h")

    def check(check_name: str, visibility: str = "public", needs=()):
        def body(ctx):
            """
            en: a check
            ko: 검사
            """
        body.__name__ = check_name
        exercise.check(points=1, function="f", hint=hint, visibility=visibility, needs=needs)(body)

    declare(check)
    module = types.ModuleType(f"checks.{name}")
    module.exercise = exercise
    return module


BROKEN = {
    "cycle": (lambda check: (check("a", needs="c"), check("b", needs="a"), check("c", needs="b")),
              "in a circle: a → c → b → a"),
    "itself": (lambda check: check("a", needs="a"), "in a circle: a → a"),
    "unknown": (lambda check: (check("a"), check("b", needs="softmax_public_examples")),
                "needs 'softmax_public_examples', which is not a check of exercise99"),
    "public_needs_hidden": (lambda check: (check("a", visibility="hidden"), check("b", needs="a")),
                            "b is public and needs 'a', a hidden check"),
}


# The same cases, as a checks module of a course pack writes them.
BROKEN_SOURCE = {
    "cycle": 'check("a", needs="c"); check("b", needs="a"); check("c", needs="b")',
    "itself": 'check("a", needs="a")',
    "unknown": 'check("a"); check("b", needs="softmax_public_examples")',
    "public_needs_hidden": 'check("a", visibility="hidden"); check("b", needs="a")',
}
CHECKS_MODULE = '''
from grader.framework import Exercise, Text

exercise = Exercise(name="exercise99", title=Text("t", "t"), functions=("f",))


def check(check_name, visibility="public", needs=()):
    def body(ctx):
        """
        en: a check
        ko: 검사
        """
    body.__name__ = check_name
    exercise.check(points=1, function="f", hint=Text("h", "h"), visibility=visibility, needs=needs)(body)


'''


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_grade_refuses_an_exercise_whose_dependencies_cannot_be_honoured(case, tmp_path):
    said = BROKEN[case][1]
    pack = tmp_path / "pack"
    (pack / "checks").mkdir(parents=True)
    (pack / "course.toml").write_text('[course]\ntitle = { en = "t", ko = "t" }\nexercises = ["exercise99"]\n',
                                      encoding="utf-8")
    (pack / "checks" / "exercise99.py").write_text(CHECKS_MODULE + BROKEN_SOURCE[case] + "\n", encoding="utf-8")
    path = tmp_path / "exercise99.py"
    path.write_text("def f():\n    return 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--course", str(pack), "exercise99", "--file", str(path)])
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output


def test_a_check_runs_after_the_checks_it_needs_and_public_before_hidden():
    module = _module("exercise98", lambda check: (check("late", needs="early"), check("secret", "hidden"),
                                                  check("early"), check("after_secret", "hidden", needs="secret")))
    order = [c.name for c in running_order("exercise98", module.exercise.checks)]
    assert order == ["early", "late", "secret", "after_secret"]
    with pytest.raises(DependencyError):
        running_order("exercise98", _module("exercise98", BROKEN["cycle"][0]).exercise.checks)


def test_a_wrong_model_that_builds_is_still_judged_by_every_check(tmp_path):
    """``needs_run=``: exercise 11 with a ReLU unit fails the structure check only; the compile, FIT and
    training checks that need the model still run (with ``needs=`` they were skipped, 7/8 became 0/8)."""
    path = tmp_path / "exercise11.py"
    path.write_text((packs.REPO_DIR / "solutions" / "exercise11.py").read_text(encoding="utf-8") + '''
def build_linear_model():
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="relu")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    return model
''', encoding="utf-8")
    report = json.loads(run("exercise11", "--file", str(path), "--format", "json").output)
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["linear_model_structure"] == "failed"
    assert "skipped" not in statuses.values() and report["score"] == 7, statuses


def test_a_model_nothing_can_judge_is_refused_once_and_its_fit_is_still_judged(tmp_path):
    """Exercise 14 with a ``Lambda`` layer (known-wrong ``lambda_scaling``): the model is refused as a
    whole, once, in the layers check; the parameter, compile and R² checks of the same builder are
    skipped naming it (they repeated the refusal before, for the same 0 points); the FIT check judges
    another value and still runs, so the score is what it was (1 of 9)."""
    from grader.framework import known_wrong

    variant = next(v for v in known_wrong.load(packs.REPO_DIR / "solutions", "exercise14") if v.name == "lambda_scaling")
    path = tmp_path / "exercise14.py"
    path.write_text(variant.source((packs.REPO_DIR / "solutions" / "exercise14.py").read_text(encoding="utf-8")),
                    encoding="utf-8")
    for lang, reason in (("en", "could not judge your answer"), ("ko", "답을 채점할 수 없었습니다")):
        report = json.loads(run("exercise14", "--file", str(path), "--format", "json", "--lang", lang).output)
        checks = {c["name"]: c for c in report["checks"]}
        assert {name: (c["status"], c["needs"]) for name, c in checks.items()} == {
            "housing_bn_model_layers": ("failed", None), "housing_bn_model_params": ("skipped", "housing_bn_model_layers"),
            "housing_bn_model_compiled": ("skipped", "housing_bn_model_layers"),
            "housing_bn_fit_within_budget": ("passed", None),
            "housing_bn_r2_on_held_out_houses": ("skipped", "housing_bn_model_layers")}
        assert sum("Lambda" in (c["message"] or "") for c in report["checks"]) == 1  # said once
        assert all(reason in c["message"] for c in checks.values() if c["needs"])
        assert (report["score"], report["max_score"]) == (1, 9)
