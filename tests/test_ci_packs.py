"""The CI kits of examples/ci/ on a course pack (issue 26: every command works on a pack), each
generated as examples/ci/README.md ("A course pack") tells an instructor to, and run as its
platform runs it: the GitHub Classroom tests through ``/bin/sh`` with only the command grader's
environment, the GitLab job's script through ``/bin/sh`` with only its variables, and Gradescope's
``run_autograder`` from a bundle of the pack with nothing but ``PATH`` and ``HOME``.

The pack is tests/pack_factory.py's (``sales1``: 3 points, a public check and a hidden one); the
grader is this checkout's virtual environment (test_ci_examples.py runs the kits' install steps).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from junitparser import JUnitXml

from pack_factory import SOLUTION, STUB, write_pack
from grader import packs
from grader.cli import main
from test_ci_examples import CI, VENV_BIN, _autograder_root, command_grader_env, run_step
from test_ci_outputs import check_gradescope_spec

COURSE = ".grader/packs/sales"  # where examples/ci/README.md keeps a pack: beside the grader, in its repository
WRONG_MEAN = SOLUTION + "\n\ndef mean_sales():\n    return 10.0\n"  # 1 of 3 points: below --min-score 60
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


def workspace(tmp_path: Path, learner_code: str) -> Path:
    """The learner's repository (exercises/sales1.py) with the grader's repository in .grader: its pack."""
    repo = tmp_path / "learner"
    (repo / "exercises").mkdir(parents=True)
    (repo / "exercises" / "sales1.py").write_text(learner_code, encoding="utf-8")
    write_pack(repo / COURSE)
    return repo


def sh(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_examples_readme_says_how_a_kit_names_a_pack():
    readme = (CI / "README.md").read_text(encoding="utf-8")
    assert f"grade --course {COURSE}" in readme and f"GRADER_COURSE: {COURSE}" in readme
    assert "grade --course packs/sales gradescope-bundle" in readme


# GitHub Classroom -------------------------------------------------------------------------------


def classroom_workflow_for(course: str, points: dict[str, float]) -> dict:
    """examples/ci/github-classroom.yml for a pack: one Classroom test per exercise, each command
    spelling ``--course`` out (the command grader passes no ``env:``), the report too."""
    workflow = yaml.safe_load((CI / "github-classroom.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    tests = [s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-command-grader")]
    template, first = tests[0], tests[0]["id"]
    generated = []
    for name, max_score in points.items():
        step = copy.deepcopy(template)
        step.update(name=name, id=name)
        step["with"].update({"test-name": name, "max-score": max_score, "command": template["with"]["command"].replace(
            f"grade {first} ", f"grade --course {course} {name} ").replace(f"{first}.xml", f"{name}.xml")})
        generated.append(step)
    at = steps.index(tests[0])
    steps[at:at + len(tests)] = generated
    report = next(s for s in steps if s.get("name") == "Report for the learner")
    report["run"] = report["run"].replace("grade all ", f"grade --course {course} all ")
    reporter = next(s for s in steps if "autograding-grading-reporter" in str(s.get("uses")))
    reporter["env"] = {f"{name.upper()}_RESULTS": f"${{{{ steps.{name}.outputs.result }}}}" for name in points}
    reporter["with"]["runners"] = ",".join(points)
    workflow["env"]["EXERCISES"] = ",".join(points)
    return workflow


def _classroom_tests(workflow: dict) -> list[dict]:
    return [s for s in workflow["jobs"]["run-autograding-tests"]["steps"] if "command" in s.get("with", {})]


@pytest.mark.parametrize("code,earned,tests_failed", [(SOLUTION, 3, 0), (WRONG_MEAN, 0, 1)], ids=["solution", "wrong"])
def test_github_classroom_on_a_pack_scores_as_the_command_grader_runs_it(tmp_path, code, earned, tests_failed):
    pack = packs.load(write_pack(tmp_path / "probe"))
    workflow = classroom_workflow_for(COURSE, {"sales1": pack.load_exercise("sales1").max_score})
    (test,) = _classroom_tests(workflow)
    assert test["with"]["command"] == (f"grade --course {COURSE} sales1 --lang ko --min-score 60 --format junit "
                                       "--output reports/sales1.xml") and test["with"]["max-score"] == 3
    repo = workspace(tmp_path, code)
    home = tmp_path / "home"
    home.mkdir()
    path = f"{VENV_BIN}{os.pathsep}{SYSTEM_PATH}"
    done = sh(test["with"]["command"], repo, command_grader_env(path, home))  # PATH, HOME, FORCE_COLOR, DOTNET_*
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-2000:])
    assert (test["with"]["max-score"] if done.returncode == 0 else 0) == earned  # the action's rule
    (suite,) = JUnitXml.fromfile(str(repo / "reports" / "sales1.xml"))
    assert (suite.name, suite.tests, suite.failures + suite.errors) == ("sales1", 2, tests_failed)

    summary = tmp_path / "step_summary.md"
    report = next(s for s in workflow["jobs"]["run-autograding-tests"]["steps"] if s.get("name") == "Report for the learner")
    job_env = {**workflow["env"], "PATH": path, "HOME": str(home), "GITHUB_STEP_SUMMARY": str(summary)}
    assert run_step(report["run"], repo, job_env).returncode == 0
    page = summary.read_text(encoding="utf-8")
    assert "## sales1 · 평균 판매량" in page and f"점수 **{3 if earned else 1}/3**" in page, page  # the test's score


def test_the_classroom_command_without_course_grades_nothing_of_the_pack(tmp_path):
    """What makes the pack's test earn its points is ``--course`` in the command: the command
    grader's environment carries no GRADER_COURSE, so without it ``sales1`` is no exercise."""
    repo = workspace(tmp_path, SOLUTION)
    (tmp_path / "home").mkdir()
    env = command_grader_env(f"{VENV_BIN}{os.pathsep}{SYSTEM_PATH}", tmp_path / "home")
    done = sh("grade sales1 --lang ko --min-score 60 --format junit --output reports/sales1.xml", repo, env)
    assert done.returncode == 2 and "sales1" in done.stderr


# GitLab CI --------------------------------------------------------------------------------------


def gitlab_job_for(course: str, exercises: str) -> dict:
    """examples/ci/gitlab-ci.yml's job for a pack: ``GRADER_COURSE`` among its variables."""
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["grade"]
    job["variables"].update(EXERCISES=exercises, GRADER_COURSE=course)
    return job


def _run_gitlab(job: dict, repo: Path, home: Path) -> subprocess.CompletedProcess:
    """The job's script as a runner runs it: its variables exported, nothing else of this machine."""
    variables = {k: str(v).replace("$CI_PROJECT_DIR", str(repo)) for k, v in job["variables"].items()}
    env = {"PATH": f"{VENV_BIN}{os.pathsep}{SYSTEM_PATH}", "HOME": str(home), "CI_PROJECT_DIR": str(repo), **variables}
    return sh("set -e\n" + "\n".join(job["script"]), repo, env)


@pytest.mark.parametrize("code,exit_code,failures", [(SOLUTION, 0, 0), (WRONG_MEAN, 1, 1)], ids=["solution", "wrong"])
def test_gitlab_job_on_a_pack_grades_by_the_variable_and_reports_junit(tmp_path, code, exit_code, failures):
    job = gitlab_job_for(COURSE, "sales1")
    repo = workspace(tmp_path, code)
    (tmp_path / "home").mkdir()
    done = _run_gitlab(job, repo, tmp_path / "home")
    assert done.returncode == exit_code, done.stderr[-2000:]
    (suite,) = JUnitXml.fromfile(str(repo / job["artifacts"]["reports"]["junit"]))
    assert (suite.name, suite.tests, suite.failures + suite.errors) == ("sales1", 2, failures)


def test_gitlab_job_without_the_variable_does_not_know_the_packs_exercise(tmp_path):
    job = gitlab_job_for(COURSE, "sales1")
    del job["variables"]["GRADER_COURSE"]
    repo = workspace(tmp_path, SOLUTION)
    (tmp_path / "home").mkdir()
    done = _run_gitlab(job, repo, tmp_path / "home")
    assert done.returncode == 2 and "sales1" in done.stderr, done.stderr[-2000:]


# Gradescope -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack_bundle(tmp_path_factory) -> Path:
    """``grade --course packs/sales gradescope-bundle ...`` from the grader's repository, as the README says."""
    repo = tmp_path_factory.mktemp("grader-repo")
    write_pack(repo / "packs" / "sales")
    out = repo / "autograder.zip"
    cwd = Path.cwd()
    os.chdir(repo)  # the README's relative packs/sales
    try:
        result = CliRunner().invoke(main, ["--course", "packs/sales", "gradescope-bundle", str(out), "--exercises",
                                           "sales1", "--lang", "ko", "--seed", "7"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("code,score", [(SOLUTION, 3), (WRONG_MEAN, 1), (STUB, 0)], ids=["solution", "wrong", "stub"])
def test_gradescope_autograder_of_a_pack_runs_with_nothing_but_its_bundle(pack_bundle, tmp_path, code, score):
    with zipfile.ZipFile(pack_bundle) as archive:
        names = set(archive.namelist())
    assert "grader_course/checks/sales1.py" in names and "grader_course/data/heldout.csv" in names
    assert "solutions/exercise3.py" not in names  # the built-in course's solutions stay out
    root = _autograder_root(pack_bundle, tmp_path)
    (root / "submission" / "work").mkdir(parents=True)
    (root / "submission" / "work" / "sales1.py").write_text(code, encoding="utf-8")
    (tmp_path / "home").mkdir()
    # Gradescope runs /autograder/run_autograder in the image setup.sh built: here GRADER_PYTHON
    # names the Python setup.sh would have made (test_ci_examples.py runs setup.sh's checks).
    env = {"PATH": SYSTEM_PATH, "HOME": str(tmp_path / "home"), "AUTOGRADER_ROOT": str(root),
           "GRADER_PYTHON": sys.executable}
    done = sh(str(root / "source" / "run_autograder"), root, env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "sales1: work/sales1.py" in done.stdout, done.stdout
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_gradescope_spec(results)
    assert results["score"] == score and sum(t["max_score"] for t in results["tests"]) == 3, results
    assert results["extra_data"]["lang"] == "ko" and len(results["tests"]) == 2
    hidden = next(t for t in results["tests"] if t["visibility"] == "after_due_date")
    assert hidden["extra_data"]["status"] != "skipped"  # official grading: the hidden check ran
    shutil.rmtree(root)
