"""``grade batch --scheduler`` against a real cluster: `dask scheduler` and `dask worker` started as
separate programs on 127.0.0.1 (tests/dask_processes.py), clients run as the installed `grade`
command.  Every process is killed when its test ends; every wait is bounded."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

from click.testing import CliRunner

from class_factory import make_class
from conftest import REPO
from dask_processes import client_command, cluster, result_of, scratch_left, stored, worker_env
from grader.cli import main

SEED = "5"
REPO_SOLUTIONS = REPO / "solutions"
CLIENT_SECONDS = 600


def local_batch(folder, out, exercises):
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--exercises", ",".join(exercises),
                                       "--lang", "en", "--seed", SEED, "--workers", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (out / "gradebook.csv").read_bytes()


def run_client(folder, out, address, exercises, *extra, seconds=CLIENT_SECONDS):
    return subprocess.run(client_command(folder, out, address, exercises, SEED, *extra), env=worker_env(),
                          capture_output=True, text=True, timeout=seconds)


def test_two_batches_on_one_scheduler_at_once_each_grade_with_their_own_settings(tmp_path):
    """A second batch (other exercises) starts while the first is running on the same workers: each
    gradebook is its local run's, byte for byte."""
    first, second = tmp_path / "first", tmp_path / "second"
    make_class(first, 30, ["exercise1", "exercise3"], seed=3, kinds=("correct", "partial", "stub"))
    make_class(second, 3, ["exercise2"], seed=4, kinds=("correct", "partial"))
    want_first = local_batch(first, tmp_path / "local-first", ["exercise1", "exercise3"])
    want_second = local_batch(second, tmp_path / "local-second", ["exercise2"])
    out_first, out_second = tmp_path / "out-first", tmp_path / "out-second"
    with cluster(tmp_path) as dask:
        dask.worker()
        running = subprocess.Popen(client_command(first, out_first, dask.address, ["exercise1", "exercise3"], SEED),
                                   env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + CLIENT_SECONDS
            while stored(out_first) < 1:  # the first batch is grading on the worker
                assert running.poll() is None and time.monotonic() < deadline, running.communicate()
                time.sleep(0.05)
            overlapped = running.poll() is None and stored(out_first) < 30  # the second starts mid-way
            other = run_client(second, out_second, dask.address, ["exercise2"])
            _, err = running.communicate(timeout=CLIENT_SECONDS)
        finally:
            if running.poll() is None:
                running.kill()
        assert overlapped, err
    assert other.returncode == 0, other.stderr
    assert running.returncode == 0, err
    assert (out_second / "gradebook.csv").read_bytes() == want_second
    assert (out_first / "gradebook.csv").read_bytes() == want_first
    for learner in ("learner01", "learner30"):
        assert [r["exercise"] for r in result_of(out_first, learner)["reports"]] == ["exercise1", "exercise3"]


def test_a_worker_with_other_reference_solutions_is_refused_before_grading(tmp_path):
    """A worker whose exercise 3 reference differs (its own GRADER_SOLUTIONS) grades nothing: the batch
    ends within seconds with a clear error naming what differs, stores no result, and a later run
    on a right worker grades everyone as a local run does."""
    folder = tmp_path / "class"
    make_class(folder, 3, ["exercise1", "exercise3"], seed=3, kinds=("correct",))
    want = local_batch(folder, tmp_path / "local", ["exercise1", "exercise3"])
    other = tmp_path / "other-solutions"
    shutil.copytree(REPO_SOLUTIONS, other, ignore=shutil.ignore_patterns("__pycache__"))
    reference = other / "exercise3.py"
    reference.write_text(reference.read_text() + "\n\ndef softmax(z):\n    import numpy as np\n"
                         "    e = np.exp(np.asarray(z, dtype=float))\n    return e / e.sum(axis=-1, keepdims=True)\n")
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        wrong = dask.worker(env=worker_env(GRADER_SOLUTIONS=str(other)))
        started = time.monotonic()
        refused = run_client(folder, out, dask.address, ["exercise1", "exercise3"], seconds=300)
        took = time.monotonic() - started
        assert refused.returncode == 2, refused.stderr
        assert "another course" in refused.stderr and "reference solutions" in refused.stderr
        assert "Traceback" not in refused.stderr and "nothing was graded" in refused.stderr
        assert stored(out) == 0 and took < 60
        dask.kill(wrong)
        dask.worker()  # the right course
        again = run_client(folder, out, dask.address, ["exercise1", "exercise3"], "--resume")
        assert again.returncode == 0, again.stderr
    assert (out / "gradebook.csv").read_bytes() == want


def _home_of(pid: int) -> str | None:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    return next((v[5:].decode() for v in environ if v.startswith(b"HOME=")), None)


def test_a_worker_killed_mid_learner_leaves_no_scratch_folder_behind(tmp_path):
    """SIGKILL a worker process while it grades (its nanny starts a new one): the batch ends with the
    local gradebook, and the temporary directory keeps no grader folder of the dead worker."""
    from process_tree import children, fork_server_of

    folder = tmp_path / "class"
    make_class(folder, 3, ["exercise12"], seed=2, kinds=("correct",))
    want = local_batch(folder, tmp_path / "local", ["exercise12"])
    temporary = tmp_path / "worker-tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        nanny = dask.worker(env=worker_env(TMPDIR=str(temporary)))
        client = subprocess.Popen(client_command(folder, out, dask.address, ["exercise12"], SEED), env=worker_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + CLIENT_SECONDS
            while True:  # a learner is being graded: the worker's fork server has workers of its own
                workers = [c for c in children(nanny.pid) if fork_server_of(c) is not None]
                if stored(out) >= 1 and workers and children(fork_server_of(workers[0]) or 0):
                    break
                assert client.poll() is None and time.monotonic() < deadline, client.communicate()
                time.sleep(0.05)
            os.kill(workers[0], signal.SIGKILL)
            _, err = client.communicate(timeout=CLIENT_SECONDS)
        finally:
            if client.poll() is None:
                client.kill()
        assert client.returncode == 0, err
        alive = [c for c in children(nanny.pid) if c != workers[0]]
        left = scratch_left(temporary)
        # only the running worker's own folder, holding no grading's folder
        assert len(left) == 1 and left[0].startswith(f"grader-dask-worker-"), left
        assert int(left[0].split("-")[3]) in alive, (left, alive)
        inside = scratch_left(temporary / left[0])
        # the HOME folder of the live worker's fork server (it keeps one for the next batch), no other
        homes = {_home_of(server) for worker in alive for server in [fork_server_of(worker)] if server}
        assert [name for name in inside if str(temporary / left[0] / name) not in homes] == [], inside
    assert (out / "gradebook.csv").read_bytes() == want


def test_a_worker_without_the_grader_is_a_clear_error_within_seconds(tmp_path):
    """One good worker and one on a machine without the grader: the batch ends at once with exit 2
    and one line naming the worker that cannot grade and why; no traceback, no wait, nothing graded."""
    from dask_processes import python_without_the_grader

    folder = tmp_path / "class"
    make_class(folder, 3, ["exercise1"], seed=3, kinds=("correct",))
    bare = python_without_the_grader(tmp_path / "bare")
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        dask.worker(name="good")
        dask.worker(python=bare, name="bare")
        started = time.monotonic()
        done = run_client(folder, out, dask.address, ["exercise1"], seconds=120)
        took = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "cannot import the grader" in done.stderr and "No module named 'grader'" in done.stderr
    assert "1 of the cluster's workers" in done.stderr and "Traceback" not in done.stderr
    assert took < 30 and stored(out) == 0


def readme_dask_lines() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = next(b for b in re.findall(r"```text\n(.*?)```", text, re.S) if "dask scheduler" in b)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_readme_worker_set_up_runs_as_written_on_loopback_and_gives_the_local_gradebook(tmp_path):
    """The README's three lines, as written (another free port, so parallel runs do not collide; the
    class and output folders of this test): a scheduler on loopback only, two workers, the batch."""
    from dask_processes import free_port, listening

    scheduler, workers, client = readme_dask_lines()
    assert scheduler.startswith(".venv/bin/dask scheduler") and workers.startswith(".venv/bin/dask worker")
    folder = tmp_path / "class"
    make_class(folder, 6, ["exercise1", "exercise3"], seed=9, kinds=("correct", "partial", "stub", "syntax"))
    want = local_batch(folder, tmp_path / "local", ["exercise1", "exercise3"])
    port = str(free_port())
    out = tmp_path / "graded"

    def as_written(line: str) -> list[str]:
        words = shlex.split(line.replace("8786", port))
        return [str(folder) if w == "submissions/" else str(out) if w == "graded/" else w for w in words]

    with cluster(tmp_path, scheduler=as_written(scheduler), port=int(port), cwd=REPO) as dask:
        assert listening(int(port)) and set(listening(int(port))) <= {"0100007F", "00000000000000000000000001000000"}
        dask.start(as_written(workers), worker_env(), "workers", cwd=REPO)
        deadline = time.monotonic() + 120
        while len(dask.workers()) < 2:
            assert time.monotonic() < deadline, dask.log("workers")
            time.sleep(0.3)
        command = as_written(client) + ["--exercises", "exercise1,exercise3", "--lang", "en", "--seed", SEED]
        done = subprocess.run(command, cwd=REPO, env=worker_env(), capture_output=True, text=True,
                              timeout=CLIENT_SECONDS)
    assert done.returncode == 0, done.stderr
    assert (out / "gradebook.csv").read_bytes() == want


def test_a_worker_with_another_course_joining_mid_batch_ends_it_and_says_what_is_stored(tmp_path):
    """A worker with other reference solutions joins while a batch runs: the batch ends (exit 2) naming
    it; what the right worker graded before is stored, and the message says how many."""
    folder = tmp_path / "class"
    make_class(folder, 30, ["exercise1", "exercise3"], seed=3, kinds=("correct",))
    other = tmp_path / "other-solutions"
    shutil.copytree(REPO_SOLUTIONS, other, ignore=shutil.ignore_patterns("__pycache__"))
    (other / "exercise3.py").write_text((other / "exercise3.py").read_text() + "\n# another course\n")
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        dask.worker(name="right")
        running = subprocess.Popen(client_command(folder, out, dask.address, ["exercise1", "exercise3"], SEED),
                                   env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + CLIENT_SECONDS
            while stored(out) < 1:
                assert running.poll() is None and time.monotonic() < deadline, running.communicate()
                time.sleep(0.05)
            dask.worker(env=worker_env(GRADER_SOLUTIONS=str(other)), name="other")
            _, err = running.communicate(timeout=120)
        finally:
            if running.poll() is None:
                running.kill()
    assert running.returncode == 2, err
    assert "grades with another course" in err and "Traceback" not in err
    kept = stored(out)
    assert 1 <= kept < 30 and f"the {kept} learner(s) graded before it are stored: run again with --resume" in err


def test_a_scheduler_without_workers_is_a_clear_error_not_a_wait(tmp_path, monkeypatch):
    """No worker ever joins: the batch says so after a bounded wait (60 s; 2 s here) instead of
    waiting at [0/N] for ever."""
    from grader.batch import dask_backend

    monkeypatch.setattr(dask_backend, "WORKER_WAIT_S", 2.0)
    folder = tmp_path / "class"
    make_class(folder, 2, ["exercise1"], kinds=("correct",))
    with cluster(tmp_path) as dask:
        started = time.monotonic()
        result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "out"), "--exercises",
                                           "exercise1", "--seed", SEED, "--scheduler", dask.address])
        took = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "has no worker (waited 2 s)" in result.output and took < 30
