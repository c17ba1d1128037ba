"""Usage errors (exit 2) are said in the language asked for (issue 23, item 12): `--lang ko` or a
Korean locale, whatever the command could not do."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from grader.cli import main


@pytest.mark.parametrize("args, korean", [
    (["exercise99", "--lang", "ko"], "연습 'exercise99'는 없습니다"),
    (["softmax", "--lang", "ko"], "softmax는 exercise3의 함수입니다: grade exercise3"),
    (["exercise3", "--file", "/nonexistent/exercise3.py", "--lang", "ko"], "그런 파일이 없습니다"),
    (["hint", "exercise3", "99", "--lang", "ko"], "exercise3의 검사는 1번부터 6번까지입니다"),
])
def test_a_usage_error_is_said_in_korean(args, korean):
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2 and korean in done.output, done.output


def test_a_text_file_is_refused_in_korean(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        done = CliRunner().invoke(main, ["notes.txt", "--lang", "ko"])
    finally:
        os.chdir(old)
    assert done.exit_code == 2 and "notes.txt는 .py 파일도 Jupyter 노트북(.ipynb)도 아닙니다" in done.output, done.output


def test_without_lang_the_locale_decides():
    done = CliRunner().invoke(main, ["exercise99"], env={"LANG": "ko_KR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "없습니다" in done.output, done.output
    done = CliRunner().invoke(main, ["exercise99"], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "Unknown exercise 'exercise99'" in done.output, done.output
