"""What a new learner trips over: which file was graded, a file that is not Python, a file that does
not run at all, Korean text wrapped by display width (issue 16)."""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest
from click.testing import CliRunner

from conftest import SOLUTIONS, STUBS
from grader.cli import main
from grader.text import display_width, wrap


@pytest.fixture
def course_folder(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "exercises"


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _notebook_of(path, source):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(book, str(path))


def test_a_notebook_beside_the_untouched_stub_is_graded_and_the_report_names_both(course_folder):
    shutil.copy(STUBS / "exercise3.py", course_folder / "exercise3.py")
    _notebook_of(course_folder / "exercise3.ipynb", (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8"))
    result = _run("exercise3", "--format", "json", "--lang", "en")
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["score"] == report["max_score"]
    assert report["submission"].endswith("exercise3.ipynb")
    assert report["notes"][0] == ("graded exercise3.ipynb; exercise3.py was left aside: it is still the untouched stub")
    korean = json.loads(_run("exercise3", "--format", "json", "--lang", "ko").output)["notes"][0]
    assert "exercise3.ipynb" in korean and "exercise3.py" in korean and "손대지 않은" in korean


def test_when_both_files_were_edited_the_newer_is_graded_and_named(course_folder):
    script, notebook = course_folder / "exercise3.py", course_folder / "exercise3.ipynb"
    script.write_text((SOLUTIONS / "exercise3.py").read_text(encoding="utf-8"))
    _notebook_of(notebook, "def softmax(z):\n    return z\n")
    os.utime(notebook, (1_000_000_000, 1_000_000_000))
    report = json.loads(_run("exercise3", "--format", "json", "--lang", "en").output)
    assert report["submission"].endswith("exercise3.py") and report["score"] == report["max_score"]
    assert "graded exercise3.py, the newer of the two; exercise3.ipynb was left aside" in report["notes"][0]
    os.utime(script, (900_000_000, 900_000_000))
    report = json.loads(_run("exercise3", "--format", "json", "--lang", "en").output)
    assert report["submission"].endswith("exercise3.ipynb") and report["score"] < report["max_score"]


def test_grade_all_names_the_file_it_graded_too(course_folder):
    shutil.copy(STUBS / "exercise3.py", course_folder / "exercise3.py")
    _notebook_of(course_folder / "exercise3.ipynb", (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8"))
    result = _run("all", "--lang", "en")
    assert "graded exercise3.ipynb; exercise3.py was left aside" in result.output


@pytest.mark.parametrize("name", ["notes.txt", "exercise3.md", "exercise3"])
def test_only_py_and_ipynb_files_are_graded(tmp_path, name):
    path = tmp_path / name
    path.write_text("def softmax(z):\n    return z\n")
    result = _run("exercise3", "--file", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "is not a .py file or a Jupyter notebook (.ipynb)" in result.output


def test_a_syntax_error_is_said_once_and_every_check_points_to_it(tmp_path):
    path = tmp_path / "exercise3.py"
    path.write_text("def softmax(z):\n    return z +\n")
    result = _run("exercise3", "--file", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert result.output.count("syntax error at line 2") == 1, result.output
    # Every check has the same reason: it is said once, under the checks, for all of them (issue 23).
    flat = " ".join(result.output.split())
    assert flat.count("see the note about your file above") == 1, result.output
    assert "every check above: not graded" in flat


def test_korean_is_wrapped_by_display_width():
    text = "채점 때 뽑은 입력으로 " * 20
    wrapped = wrap(text, 60, "    ", "    ")
    assert all(display_width(line) <= 60 for line in wrapped.splitlines())
    assert max(display_width(line) for line in wrapped.splitlines()) > 50  # lines are filled, not halved
    assert " ".join(wrapped.split()) == " ".join(text.split())
    assert display_width("소프트맥스") == 10 and display_width("softmax") == 7


def test_the_korean_text_report_never_runs_past_100_columns(tmp_path):
    result = _run("exercise4", "--file", str(STUBS / "exercise4.py"), "--lang", "ko")
    widest = max(display_width(line) for line in result.output.splitlines() if not line.startswith("  ·"))
    assert widest <= 100
