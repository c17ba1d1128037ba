"""``grade batch``'s flow, top to bottom: one class graded into one folder.

:func:`grade_class` reads as the steps it takes:

1. refuse what official grading must not do (a course pack a learner could have written),
   before anything is written;
2. find the class (:func:`grader.batch.layouts.discover`), then its seed (:func:`grader.seeds.for_class`:
   only a class that can be graded gets an output folder and a seed);
3. plan and grade: :func:`grader.batch.grading.run` on this machine, or
   :func:`grader.batch.dask_backend.run` on a cluster; either plans (the shard, what ``--resume``
   keeps), grades, and stores each learner's result the moment it is done, and this module writes
   that learner's pages then (:func:`grader.batch.outputs.write_learner`);
4. write the class's files from the store, one learner at a time
   (:func:`grader.batch.outputs.write_class`; a shard writes none), with the similar hand-ins
   (:mod:`grader.batch.similarity`);
5. say how it went and decide the exit code (:class:`ClassOutcome`).

Problems a user can fix are :class:`BatchError` (and :class:`MissingExtra` for ``--scheduler``
without dask); the CLI turns them into its messages and exit codes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader import course, packs, seeds
from grader.batch import grading, outputs, similarity, store
from grader.batch.layouts import ClassSubmissions, LayoutError, discover
from grader.batch.progress import Progress
from grader.grading.options import GradeOptions, GradingError

SEED_ORIGIN = {"given": "from --seed", "stored": "this class's, from an earlier run", "drawn": "drawn now"}
LISTED = 20  # ignored and not-graded files named on the console (every one is in the learners' reports)


class BatchError(Exception):
    """A class that cannot be graded as asked (a usage problem): one line for the user."""


class MissingExtra(BatchError):
    """``--scheduler`` without the ``[dask]`` extra installed."""


class Echo(Protocol):
    """Where the run speaks: ``err=True`` for the console's progress and notes (standard error),
    else the one line of the result (standard output)."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


@dataclass(frozen=True)
class ClassOptions:
    """What ``grade batch`` was asked to do (its options, parsed)."""

    submissions: Path
    out: Path
    exercises: tuple[str, ...]  # canonical names, in course order
    course: packs.Course
    lang: str
    seed: int | None = None  # given (--seed, --seed-file); None: the class's stored seed, else a new one
    timeout: float | None = None  # the learner options (grader.grading.options.GradeOptions)
    memory_bytes: int | None = 4 << 30
    device: str = "auto"
    workers: int | None = None  # None: the CPUs this process may use
    resume: bool = False
    shard: tuple[int, int] | None = None
    scheduler: str | None = None  # a dask.distributed address
    title: str = ""


@dataclass(frozen=True)
class ClassOutcome:
    learners: int  # of the class (of every shard)
    graded: int  # in this run
    resumed: int  # kept from an earlier run
    stored: int  # with a result on disk (of the shard, for a shard)
    unfinished: tuple[str, ...]  # results the grader could not finish: --resume grades them again
    interrupted: bool

    @property
    def exit_code(self) -> int:
        """130 interrupted (Ctrl-C), 1 the grader failed for some learner, 0 done."""
        return 130 if self.interrupted else 1 if self.unfinished else 0


def grade_class(options: ClassOptions, *, echo: Echo) -> ClassOutcome:
    """Grade the class in ``options.submissions`` into ``options.out`` (see the module docstring)."""
    backend = _backend(options.scheduler)
    _refuse(options)
    with tempfile.TemporaryDirectory(prefix="grader-batch-") as work:
        classroom = _find(options, Path(work))
        seed, origin = seeds.for_class(options.out, options.seed)
        learner = GradeOptions(seed=seed, timeout=options.timeout, memory_bytes=options.memory_bytes,
                               device=options.device)
        batch = grading.BatchOptions(options.exercises, options.workers or grading.default_workers(),
                                     options.resume, learner, options.shard, options.course)
        options.out.mkdir(parents=True, exist_ok=True)
        _announce(echo, options, classroom, batch, seed, origin)
        outcome = _grade(backend, classroom, batch, options)
        similar = (similarity.similar_pairs(classroom, list(options.exercises), course_=options.course)
                   if options.shard is None else similarity.Similar())
    for result in store.stored(options.out, outcome.resumed):  # their pages in this run's language
        outputs.write_learner(options.out, result, options.lang)
    learners = [learner.learner for learner in classroom.learners]
    if options.shard is not None:
        tally = _shard_files(echo, options, learners, outcome)
    else:
        tally = _class_files(echo, options, learners, outcome, similar)
    return _ending(echo, ClassOutcome(len(learners), outcome.graded, len(outcome.resumed), tally.learners,
                                      tally.unfinished, outcome.interrupted))


def _backend(scheduler: str | None):
    """The Dask backend for ``--scheduler``, None for a run on this machine."""
    if scheduler is None:
        return None
    try:
        from grader.batch import dask_backend
    except ImportError as exc:
        raise MissingExtra(str(exc)) from None
    return dask_backend


def _refuse(options: ClassOptions) -> None:
    pack = options.course
    if packs.inside(pack, options.submissions):  # official grading: never by a pack a learner could have written
        raise BatchError(f"the course pack {pack.root} lies inside the submissions {options.submissions}: official "
                         "grading takes its pack from the instructor's folder, never from a learner's")


def _find(options: ClassOptions, work: Path) -> ClassSubmissions:
    try:
        classroom = discover(options.submissions, list(options.exercises), work, options.course)
    except LayoutError as exc:
        raise BatchError(str(exc)) from None
    if not classroom.learners:
        raise BatchError(f"no learner's submissions found in {options.submissions}")
    return classroom


def _announce(echo: Echo, options: ClassOptions, classroom: ClassSubmissions, batch: grading.BatchOptions,
              seed: int, origin: str) -> None:
    shard, out = options.shard, options.out
    part = f"shard {shard[0]}/{shard[1]}: " if shard else ""
    where = f"cluster {options.scheduler}" if options.scheduler else f"{batch.workers} worker(s)"
    echo(f"{part}{len(classroom.learners)} learners ({classroom.layout}), {len(options.exercises)} exercises, "
         f"{where} → {out}", err=True)
    echo(f"seed of the hidden inputs: {seed} ({SEED_ORIGIN[origin]}, in {out / seeds.SEED_FILE}; "
         "keep it from learners)", err=True)
    for ignored in classroom.ignored[:LISTED]:
        echo(f"  ignored (names no exercise or learner): {ignored}", err=True)
    for not_graded in classroom.not_gradable[:LISTED]:
        echo(f"  not graded (not a .py or .ipynb file): {not_graded}", err=True)


def _grade(backend, classroom: ClassSubmissions, batch: grading.BatchOptions,
           options: ClassOptions) -> grading.BatchOutcome:
    """Every learner of the run graded and stored, its pages written as soon as it is done."""
    progress = Progress(len(classroom.learners))
    progress.workers = batch.workers

    def write(result: store.LearnerResult) -> None:
        outputs.write_learner(options.out, result, options.lang)

    try:
        if backend is not None:
            return backend.run(classroom, options.out, batch, options.scheduler, progress, on_result=write)
        return grading.run(classroom, options.out, batch, progress, on_result=write)
    except (course.CourseError, GradingError) as exc:
        raise BatchError(str(exc)) from None


def _shard_files(echo: Echo, options: ClassOptions, learners: list[str],
                 outcome: grading.BatchOutcome) -> outputs.ClassTally:
    k, n = options.shard
    mine = grading.in_shard(learners, options.shard)
    tally = outputs.tally(options.out, mine)
    echo(f"shard {k}/{n}: graded {outcome.graded}, resumed {len(outcome.resumed)} of its {len(mine)} learners; "
         f"results in {options.out / store.LEARNERS}. The class files are not written by a shard: when every "
         "shard is done, run the same command without --shard and with --resume to render them", err=True)
    return tally


def _class_files(echo: Echo, options: ClassOptions, learners: list[str], outcome: grading.BatchOutcome,
                 similar: similarity.Similar) -> outputs.ClassTally:
    out = options.out
    tally = outputs.write_class(out, learners, list(options.exercises), options.lang, options.title, similar)
    echo(f"graded {outcome.graded}, resumed {len(outcome.resumed)}, "
         f"{tally.learners}/{len(learners)} learners in {out / outputs.GRADEBOOK}", err=True)
    echo(outputs.class_line(tally, out))
    return tally


def _ending(echo: Echo, outcome: ClassOutcome) -> ClassOutcome:
    if outcome.interrupted:
        echo("interrupted: the gradebook holds the learners finished so far; "
             "run again with --resume to finish", err=True)
    elif outcome.unfinished:
        echo(f"the grader failed for: {', '.join(outcome.unfinished)} (run again with --resume)", err=True)
    return outcome
