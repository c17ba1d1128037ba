"""Course packs (issue 26): a course is a folder outside the checkout, and every command grades by it
(``grade --course DIR ...`` or ``GRADER_COURSE``); a pack's data reaches its checks and the learner's
code, and its solutions, known-wrong variants, checks and judged data never reach learner code."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pack_factory import KNOWN_WRONG, SOLUTION, STUB, write_pack
from grader import packs
from grader.cli import main
from grader.framework.known_wrong import KnownWrong

WRONG_MEAN = SOLUTION + "\n\ndef mean_sales():\n    return 10.0\n"


@pytest.fixture
def pack(tmp_path) -> Path:
    return write_pack(tmp_path / "instructor" / "sales-pack")


def grade(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def learner_file(tmp_path: Path, text: str, name: str = "sales1.py") -> Path:
    path = tmp_path / "learner" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_grade_exercise_by_a_pack_outside_the_checkout(pack, tmp_path):
    solution = learner_file(tmp_path, SOLUTION)
    done = grade("--course", str(pack), "sales1", "--file", str(solution), "--format", "json", "--lang", "en")
    report = json.loads(done.output)
    assert done.exit_code == 0 and (report["score"], report["max_score"]) == (3, 3), done.output
    done = grade("--course", str(pack), "sales1", "--file", str(learner_file(tmp_path, WRONG_MEAN)), "--lang", "en")
    assert done.exit_code == 1 and "mean_sales()" in done.output
    done = grade("--course", str(pack), "sales1", "--file", str(pack / "exercises" / "sales1.py"),
                 "--format", "json")
    assert json.loads(done.output)["status"] == "not_attempted"


def test_grader_course_lets_learners_type_nothing_extra(pack, tmp_path, monkeypatch):
    monkeypatch.chdir(learner_file(tmp_path, SOLUTION, "exercises/sales1.py").parent.parent)
    env = {"GRADER_COURSE": str(pack)}
    done = grade("sales1", "--lang", "en", env=env)
    assert done.exit_code == 0 and "Score 3/3" in done.output, done.output
    done = grade("all", "--format", "json", env=env)
    assert done.exit_code == 0 and "sales1" in done.output
    assert "sales1" in grade("list", "--lang", "en", env=env).output


def test_list_and_hint_show_the_packs_exercises(pack):
    listed = grade("--course", str(pack), "list", "--lang", "en")
    assert listed.exit_code == 0 and listed.output.split()[:2] == ["sales1", "3p"], listed.output
    assert "exercise3" not in listed.output
    hints = grade("--course", str(pack), "hint", "sales1", "--lang", "ko")
    assert "sales.csv를 읽어" in hints.output and "x에 2.0를 곱하세요" in hints.output
    unknown = grade("--course", str(pack), "exercise3")
    assert unknown.exit_code == 2 and "Unknown exercise 'exercise3'" in unknown.output


def test_grade_all_by_a_pack(pack, tmp_path):
    folder = learner_file(tmp_path, SOLUTION).parent
    done = grade("--course", str(pack), "all", "--folder", str(folder), "--format", "json")
    assert done.exit_code == 0, done.output
    assert "sales1" in done.output and "exercise1" not in done.output


def test_an_instructors_points_and_settings_change_the_exercise(tmp_path):
    pack = write_pack(tmp_path / "pack", '\n[exercises.sales1]\npoints = { mean_of_the_csv = 5 }\n'
                                          'settings = { FACTOR = 3 }\n')
    assert grade("--course", str(pack), "list", "--lang", "en").output.split()[:2] == ["sales1", "6p"]
    done = grade("--course", str(pack), "sales1", "--file", str(learner_file(tmp_path, SOLUTION)),
                 "--format", "json")
    statuses = {c["name"]: c["status"] for c in json.loads(done.output)["checks"]}
    assert statuses == {"mean_of_the_csv": "passed", "scaled_drawn": "failed"}  # the solution doubles; 3 is asked


DATA = '[data]\nfiles = ["data/sales.csv"]\njudged = ["data/heldout.csv"]\n'
BROKEN = {  # what is written into course.toml (or done to the pack), and what the error names
    "no table [course]": ("replace", "[data]\nfiles = []\n", "[course]"),
    "unknown key": ("append", "\n[extras]\nx = 1\n", "extras"),
    "not TOML": ("append", "\n[course\n", "not TOML"),
    "listed exercise with no checks": ("replace", '[course]\ntitle = { en = "t", ko = "t" }\n'
                                                  'exercises = ["sales1", "sales2"]\n' + DATA, "checks/sales2.py"),
    "a data file missing": ("replace", '[course]\ntitle = { en = "t", ko = "t" }\nexercises = ["sales1"]\n'
                                       '[data]\nfiles = ["data/nothing.csv"]\n', "data.files[0]"),
    "a data file outside the pack": ("replace", '[course]\ntitle = { en = "t", ko = "t" }\nexercises = ["sales1"]\n'
                                                '[data]\nfiles = ["../secret.csv"]\n', "inside the pack"),
    "a setting its checks do not read": ("append", "\n[exercises.sales1]\nsettings = { BUDGET = 3 }\n",
                                         "exercises.sales1.settings.BUDGET"),
    "points of no check": ("append", "\n[exercises.sales1]\npoints = { nothing = 3 }\n",
                           "exercises.sales1.points.nothing"),
    "title in one language": ("replace", '[course]\ntitle = { en = "t" }\nexercises = ["sales1"]\n' + DATA,
                              "course.title"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_malformed_pack_is_refused_naming_the_file_and_the_key(case, pack):
    how, text, named = BROKEN[case]
    toml = pack / "course.toml"
    toml.write_text(text if how == "replace" else toml.read_text(encoding="utf-8") + text, encoding="utf-8")
    done = grade("--course", str(pack), "list")
    assert done.exit_code == 2, done.output
    assert named in done.output and "Traceback" not in done.output, done.output
    assert "course.toml" in done.output or "checks/" in done.output


def test_a_missing_pack_is_a_usage_error(tmp_path):
    done = grade("--course", str(tmp_path / "nowhere"), "list")
    assert done.exit_code == 2 and "course.toml" in done.output


def test_checks_modules_load_by_file_path_never_from_the_current_folder(pack, tmp_path, monkeypatch):
    """A file ``sales1.py`` (or ``checks``) in the current folder is not what the grader loads."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "sales1.py").write_text("raise SystemExit('the current folder was imported')\n")
    (tmp_path / "sales1.py").write_text("raise SystemExit('the current folder was imported')\n")
    course = packs.load(pack)
    module = course.checks_module("sales1")
    assert Path(module.__file__) == pack / "checks" / "sales1.py"
    assert module.__name__.startswith("grader_pack_") and module.__name__ not in ("sales1", "checks.sales1")


# ---------------------------------------------------------------- official grading


def make_class(folder: Path) -> Path:
    for learner, text in {"alice": SOLUTION, "bob": WRONG_MEAN, "carol": STUB}.items():
        (folder / learner).mkdir(parents=True)
        (folder / learner / "sales1.py").write_text(text, encoding="utf-8")
    return folder


def test_batch_grades_a_class_by_a_pack(pack, tmp_path):
    submissions = make_class(tmp_path / "class")
    out = tmp_path / "out"
    done = grade("--course", str(pack), "batch", str(submissions), "--out", str(out), "--workers", "1")
    assert done.exit_code in (0, 1), done.output
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row[0]: row for row in csv.reader(handle)}
    scores = {learner: json.loads((out / "learners" / learner / "report.json").read_text())
              for learner in ("alice", "bob", "carol")}
    totals = {k: sum(r["score"] for r in v["reports"]) if "reports" in v else v.get("score") for k, v in scores.items()}
    assert totals == {"alice": 3, "bob": 1, "carol": 0}, totals
    assert {"alice", "bob", "carol"} <= set(rows)


def test_batch_refuses_a_pack_inside_the_submissions(tmp_path):
    submissions = make_class(tmp_path / "class")
    inside = write_pack(submissions / "alice" / "my-own-pack")
    done = grade("--course", str(inside), "batch", str(submissions), "--out", str(tmp_path / "out"))
    assert done.exit_code == 2 and "inside the submissions" in done.output
    assert not (tmp_path / "out").exists()


def test_release_of_a_pack_carries_its_stubs_data_and_answers_only(pack, tmp_path):
    out = tmp_path / "release"
    done = grade("--course", str(pack), "release", str(out))
    assert done.exit_code == 0, done.output
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {"exercises/sales1.py", "exercises/sales.csv", "grader_course/course.toml", "grader_course/checks/sales1.py",
            "grader_course/stubs/sales1.py", "grader_course/data/sales.csv",
            "grader_course/expected/sales1.json"} <= files
    assert not [f for f in files if "solutions" in f or f.endswith("known_wrong/sales1.py") or "heldout" in f], files
    assert not [f for f in files if f.startswith("grader_course/checks/exercise")]  # not the built-in course
    for path in (out / p for p in files if p.endswith(".py")):
        assert "return 2.0 * x" not in path.read_text(encoding="utf-8"), path  # no solution code
        assert "first_row_only" not in path.read_text(encoding="utf-8"), path

    # There, with no option, the grader grades by the pack it carries: public checks run, hidden ones wait.
    env = {k: v for k, v in os.environ.items() if k not in ("GRADER_SOLUTIONS", "GRADER_COURSE")}
    env["PYTHONPATH"] = str(out)
    listed = subprocess.run([sys.executable, "-m", "grader", "list", "--lang", "en"], cwd=out, env=env,
                            capture_output=True, text=True, timeout=120)
    assert listed.stdout.split()[:1] == ["sales1"], listed.stderr[-2000:]
    solution = learner_file(tmp_path, SOLUTION)
    graded = subprocess.run([sys.executable, "-m", "grader", "sales1", "--file", str(solution), "--format", "json",
                             "--lang", "en"], cwd=out, env=env, capture_output=True, text=True, timeout=300)
    report = json.loads(graded.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["mean_of_the_csv"]["status"] == "passed", graded.stderr[-2000:]
    assert checks["scaled_drawn"]["status"] == "skipped"
    assert "checked at official grading" in checks["scaled_drawn"]["message"]


def test_gradescope_bundle_of_a_pack_grades_a_submission(pack, tmp_path):
    from test_ci_examples import _autograder_root, _run_autograder

    bundle = tmp_path / "autograder.zip"
    done = grade("--course", str(pack), "gradescope-bundle", str(bundle), "--exercises", "sales1", "--seed", "7",
                 "--lang", "en")
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        config = archive.read("autograder.env").decode()
    assert {"grader_course/course.toml", "grader_course/checks/sales1.py", "grader_course/solutions/sales1.py",
            "grader_course/solutions/known_wrong/sales1.py", "grader_course/data/heldout.csv",
            "grader/__init__.py"} <= names
    assert not [n for n in names if n.startswith(("solutions/", "grader_course/checks/exercise"))]
    assert "GRADER_EXERCISES:=sales1" in config and "Sales" in config

    root = _autograder_root(bundle, tmp_path)
    (root / "submission").mkdir()
    (root / "submission" / "sales1.py").write_text(WRONG_MEAN, encoding="utf-8")
    ran = _run_autograder(root)
    assert ran.returncode == 0, ran.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 1 and sum(t["max_score"] for t in results["tests"]) == 3, results


# ---------------------------------------------------------------- what learner code sees of a pack

PROBE = '''
import csv

SECRETS = {secrets!r}


def mean_sales():
    leaked = []
    for path in SECRETS:
        try:
            with open(path, encoding="utf-8") as handle:
                handle.read()
            leaked.append(path)
        except OSError:
            pass
    if leaked:
        raise RuntimeError("LEAKED " + ", ".join(leaked))
    with open("sales.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sum(float(row["sales"]) for row in rows) / len(rows)


def scaled(x):
    return 2.0 * x
'''


def test_learner_code_cannot_read_a_packs_solutions_variants_checks_or_judged_data(pack, tmp_path):
    secrets = [str(pack / "solutions" / "sales1.py"), str(pack / "solutions" / "known_wrong" / "sales1.py"),
               str(pack / "checks" / "sales1.py"), str(pack / "data" / "heldout.csv"), str(pack / "course.toml")]
    probe = PROBE.format(secrets=secrets)
    namespace: dict = {}
    exec(compile(probe, "probe", "exec"), namespace)  # outside the sandbox the probe does read them
    with pytest.raises(RuntimeError, match="LEAKED"):
        namespace["mean_sales"]()
    done = grade("--course", str(pack), "sales1", "--file", str(learner_file(tmp_path, probe)), "--format", "json",
                 "--lang", "en")
    report = json.loads(done.output)
    checks = {c["name"]: c for c in report["checks"]}
    assert "LEAKED" not in done.output, done.output
    assert checks["mean_of_the_csv"]["status"] == "passed", checks  # its public data is beside the learner's file
    assert report["score"] == 3


def test_a_submission_that_links_to_a_packs_solution_is_refused(pack, tmp_path):
    link = tmp_path / "learner" / "sales1.py"
    link.parent.mkdir(parents=True)
    os.link(pack / "solutions" / "sales1.py", link)
    done = grade("--course", str(pack), "sales1", "--file", str(link), "--lang", "en")
    assert done.exit_code == 2 and "reference solutions" in done.output


def test_the_pack_factorys_variants_are_known_wrong_variants():
    namespace: dict = {}
    exec(compile(KNOWN_WRONG, "known_wrong", "exec"), namespace)
    assert all(isinstance(v, KnownWrong) for v in namespace["VARIANTS"]) and len(namespace["VARIANTS"]) == 3


def test_jupyter_check_grades_by_a_pack(pack, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    shutil.copy(pack / "data" / "sales.csv", tmp_path / "sales.csv")  # where the learner's notebook runs
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(SOLUTION),
                  nbformat.v4.new_code_cell(f'import grader\ngrader.check("sales1", lang="en", course={str(pack)!r})')]
    NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [o for o in book.cells[-1].outputs if o.get("output_type") == "execute_result"]
    assert shown and "Score 3/3 (100%)" in shown[0]["data"]["text/html"], book.cells[-1].outputs
