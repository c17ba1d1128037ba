"""A class beyond one run: the fingerprint covers the grader's code, shards into a shared --out then a
final --resume, a SIGKILLed run resumed, all giving the gradebook of one uninterrupted run."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from class_factory import make_class
from conftest import REPO
from grader.batch import grading, store
from test_batch import EXERCISES, SEED, batch

KINDS = ("correct", "partial", "stub", "syntax", "crash", "missing")


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "class"
    make_class(folder, 5, EXERCISES, seed=11, kinds=KINDS)
    return folder


@pytest.fixture(scope="module")
def whole(small_class, tmp_path_factory):
    out = tmp_path_factory.mktemp("whole")
    result = batch(small_class, out, "--workers", "2")
    assert result.exit_code == 0, result.output
    return out


def _junit_without_times(out):
    return re.sub(r' time="[^"]*"', "", (out / "junit.xml").read_text(encoding="utf-8"))


def test_the_fingerprint_changes_with_one_byte_of_the_graders_code(tmp_path):
    package = tmp_path / "grader"
    shutil.copytree(REPO / "grader", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = store.code_fingerprint(package)
    assert before == store.code_fingerprint(package)
    target = package / "framework" / "expect.py"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x01
    target.write_bytes(bytes(data))
    assert store.code_fingerprint(package) != before
    target.with_name("__pycache__").mkdir()
    (target.with_name("__pycache__") / "x.pyc").write_bytes(b"cache")  # caches are not code
    assert store.code_fingerprint(package) == store.code_fingerprint(package)


def test_shards_split_sorted_learners_round_robin():
    ids = ["b", "a", "d", "c", "e"]
    assert grading.in_shard(ids, (1, 2)) == ["a", "c", "e"]
    assert grading.in_shard(ids, (2, 2)) == ["b", "d"]
    assert sorted(grading.in_shard(ids, (1, 3)) + grading.in_shard(ids, (2, 3)) + grading.in_shard(ids, (3, 3))) \
        == sorted(ids)
    for bad in ("0/2", "3/2", "1", "a/b"):
        with pytest.raises(ValueError):
            grading.parse_shard(bad)


def test_two_shards_then_resume_give_the_gradebook_of_one_run(small_class, whole, tmp_path):
    out = tmp_path / "out"
    first = batch(small_class, out, "--shard", "1/2")
    assert first.exit_code == 0, first.output
    assert not (out / "gradebook.csv").exists()  # a shard does not render the class as if complete
    assert "shard 1/2: graded 3" in first.output
    second = batch(small_class, out, "--shard", "2/2")
    assert second.exit_code == 0, second.output
    assert "shard 2/2: graded 2" in second.output
    final = batch(small_class, out, "--resume")
    assert final.exit_code == 0, final.output
    assert "graded 0, resumed 5" in final.output
    assert (out / "gradebook.csv").read_bytes() == (whole / "gradebook.csv").read_bytes()
    assert _junit_without_times(out) == _junit_without_times(whole)


def test_resume_counts_the_stored_learners_with_errors(tmp_path):
    folder = tmp_path / "class"
    make_class(folder, 2, EXERCISES, kinds=("correct",))
    (folder / "learner02" / "exercise1.py").write_text("import os\nos._exit(3)\n")
    out = tmp_path / "out"
    assert batch(folder, out).exit_code == 0
    again = batch(folder, out, "--resume")
    assert "2 resumed, 1 with errors" in again.output, again.output


def test_a_run_killed_with_sigkill_and_resumed_gives_the_gradebook_of_one_run(small_class, whole, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "grader", "batch", str(small_class), "--out", str(out), "--exercises",
               ",".join(EXERCISES), "--workers", "1", "--lang", "en", "--seed", SEED]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("learners/*/result.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the grader and every process it forked, mid-way
    process.wait(timeout=30)
    stored = len(list(out.glob("learners/*/result.json")))
    assert 2 <= stored < 5
    assert not (out / "gradebook.csv").exists()
    resumed = subprocess.run(command + ["--resume"], cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resumed {stored}" in resumed.stderr
    assert (out / "gradebook.csv").read_bytes() == (whole / "gradebook.csv").read_bytes()
