"""``import grader; grader.check("exercise3")`` in a real notebook, run by nbclient on an ipykernel."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, SOLUTIONS
from grader.jupyter import cells_from_history

WRONG_SOFTMAX = """
import numpy as np
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
"""


def _run(tmp_path, cells: list[str]) -> list[dict]:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return book.cells[-1].outputs


def _html(outputs: list[dict]) -> str:
    shown = [o for o in outputs if o.get("output_type") == "execute_result"]
    assert len(shown) == 1, outputs
    return shown[0]["data"]["text/html"]


def test_the_notebooks_solution_gets_full_marks_shown_as_html(tmp_path):
    solution = (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")
    html = _html(_run(tmp_path, [solution, "1 + 1", 'import grader\ngrader.check("exercise3", lang="en")']))
    assert 'class="grader-report"' in html
    assert "Score 10/10 (100%)" in html
    assert "<title>passed</title>" in html and "<title>failed</title>" not in html  # drawn marks


def test_a_wrong_function_loses_its_points_and_korean_is_chosen_by_lang(tmp_path):
    solution = (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")
    outputs = _run(tmp_path, [solution, WRONG_SOFTMAX, 'import grader\ngrader.check("exercise3", lang="ko")'])
    html = _html(outputs)
    assert "점수 " in html and "(100%)" not in html
    assert "<title>실패</title>" in html
    assert "softmax([1000, 0, -1000])" in html


def test_the_grader_is_what_the_kernel_ran_and_an_earlier_check_is_not_regraded():
    history = ["", "x = 1", "import grader\ngrader.check('exercise3')\ny = 2", "%time z = 3", "grader.check('3')"]
    assert cells_from_history(history) == ["x = 1", "import grader\npass  # 'exercise3')\ny = 2", "%time z = 3"]


def test_importing_grader_stays_cheap_and_check_is_lazy():
    code = ("import sys, grader; assert 'tensorflow' not in sys.modules and 'grader.runner' not in sys.modules; "
            "f = grader.check; assert 'tensorflow' not in sys.modules; print(f.__module__)")
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=REPO / "tests")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "grader.jupyter"


def test_outside_jupyter_check_says_to_use_grade():
    out = subprocess.run([sys.executable, "-P", "-c", "import grader; grader.check('exercise3')"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "grade EXERCISE --file" in out.stderr and "Jupyter" in out.stderr


def _readme_block(path, heading: str) -> list[str]:
    """The command lines of the first ```bash block after ``heading`` in ``path``."""
    import re

    text = path.read_text(encoding="utf-8").split(heading, 1)[1]
    block = re.search(r"```bash\n(.*?)```", text, flags=re.S).group(1)
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def test_the_readmes_jupyter_commands_register_a_kernel_that_grades(tmp_path):
    """README's "In Jupyter" commands, run literally in a course folder, register the course's .venv as
    a kernel; a notebook on that kernel grades itself with grader.check."""
    import os

    commands = _readme_block(REPO / "README.md", "### In Jupyter")
    assert any("ipykernel install" in c for c in commands) and any("pip install" in c for c in commands)
    course = REPO  # a course folder with its own .venv (not a symbolic link to one: the sandbox mounts real paths)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=course, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    spec = home / ".local" / "share" / "jupyter" / "kernels" / "tf-course" / "kernel.json"
    assert spec.is_file()
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell((SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")),
                  nbformat.v4.new_code_cell('import grader\ngrader.check("exercise3", lang="en")')]
    old = os.environ.get("JUPYTER_DATA_DIR")
    os.environ["JUPYTER_DATA_DIR"] = str(spec.parent.parent.parent)
    try:
        NotebookClient(book, timeout=300, kernel_name="tf-course", allow_errors=False,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        if old is None:
            os.environ.pop("JUPYTER_DATA_DIR")
        else:
            os.environ["JUPYTER_DATA_DIR"] = old
    assert "(100%)" in _html(book.cells[-1].outputs), book.cells[-1].outputs[0]["data"]["text/plain"]


def test_the_learners_readme_says_how_to_grade_in_jupyter():
    from grader.release import LEARNER_README

    assert "grader.check(" in LEARNER_README
    assert "ipykernel install" in LEARNER_README and "pip install notebook ipykernel" in LEARNER_README
