"""The examples in examples/ci/ run here as their platforms would run them.

The install steps are not repeated: the grading lines run with this checkout's
virtual environment first on PATH, in a temporary course folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from junitparser import JUnitXml

from conftest import REPO, SOLUTIONS, STUBS
from grader import packs
from grader.cli import main
from test_ci_outputs import check_gradescope_spec

CI = REPO / "examples" / "ci"
VENV_BIN = Path(sys.executable).parent


def platform_env(**extra: str) -> dict[str, str]:
    """The environment of a CI job that installed the grader: this venv first on PATH, no locale."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GRADER_SOLUTIONS", "LANG", "LC_ALL", "LC_MESSAGES", "PYTHONPATH")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def course_folder(tmp_path: Path, exercise1: Path, exercise3: Path) -> Path:
    """A learner's repository: exercises/exercise1.py and exercises/exercise3.py."""
    repo = tmp_path / "learner"
    (repo / "exercises").mkdir(parents=True)
    shutil.copy(exercise1, repo / "exercises" / "exercise1.py")
    shutil.copy(exercise3, repo / "exercises" / "exercise3.py")
    return repo


# GitHub Classroom -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load((CI / "github-classroom.yml").read_text())


def _command_steps(workflow):
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    return [s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-command-grader")]


def test_github_workflow_has_one_classroom_test_per_exercise_worth_its_points(workflow):
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    tests = _command_steps(workflow)
    assert [s["id"] for s in tests] == workflow["env"]["EXERCISES"].split(",")
    for step in tests:
        assert step["with"]["max-score"] == packs.builtin().load_exercise(step["id"]).max_score
        assert "--min-score" in step["with"]["command"] and "$" not in step["with"]["command"]
    reporter = next(s for s in steps if "autograding-grading-reporter" in str(s.get("uses")))
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in tests]
    assert set(reporter["env"]) == {f"{s['id'].upper()}_RESULTS" for s in tests}
    assert any("pip install" in s.get("run", "") for s in steps)


def test_github_workflow_grades_a_submission_as_classroom_would(workflow, tmp_path):
    repo = course_folder(tmp_path, SOLUTIONS / "exercise1.py", STUBS / "exercise3.py")
    summary = tmp_path / "step_summary.md"
    env = platform_env(GITHUB_STEP_SUMMARY=str(summary), **workflow["env"])
    outcomes = {}
    for step in _command_steps(workflow):  # as the command grader runs it: through /bin/sh
        done = subprocess.run(["/bin/sh", "-c", step["with"]["command"]], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)
        outcomes[step["id"]] = done
    assert outcomes["exercise1"].returncode == 0 and outcomes["exercise1"].stderr == ""  # full points
    assert outcomes["exercise3"].returncode == 1  # a stub is below --min-score
    ex1 = next(iter(JUnitXml.fromfile(str(repo / "reports" / "exercise1.xml"))))
    ex3 = next(iter(JUnitXml.fromfile(str(repo / "reports" / "exercise3.xml"))))
    assert (ex1.tests, ex1.failures + ex1.errors + ex1.skipped) == (8, 0)
    # not attempted: failures, zero points is not neutral; dense_softmax's two checks need softmax's
    # (issue 25) and are skipped, naming it
    assert ex3.tests == 6 and ex3.failures == 4 and ex3.skipped == 2
    for step in workflow["jobs"]["run-autograding-tests"]["steps"]:
        script = step.get("run")
        if script is None or "pip install" in script:
            continue
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    page = summary.read_text()
    assert "# 채점 결과" in page and "| exercise3 | 0/10 | 미시도 |" in page and "  - 힌트: " in page


# The command grader action (education/autograding-command-grader, src/main.js) runs each test as
# `execSync(command, {timeout, env, stdio: 'inherit'})`: through /bin/sh, in the workspace, with an
# environment of its own, and judges the exit code (0: the test's points; anything else: none).
COMMAND_GRADER_ENV = ("PATH", "HOME")  # taken from the runner; FORCE_COLOR and DOTNET_* are fixed


def command_grader_env(path: str, home: Path) -> dict[str, str]:
    return {"PATH": path, "FORCE_COLOR": "true", "DOTNET_CLI_HOME": "/tmp", "DOTNET_NOLOGO": "true",
            "HOME": str(home)}


def grader_checkout(destination: Path) -> Path:
    """What `actions/checkout` of the grader's repository puts in `.grader`: the course's files."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".venv")
    for name in ("grader", "grader_course", "solutions", "exercises"):
        shutil.copytree(REPO / name, destination / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, destination / name)
    return destination


def setup_python(tmp_path: Path) -> Path:
    """What `actions/setup-python` leaves on PATH: a Python with pip.  The grader's dependencies
    (TensorFlow, ...) come from this checkout's venv through a .pth file instead of a download; the
    grader itself is installed by the workflow's own install step."""
    tool = tmp_path / "hostedtoolcache"
    subprocess.run([sys.executable, "-m", "venv", str(tool)], check=True, timeout=300)
    site = subprocess.run([str(tool / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "course-dependencies.pth").write_text(deps + "\n")
    return tool / "bin"


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A `run:` step as GitHub Actions runs it: `bash --noprofile --norc -eo pipefail {0}`."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_github_classroom_tests_score_as_the_command_grader_action_runs_them(workflow, tmp_path):
    """The workflow's steps in order, each as its runner runs it: the install step through bash with
    the workflow's env; each Classroom test through /bin/sh with only the action's own environment
    (no GRADER_SOLUTIONS, no workflow env), judged by its exit code."""
    workspace = course_folder(tmp_path, SOLUTIONS / "exercise1.py", STUBS / "exercise3.py")
    grader_checkout(workspace / ".grader")
    home = tmp_path / "home"
    home.mkdir()
    path = f"{setup_python(tmp_path)}{os.pathsep}/usr/local/bin:/usr/bin:/bin"
    summary = tmp_path / "step_summary.md"
    job_env = {**{k: str(v).replace("${{ github.workspace }}", str(workspace)) for k, v in workflow["env"].items()},
               "PATH": path, "HOME": str(home), "GITHUB_WORKSPACE": str(workspace),
               "GITHUB_STEP_SUMMARY": str(summary)}
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    done = run_step(install["run"], workspace, job_env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    scores = {}
    for step in _command_steps(workflow):
        done = subprocess.run(["/bin/sh", "-c", step["with"]["command"]], cwd=workspace,
                              env=command_grader_env(path, home), capture_output=True, text=True, timeout=600)
        assert done.returncode in (0, 1), (step["id"], done.returncode, done.stderr[-1000:])
        scores[step["id"]] = step["with"]["max-score"] if done.returncode == 0 else 0  # the action's rule
    assert scores == {"exercise1": 12, "exercise3": 0}  # a correct exercise earns its points; a stub none
    ex1 = next(iter(JUnitXml.fromfile(str(workspace / "reports" / "exercise1.xml"))))
    assert (ex1.tests, ex1.failures + ex1.errors) == (8, 0)

    report = next(s for s in steps if s.get("name") == "Report for the learner")
    done = run_step(report["run"], workspace, job_env)
    assert done.returncode == 0, done.stderr
    page = summary.read_text()
    assert "| exercise1 | 12/12 |" in page and "| exercise3 | 0/10 | 미시도 |" in page  # the same as the tests


# GitLab CI --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gitlab_job():
    return yaml.safe_load((CI / "gitlab-ci.yml").read_text())["grade"]


def _run_gitlab_script(job, repo: Path) -> subprocess.CompletedProcess:
    variables = {k: str(v).replace("$CI_PROJECT_DIR", str(repo)) for k, v in job["variables"].items()}
    script = "\n".join(job["script"])
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo,
                          env=platform_env(CI_PROJECT_DIR=str(repo), **variables),
                          capture_output=True, text=True, timeout=300)


def test_gitlab_job_publishes_the_junit_it_writes(gitlab_job):
    assert gitlab_job["artifacts"]["when"] == "always"
    junit_path = gitlab_job["artifacts"]["reports"]["junit"]
    assert any(f"--output {junit_path}" in line and "--format junit" in line and "--min-score" in line
               for line in gitlab_job["script"])
    assert any("pip install" in line for line in gitlab_job["before_script"])


def test_gitlab_job_fails_below_the_minimum_score_and_reports_junit(gitlab_job, tmp_path):
    repo = course_folder(tmp_path, SOLUTIONS / "exercise1.py", STUBS / "exercise3.py")
    done = _run_gitlab_script(gitlab_job, repo)
    assert done.returncode == 1, done.stderr  # 12 of 22 points is below 60%
    suites = {s.name: s for s in JUnitXml.fromfile(str(repo / gitlab_job["artifacts"]["reports"]["junit"]))}
    assert set(suites) == {"exercise1", "exercise3"}
    assert suites["exercise1"].failures == 0 and suites["exercise3"].failures == 4  # + 2 skipped: need softmax


def test_gitlab_job_passes_with_both_solutions(gitlab_job, tmp_path):
    repo = course_folder(tmp_path, SOLUTIONS / "exercise1.py", SOLUTIONS / "exercise3.py")
    done = _run_gitlab_script(gitlab_job, repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "reports" / "junit.xml").is_file()


# Gradescope -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3,1",
                                       "--lang", "en", "--seed", "7"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "exercise1, exercise3" in result.output
    return out


def test_bundle_holds_the_scripts_at_its_root_and_the_grader_source(bundle):
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        config = archive.read("autograder.env").decode()
    names = set(infos)
    assert {"setup.sh", "run_autograder", "autograder.env", "pyproject.toml", "README.md",
            "grader/__init__.py", "grader/cli/__init__.py", "grader_course/checks/exercise3.py", "grader_course/course.toml",
            "solutions/exercise1.py", "solutions/exercise3.py"} <= names
    assert any(n.startswith("grader/data/") for n in names)
    for script in ("setup.sh", "run_autograder"):
        assert (infos[script].external_attr >> 16) & stat.S_IXUSR
    forbidden = re.compile(r"(^|/)(\.git|\.venv|__pycache__|\.pytest_cache)(/|$)|\.pyc$|egg-info")
    assert not [n for n in names if forbidden.search(n)]
    assert not [n for n in names if n.startswith(("tests/", "examples/", "exercises/", "bench/"))]
    assert 'GRADER_EXERCISES:=exercise1,exercise3' in config and "GRADER_LANG:=en" in config
    assert "GRADER_SEED:=7" in config


def test_a_bundle_draws_a_secret_seed_and_says_how_hidden_checks_are_shown(tmp_path):
    seeds = set()
    for name in ("a", "b"):
        out = tmp_path / f"{name}.zip"
        result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3",
                                           "--gradescope-hidden", "score-now"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(out) as archive:
            config = archive.read("autograder.env").decode()
        seed = int(re.search(r"GRADER_SEED:=(\d+)", config).group(1))
        assert f"seed {seed}" in result.output and "GRADER_HIDDEN:=score-now" in config
        seeds.add(seed)
    assert len(seeds) == 2 and 0 not in seeds  # never the learners' own seed


def test_bundle_refuses_unknown_exercises(tmp_path):
    result = CliRunner().invoke(main, ["gradescope-bundle", str(tmp_path / "a.zip"), "--exercises", "nope"])
    assert result.exit_code == 2 and not (tmp_path / "a.zip").exists()


def test_setup_sh_is_bash_and_installs_the_bundle_it_came_in(bundle):
    setup = CI / "gradescope" / "setup.sh"
    assert subprocess.run(["bash", "-n", str(setup)]).returncode == 0
    text = setup.read_text()
    assert 'SOURCE="$ROOT/source"' in text and 'ROOT="${AUTOGRADER_ROOT:-/autograder}"' in text
    installs = [line.split("pip install", 1)[1].split() for line in text.splitlines()
                if "pip install" in line and not line.lstrip().startswith("#")]
    targets = [[word for word in words if not word.startswith("-")] for words in installs]
    assert targets == [["pip"], ['"$SOURCE"']]  # pip itself, then the bundle's own source and nothing else
    with zipfile.ZipFile(bundle) as archive:
        pyproject = archive.read("pyproject.toml").decode()
        names = archive.namelist()
    assert pyproject == (REPO / "pyproject.toml").read_text()
    assert re.search(r'^name = "tf-course-grader"', pyproject, re.M)
    # run_autograder uses the environment setup.sh makes.
    assert '"$ROOT/venv"' in text and "$ROOT/venv/bin/python" in (CI / "gradescope" / "run_autograder").read_text()
    assert "solutions/exercise3.py" in names  # the editable install finds them beside the package


def _autograder_root(bundle: Path, tmp_path: Path) -> Path:
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    run = root / "source" / "run_autograder"
    run.chmod(run.stat().st_mode | stat.S_IXUSR)
    # Mark the unpacked grader so the results show which copy of the grader ran.
    init = root / "source" / "grader" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "([^"]+)"', r'__version__ = "\1+bundle"', init.read_text()))
    return root


def _run_autograder(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(root / "source" / "run_autograder")], cwd=root, timeout=300,
                          env=platform_env(AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable),
                          capture_output=True, text=True)


def test_run_autograder_grades_a_submission_from_the_bundle(bundle, tmp_path):
    root = _autograder_root(bundle, tmp_path)
    submission = root / "submission"
    (submission / "repo" / "work").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1.py", submission / "repo" / "work" / "Exercise1.py")
    shutil.copy(STUBS / "exercise3.py", submission / "repo" / "exercise3.py")
    # Deeper, hidden or macOS copies are not the submission.
    (submission / "repo" / "old").mkdir()
    shutil.copy(SOLUTIONS / "exercise3.py", submission / "repo" / "old" / "exercise3.py")
    (submission / "__MACOSX").mkdir()
    shutil.copy(SOLUTIONS / "exercise3.py", submission / "__MACOSX" / "exercise3.py")

    done = _run_autograder(root)
    assert done.returncode == 0, done.stderr
    assert "exercise1: repo/work/Exercise1.py" in done.stdout and "exercise3: repo/exercise3.py" in done.stdout
    results = json.loads((root / "results" / "results.json").read_text())
    check_gradescope_spec(results)
    assert results["score"] == 12 and sum(t["max_score"] for t in results["tests"]) == 22
    assert results["extra_data"]["grader_version"].endswith("+bundle")  # the bundle's grader ran
    assert "seed" not in results["extra_data"] and results["extra_data"]["lang"] == "en"
    statuses = {t["extra_data"]["exercise"]: set() for t in results["tests"]}
    for test in results["tests"]:
        statuses[test["extra_data"]["exercise"]].add(test["extra_data"]["status"])
    assert statuses == {"exercise1": {"passed"}, "exercise3": {"not_attempted", "skipped"}}  # skipped: needs softmax
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_due_date"}


def test_run_autograder_reports_a_missing_exercise_and_takes_a_notebook(bundle, tmp_path):
    root = _autograder_root(bundle, tmp_path)
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# exercise 3"),
        nbformat.v4.new_code_cell((SOLUTIONS / "exercise3.py").read_text())])
    (root / "submission").mkdir()
    nbformat.write(notebook, str(root / "submission" / "exercise3.ipynb"))

    done = _run_autograder(root)
    assert done.returncode == 0, done.stderr
    assert "exercise1: no exercise1.py or exercise1.ipynb" in done.stdout
    results = json.loads((root / "results" / "results.json").read_text())
    check_gradescope_spec(results)
    assert results["score"] == 10
    assert results["extra_data"]["exercises"] == {"exercise1": "missing", "exercise3": "passed"}


def test_run_autograder_without_a_grader_fails_loudly(bundle, tmp_path):
    root = _autograder_root(bundle, tmp_path)
    (root / "submission").mkdir()
    shutil.copy(STUBS / "exercise3.py", root / "submission" / "exercise3.py")
    shutil.rmtree(root / "source" / "solutions")  # a broken bundle: the grader cannot grade
    done = _run_autograder(root)
    assert done.returncode != 0
    assert "wrote no results" in done.stderr


# The README -------------------------------------------------------------------------------------


def test_examples_readme_documents_each_example():
    readme = (CI / "README.md").read_text()
    for name in ("github-classroom.yml", "gitlab-ci.yml", "setup.sh", "run_autograder",
                 "grade gradescope-bundle", "--min-score", "AUTOGRADER_ROOT", "after_due_date"):
        assert name in readme, name


def test_a_bundle_refuses_the_learners_own_seed(tmp_path):
    """Seed 0 is what learners grade their own work with: their reports show its hidden inputs."""
    out = tmp_path / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3", "--seed", "0"])
    assert result.exit_code == 2 and not out.exists()
    assert "--seed 0 is the seed learners grade their own work with" in result.output
