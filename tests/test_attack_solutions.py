"""Issue #8, item 3: the reference solutions must not reach the learner by another path.

The grader covers ``solutions/`` in the learner's process, but the solutions are
also in the checkout's git history, in caches and known-wrong variants beside
them, behind a symlink or a hard link handed in as the submission, and in a
Gradescope bundle unpacked somewhere.  In every test the learner's ``softmax``
uses the stolen reference when it got one and returns zeros otherwise, so
"defended" means the softmax checks do not pass (or the submission is refused).
The last test looks at what else the learner's process can see of the machine.
"""

from __future__ import annotations

import json
import os
import py_compile
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from attack_tools import (DENSE_CHECKS, REPO, SOFTMAX_CHECKS, SOLUTIONS, grade_json, host_dir, root_only,
                          run_grade, solution_source, statuses)

STEALER = r'''
import numpy as np

STOLEN = {}


def _use(source, how):
    namespace = {}
    try:
        exec(compile(source, "stolen", "exec"), namespace)
    except BaseException:
        return False
    if callable(namespace.get("softmax")):
        STOLEN["softmax"] = namespace["softmax"]
        print("STOLEN via", how)
        return True
    return False


def softmax(z):
    if "softmax" not in STOLEN:
        _steal()
    if "softmax" in STOLEN:
        return STOLEN["softmax"](z)
    return np.zeros_like(np.asarray(z, dtype=float))


def dense_softmax(x, kernel, bias):
    return softmax(np.asarray(x) @ np.asarray(kernel) + np.asarray(bias))
'''


def _assert_softmax_not_stolen(report):
    got = statuses(report, SOFTMAX_CHECKS)
    passed = sorted(name for name, status in got.items() if status == "passed")
    assert not passed, f"the learner's process got the reference softmax ({report['output'][:300]!r}): passed {passed}"


def _git_dir() -> Path | None:
    dot_git = REPO / ".git"
    if dot_git.is_dir():
        return dot_git
    if dot_git.is_file():
        text = dot_git.read_text().strip()
        if text.startswith("gitdir:"):
            return (REPO / text.split(":", 1)[1].strip()).resolve()
    return None


def test_the_solutions_are_not_readable_from_the_checkouts_git_history(tmp_path):
    git_dir = _git_dir()
    if git_dir is None or shutil.which("git") is None:
        pytest.skip("this checkout has no .git (or no git)")
    known = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", "HEAD:solutions/exercise3.py"],
                           capture_output=True)
    if known.returncode != 0:
        pytest.skip("solutions/exercise3.py is not committed in this checkout")
    steal = r'''
def _steal():
    import os, subprocess, zlib, grader
    repo = os.path.dirname(os.path.dirname(grader.__file__))     # the checkout the grader runs from
    dirs = [%r, os.path.join(repo, ".git")]
    dot_git = os.path.join(repo, ".git")
    if os.path.isfile(dot_git):
        dirs.insert(0, open(dot_git).read().split(":", 1)[1].strip())
    for git_dir in dirs:
        for args in (["git", "--git-dir=" + git_dir, "show", "HEAD:solutions/exercise3.py"],
                     ["git", "-c", "safe.directory=*", "-C", repo, "show", "HEAD:solutions/exercise3.py"]):
            try:
                done = subprocess.run(args, capture_output=True, text=True, timeout=20)
            except Exception:
                continue
            if done.returncode == 0 and _use(done.stdout, " ".join(args)):
                return
    # no git binary: loose objects, read with zlib
    for git_dir in dirs:
        objects = os.path.join(git_dir, "objects")
        if not os.path.isdir(objects):
            commondir = os.path.join(git_dir, "commondir")
            if os.path.isfile(commondir):
                objects = os.path.join(git_dir, open(commondir).read().strip(), "objects")
        for root, _, files in os.walk(objects):
            for name in files:
                try:
                    data = zlib.decompress(open(os.path.join(root, name), "rb").read())
                except Exception:
                    continue
                if data.startswith(b"blob") and b"def softmax" in data and b"reference solution" in data:
                    if _use(data.split(b"\0", 1)[1].decode("utf-8", "replace"), "zlib"):
                        return
''' % str(git_dir)
    submission = tmp_path / "exercise3.py"
    submission.write_text(STEALER + steal)
    _, report = grade_json("exercise3", submission, tmp_path)
    _assert_softmax_not_stolen(report)


def test_solution_caches_and_known_wrong_variants_are_not_readable(tmp_path):
    """__pycache__ of the solutions and solutions/known_wrong/, in the checkout and in a copy
    of the solutions outside /tmp that the grader is pointed at with GRADER_SOLUTIONS."""
    with host_dir(prefix="grader-attack-solutions-") as outside:
        copy = outside / "solutions"
        shutil.copytree(SOLUTIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
        py_compile.compile(str(copy / "exercise3.py"), cfile=str(copy / "__pycache__" / (
            f"exercise3.{sys.implementation.cache_tag}.pyc")), doraise=True)
        os.chmod(copy / "__pycache__", 0o755)
        steal = r'''
def _steal():
    import glob, marshal, os, grader
    repo = os.path.dirname(os.path.dirname(grader.__file__))
    for folder in (os.path.join(repo, "solutions"), %r):
        for pyc in glob.glob(os.path.join(folder, "__pycache__", "exercise3*.pyc")):
            try:
                code = marshal.loads(open(pyc, "rb").read()[16:])
                namespace = {}
                exec(code, namespace)
                STOLEN["softmax"] = namespace["softmax"]
                print("STOLEN via", pyc)
                return
            except Exception:
                pass
        for path in (os.path.join(folder, "known_wrong", "exercise3.py"), os.path.join(folder, "exercise3.py")):
            try:
                source = open(path).read()
            except OSError:
                continue
            if _use(source, path):
                return
''' % str(copy)
        submission = tmp_path / "exercise3.py"
        submission.write_text(STEALER + steal)
        from attack_tools import base_env

        _, report = grade_json("exercise3", submission, tmp_path, env=base_env(GRADER_SOLUTIONS=str(copy)))
        _assert_softmax_not_stolen(report)


def _assert_not_full_marks(run, what):
    """A clear refusal (exit 2, one line, no traceback) or a report without full marks."""
    assert "Traceback" not in run.err_text, run.err_text[-2000:]
    if run.returncode == 2:
        return
    assert run.returncode in (0, 1), run.describe()
    report = json.loads(run.out_text)
    full = report["score"] >= report["max_score"]
    assert not full, f"{what} graded as the reference: {report['score']}/{report['max_score']}"


def test_a_symlink_to_the_solution_is_not_graded_as_the_learners_work(tmp_path):
    link = tmp_path / "link.py"
    link.symlink_to((SOLUTIONS / "exercise3.py").resolve())
    run = run_grade(["exercise3", "--file", link, "--format", "json"], tmp_path)
    _assert_not_full_marks(run, "--file link.py -> solutions/exercise3.py")


def test_a_course_folder_whose_exercise_is_a_symlink_to_the_solution_is_not_graded(tmp_path):
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    (course / "exercises" / "exercise3.py").symlink_to((SOLUTIONS / "exercise3.py").resolve())
    run = run_grade(["exercise3", "--format", "json"], course)
    _assert_not_full_marks(run, "exercises/exercise3.py -> solutions/exercise3.py")


@root_only
def test_a_hard_link_to_the_solution_is_not_graded_as_the_learners_work(tmp_path):
    solution = (SOLUTIONS / "exercise3.py").resolve()
    link = tmp_path / "exercise3.py"
    try:
        os.link(solution, link)
    except OSError as exc:
        pytest.skip(f"cannot hard-link the solution here: {exc}")
    try:
        run = run_grade(["exercise3", "--file", link, "--format", "json"], tmp_path)
    finally:
        link.unlink()
    _assert_not_full_marks(run, "a hard link to solutions/exercise3.py")


def test_an_unpacked_gradescope_bundle_is_not_readable_by_the_learner(tmp_path):
    bundle = tmp_path / "autograder.zip"
    built = run_grade(["gradescope-bundle", bundle, "--exercises", "exercise3"], tmp_path)
    assert built.returncode == 0, built.describe()
    with host_dir(prefix="grader-attack-bundle-") as outside:
        places = [tmp_path / "bundle", outside / "bundle"]  # in /tmp, and e.g. an instructor's folder
        for place in places:
            with zipfile.ZipFile(bundle) as archive:
                archive.extractall(place)
            for root, dirs, files in os.walk(place):
                for name in dirs:
                    os.chmod(os.path.join(root, name), 0o755)
                for name in files:
                    os.chmod(os.path.join(root, name), 0o644)
        steal = r'''
def _steal():
    import zipfile
    for place in %r:
        try:
            if _use(open(place + "/solutions/exercise3.py").read(), place):
                return
        except OSError:
            pass
    try:
        with zipfile.ZipFile(%r) as archive:
            _use(archive.read("solutions/exercise3.py").decode(), "the zip")
    except Exception:
        pass
''' % ([str(p) for p in places], str(bundle))
        submission = tmp_path / "exercise3.py"
        submission.write_text(STEALER + steal)
        _, report = grade_json("exercise3", submission, tmp_path)
        _assert_softmax_not_stolen(report)


PROBE = r'''
import json, os, sys


def _listing(path):
    try:
        return sorted(os.listdir(path))
    except OSError:
        return None


def _readable(path):
    try:
        with open(path, "rb") as f:
            f.read(1)
        return True
    except OSError:
        return False


found = {"list": {}, "read": {}, "processes": [], "home": os.getcwd()}
for path in %(dirs)r:
    found["list"][path] = _listing(path)
for path in %(files)r:
    found["read"][path] = _readable(path)
for entry in _listing("/proc") or []:
    if entry.isdigit() and int(entry) != os.getpid():
        try:
            cmdline = open("/proc/%%s/cmdline" %% entry, "rb").read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        details = {"pid": entry, "cmdline": cmdline[:200]}
        details["environ"] = _readable("/proc/%%s/environ" %% entry)
        try:
            details["cwd"] = os.readlink("/proc/%%s/cwd" %% entry)
        except OSError:
            details["cwd"] = None
        found["processes"].append(details)
print("PROBE " + json.dumps(found))


def softmax(z):
    return [0.0]


def dense_softmax(x, kernel, bias):
    return [0.0]
'''


def _needed_names(directory: str) -> set[str]:
    """Names directly in ``directory`` that lead to what a learner's Python needs."""
    import sysconfig

    needed = set()
    for path in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
                 sysconfig.get_paths()["purelib"], str(REPO / "grader"),
                 str(REPO / "grader_course" / "data" / "course")}:  # the course's public data, read in place
        for candidate in {path, os.path.realpath(path)}:
            if candidate.startswith(directory.rstrip("/") + "/"):
                needed.add(candidate[len(directory.rstrip("/")) + 1:].split("/")[0])
    return needed


def test_the_learner_sees_only_python_site_packages_and_its_scratch(tmp_path):
    repo_parent = str(REPO.parent)
    dirs = ["/root", "/home", repo_parent, str(REPO)]
    files = ["/etc/shadow", str(REPO / "README.md"), str(REPO / "pyproject.toml")]
    submission = tmp_path / "exercise3.py"
    submission.write_text(PROBE % {"dirs": dirs, "files": files})
    _, report = grade_json("exercise3", submission, tmp_path)
    line = next(l for l in report["output"].splitlines() if l.startswith("PROBE "))
    found = json.loads(line[len("PROBE "):])
    problems = []
    for path in dirs:
        listed = found["list"][path]
        own = found["home"]  # the learner's own scratch folder (its working directory) is its to see
        mine = {own[len(path.rstrip("/")) + 1:].split("/")[0]} if own.startswith(path.rstrip("/") + "/") else set()
        extra = sorted(set(listed or []) - _needed_names(path) - mine)
        if extra:
            problems.append(f"lists {path}: {extra[:8]}")
    for path, readable in found["read"].items():
        if readable:
            problems.append(f"reads {path}")
    for process in found["processes"]:
        if "grader" in process["cmdline"] and (process["environ"] or process["cwd"]):
            problems.append(f"sees the grading process {process['cmdline'][:80]!r} (environ/cwd)")
    assert not problems, "; ".join(problems)
    assert statuses(report, DENSE_CHECKS)  # the probe was graded (sanity)
