"""``grade batch --scheduler ADDRESS``: the learners of a class graded on a dask.distributed cluster.

One task per learner carries that learner's file bytes (file name and contents per exercise), so the
workers need not see the class folder, and its batch's settings (:class:`~grader.batch.dask_worker.TaskSettings`:
exercises, options, what the class's files import), so batches sharing a cluster never share
settings.  The grader and the course must be installed on each worker (a course pack: its checkout
at the path the task names, the client's): before the batch the client asks every worker (and every
one that joins) for its grader version and fingerprints (grader code; course: checks, data,
reference solutions), and a task compares them again; a worker that differs grades nothing, and
the client cancels the batch and says what differs, naming both versions when they differ.
A worker plugin (:mod:`grader.batch.dask_worker`) owns each worker's fork servers, so TensorFlow
is imported once per worker, not per learner, and every learner's code runs in the confined
processes forked from it, exactly as in a local run.  What comes back from a worker is plain data
(the stored-result format, :func:`grader.batch.store.result_to_plain`); only the client writes into ``--out``.
Ctrl-C cancels every task not yet finished.  Each task's future is released as soon as its result is
stored, so neither the client nor the scheduler (nor the worker that holds it) keeps a finished
learner's result until the batch ends: what the cluster holds falls as learners finish.

Imported only when ``--scheduler`` is given: dask is the optional extra ``[dask]``.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

try:
    from distributed import Client
except ImportError as exc:  # pragma: no cover - the CLI turns this into a clear message
    raise ImportError("grade batch --scheduler needs dask.distributed: pip install 'tf-course-grader[dask]'") from exc

import grader
from grader import learner_files, packs
from grader.batch import dask_probe, grading, interrupt, store
from grader.batch.dask_worker import PLUGIN, TaskSettings, grade_remote
from grader.batch.layouts import ClassSubmissions, LearnerFiles
from grader.batch.progress import Progress
from grader.runner import GradingError


def _result(learner: LearnerFiles, plain: object, fingerprint: str) -> store.LearnerResult:
    """A worker's answer (:func:`grader.batch.store.result_to_plain`) as the result the client stores."""
    result = store.result_from_plain(plain)
    if result is None or result.learner != learner.learner:
        raise ValueError("not a stored result of this learner")
    originals = dict(learner.files)  # the paths the instructor knows, not the worker's copies
    reports = tuple(dataclasses.replace(r, submission=str(originals[r.exercise])) if r.exercise in originals else r
                    for r in result.reports)
    complete = result.complete and not any(r.grader_fault for r in reports)
    return store.LearnerResult(learner.learner, reports, fingerprint, complete, learner.notes)


def _stored_note(graded: int) -> str:
    if graded == 0:
        return "nothing was stored"
    return f"the {graded} learner(s) graded before it are stored: run again with --resume"


WORKER_WAIT_S = 60.0  # a cluster with no worker: how long a batch waits for the first one
POLL_S = 0.1
PROBE_EVERY_S = 2.0  # how often a running batch asks the workers that joined since whether they can grade


CLUSTER_WORKERS = "the cluster's workers"


def _refused(unfit: dict[str, str], of: str) -> str:
    return "; ".join(f"worker {w} {why}" for w, why in sorted(unfit.items())[:5]) + f" ({len(unfit)} of {of})"


def _workers(client) -> set[str]:
    return set(client.scheduler_info(n_workers=-1)["workers"])


def _check_workers(client, settings: TaskSettings, address: str) -> set[str]:
    """A clear error now, before any task, when the cluster has no worker or one that cannot grade;
    the workers checked."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise GradingError(f"the dask scheduler at {address} has no worker (waited {WORKER_WAIT_S:.0f} s): start "
                           "`dask worker` on the worker machines (README: More than one machine: Dask)") from None
    checked = _workers(client)
    unfit = dask_probe.unfit_workers(client, settings, list(checked))
    if unfit:
        raise GradingError(f"refused: {_refused(unfit, CLUSTER_WORKERS)}; nothing was graded")
    return checked


@dataclass
class _Run:
    """The client's side of one batch on the cluster: its tasks and what has come back."""

    client: object
    settings: TaskSettings
    checked: set[str]
    graded: int = 0
    failed: list = field(default_factory=list)
    refused: str | None = None

    def newcomers_refused(self) -> str | None:
        """Why a worker that joined since the last look cannot grade (its tasks would never end)."""
        new = _workers(self.client) - self.checked
        if not new:
            return None
        self.checked |= new
        unfit = dask_probe.unfit_workers(self.client, self.settings, sorted(new))
        return _refused(unfit, "the workers that joined during the batch") if unfit else None


def run(classroom: ClassSubmissions, out: Path, options: grading.BatchOptions, address: str,
        progress: Progress | None = None,
        on_result: Callable[[store.LearnerResult], None] | None = None) -> grading.BatchOutcome:
    """As :func:`grader.batch.grading.run`, with the learners graded by the cluster at ``address``."""
    work = grading.plan(classroom, out, options, progress)
    course_ = options.course or packs.builtin()
    code = store.code_fingerprint()
    settings = TaskSettings(tuple(options.exercises), tuple(work.preload), options.grade, code,
                            store.course_fingerprint(list(options.exercises), course_, code), grader.__version__,
                            None if course_.builtin else str(course_.root.absolute()))
    interrupted = False
    batch = uuid.uuid4().hex[:12]  # task keys of their own: another batch never shares or cancels them
    try:
        client = Client(address, set_as_default=False, timeout="20s")
    except OSError as exc:
        raise GradingError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    try:
        state = _Run(client, settings, _check_workers(client, settings, address))
        try:
            client.register_plugin(dask_probe.make_plugin(), name=PLUGIN)
        except Exception as exc:  # a worker joined since the check and cannot load the plugin
            raise GradingError(f"a worker of {address} could not start the grader ({type(exc).__name__}: "
                               f"{str(exc)[:300]}); see its log") from None
        learners, pending = {}, []  # by task key; the futures not yet collected
        for learner in work.todo:
            files = tuple((exercise, path.name, learner_files.read_head(path, learner_files.MAX_SUBMISSION_BYTES + 1)
                           or b"") for exercise, path in learner.files)  # an oversized one stays oversized
            print_ = work.prints[learner.learner]
            task = client.submit(grade_remote, learner.learner, files, learner.notes, settings, print_,
                                 key=f"grade-{learner.learner}-{print_}-{batch}", pure=False, retries=0)
            learners[task.key] = learner
            pending.append(task)
        try:
            with interrupt.watched() as ctrl_c:
                looked = time.monotonic()
                while pending and state.refused is None:
                    ctrl_c.check()  # a Ctrl-C that landed in one of Dask's callbacks was swallowed there
                    done = [t for t in pending if t.done()]  # futures the client's own thread keeps up to date
                    if done:
                        keys = {t.key for t in done}
                        pending = [t for t in pending if t.key not in keys]
                    for task in done:
                        if state.refused is None:
                            _collect(state, task, learners[task.key], work.prints, out, on_result, progress)
                        task.release()  # stored: the cluster and this client need not keep it to the batch's end
                    if state.refused is None and time.monotonic() - looked >= PROBE_EVERY_S:
                        state.refused, looked = state.newcomers_refused(), time.monotonic()
                    if not done:
                        time.sleep(POLL_S)
            if state.refused is not None:
                client.cancel(pending, force=True)
        except KeyboardInterrupt:
            interrupted = True
            client.cancel(pending, force=True)
    finally:
        client.close()
        if progress is not None:
            progress.close()
    if state.refused is not None:
        raise GradingError(f"refused: {state.refused}; {_stored_note(state.graded)}")
    if state.failed and not interrupted:
        raise GradingError("the cluster could not grade: " + "; ".join(state.failed[:5])
                           + f" ({_stored_note(state.graded)})")
    return grading.BatchOutcome(state.graded, work.resumed, interrupted)


def _collect(state: _Run, task, learner: LearnerFiles, prints: dict, out: Path,
             on_result: Callable[[store.LearnerResult], None] | None, progress: Progress | None) -> None:
    """One finished task: its learner's result stored, or why there is none."""
    try:
        plain = task.result()
    except Exception as exc:  # the task, not a learner's code (that is a report): no result stored
        state.failed.append(f"{learner.learner} ({type(exc).__name__}: {str(exc)[:300]})")
        return
    if isinstance(plain, dict) and "refused" in plain:
        state.refused = str(plain["refused"])[:600]
        return
    try:
        result = _result(learner, plain, prints[learner.learner])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a worker's answer, unreadable
        state.failed.append(f"{learner.learner} (an answer this grader cannot read: {type(exc).__name__})")
        return
    store.save(out, result)
    if on_result is not None:
        on_result(result)
    if progress is not None:
        progress.finished(learner.learner, grading.had_errors(result))
    state.graded += 1
