"""Installing the grader as setup.sh, the CI kits and the README do: pip builds it with the bounded
setuptools of pyproject.toml and prints no deprecation warning (a warning with a date is an install
that breaks on that date, mid-term)."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement

from conftest import REPO
from test_ci_examples import grader_checkout, setup_python

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def test_build_dependencies_are_bounded_and_the_license_is_an_spdx_string():
    for text in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(text)
        assert any(s.operator in ("<", "<=", "==", "~=") for s in requirement.specifier), text
    assert isinstance(PYPROJECT["project"]["license"], str)


@pytest.mark.parametrize("editable", [False, True], ids=["install", "editable"])
def test_pip_install_builds_with_the_bounded_setuptools_and_warns_of_nothing(tmp_path, editable):
    python = setup_python(tmp_path) / "python"
    checkout = grader_checkout(tmp_path / "checkout")
    command = [str(python), "-m", "pip", "install", "-v", "--no-deps", *(["--editable"] if editable else []),
               str(checkout)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    warnings = [line for line in output.splitlines() if re.search(r"deprecat", line, re.I)]
    assert not warnings, "\n".join(warnings)
    used = re.search(r"Successfully installed .*?\bsetuptools-(\S+)", output)
    assert used, output[-3000:]
    bound = Requirement(next(r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")))
    assert bound.specifier.contains(used.group(1)), (used.group(1), str(bound))
    # The built-in course is a pack of its own package folder: the wheel ships it whole.
    shipped = subprocess.run([str(python), "-c", "import grader_course, json, pathlib; root = pathlib.Path("
                              "grader_course.__file__).parent; print(json.dumps(sorted(p.relative_to(root).as_posix() for p in "
                              "root.rglob('*') if p.is_file() and '__pycache__' not in p.parts)))"],
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
    files = json.loads(shipped.stdout or "[]")
    assert "course.toml" in files, shipped.stderr[-2000:]
    assert {f"checks/exercise{n}.py" for n in range(1, 18)} | {f"stubs/exercise{n}.py" for n in range(1, 18)} <= set(files)
