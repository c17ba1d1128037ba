"""``grade batch --scheduler ADDRESS``: the learners of a class graded on a dask.distributed cluster.

One task per learner carries that learner's file bytes (file name and contents per exercise), so the
workers need not see the class folder, and its batch's settings (:class:`~grader.batch.dask_worker.TaskSettings`:
exercises, options, what the class's files import), so batches sharing a cluster never share
settings.  The grader and the course must be installed on each worker: a task first compares the
client's fingerprints (grader code; course: checks, data, reference solutions) with the worker's
and, when they differ, grades nothing; the client then cancels the batch and says what differs.
A worker plugin (:mod:`grader.batch.dask_worker`) owns each worker's fork servers, so TensorFlow
is imported once per worker, not per learner, and every learner's code runs in the confined
processes forked from it, exactly as in a local run.  What comes back from a worker is plain data
(the stored-result format of :mod:`grader.results_io`); only the client writes into ``--out``.
Ctrl-C cancels every task not yet finished.

Imported only when ``--scheduler`` is given: dask is the optional extra ``[dask]``.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Callable

try:
    from distributed import Client, as_completed
except ImportError as exc:  # pragma: no cover - the CLI turns this into a clear message
    raise ImportError("grade batch --scheduler needs dask.distributed: pip install 'tf-course-grader[dask]'") from exc

from grader.batch import grading, store
from grader.batch.dask_worker import PLUGIN, GraderPlugin, TaskSettings, grade_remote
from grader.batch.layouts import ClassSubmissions, LearnerFiles
from grader.batch.progress import Progress
from grader.results_io import report_from_plain
from grader.runner import GradingError


def _result(learner: LearnerFiles, plain: dict, fingerprint: str) -> store.LearnerResult:
    originals = dict(learner.files)
    reports = []
    for data in plain["reports"]:
        report = report_from_plain(data)
        if report.exercise in originals:  # the path the instructor knows, not the worker's copy
            report = dataclasses.replace(report, submission=str(originals[report.exercise]))
        reports.append(report)
    complete = plain["complete"] is True and not any(r.grader_fault for r in reports)
    return store.LearnerResult(learner.learner, tuple(reports), fingerprint, complete, learner.notes)


def _stored_note(graded: int) -> str:
    if graded == 0:
        return "nothing was stored"
    return f"the {graded} learner(s) graded before it are stored: run again with --resume"


def run(classroom: ClassSubmissions, out: Path, options: grading.BatchOptions, address: str,
        progress: Progress | None = None,
        on_result: Callable[[store.LearnerResult], None] | None = None) -> grading.BatchOutcome:
    """As :func:`grader.batch.grading.run`, with the learners graded by the cluster at ``address``."""
    work = grading.plan(classroom, out, options, progress)
    settings = TaskSettings(tuple(options.exercises), tuple(work.preload), options.grade, store.code_fingerprint(),
                            store.course_fingerprint(list(options.exercises)))
    graded, interrupted, failed, refused = 0, False, [], None
    batch = uuid.uuid4().hex[:12]  # task keys of their own: another batch never shares or cancels them
    try:
        client = Client(address, set_as_default=False, timeout="20s")
    except OSError as exc:
        raise GradingError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    try:
        client.register_plugin(GraderPlugin(), name=PLUGIN)
        tasks = {}
        for learner in work.todo:
            files = tuple((exercise, path.name, path.read_bytes()) for exercise, path in learner.files)
            print_ = work.prints[learner.learner]
            task = client.submit(grade_remote, learner.learner, files, learner.notes, settings, print_,
                                 key=f"grade-{learner.learner}-{print_}-{batch}", pure=False, retries=0)
            tasks[task.key] = (task, learner)
        try:
            for task in as_completed([t for t, _ in tasks.values()], loop=client.loop):
                learner = tasks[task.key][1]
                try:
                    plain = task.result()
                except Exception as exc:  # the task, not a learner's code (that is a report): no result stored
                    failed.append(f"{learner.learner} ({type(exc).__name__}: {exc})")
                    continue
                if isinstance(plain, dict) and "refused" in plain:
                    refused = str(plain["refused"])[:600]
                    client.cancel([t for t, _ in tasks.values()], force=True)
                    break
                try:
                    result = _result(learner, plain, work.prints[learner.learner])
                except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a worker's answer, unreadable
                    failed.append(f"{learner.learner} (an answer this grader cannot read: {type(exc).__name__})")
                    continue
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
    if refused is not None:
        raise GradingError(f"refused: {refused}; {_stored_note(graded)}")
    if failed and not interrupted:
        raise GradingError("the cluster could not grade: " + "; ".join(failed[:5]) + f" ({_stored_note(graded)})")
    results = store.load_all(out, [l.learner for l in classroom.learners])
    return grading.BatchOutcome(tuple(results), graded, work.resumed, interrupted)
