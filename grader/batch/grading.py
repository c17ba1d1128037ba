"""Grading a class in parallel: each learner once, each result on disk as soon as it is done.

Learners are graded by ``workers`` threads of this process.  Each thread owns a
fork server (TensorFlow imported once per thread, not per learner), and every
learner's code runs in confined processes forked from it, so one learner's
crash, timeout or hostile code ends only that learner's processes.  The
threads do little but wait: comparing and scoring are light, the work is in
the forked processes, one per core.

Ctrl-C stops the run: no new learner starts, the fork servers are stopped
(which ends every learner process), and what is on disk stays consistent:
only finished learners have results there.
"""

from __future__ import annotations

import concurrent.futures as futures
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from grader import expected, packs
from grader.batch import interrupt, store
from grader.batch.layouts import ClassSubmissions, LearnerFiles
from grader.batch.progress import STUB, Progress
from grader.framework import Exercise
from grader.grading.fork_servers import SharedForkServer, start_fork_server
from grader.results import ExerciseReport, ExerciseStatus
from grader.grading.preload import imported_by
from grader.grading.unchecked import failed_report, missing_report
from grader.runner import GradeOptions, GradingError, grade_submission
from grader.sandbox.fork_server import ForkServer, ForkServerError

ERROR_STATUSES = (ExerciseStatus.ERROR, ExerciseStatus.TIMEOUT)  # an exercise whose code did not run to its end


def _cgroup_cpus() -> float | None:
    """The CPU quota of this process's cgroup (v2 ``cpu.max`` or v1 ``cfs_quota_us``), in CPUs."""
    try:
        with open("/proc/self/cgroup") as f:
            lines = [line.rstrip("\n").split(":", 2) for line in f]
    except OSError:
        return None
    for _id, controllers, path in lines:
        names = controllers.split(",")
        candidates = []
        if controllers == "":
            candidates.append((f"/sys/fs/cgroup{path}/cpu.max", None))
        if "cpu" in names:
            for root in ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"):
                candidates.append((f"{root}{path}/cpu.cfs_quota_us", f"{root}{path}/cpu.cfs_period_us"))
        for quota_path, period_path in candidates:
            try:
                with open(quota_path) as f:
                    fields = f.read().split()
                if period_path is None:  # v2: "max 100000" or "200000 100000"
                    quota, period = fields[0], fields[1]
                else:
                    with open(period_path) as f:
                        quota, period = fields[0], f.read().strip()
            except (OSError, IndexError):
                continue
            if quota not in ("max", "-1") and float(period) > 0:
                return float(quota) / float(period)
    return None


def default_workers() -> int:
    """Learners graded at once: the CPUs this process may use (its affinity, its cgroup's quota)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpus()
    if quota is not None:
        cpus = min(cpus, max(1, int(quota)))
    return max(1, cpus)


@dataclass(frozen=True)
class BatchOptions:
    exercises: tuple[str, ...]
    workers: int = 1
    resume: bool = False
    grade: GradeOptions = field(default_factory=GradeOptions)
    shard: tuple[int, int] | None = None  # (K, N): grade only shard K of N (see in_shard)
    course: packs.Course | None = None  # the course pack (None: the built-in course)


def in_shard(learners: list[str], shard: tuple[int, int] | None) -> list[str]:
    """The learners of shard ``(K, N)``: with ids sorted, the i-th (from 0) belongs to shard
    ``i mod N + 1`` (round robin, so the shards get as many learners as one another and the slow
    ones are spread).  Every shard computes the same split from the same class."""
    ids = sorted(learners)
    if shard is None:
        return ids
    k, n = shard
    return [learner for i, learner in enumerate(ids) if i % n == k - 1]


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` with 1 <= K <= N, as (K, N); ValueError otherwise."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes K/N, such as 1/4, not {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard K/N needs 1 <= K <= N, not {text!r}")
    return k, n


@dataclass(frozen=True)
class BatchOutcome:
    """How a run ended; the results themselves are on disk (:func:`grader.batch.store.stored` reads
    them one learner at a time), so a run never holds the class's results at once."""
    graded: int  # learners graded in this run
    resumed: tuple[str, ...]  # learners kept from an earlier run (--resume)
    interrupted: bool


def had_errors(result: store.LearnerResult) -> bool:
    return not result.complete or any(r.status in ERROR_STATUSES for r in result.reports)


def _stored_had_errors(out: Path, learner: str) -> bool:
    stored = store.load(out, learner)
    return stored is not None and had_errors(stored)


class _Servers:
    """One fork server per grading thread, all stoppable at once from the main thread (Ctrl-C)."""

    def __init__(self, exercises: list[Exercise], also: Sequence[str] = (),
                 course_: packs.Course | None = None) -> None:
        self.course = course_ or packs.builtin()
        self._solutions = self.course.solutions_dir
        self._exercises = exercises
        self._also = tuple(also)  # what the class's files import, preloaded before the first learner
        self._local = threading.local()
        self._all: list[SharedForkServer] = []
        self._lock = threading.Lock()
        self._origin: ForkServer | None = None  # the fork server every thread's is a copy of
        self.stopped = threading.Event()
        # The reference asked once per class, for every learner (GRADER_CLASS_ANSWERS=0: once per
        # grading, as a single `grade` does; bench/batch.py measures both).
        self.answers = expected.ClassAnswers() if os.environ.get("GRADER_CLASS_ANSWERS", "1") != "0" else None

    def _copy(self, preload: list[str]) -> ForkServer:
        """A fork server for one thread: a copy of the run's first (TensorFlow imported once per run,
        not once per thread), started again if that one has ended."""
        with self._lock:
            if self._origin is not None and not self._origin.alive:
                self._origin.close()
                self._origin = None
            if self._origin is None:
                self._origin = start_fork_server(preload)
            try:
                return self._origin.clone()
            except (ForkServerError, OSError) as exc:
                raise GradingError(f"could not start the grading processes: {exc}") from None

    def mine(self) -> SharedForkServer:
        server = getattr(self._local, "server", None)
        if server is None:
            server = SharedForkServer(self._exercises, self._solutions, self._also, self.course, start=self._copy)
            with self._lock:
                self._all.append(server)
            self._local.server = server
        return server

    def renew(self) -> None:
        """After a failure of this thread's fork server: the next learner gets a new one."""
        server = getattr(self._local, "server", None)
        if server is not None:
            server.close()
            self._local.server = None

    def stop(self) -> None:
        self.stopped.set()
        for server in list(self._all):
            server.kill()
        if self._origin is not None:
            self._origin.kill()

    def close(self) -> None:
        with self._lock:
            for server in self._all:
                server.close()
            if self._origin is not None:
                self._origin.close()
                self._origin = None


def grade_learner(learner: LearnerFiles, exercises: list[Exercise], options: GradeOptions,
                  servers: _Servers, fingerprint: str) -> store.LearnerResult | None:
    """Every exercise of one learner (missing ones as "missing"); None when the run was stopped."""
    reports: list[ExerciseReport] = []
    complete = True
    for exercise in exercises:
        path = learner.file_for(exercise.name)
        if path is None:
            reports.append(missing_report(exercise, options))
            continue
        try:
            reports.append(grade_submission(exercise, path, options, fork_server=servers.mine().get(),
                                            class_answers=servers.answers, course_=servers.course))
        except GradingError as exc:
            if servers.stopped.is_set():
                return None
            servers.renew()
            complete = False
            reports.append(failed_report(exercise, options, str(exc), path))
        if servers.stopped.is_set():
            return None
    complete = complete and not any(r.grader_fault for r in reports)  # a grader fault is graded again
    return store.LearnerResult(learner.learner, tuple(reports), fingerprint, complete, learner.notes)


@dataclass(frozen=True)
class Plan:
    """What a run has to do: the learners to grade (with their fingerprints) and those kept."""
    exercises: tuple[Exercise, ...]
    prints: dict  # learner -> fingerprint  (read only)
    todo: tuple[LearnerFiles, ...]
    resumed: tuple[str, ...]
    total: int  # learners of this run (of its shard)

    @property
    def preload(self) -> list[str]:
        """What the files to grade import, for the fork servers to import before the first learner."""
        return imported_by(path for learner in self.todo for _, path in learner.files)


def plan(classroom: ClassSubmissions, out: Path, options: BatchOptions, progress: Progress | None = None) -> Plan:
    """Which learners of ``classroom`` (of the shard) to grade, which to keep from ``out`` (--resume)."""
    course_ = options.course or packs.builtin()
    exercises = [course_.load_exercise(name) for name in options.exercises]
    for exercise in exercises:
        course_.solution_path(exercise.name)  # fail now, not once per learner, if one is missing
    course_print = store.course_fingerprint(list(options.exercises), course_)
    prints = {l.learner: store.fingerprint(l, list(options.exercises), options.grade, course_print)
              for l in classroom.learners}
    todo, resumed = [], []
    mine = set(in_shard([l.learner for l in classroom.learners], options.shard))
    for learner in classroom.learners:
        if learner.learner not in mine:
            continue
        stored = store.load(out, learner.learner) if options.resume else None
        if stored is not None and store.finished(stored) and stored.fingerprint == prints[learner.learner]:
            resumed.append(learner.learner)
        else:
            todo.append(learner)
    if progress is not None:
        progress.total = len(mine)
        progress.resumed = progress.done = len(resumed)
        progress.with_errors = sum(1 for name in resumed if _stored_had_errors(out, name))
        progress.expect({learner.learner: tuple(exercise + STUB if course_.is_untouched_stub(path, exercise) else exercise
                                                for exercise, path in learner.files) for learner in todo})
        progress.start()
    return Plan(tuple(exercises), prints, tuple(todo), tuple(resumed), len(mine))


def run(classroom: ClassSubmissions, out: Path, options: BatchOptions, progress: Progress | None = None,
        on_result: Callable[[store.LearnerResult], None] | None = None) -> BatchOutcome:
    """Grade every learner of ``classroom`` into ``out`` (see the module docstring)."""
    work = plan(classroom, out, options, progress)
    exercises, prints, todo, resumed = list(work.exercises), work.prints, work.todo, work.resumed
    servers = _Servers(exercises, work.preload, options.course)
    saved: list[str] = []  # learners stored by this run (list.append is atomic), however the run ends
    interrupted = False

    def one(learner: LearnerFiles) -> None:  # the result goes to the store, not to a future held by the loop
        if servers.stopped.is_set():
            return
        result = grade_learner(learner, exercises, options.grade, servers, prints[learner.learner])
        if result is not None and not servers.stopped.is_set():
            store.save(out, result)
            saved.append(learner.learner)
            if on_result is not None:
                on_result(result)
            if progress is not None:
                progress.finished(learner.learner, had_errors(result),
                                  seconds=sum(r.duration_s for r in result.reports),
                                  exercises={r.exercise: r.duration_s for r in result.reports})

    pool = futures.ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="grade")
    try:
        with interrupt.watched() as ctrl_c:
            pending = {pool.submit(one, learner) for learner in todo}
            while pending:
                ctrl_c.check()
                done, pending = futures.wait(pending, timeout=0.5, return_when=futures.FIRST_COMPLETED)
                for finished in done:
                    finished.result()  # a bug of the grader's own raises here
    except KeyboardInterrupt:
        interrupted = True
        servers.stop()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        pool.shutdown(wait=True)
        servers.close()
        if progress is not None:
            progress.close()
    return BatchOutcome(len(saved), tuple(resumed), interrupted)
