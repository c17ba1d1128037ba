"""Issue #8, item 5: weaker isolation levels, and modules planted where ``grade`` runs.

Run by an ordinary user (the ``user-namespace`` level: here, 'nobody' through
setpriv) a learner keeps the caller's uid, so whatever the caller can write and
the learner can see, it can change: a classmate's stored result in the out
folder, or a ``json.py`` in the working directory of ``grade`` that the next
``grade`` (its fork server runs ``python -m`` from that directory) imports
outside any sandbox.  And at every level, ``GRADER_NAMESPACES=0`` included, a
learner may write only its own scratch.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from attack_tools import (REPO, SOLUTIONS, base_env, batch, chown_tree, gradebook, grade_json, host_dir,
                          nobody_python, root_only, run_grade, shared_tmp_dir, solution_source)
from test_attack_classmates import BOB, TOKEN, _files_named


def _nobody():
    found = nobody_python()
    if found is None:
        pytest.skip("cannot run the grader as an unprivileged user here (needs root, setpriv/runuser "
                    "and a Python interpreter 'nobody' may execute)")
    command, env = found
    return command, env


@root_only
def test_an_unprivileged_graders_learner_cannot_rewrite_a_classmates_stored_result():
    command, extra = _nobody()
    with shared_tmp_dir() as course:
        classroom, out = course / "class", course / "graded"
        (classroom / "alice").mkdir(parents=True)
        (classroom / "bob").mkdir(parents=True)
        (classroom / "alice" / "exercise3.py").write_text(solution_source("exercise3"))
        (classroom / "bob" / "exercise3.py").write_text(
            BOB % {"token": TOKEN, "known": [str(classroom / "alice" / "exercise3.py"), str(classroom)],
                   "out": str(out)})
        chown_tree(course, 65534)
        run = batch(classroom, out, course, "--exercises", "exercise3", "--workers", "1",
                    command=command, user="nobody", env=base_env(HOME=str(course), **extra))
        assert run.returncode in (0, 1), run.describe()
        rows = gradebook(out)
        problems = []
        try:
            stored = json.loads((out / "learners" / "alice" / "result.json").read_text())
        except ValueError as exc:
            stored = {}
            problems.append(f"alice's stored result.json is no longer readable ({exc})")
        if "alice" not in rows:
            problems.append(f"alice has no row in the gradebook any more: {sorted(rows)}")
        elif float(rows["alice"]["total"]) != 10.0:
            problems.append(f"alice's row was changed by bob: {rows['alice']}")
        if "rewrote" in json.dumps(json.loads((out / "learners" / "bob" / "report.json").read_text())):
            problems.append("bob's code rewrote alice's stored result.json")
        if any(c.get("status") == "failed" for r in stored.get("reports", []) for c in r.get("checks", [])
               if isinstance(c, dict)):
            problems.append("alice's stored result now shows failed checks")
        written = _files_named(course, TOKEN)
        if written:
            problems.append(f"files bob wrote outside his scratch: {written}")
        assert not problems, "; ".join(problems)


PLANTED = r'''
import os, sys
_here = os.path.dirname(os.path.abspath(__file__))
_name = os.path.splitext(os.path.basename(__file__))[0]
try:
    with open(os.path.join(%(markers)r, "%%s-imported-by-%%d" %% (_name, os.getpid())), "w") as _f:
        _f.write(" ".join(sys.argv))
except OSError:
    pass
# then behave like the real module, so nothing else looks wrong
del sys.modules[_name]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
import importlib as _importlib
sys.modules[_name] = _importlib.import_module(_name)
'''


def _plant(folder: Path, markers: Path, names=("json", "click", "numpy", "grader")) -> None:
    for name in names:
        (folder / f"{name}.py").write_text(PLANTED % {"markers": str(markers)})


def test_modules_planted_in_the_working_directory_are_never_imported_by_grade(tmp_path):
    cwd, markers = tmp_path / "course", tmp_path / "markers"
    cwd.mkdir()
    markers.mkdir()
    _plant(cwd, markers)
    run, report = grade_json("exercise3", SOLUTIONS / "exercise3.py", cwd)
    imported = sorted(p.name for p in markers.iterdir())
    assert not imported, f"grade imported modules from its working directory: {imported}"
    assert report["score"] == report["max_score"], run.describe()


def test_python_m_grader_never_imports_from_its_working_directory(tmp_path):
    cwd, markers = tmp_path / "course", tmp_path / "markers"
    cwd.mkdir()
    markers.mkdir()
    _plant(cwd, markers, names=("json",))  # a planted grader.py would shadow the package itself
    run, report = grade_json("exercise3", SOLUTIONS / "exercise3.py", cwd,
                             command=[sys.executable, "-m", "grader"])
    imported = sorted(p.name for p in markers.iterdir())
    assert not imported, f"python -m grader imported modules from its working directory: {imported}"
    assert report["score"] == report["max_score"], run.describe()


PLANTER = r'''
import os, sys
TARGETS = %(targets)r + [p for p in sys.path if p and "site-packages" not in p]
PLANTED = %(planted)r
WROTE = []
for folder in TARGETS:
    if os.path.realpath(folder) == os.path.realpath(os.getcwd()):
        continue  # its own scratch
    for name in ("json.py", "numpy.py", "click.py"):
        try:
            with open(os.path.join(folder, name), "x") as f:
                f.write(PLANTED)
            WROTE.append(os.path.join(folder, name))
        except OSError:
            pass
print("PLANTED", WROTE)
'''


@root_only
def test_an_unprivileged_graders_learner_cannot_plant_a_module_for_the_next_grading():
    command, extra = _nobody()
    with shared_tmp_dir() as cwd, shared_tmp_dir() as markers, shared_tmp_dir() as work:
        env = base_env(HOME=str(work), **extra)
        submission = work / "exercise3.py"
        submission.write_text(solution_source("exercise3") + PLANTER % {
            "targets": [str(cwd)], "planted": PLANTED % {"markers": str(markers)}})
        chown_tree(work, 65534)
        first = run_grade(["exercise3", "--file", submission, "--format", "json"], cwd, env=env,
                          command=command, user="nobody")
        assert first.returncode in (0, 1), first.describe()
        planted = sorted(p.name for p in cwd.iterdir())
        second = run_grade(["exercise3", "--file", SOLUTIONS / "exercise3.py", "--format", "json"], cwd,
                           env=env, command=command, user="nobody")
        imported = sorted(p.name for p in markers.iterdir())
        problems = []
        if planted:
            problems.append(f"the learner wrote into grade's working directory: {planted}")
        if imported:
            problems.append(f"the next grading imported what the learner planted (outside any sandbox): {imported}")
        assert not problems, "; ".join(problems)
        assert second.returncode == 0, second.describe()


WRITER = r'''
import os
WROTE = []
for folder in %(targets)r:
    try:
        with open(os.path.join(folder, %(name)r), "w") as f:
            f.write("written by the learner")
        WROTE.append(folder)
    except OSError:
        pass
print("WROTE", WROTE)
'''

LEVELS = {
    "root": (False, {}),
    "root-GRADER_NAMESPACES=0": (False, {"GRADER_NAMESPACES": "0"}),
    "unprivileged": (True, {}),
    "unprivileged-GRADER_NAMESPACES=0": (True, {"GRADER_NAMESPACES": "0"}),
}


@root_only
@pytest.mark.parametrize("level", list(LEVELS))
def test_at_every_level_a_learner_writes_only_its_own_scratch(tmp_path, level):
    unprivileged, env_extra = LEVELS[level]
    command, user, extra = None, None, {}
    if unprivileged:
        command, extra = _nobody()
        user = "nobody"
    owner = 65534 if unprivileged else 0
    name = "LEARNER-WROTE-THIS.txt"
    with shared_tmp_dir(owner=owner) as cwd, shared_tmp_dir(owner=owner) as folder, \
            host_dir(prefix="grader-attack-home-", mode=0o755 if unprivileged else 0o700, owner=owner) as home:
        submission = folder / "exercise3.py"
        submission.write_text(solution_source("exercise3") + WRITER % {
            "targets": [str(cwd), str(folder), str(home), str(home / ".keras")], "name": name})
        (home / ".keras").mkdir()
        chown_tree(home, owner)
        chown_tree(folder, owner)
        env = base_env(HOME=str(home), **extra, **env_extra)
        run = run_grade(["exercise3", "--file", submission, "--format", "json"], cwd, env=env,
                        command=command, user=user)
        assert run.returncode in (0, 1), run.describe()
        written = [str(p) for p in (cwd / name, folder / name, home / name, home / ".keras" / name) if p.exists()]
        level_seen = json.loads(run.out_text).get("isolation", {}).get("level")
        assert not written, f"the learner (isolation {level_seen!r}) wrote outside its scratch: {written}"


def test_the_working_directory_of_grade_changes_nothing_even_when_it_is_tmp(tmp_path):
    """The fork server puts grade's working directory on its sys.path, and so in the learner's view;
    run from /tmp (which the learner gets privately) that view swallows the learner's own scratch."""
    submission = tmp_path / "exercise3.py"
    submission.write_text(solution_source("exercise3"))
    run, report = grade_json("exercise3", submission, Path("/tmp"))
    broken = {c["name"]: (c["message"] or "")[:100] for c in report["checks"] if c["status"] != "passed"}
    assert not broken, f"the reference solution, graded from cwd /tmp: {broken}"
