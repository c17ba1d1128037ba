"""`grade release`: learners get the stubs and a grader that runs public checks, and no solution code."""

import ast
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, SOLUTIONS, STUBS, solution_source
from grader import packs
from grader.cli import main
from grader.framework import known_wrong
from grader.release import build


TRIED_MODEL = solution_source("exercise12")


@dataclass(frozen=True)
class Made:
    folder: Path
    exercises: tuple[str, ...]
    output: str  # what `grade release` printed


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """`grade release` from a course whose instructor tried a solution in exercises/exercise3.py and a
    model in exercises/exercise12.py (its working copy), as an instructor would before releasing."""
    checkout = tmp_path_factory.mktemp("checkout")
    shutil.copytree(REPO / "grader", checkout / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(STUBS, checkout / "exercises")
    shutil.copy(REPO / "pyproject.toml", checkout / "pyproject.toml")
    (checkout / "exercises" / "exercise3.py").write_text(solution_source("exercise3"), encoding="utf-8")
    (checkout / "exercises" / "exercise12.py").write_text(TRIED_MODEL, encoding="utf-8")
    out = tmp_path_factory.mktemp("release") / "course"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packs, "REPO_DIR", checkout)
        patch.setenv("GRADER_SOLUTIONS", str(SOLUTIONS))
        done = CliRunner().invoke(main, ["release", str(out)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return Made(out, tuple(packs.builtin().exercise_names()), done.output)


def test_the_release_holds_the_courses_stubs_not_the_instructors_edited_copies(release):
    for name in release.exercises:
        assert (release.folder / "exercises" / f"{name}.py").read_bytes() == (STUBS / f"{name}.py").read_bytes(), name
    assert "exercises/exercise3.py differs from the course's stub" in release.output
    assert "exercises/exercise12.py differs from the course's stub" in release.output
    assert "exercise4.py differs" not in release.output


def test_a_release_refuses_a_course_stub_that_is_not_a_stub(tmp_path):
    """The built-in course as a pack of its own (a copy), whose stub of exercise3 is a solution."""
    pack = tmp_path / "pack"
    builtin = packs.builtin().manifest
    shutil.copytree(builtin.checks_dir, pack / "checks")
    shutil.copytree(builtin.stubs_dir, pack / "stubs")
    (pack / "stubs" / "exercise3.py").write_text(solution_source("exercise3"), encoding="utf-8")
    toml = (REPO / "grader_course" / "course.toml").read_text(encoding="utf-8")
    (pack / "course.toml").write_text(toml.replace('"../solutions"', f'"{os.path.relpath(SOLUTIONS, pack)}"'),
                                      encoding="utf-8")
    done = CliRunner().invoke(main, ["--course", str(pack), "release", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert "stub of exercise3" in done.output and "NotImplementedError" in done.output
    assert not (tmp_path / "out").exists()  # nothing half-made is left


def test_the_package_ships_every_stub_of_exercises_byte_for_byte():
    """grader_course/stubs/ is what the course defines as its stubs (tools/sync_stubs.py copies them): in
    the checkout it must equal exercises/, so a changed stub is not forgotten in the package."""
    shipped = {p.name: p.read_bytes() for p in packs.builtin().manifest.stubs_dir.glob("exercise*.py")}
    working = {p.name: p.read_bytes() for p in STUBS.glob("exercise*.py")}
    assert set(shipped) == {f"{name}.py" for name in packs.builtin().exercise_names()}
    assert [n for n in shipped.keys() | working.keys() if shipped.get(n) != working.get(n)] == [], \
        "run python tools/sync_stubs.py"
    check = subprocess.run([sys.executable, str(REPO / "tools" / "sync_stubs.py"), "--check"], capture_output=True)
    assert check.returncode == 0, check.stdout


def test_the_release_holds_no_judged_data_nor_the_judged_splits(release):
    data = release.folder / "grader" / "data"
    assert not (data / "judged").exists() and not (release.folder / "grader_course" / "data" / "judged").exists()
    held = "\n".join(p.read_text(encoding="utf-8") for p in data.rglob("*.py"))
    assert "SPLIT_SEED" not in held and "def iris" not in held and "mnist_5k" not in held
    course_data = release.folder / "grader_course" / "data" / "course"
    assert (course_data / "iris.csv").is_file() and (course_data / "mnist_train.npz").is_file()
    # The trained-model exercises still grade their public checks there.
    done = grade_in(release, "exercise12", "--file", str(SOLUTIONS / "exercise12.py"), "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr[-2000:]
    assert {c["status"] for c in report["checks"] if c["visibility"] == "public"} == {"passed"}
    assert {c["status"] for c in report["checks"] if c["visibility"] == "hidden"} == {"skipped"}


def _function_bodies(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {ast.dump(ast.Module(body=node.body, type_ignores=[]))
            for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_the_release_contains_no_solution_code(release):
    files = [p for p in release.folder.rglob("*") if p.is_file()]
    assert not (release.folder / "solutions").exists()
    assert not [p for p in files if "known_wrong" in p.parts or p.parent.name == "tests"]
    solution_bodies = set().union(*(_function_bodies(p) for p in SOLUTIONS.glob("exercise*.py")))
    assert len(solution_bodies) > 40
    for path in (p for p in files if p.suffix == ".py"):
        assert not _function_bodies(path) & solution_bodies, f"{path} holds a reference solution's function"
    variant_code = {v.code.strip() for e in packs.builtin().exercise_names() for v in known_wrong.load(SOLUTIONS, e)}
    for path in (p for p in files if p.suffix in (".py", ".json", ".md")):
        text = path.read_text(encoding="utf-8")
        assert not any(code in text for code in variant_code if len(code) > 40), path
    assert {p.name for p in (release.folder / "exercises").iterdir()} >= {f"{e}.py" for e in release.exercises}


def test_stored_answers_are_for_public_checks_only(release):
    stored = json.loads((release.folder / "grader_course" / "expected" / "exercise3.json").read_text())
    # exercise3 asks the reference once in its public checks (softmax([1, 2, 3])); its hidden checks never
    assert len(stored["answers"]) == 1


def grade_in(release, *args):
    env = {k: v for k, v in os.environ.items() if k != "GRADER_SOLUTIONS"}
    env["PYTHONPATH"] = str(release.folder)
    return subprocess.run([sys.executable, "-m", "grader", *args, "--lang", "en"], cwd=release.folder,
                          env=env, capture_output=True, text=True, timeout=300)


def test_in_a_release_public_checks_run_and_hidden_ones_are_left_to_official_grading(release, tmp_path):
    done = grade_in(release, "exercise3", "--file", str(SOLUTIONS / "exercise3.py"), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    public = [c for c in report["checks"] if c["visibility"] == "public"]
    hidden = [c for c in report["checks"] if c["visibility"] == "hidden"]
    assert public and all(c["status"] == "passed" for c in public)
    assert hidden and all(c["status"] == "skipped" and c["points"] == 0 for c in hidden)
    assert all("checked at official grading" in c["message"] for c in hidden)

    wrong = tmp_path / "exercise3.py"
    wrong.write_text(solution_source("exercise3") + "\ndef softmax(z):\n    import numpy as np\n"
                     "    return np.exp(np.asarray(z, float))\n")
    done = grade_in(release, "exercise3", "--file", str(wrong), "--format", "json")
    statuses = {c["name"]: c["status"] for c in json.loads(done.stdout)["checks"]}
    assert done.returncode == 1 and statuses["softmax_small_example"] == "failed"
    assert "passed" not in {s for n, s in statuses.items() if "batch" in n or "random" in n}


def test_a_release_stub_is_not_attempted_and_its_text_report_says_what_is_left(release):
    done = grade_in(release, "exercise3", "--file", str(STUBS / "exercise3.py"))
    assert done.returncode == 1
    assert "not attempted" in done.stdout and "checked at official grading" in done.stdout
    assert "5 points of hidden checks are checked at official grading" in done.stdout


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "something").write_text("x")
    with pytest.raises(packs.CourseError):
        build(tmp_path)
    assert REPO.joinpath("solutions").is_dir()


def test_in_a_release_every_reference_solution_passes_every_public_check(release):
    """Stored answers carry what a call left in its arguments too (exercise 7's weights after
    train_step), so every public check of every exercise passes in a release as it does with the
    solutions."""
    done = grade_in(release, "all", "--folder", str(SOLUTIONS), "--format", "json")
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else reports.get("reports", reports.get("exercises"))
    graded = {r["exercise"] for r in reports}
    assert graded >= set(release.exercises), done.stderr[-2000:]
    wrong = [(r["exercise"], c["name"], c["status"], c["message"][:200]) for r in reports for c in r["checks"]
             if c["visibility"] == "public" and c["status"] != "passed"]
    assert wrong == []
