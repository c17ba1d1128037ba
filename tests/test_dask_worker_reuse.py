"""A long-lived Dask worker across batches (real `dask scheduler` and `dask worker` programs): it keeps
its fork server warm from one batch to the next, and never answers a batch with the reference
answers of another course or seed."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from dask_processes import BIN, cluster, worker_env
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
