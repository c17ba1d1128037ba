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
