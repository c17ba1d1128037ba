"""Dask workers over a batch's life and beyond (real `dask scheduler` and `dask worker` programs): a
long-lived worker keeps its fork server warm from one batch to the next and never answers a batch
with the reference answers of another course or seed; a worker lost for good mid-batch leaves its
learners to the others."""

from __future__ import annotations

import subprocess
import time

from click.testing import CliRunner

from class_factory import make_class
from dask_processes import BIN, client_command, cluster, stored, worker_env
from pack_factory import SOLUTION, STUB, write_pack
from grader.cli import main
from process_tree import children, fork_server_of

CLIENT_SECONDS = 600


def pack_class(folder):
    for learner, text in {"alice": SOLUTION, "bob": SOLUTION + "\n\ndef scaled(x):\n    return x + 2.0\n",
                          "carol": STUB}.items():
        (folder / learner).mkdir(parents=True)
        (folder / learner / "sales1.py").write_text(text, encoding="utf-8")
    return folder


def command(pack, folder, out, seed, *extra):
    return [str(BIN / "grade"), "--course", str(pack), "batch", str(folder), "--out", str(out), "--lang", "en",
            "--seed", seed, *extra]


def test_one_worker_grades_two_courses_and_two_seeds_in_turn_as_local_runs_with_one_fork_server(tmp_path):
    """Two packs with an exercise of the same name (sales1) but other sales data, and the first again
    with another seed, one after the other on one worker: each gradebook is its local run's (a
    reference answer kept from the other course would fail its check), and the worker's fork server
    is the same process throughout (TensorFlow not imported again for the next batch)."""
    first = write_pack(tmp_path / "year1" / "sales-pack")
    second = write_pack(tmp_path / "year2" / "sales-pack")
    (second / "data" / "sales.csv").write_text("day,sales\n1,40\n2,60\n", encoding="utf-8")
    folder = pack_class(tmp_path / "class")
    runs = [(first, "5"), (second, "5"), (first, "6")]
    want = []
    for i, (pack, seed) in enumerate(runs):
        local = CliRunner().invoke(main, ["--course", str(pack), "batch", str(folder), "--out",
                                          str(tmp_path / f"local{i}"), "--lang", "en", "--seed", seed, "--workers", "1"],
                                   catch_exceptions=False)
        assert local.exit_code == 0, local.output
        want.append((tmp_path / f"local{i}" / "gradebook.csv").read_bytes())
    servers = []
    with cluster(tmp_path) as dask:
        worker = dask.worker(name="long-lived")
        for i, (pack, seed) in enumerate(runs):
            out = tmp_path / f"cluster{i}"
            done = subprocess.run(command(pack, folder, out, seed, "--scheduler", dask.address), env=worker_env(),
                                  capture_output=True, text=True, timeout=CLIENT_SECONDS)
            assert done.returncode == 0, done.stderr
            assert (out / "gradebook.csv").read_bytes() == want[i], i
            servers.append({fork_server_of(p) for p in children(worker.pid)} - {None})
    assert len(servers[0]) == 1 and servers[0] == servers[1] == servers[2], servers


def test_a_worker_lost_for_good_mid_batch_leaves_every_learner_graded_by_the_other(tmp_path):
    """Two workers; once a few learners are stored, one is SIGKILLed with its nanny (its machine gone):
    the batch ends with exit 0 and the gradebook of a local run, byte for byte, every learner in it."""
    folder = tmp_path / "class"
    make_class(folder, 16, ["exercise1", "exercise3"], seed=5, kinds=("correct", "partial", "stub", "crash"))
    local = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "local"), "--exercises",
                                      "exercise1,exercise3", "--lang", "en", "--seed", "5", "--workers", "1"],
                               catch_exceptions=False)
    assert local.exit_code == 0, local.output
    want = (tmp_path / "local" / "gradebook.csv").read_bytes()
    out = tmp_path / "out"
    with cluster(tmp_path) as dask:
        doomed = dask.worker(name="doomed")
        dask.worker(name="survivor")
        client = subprocess.Popen(client_command(folder, out, dask.address, ["exercise1", "exercise3"], "5"),
                                  env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + CLIENT_SECONDS
            while stored(out) < 3:
                assert client.poll() is None and time.monotonic() < deadline, client.communicate()
                time.sleep(0.05)
            dask.kill(doomed)
            killed_at = stored(out)
            _, err = client.communicate(timeout=CLIENT_SECONDS)
        finally:
            if client.poll() is None:
                client.kill()
    assert killed_at < 16 and client.returncode == 0, err
    assert stored(out) == 16 and (out / "gradebook.csv").read_bytes() == want
