"""The `grade` command as learners and platforms use it (click's CliRunner)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SOLUTIONS, STUBS
from grader.cli import main

CHECK_KEYS = {"name", "status", "points", "max_points", "message", "hint"}
STATUSES = {"passed", "failed", "error", "timeout", "not_attempted", "skipped"}


@pytest.fixture
def run():
    def invoke(*args, env=None):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return invoke


def test_list_shows_every_exercise_with_title_and_points(run):
    result = run("list", "--lang", "en")
    assert result.exit_code == 0
    assert "exercise3" in result.output and "Softmax by hand" in result.output and "10p" in result.output


def test_list_in_korean(run):
    assert "소프트맥스 직접 구현" in run("list", "--lang", "ko").output


def test_hints_for_an_exercise_and_for_one_check(run):
    every = run("hint", "exercise3", "--lang", "en")
    one = run("hint", "exercise3", "2", "--lang", "en")
    assert every.exit_code == one.exit_code == 0
    assert every.output.count("\n") > one.output.count("\n") and "subtract the largest" in one.output


def test_hint_number_out_of_range_is_a_usage_error(run):
    result = run("hint", "exercise3", "99")
    assert result.exit_code == 2 and "checks 1 to" in result.output


def test_unknown_exercise_is_exit_2_with_a_suggestion(run):
    result = run("exercise33")
    assert result.exit_code == 2
    assert "Unknown exercise 'exercise33'" in result.output and "Traceback" not in result.output


def test_missing_file_is_exit_2_with_one_line(run, tmp_path):
    result = run("exercise3", "--file", str(tmp_path / "nope.py"))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no such file" in result.output


def test_default_submission_is_exercises_name_under_the_current_folder(run, tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    shutil.copy(SOLUTIONS / "exercise3.py", tmp_path / "exercises" / "exercise3.py")
    monkeypatch.chdir(tmp_path)
    result = run("exercise3", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "All checks passed." in result.output


def test_no_submission_in_the_current_folder_is_exit_2(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("exercise3")
    assert result.exit_code == 2 and "exercises/exercise3.py" in result.output


def test_json_report_schema_and_exit_code_1(run):
    result = run("exercise3", "--file", str(STUBS / "exercise3.py"), "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert {"exercise", "score", "max_score", "checks", "duration_s", "grader_version"} <= set(report)
    assert report["exercise"] == "exercise3" and report["score"] == 0 and report["max_score"] == 10
    for check in report["checks"]:
        assert CHECK_KEYS <= set(check) and check["status"] in STATUSES
        if check["needs"] is None:  # dense_softmax's checks need softmax's: skipped, naming them
            assert check["status"] == "not_attempted" and "NotImplementedError" in check["message"]
        else:
            assert check["status"] == "skipped" and "is not attempted yet" in check["message"]


def test_output_file_and_full_marks_exit_0(run, tmp_path):
    out = tmp_path / "reports" / "ex3.json"
    result = run("3", "--file", str(SOLUTIONS / "exercise3.py"), "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.output == ""
    report = json.loads(out.read_text())
    assert report["score"] == report["max_score"] == 10
    assert {c["status"] for c in report["checks"]} == {"passed"}


def test_the_same_report_in_korean_and_english(run):
    args = ["exercise3", "--file", str(STUBS / "exercise3.py"), "--format", "json"]
    en = json.loads(run(*args, "--lang", "en").output)
    ko = json.loads(run(*args, "--lang", "ko").output)
    assert [c["status"] for c in en["checks"]] == [c["status"] for c in ko["checks"]]
    assert en["score"] == ko["score"]
    assert "not attempted" in en["checks"][0]["message"] and "시도하지 않음" in ko["checks"][0]["message"]


def test_language_defaults_to_the_locale(run):
    args = ["exercise3", "--file", str(STUBS / "exercise3.py")]
    assert "미시도" in run(*args, env={"LANG": "ko_KR.UTF-8", "LC_ALL": ""}).output
    assert "not attempted" in run(*args, env={"LANG": "en_US.UTF-8", "LC_ALL": ""}).output


def test_seed_changes_hidden_inputs_not_the_verdict(run):
    args = ["exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--format", "json"]
    for seed in ("1", "2"):
        assert json.loads(run(*args, "--seed", seed).output)["score"] == 10


def test_timeout_option_applies_to_the_learner(run, tmp_path):
    slow = tmp_path / "exercise3.py"
    slow.write_text("import time\ntime.sleep(30)\n")
    result = run("exercise3", "--file", str(slow), "--timeout", "1", "--format", "json")
    assert result.exit_code == 1
    assert {c["status"] for c in json.loads(result.output)["checks"]} == {"timeout"}


def test_bad_memory_size_is_a_usage_error(run):
    result = run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--memory", "lots")
    assert result.exit_code == 2


def test_grade_all_grades_every_exercise_in_the_folder_with_a_summary(run, tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "exercise1.py", folder / "exercise1.py")
    shutil.copy(STUBS / "exercise3.py", folder / "exercise3.py")
    result = run("all", "--folder", str(folder), "--brief", "--lang", "en")
    assert result.exit_code == 1
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "12/12" in lines["exercise1"] and "passed" in lines["exercise1"]
    assert "0/10" in lines["exercise3"] and "not attempted" in lines["exercise3"]
    assert "exercise4" not in lines and "22/22" not in lines["total"] and "12/22" in lines["total"]
    data = json.loads(run("all", "--folder", str(folder), "--format", "json").output)
    assert [r["exercise"] for r in data["exercises"]] == ["exercise1", "exercise3"]
    assert (data["score"], data["max_score"], data["passed"]) == (12, 22, False)


def test_grade_all_exit_0_when_everything_passes_and_2_without_files(run, tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    assert run("all", "--folder", str(folder)).exit_code == 2
    shutil.copy(SOLUTIONS / "exercise3.py", folder / "exercise3.py")
    result = run("all", "--folder", str(folder), "--lang", "en")
    assert result.exit_code == 0
    assert "Softmax by hand" in result.output and "All checks passed." in result.output


VALIDATE_SUBJECTS = {
    "en": ("solution (seed 0)", "solution (seed 12345)", "stub", "variant no_max_subtraction", "coverage",
           "hidden draws", "1 of 1 exercises valid"),
    "ko": ("참조 답안 (시드 0)", "참조 답안 (시드 12345)", "스텁", "변형 no_max_subtraction", "검사마다 잡는 변형",
           "숨은 입력 뽑기", "연습 1개 중 1개가 유효합니다"),
}


@pytest.mark.parametrize("lang", list(VALIDATE_SUBJECTS))
def test_validate_shows_solution_stub_and_every_variant(run, lang):
    result = run("validate", "exercise3", "--lang", lang)
    assert result.exit_code == 0, result.output
    subjects = [line.split(None, 2)[2] for line in result.output.splitlines() if line[:1] in "✓✗"]
    from grader.framework import known_wrong

    variants = len(known_wrong.load(SOLUTIONS, "exercise3"))
    assert len(subjects) == 3 + 1 + variants + 2, subjects  # 3 seeds, the stub, each variant, coverage, draws
    for subject in VALIDATE_SUBJECTS[lang]:
        assert subject in result.output, subject
    other = VALIDATE_SUBJECTS["ko" if lang == "en" else "en"]
    assert not [line for line in subjects for word in other if line.startswith(word)], subjects  # in --lang only


def test_validate_catches_a_check_that_cannot_fail(run, tmp_path, monkeypatch):
    solutions = tmp_path / "solutions"
    (solutions / "known_wrong").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise3.py", solutions / "exercise3.py")
    # A "variant" that is in fact correct: the checks it names cannot catch it.
    (solutions / "known_wrong" / "exercise3.py").write_text(
        "from grader.framework.known_wrong import KnownWrong\n"
        "VARIANTS = [KnownWrong('not_wrong', 'X = 1\\n', ('softmax_small_example',), ('softmax',))]\n")
    monkeypatch.setenv("GRADER_SOLUTIONS", str(solutions))
    result = run("validate", "exercise3")
    assert result.exit_code == 1
    assert "not caught by softmax_small_example: passed" in result.output
    assert "no known-wrong variant is caught by softmax_huge_logits" in result.output
    assert "at least 3 are needed" in result.output


def test_seed_file_gives_the_seed_and_refuses_nonsense(run, tmp_path):
    seed_file = tmp_path / "grading-seed.txt"
    seed_file.write_text("4242\n# the seed of this class's hidden inputs; keep it from learners\n")
    graded = run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--format", "json",
                 "--seed-file", str(seed_file))
    assert graded.exit_code == 0 and json.loads(graded.output)["seed"] == 4242
    both = run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--seed", "1", "--seed-file", str(seed_file))
    assert both.exit_code == 2 and "not both" in both.output
    (tmp_path / "bad.txt").write_text("not-a-number\n")
    for path in (tmp_path / "bad.txt", tmp_path / "absent.txt"):
        bad = run("exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--seed-file", str(path))
        assert bad.exit_code == 2 and "--seed-file" in bad.output and "Traceback" not in bad.output
