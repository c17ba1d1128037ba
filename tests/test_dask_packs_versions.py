"""``grade batch --scheduler`` with a course pack and with a worker of another grader version, against a
real cluster: `dask scheduler` and `dask worker` started as separate programs (tests/dask_processes.py).

A pack travels as its folder's path and fingerprint: each worker reads the instructor's checkout of
it at that same path, and refuses when its copy differs.  Another machine's copy at the same path is
a worker in a mount namespace of its own (``unshare -m``) with another folder bound over the pack."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from click.testing import CliRunner

from dask_processes import BIN, REPO, cluster, stored, worker_env
from pack_factory import SOLUTION, STUB, write_pack
from grader.cli import main

SEED = "11"
CLIENT_SECONDS = 600
WRONG_MEAN = SOLUTION + "\n\ndef mean_sales():\n    return 10.0\n"
WRONG_SCALED = SOLUTION + "\n\ndef scaled(x):\n    return x + 2.0\n"


def pack_class(folder: Path) -> Path:
    learners = {"alice": SOLUTION, "bob": WRONG_MEAN, "carol": STUB, "dave": WRONG_SCALED, "erin": SOLUTION,
                "frank": "def mean_sales(:\n"}
    for learner, text in learners.items():
        (folder / learner).mkdir(parents=True)
        (folder / learner / "sales1.py").write_text(text, encoding="utf-8")
    return folder


def pack_batch(pack: Path, folder: Path, out: Path, *extra: str) -> list[str]:
    return [str(BIN / "grade"), "--course", str(pack), "batch", str(folder), "--out", str(out), "--lang", "en",
            "--seed", SEED, *extra]


def test_a_course_pack_grades_on_a_cluster_as_locally_and_a_worker_with_another_copy_is_refused(tmp_path):
    """The pack's class on two workers: the gradebook of a local run, byte for byte (its data read by
    the learner's code and by its checks on the workers).  Then a worker whose copy of the pack at
    the same path has another reference solution: refused before grading, naming the pack's folder."""
    pack = write_pack(tmp_path / "instructor" / "sales-pack")
    folder = pack_class(tmp_path / "class")
    local = CliRunner().invoke(main, ["--course", str(pack), "batch", str(folder), "--out", str(tmp_path / "local"),
                                      "--lang", "en", "--seed", SEED, "--workers", "1"], catch_exceptions=False)
    assert local.exit_code == 0, local.output
    want = (tmp_path / "local" / "gradebook.csv").read_bytes()
    assert want.count(b"\n") == 7  # a header and six learners
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        first, second = dask.worker(name="one"), dask.worker(name="two")
        done = subprocess.run(pack_batch(pack, folder, out, "--scheduler", dask.address), env=worker_env(),
                              capture_output=True, text=True, timeout=CLIENT_SECONDS)
        assert done.returncode == 0, done.stderr
        assert (out / "gradebook.csv").read_bytes() == want
        dask.kill(first)
        dask.kill(second)

        other = tmp_path / "elsewhere" / "sales-pack"  # the copy on "another machine"
        shutil.copytree(pack, other)
        (other / "solutions" / "sales1.py").write_text(SOLUTION + "\n# another year's solution\n", encoding="utf-8")
        bound = f"mount --bind {other} {pack} && exec \"$@\""
        dask.worker(name="elsewhere", prefix=["unshare", "-m", "sh", "-c", bound, "sh"])
        started = time.monotonic()
        refused = subprocess.run(pack_batch(pack, folder, tmp_path / "refused", "--scheduler", dask.address),
                                 env=worker_env(), capture_output=True, text=True, timeout=300)
        took = time.monotonic() - started
    assert refused.returncode == 2, refused.stderr
    assert "grades with another course" in refused.stderr and str(pack) in refused.stderr
    assert "nothing was graded" in refused.stderr and "Traceback" not in refused.stderr
    assert stored(tmp_path / "refused") == 0 and took < 60


def test_a_worker_without_the_pack_at_its_path_is_refused_saying_where_to_put_it(tmp_path):
    """The worker's machine has no checkout at the pack's path (here: an empty folder bound over it):
    the batch ends at once, naming the path and what to do."""
    pack = write_pack(tmp_path / "instructor" / "sales-pack")
    folder = pack_class(tmp_path / "class")
    empty = tmp_path / "empty"
    empty.mkdir()
    with cluster(tmp_path) as dask:
        dask.worker(name="bare", prefix=["unshare", "-m", "sh", "-c", f"mount --bind {empty} {pack} && exec \"$@\"",
                                         "sh"])
        refused = subprocess.run(pack_batch(pack, folder, tmp_path / "out", "--scheduler", dask.address),
                                 env=worker_env(), capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2, refused.stderr
    assert f"has no course pack at {pack}: check out the instructor's pack at this same path" in refused.stderr
    assert stored(tmp_path / "out") == 0 and "Traceback" not in refused.stderr


def other_release(folder: Path, version: str) -> Path:
    """The grader and its course as another release installs them: a copy whose ``__version__`` differs."""
    for name in ("grader", "grader_course"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    init = folder / "grader" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    assert '__version__ = "' in text
    start = text.index('__version__ = "') + len('__version__ = "')
    init.write_text(text[:start] + version + text[text.index('"', start):], encoding="utf-8")
    return folder


def test_a_worker_of_another_grader_version_is_refused_naming_both_versions(tmp_path):
    """One worker runs this grader, one another release (0.0.9): the batch ends within seconds with
    exit 2, one line naming the worker, both versions and what to install; nothing is graded.  Without
    it, the same cluster grades the class."""
    import grader

    from class_factory import make_class

    folder = tmp_path / "class"
    make_class(folder, 3, ["exercise1"], seed=3, kinds=("correct", "partial"))
    old = other_release(tmp_path / "old-release", "0.0.9")
    out = tmp_path / "out"
    command = [str(BIN / "grade"), "batch", str(folder), "--out", str(out), "--exercises", "exercise1", "--lang",
               "en", "--seed", SEED]
    with cluster(tmp_path) as dask:
        dask.worker(name="current")
        older = dask.worker(name="older", env=worker_env(PYTHONPATH=str(old), GRADER_SOLUTIONS=str(REPO / "solutions")))
        started = time.monotonic()
        refused = subprocess.run(command + ["--scheduler", dask.address], env=worker_env(), capture_output=True,
                                 text=True, timeout=300)
        took = time.monotonic() - started
        assert refused.returncode == 2, refused.stderr
        line = next(l for l in refused.stderr.splitlines() if "refused" in l)
        assert f"runs grader 0.0.9, the client grader {grader.__version__}" in line, refused.stderr
        assert f"install grader {grader.__version__} on this worker" in line and "1 of the cluster's workers" in line
        assert "nothing was graded" in line and "Traceback" not in refused.stderr
        assert stored(out) == 0 and took < 60
        dask.kill(older)
        deadline = time.monotonic() + 60
        while "older" in dask.workers():
            assert time.monotonic() < deadline
            time.sleep(0.3)
        graded = subprocess.run(command + ["--scheduler", dask.address], env=worker_env(), capture_output=True,
                                text=True, timeout=CLIENT_SECONDS)
    assert graded.returncode == 0, graded.stderr
    assert stored(out) == 3


def test_a_pack_edited_under_a_running_worker_is_refused_until_the_worker_restarts(tmp_path):
    """A worker has imported the pack's checks; the instructor then edits them: the next batch is
    refused, naming the file and saying to restart the worker (it would grade by the checks it
    imported); a restarted worker grades by the edited pack."""
    pack = write_pack(tmp_path / "instructor" / "sales-pack")
    folder = pack_class(tmp_path / "class")
    with cluster(tmp_path) as dask:
        worker = dask.worker(name="long-lived")
        first = subprocess.run(pack_batch(pack, folder, tmp_path / "first", "--scheduler", dask.address),
                               env=worker_env(), capture_output=True, text=True, timeout=CLIENT_SECONDS)
        assert first.returncode == 0, first.stderr
        checks = pack / "checks" / "sales1.py"
        checks.write_text(checks.read_text(encoding="utf-8").replace("points=2", "points=4"), encoding="utf-8")
        refused = subprocess.run(pack_batch(pack, folder, tmp_path / "second", "--scheduler", dask.address),
                                 env=worker_env(), capture_output=True, text=True, timeout=300)
        assert refused.returncode == 2, refused.stderr
        assert f"has files that changed since it started ({checks})" in refused.stderr
        assert "restart the worker" in refused.stderr and stored(tmp_path / "second") == 0
        dask.kill(worker)
        dask.worker(name="restarted")
        again = subprocess.run(pack_batch(pack, folder, tmp_path / "second", "--scheduler", dask.address),
                               env=worker_env(), capture_output=True, text=True, timeout=CLIENT_SECONDS)
    assert again.returncode == 0, again.stderr
    assert b"alice,5" in (tmp_path / "second" / "gradebook.csv").read_bytes()
