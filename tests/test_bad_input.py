"""Bad input, said the same way everywhere (issue 23, item 12): what a learner or an instructor
sees when a file or a folder is not what the grader expects."""

from __future__ import annotations

import json
import os
import shutil

from click.testing import CliRunner

from conftest import REPO, solution_source
from grader.cli import main


def _run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, [str(a) for a in args])
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)


def test_grading_a_text_file_says_what_files_are_graded(tmp_path):
    (tmp_path / "notes.txt").write_text("def softmax(z): pass\n")
    direct = _run("notes.txt", cwd=tmp_path)
    named = _run("exercise3", "--file", tmp_path / "notes.txt")
    for done in (direct, named):
        assert done.exit_code == 2
        assert "is not a .py file or a Jupyter notebook (.ipynb)" in done.output, done.output
        assert "Unknown exercise" not in done.output


def test_a_function_name_points_to_its_exercise():
    done = _run("softmax")
    assert done.exit_code == 2
    assert "softmax is a function of exercise3: grade exercise3" in done.output, done.output


def test_a_notebook_that_is_not_json_is_said_once_the_same_way_given_directly_or_with_file(tmp_path):
    path = tmp_path / "exercise3.ipynb"
    path.write_text("not json\n")
    direct = _run(path, "--lang", "en")
    named = _run("exercise3", "--file", path, "--lang", "en")
    assert direct.exit_code == named.exit_code == 1, (direct.output, named.output)
    for done in (direct, named):
        assert done.output.count("not a readable notebook") == 1, done.output
        assert "NotJSONError" not in done.output and "does not appear to be JSON" not in done.output
    ko = _run("exercise3", "--file", path, "--lang", "ko")
    assert "JSON" in ko.output and "노트북" in ko.output and "Notebook does not" not in ko.output


def test_an_empty_file_is_said_to_be_empty(tmp_path):
    (tmp_path / "exercise3.py").write_text("\n  \n")
    done = _run("exercise3", "--file", tmp_path / "exercise3.py", "--format", "json", "--lang", "en")
    report = json.loads(done.output)
    assert any("your file is empty" in note for note in report["notes"]), report["notes"]


def test_a_batch_of_something_that_is_no_class_leaves_no_output_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    done = _run("batch", tmp_path / "notes.txt", "--out", tmp_path / "graded")
    assert done.exit_code == 2
    assert not (tmp_path / "graded").exists()


def test_a_mixed_layout_names_a_folder_and_a_file(tmp_path):
    (tmp_path / "class" / "kim").mkdir(parents=True)
    (tmp_path / "class" / "kim" / "exercise3.py").write_text(solution_source("exercise3"))
    (tmp_path / "class" / "lee_exercise3.py").write_text(solution_source("exercise3"))
    done = _run("batch", tmp_path / "class", "--out", tmp_path / "graded")
    assert done.exit_code == 2
    assert "kim" in done.output and "lee_exercise3.py" in done.output, done.output


def test_a_class_says_which_hand_ins_it_did_not_grade_and_its_files_are_shared(tmp_path):
    (tmp_path / "class" / "kim").mkdir(parents=True)
    (tmp_path / "class" / "kim" / "exercise3.txt").write_text(solution_source("exercise3"))
    (tmp_path / "class" / "lee").mkdir()
    shutil.copy(REPO / "solutions" / "exercise3.py", tmp_path / "class" / "lee" / "exercise3.py")
    old = os.umask(0o022)
    try:
        done = _run("batch", tmp_path / "class", "--out", tmp_path / "graded", "--exercises", "exercise3",
                    "--workers", "1")
    finally:
        os.umask(old)
    assert done.exit_code == 0, done.output
    assert "kim/exercise3.txt" in done.output  # told to the instructor
    report = json.loads((tmp_path / "graded" / "learners" / "kim" / "report.json").read_text())
    assert any("exercise3.txt" in note and ".py" in note for note in report["notes"]), report["notes"]
    for name in ("gradebook.csv", "summary.html", "learners/kim/report.md"):
        assert (tmp_path / "graded" / name).stat().st_mode & 0o777 == 0o644, name


def test_a_flat_export_keeps_a_learner_who_handed_in_only_a_text_file(tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "kim_exercise3.py").write_text(solution_source("exercise3"))
    (tmp_path / "export" / "lee_exercise3.txt").write_text(solution_source("exercise3"))
    done = _run("batch", tmp_path / "export", "--out", tmp_path / "graded", "--exercises", "exercise3",
                "--workers", "1")
    assert done.exit_code == 0, done.output
    assert "not graded (not a .py or .ipynb file): lee_exercise3.txt" in done.output
    report = json.loads((tmp_path / "graded" / "learners" / "lee" / "report.json").read_text())
    assert report["exercises"][0]["status"] == "missing"
    assert any("lee_exercise3.txt" in note for note in report["notes"]), report["notes"]
