"""``grade batch --scheduler``: a class graded on a dask.distributed LocalCluster of two worker
processes gives the gradebook of a local run; the workers get the learners' file bytes, not the folder."""

import shutil

from dask.distributed import LocalCluster

from class_factory import make_class
from test_batch import EXERCISES, batch

KINDS = ("correct", "partial", "stub", "syntax", "crash", "missing")


def test_a_local_cluster_gives_the_gradebook_of_a_local_run(tmp_path):
    folder = tmp_path / "class"
    make_class(folder, 4, EXERCISES, seed=3, kinds=KINDS)
    local = tmp_path / "local"
    assert batch(folder, local, "--workers", "1").exit_code == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        result = batch(folder, out, "--scheduler", cluster.scheduler_address)
        assert result.exit_code == 0, result.output
        assert "cluster tcp://" in result.output and "graded 4" in result.output
        assert (out / "gradebook.csv").read_bytes() == (local / "gradebook.csv").read_bytes()
        assert sorted(p.name for p in (out / "learners").iterdir()) == sorted(p.name for p in folder.iterdir())
        # stored results name the instructor's files, not a worker's copy
        assert str(folder) in (out / "learners" / "learner01" / "result.json").read_text(encoding="utf-8")
        again = batch(folder, out, "--scheduler", cluster.scheduler_address, "--resume")
        assert again.exit_code == 0 and "graded 0, resumed 4" in again.output


def test_without_dask_the_scheduler_option_says_what_to_install(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    monkeypatch.delitem(sys.modules, "grader.batch.dask_backend", raising=False)
    monkeypatch.delattr("grader.batch.dask_backend", raising=False)
    folder = tmp_path / "class"
    make_class(folder, 1, EXERCISES, kinds=("correct",))
    result = batch(folder, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 1
    assert "pip install 'tf-course-grader[dask]'" in result.output


def _client_command(folder, out, address):
    import sys

    from test_batch import SEED

    return [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--exercises",
            ",".join(EXERCISES), "--lang", "en", "--seed", SEED, "--scheduler", address]


def _wait_for_results(out, count, process, seconds=180):
    import time

    deadline = time.monotonic() + seconds
    while len(list(out.glob("learners/*/result.json"))) < count and time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.02)


def _tasks_left(cluster) -> int:
    from dask.distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        return client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))


def test_on_a_cluster_a_killed_client_resumed_gives_the_gradebook_of_one_run(tmp_path):
    """SIGKILL the client mid-way (the cluster keeps running); a --resume on the cluster then gives
    the gradebook of an uninterrupted local run, byte for byte."""
    import os
    import signal
    import subprocess

    from conftest import REPO

    folder = tmp_path / "class"
    make_class(folder, 5, EXERCISES, seed=7, kinds=KINDS)
    local = tmp_path / "local"
    assert batch(folder, local, "--workers", "1").exit_code == 0
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        command = _client_command(folder, out, cluster.scheduler_address)
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        _wait_for_results(out, 2, process)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        stored = len(list(out.glob("learners/*/result.json")))
        assert 2 <= stored < 5 and not (out / "gradebook.csv").exists()
        resumed = subprocess.run(command + ["--resume"], cwd=REPO, env=env, capture_output=True, text=True,
                                 timeout=300)
        assert resumed.returncode == 0, resumed.stderr
        assert f"resumed {stored}" in resumed.stderr
    assert (out / "gradebook.csv").read_bytes() == (local / "gradebook.csv").read_bytes()


def test_ctrl_c_on_a_cluster_cancels_its_tasks_and_keeps_what_finished(tmp_path):
    import os
    import signal
    import subprocess
    import time

    from conftest import REPO, ctrl_c_reaches_me

    folder = tmp_path / "class"
    make_class(folder, 6, EXERCISES, seed=8, kinds=("correct",))
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        process = subprocess.Popen(_client_command(folder, out, cluster.scheduler_address), cwd=REPO, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True, preexec_fn=ctrl_c_reaches_me)
        _wait_for_results(out, 1, process)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the instructor's terminal
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert "interrupted" in stdout + stderr
        stored = len(list(out.glob("learners/*/result.json")))
        assert 1 <= stored < 6
        deadline = time.monotonic() + 30
        while _tasks_left(cluster) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _tasks_left(cluster) == 0  # nothing left running for the interrupted batch
    assert len(list(out.glob("learners/*/result.json"))) == stored  # only the client writes results


def _grading_tasks(cluster) -> dict[str, int]:
    """How many of the batch's tasks the scheduler holds, by state (``memory``: a result kept)."""
    from dask.distributed import Client

    def states(dask_scheduler):
        counts = {}
        for key, task in dask_scheduler.tasks.items():
            if str(key).startswith("grade-"):
                counts[task.state] = counts.get(task.state, 0) + 1
        return counts

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        return client.run_on_scheduler(states)


def test_the_cluster_lets_go_of_each_learner_once_its_result_is_stored(tmp_path):
    """The client releases each learner's task once its result is stored: while the last learner is
    still being graded, the scheduler holds that one task, not the finished learners' results too
    (before: every result, on the worker and in the client, until the batch ended).  Ctrl-C then
    still cancels the one left."""
    import os
    import signal
    import subprocess
    import time

    from conftest import REPO, ctrl_c_reaches_me

    folder = tmp_path / "class"
    make_class(folder, 5, EXERCISES, seed=8, kinds=("correct",))
    slow = folder / "learner05" / "exercise1.py"  # the last submitted: graded after the others on one worker
    slow.write_text("import time\ntime.sleep(90)\n" + slow.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        process = subprocess.Popen(_client_command(folder, out, cluster.scheduler_address) + ["--timeout", "150"],
                                   cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True, preexec_fn=ctrl_c_reaches_me)
        _wait_for_results(out, 4, process)
        assert len(list(out.glob("learners/*/result.json"))) == 4 and process.poll() is None
        deadline, held = time.monotonic() + 60, _grading_tasks(cluster)
        while held != {"processing": 1} and time.monotonic() < deadline:  # the releases are messages: let them land
            time.sleep(0.2)
            held = _grading_tasks(cluster)
        assert held == {"processing": 1}, held  # learner05's task alone; no finished learner's result
        assert not (out / "learners" / "learner05" / "result.json").exists() and process.poll() is None
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        deadline = time.monotonic() + 30
        while _tasks_left(cluster) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _tasks_left(cluster) == 0
    assert len(list(out.glob("learners/*/result.json"))) == 4
