"""What a learner prints reaches the report, whatever the caller's environment (issue 15).

``grade`` runs here as a learner's shell would run it: once with ``PYTHONUNBUFFERED`` removed from
the environment, once with it set.  The learner's output must be in the JSON report in both cases,
in the order it was printed, also when the learner's process ends badly.
"""

from __future__ import annotations

import os

import nbformat
import pytest

from attack_tools import grade_json, solution_source

ENVIRONMENTS = {
    "unset": {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED" and not k.startswith(("GRADER_", "PYTEST_"))},
    "set": {**{k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "PYTEST_"))},
            "PYTHONUNBUFFERED": "1"},
}


def _graded(tmp_path, exercise, name, content, env, *extra, timeout=180):
    path = tmp_path / name
    if name.endswith(".ipynb"):
        book = nbformat.v4.new_notebook()
        book.cells = [nbformat.v4.new_code_cell(cell) for cell in content]
        nbformat.write(book, str(path))
    else:
        path.write_text(content, encoding="utf-8")
    _, report = grade_json(exercise, path, tmp_path, *extra, env=ENVIRONMENTS[env], timeout=timeout)
    return report


@pytest.mark.parametrize("env", sorted(ENVIRONMENTS))
def test_a_py_files_prints_reach_the_report_in_order(tmp_path, env):
    source = solution_source("exercise3") + (
        '\nimport sys\nprint("hello")\nsys.stderr.write("to stderr\\n")\nsys.stdout.write("third\\n")\n')
    report = _graded(tmp_path, "exercise3", "exercise3.py", source, env)
    output = report["output"]
    assert "hello" in output and "to stderr" in output and "third" in output, output
    assert output.index("hello") < output.index("to stderr") < output.index("third")
    assert report["score"] == report["max_score"]


@pytest.mark.parametrize("env", sorted(ENVIRONMENTS))
def test_a_notebook_cells_prints_reach_the_report(tmp_path, env):
    cells = [solution_source("exercise3"), 'print("from cell 2")', 'print("from cell 3", end="")']
    report = _graded(tmp_path, "exercise3", "exercise3.ipynb", cells, env)
    assert "from cell 2" in report["output"] and "from cell 3" in report["output"], report["output"]
    assert report["output"].index("from cell 2") < report["output"].index("from cell 3")


@pytest.mark.slow
@pytest.mark.parametrize("env", sorted(ENVIRONMENTS))
def test_a_tensorflow_exercises_prints_reach_the_report(tmp_path, env):
    source = solution_source("exercise11") + '\nprint("hello from exercise 11")\n'
    report = _graded(tmp_path, "exercise11", "exercise11.py", source, env)
    assert "hello from exercise 11" in report["output"], report["output"]


@pytest.mark.parametrize("env", sorted(ENVIRONMENTS))
def test_a_loop_that_never_ends_shows_how_far_it_got(tmp_path, env):
    source = solution_source("exercise3") + (
        '\nimport time\nfor step in range(10**9):\n    print("step", step)\n    time.sleep(0.2)\n')
    report = _graded(tmp_path, "exercise3", "exercise3.py", source, env, "--timeout", "3")
    assert "step 0" in report["output"] and "step 3" in report["output"], report["output"]
    assert {c["status"] for c in report["checks"]} == {"timeout"}


@pytest.mark.parametrize("ending", ["os._exit(3)", "os.kill(os.getpid(), 9)", "import ctypes; ctypes.string_at(0)"])
def test_what_was_printed_before_a_bad_end_is_kept(tmp_path, ending):
    source = solution_source("exercise3") + f'\nimport os, sys\nprint("before the end")\nsys.stdout.write("no newline")\n{ending}\n'
    report = _graded(tmp_path, "exercise3", "exercise3.py", source, "unset")
    assert "before the end" in report["output"] and "no newline" in report["output"], report["output"]


def test_what_was_printed_before_running_out_of_memory_is_kept(tmp_path):
    source = solution_source("exercise3") + (
        '\nprint("allocating")\nkept = []\nwhile True:\n    kept.append(bytearray(32 << 20))\n')
    report = _graded(tmp_path, "exercise3", "exercise3.py", source, "unset", "--memory", "400M")
    assert "allocating" in report["output"], report["output"]
    assert report["score"] < report["max_score"] or any("memory" in n.lower() for n in report["notes"])
