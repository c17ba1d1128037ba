"""One learner's text or file never stops ``grade``, nor a class's outputs (issue 22, weakness 1).

Attack: an exception message holding a lone surrogate (``"\\ud800"``, which JSON carries as an escape
and no encoder can write) gave a ``UnicodeEncodeError`` traceback in ``grade``, and in ``grade batch``
no gradebook, summary, JUnit or LMS file for anyone, again on every ``--resume``.  A notebook nested
3000 levels deep did the same through a ``RecursionError`` in recognition and in the similarity report.
Defended: every text from a worker is made valid Unicode once, where it enters ``grade``
(``grader/sandbox/channel.py``); the readers of learner files in ``grade`` (recognition, similarity)
are bounded and total.
"""

from __future__ import annotations

import json

import pytest

from attack_tools import batch, gradebook, no_traceback, run_grade, solution_source

SURROGATE = '''
def softmax(z):
    raise ValueError("lone \\ud800 surrogate")


def dense_softmax(x, kernel, bias):
    raise ValueError("lone \\udcff too")
'''
DEEP = 3000
CLASS_FILES = ("gradebook.csv", "gradebook-canvas.csv", "gradebook-moodle.csv", "junit.xml", "summary.html",
               "similarity.csv")


def deep_notebook(code: str) -> str:
    """A notebook with one code cell, whose metadata holds lists nested ``DEEP`` levels."""
    cell = {"cell_type": "code", "source": code, "metadata": {}, "outputs": [], "execution_count": None}
    head = json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5})[:-1]
    return head + ', "metadata": {"deep": ' + "[" * DEEP + "]" * DEEP + "}}"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "gradescope", "markdown"])
def test_a_lone_surrogate_in_an_exception_message_is_reported_in_every_format(tmp_path, fmt):
    (tmp_path / "mine.py").write_text(SURROGATE, encoding="utf-8")
    run = run_grade(["exercise3", "--file", tmp_path / "mine.py", "--format", fmt], tmp_path, binary=True)
    assert no_traceback(run.err_text), run.err_text[-800:]
    assert run.returncode == 1, run.describe()
    out = run.stdout.decode("utf-8")  # strict: what grade printed is valid UTF-8
    assert "lone" in out and "\ufffd" in out, out[:2000]


def test_a_notebook_nested_3000_deep_is_not_recognised_with_a_clear_message(tmp_path):
    (tmp_path / "deep.ipynb").write_text(deep_notebook(solution_source("exercise3")), encoding="utf-8")
    run = run_grade(["deep.ipynb"], tmp_path)
    assert no_traceback(run.err_text), run.err_text[-800:]
    assert run.returncode == 2, run.describe()
    assert "deep.ipynb" in run.err_text and "notebook" in run.err_text, run.err_text


def test_a_class_with_a_lone_surrogate_and_a_deep_notebook_still_gets_every_output(tmp_path):
    classroom = tmp_path / "class"
    for name in ("alice", "bob"):
        (classroom / name).mkdir(parents=True)
        (classroom / name / "exercise3.py").write_text(solution_source("exercise3"), encoding="utf-8")
    (classroom / "mallory").mkdir()
    (classroom / "mallory" / "exercise3.py").write_text(SURROGATE, encoding="utf-8")
    (classroom / "deep").mkdir()
    (classroom / "deep" / "exercise3.ipynb").write_text(deep_notebook(solution_source("exercise3")),
                                                        encoding="utf-8")
    out = tmp_path / "graded"
    for extra in ((), ("--resume",)):
        run = batch(classroom, out, tmp_path, "--exercises", "exercise3", *extra)
        assert no_traceback(run.err_text), run.err_text[-1500:]
        assert run.returncode == 0, run.describe()  # 0: the grader failed for nobody
        for name in CLASS_FILES:
            assert (out / name).is_file(), (extra, name)
        book = gradebook(out)
        assert set(book) == {"alice", "bob", "mallory", "deep"}, sorted(book)
        assert float(book["alice"]["exercise3"]) == float(book["bob"]["exercise3"]) == 10
        assert book["mallory"]["exercise3 status"] == "error"
        for name in ("junit.xml", "summary.html", "learners/mallory/report.md"):
            (out / name).read_text(encoding="utf-8")  # strict UTF-8
