"""``grade batch --scheduler ADDRESS``: the learners of a class graded on a dask.distributed cluster.

One task per learner carries that learner's file bytes (file name and contents per exercise), so the
workers need not see the class folder; the grader and the course must be installed on each worker
(the same version: the fingerprint of the result says which code graded it, and the client refuses a
result graded by other code).  A worker plugin owns the fork server of each worker thread (one
:class:`~grader.course_grading.SharedZygote` per thread, started on first need, closed with the
worker), so TensorFlow is imported once per worker, not per learner, and every learner's code runs
in the confined processes forked from it, exactly as in a local run.  What comes back from a worker
is plain data (the stored-result format of :mod:`grader.results_io`); only the client writes into
``--out``.  Ctrl-C cancels every task not yet finished.

Imported only when ``--scheduler`` is given: dask is the optional extra ``[dask]``.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Callable

try:
    from distributed import Client, WorkerPlugin, as_completed, get_worker
except ImportError as exc:  # pragma: no cover - the CLI turns this into a clear message
    raise ImportError("grade batch --scheduler needs dask.distributed: pip install 'tf-course-grader[dask]'") from exc

from grader import course, learner_files
from grader.batch import grading, store
from grader.batch.layouts import ClassSubmissions, LearnerFiles
from grader.batch.progress import Progress
from grader.results_io import report_from_plain, report_to_plain
from grader.runner import GradeOptions, GradingError

PLUGIN = "tf-course-grader"


class GraderPlugin(WorkerPlugin):
    """On each worker: the fork servers of its threads for these exercises, closed at teardown."""

    name = PLUGIN

    def __init__(self, exercises: tuple[str, ...], code: str, preload: tuple[str, ...] = ()) -> None:
        self.exercises = exercises
        self.code = code
        self.preload = preload  # what the class's files import (names of allowed modules only)
        self.servers: grading._Servers | None = None

    def setup(self, worker) -> None:
        self.servers = grading._Servers([course.load_exercise(name) for name in self.exercises], self.preload)

    def teardown(self, worker) -> None:
        if self.servers is not None:
            self.servers.close()


def grade_remote(learner: str, files: tuple[tuple[str, str, bytes], ...], notes: tuple[str, ...],
                 options: GradeOptions, fingerprint: str, code: str) -> dict:
    """On a worker: grade one learner from its files' bytes; the stored-result format, as plain data."""
    plugin = get_worker().plugins[PLUGIN]
    if code != store.code_fingerprint():
        raise RuntimeError("this worker's grader is not the client's (install the same version on every worker)")
    with tempfile.TemporaryDirectory(prefix="grader-task-") as folder:
        paths = []
        for exercise, name, data in files:
            path = Path(folder) / exercise / Path(name).name
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append((exercise, path))
        result = grading.grade_learner(LearnerFiles(learner, tuple(paths), notes), list(plugin.servers._exercises),
                                       options, plugin.servers, fingerprint)
    if result is None:
        raise RuntimeError("the worker was stopped")
    return {"complete": result.complete, "reports": [report_to_plain(r) for r in result.reports]}


def _result(learner: LearnerFiles, plain: dict, fingerprint: str) -> store.LearnerResult:
    originals = dict(learner.files)
    reports = []
    for data in plain["reports"]:
        report = report_from_plain(data)
        if report.exercise in originals:  # the path the instructor knows, not the worker's copy
            report = dataclasses.replace(report, submission=str(originals[report.exercise]))
        reports.append(report)
    return store.LearnerResult(learner.learner, tuple(reports), fingerprint, bool(plain["complete"]), learner.notes)


def run(classroom: ClassSubmissions, out: Path, options: grading.BatchOptions, address: str,
        progress: Progress | None = None,
        on_result: Callable[[store.LearnerResult], None] | None = None) -> grading.BatchOutcome:
    """As :func:`grader.batch.grading.run`, with the learners graded by the cluster at ``address``."""
    work = grading.plan(classroom, out, options, progress)
    code = store.code_fingerprint()
    graded, interrupted, failed = 0, False, []
    try:
        client = Client(address, set_as_default=False, timeout="20s")
    except OSError as exc:
        raise GradingError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    try:
        client.register_plugin(GraderPlugin(options.exercises, code, tuple(work.preload)), name=PLUGIN)
        tasks = {}
        for learner in work.todo:
            files = tuple((exercise, path.name, learner_files.read_head(path, learner_files.MAX_SUBMISSION_BYTES + 1)
                           or b"") for exercise, path in learner.files)  # an oversized one stays oversized
            task = client.submit(grade_remote, learner.learner, files, learner.notes, options.grade,
                                 work.prints[learner.learner], code, key=f"grade-{learner.learner}-{code}",
                                 pure=False, retries=0)
            tasks[task.key] = (task, learner)
        try:
            for task in as_completed([t for t, _ in tasks.values()], loop=client.loop):
                learner = tasks[task.key][1]
                try:
                    plain = task.result()
                except Exception as exc:  # the task, not a learner's code (that is a report): no result stored
                    failed.append(f"{learner.learner} ({type(exc).__name__}: {exc})")
                    continue
                result = _result(learner, plain, work.prints[learner.learner])
                store.save(out, result)
                if on_result is not None:
                    on_result(result)
                if progress is not None:
                    progress.finished(learner.learner, grading.had_errors(result))
                graded += 1
        except KeyboardInterrupt:
            interrupted = True
            client.cancel([t for t, _ in tasks.values()], force=True)
    finally:
        client.close()
        if progress is not None:
            progress.close()
    if failed and not interrupted:
        raise GradingError("the cluster could not grade: " + "; ".join(failed[:5])
                           + " (the others are stored: run again with --resume)")
    results = store.load_all(out, [l.learner for l in classroom.learners])
    return grading.BatchOutcome(tuple(results), graded, work.resumed, interrupted)
