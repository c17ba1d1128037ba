"""Grade one submission of one exercise: the flow from a file to an :class:`ExerciseReport`.

:func:`grade_submission` takes four steps, each a function below:

1. :func:`prepare_scratch`: a private folder per party, no learner process has seen;
2. :func:`start_parties`: from a fork server (TensorFlow imported once), three workers:
   the learner's (confined, under the time and memory limits), the reference
   solution's (or, in a learner release, its stored answers) and a judge
   (confined, holding no submission: it rebuilds the learner's models safely);
3. :func:`run_checks`: each check, in this process, where all comparing and scoring happen
   (public checks first, a check after those it needs and skipped when one of them did not pass:
   :mod:`grader.framework.dependencies`);
4. stop every process (when :func:`start_parties`'s block ends) and return the report.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from grader import __version__, course, expected, learner_files, messages, packs
from grader.framework import Check, CheckContext, Exercise
from grader.framework.context import RunMemo, stable_seed
from grader.framework.dependencies import running_order, unmet
from grader.framework.verdict import Circumstances, grader_fault, of_check_end, of_outcome, of_unmet
from grader.results import CheckResult, ExerciseReport, Isolation, Status
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.learner import LazyWorker, LearnerProcess
from grader.sandbox.protocol import PRELOADABLE, Op, Role, WorkerConfig, reading
from grader.sandbox.session import WorkerSession
from grader.sandbox.zygote import Zygote, ZygoteError
from grader import usage
from grader.text import BilingualError, Text, printable

REFERENCE_TIMEOUT = 900.0


class Watch(Protocol):
    """Sees what each check asks of each party: ``wrap`` returns the worker the check talks to."""

    def wrap(self, check: str, party: str, worker: Any) -> Any: ...


class GradingError(BilingualError):
    """Grading could not happen at all (a usage or grader problem, exit 2)."""


DEVICES = ("auto", "cpu", "gpu")


@dataclass(frozen=True)
class GradeOptions:
    seed: int = 0
    timeout: float | None = None  # None: the exercise's default
    memory_bytes: int | None = 4 << 30
    device: str = "auto"  # auto: a GPU if TensorFlow sees one; cpu: GPUs hidden; gpu: required


def _preload(exercise: Exercise, reference_source: str) -> list[str]:
    modules = list(exercise.preload)
    if exercise.uses_tensorflow or "tensorflow" in reference_source or "keras" in reference_source:
        modules += ["tensorflow", "keras"]
    if "pandas" in reference_source:
        modules.append("pandas")
    return list(dict.fromkeys(modules))


def preload_for(exercises: list[Exercise], solutions: Path | None = None,
                course_: "packs.Course | None" = None) -> list[str]:
    """What a fork server shared by these exercises imports once: what they and their reference
    solutions need.  (What a submission imports beyond that is preloaded once it has been seen.)"""
    modules: list[str] = []
    for exercise in exercises:
        try:
            reference = (solutions / f"{exercise.name}.py") if solutions is not None else \
                (course_ or packs.builtin()).solution_path(exercise.name)
            source = reference.read_text(encoding="utf-8", errors="replace")
        except (course.CourseError, OSError):
            source = ""
        modules += _preload(exercise, source)
    return list(dict.fromkeys(modules))


_IMPORT = re.compile(r"\b(?:import|from)\s+(" + "|".join(PRELOADABLE) + r")\b")
_SCANNED_BYTES = 1 << 20


def imported_by(paths: Iterable[Path]) -> list[str]:
    """The preloadable modules (TensorFlow, Keras, pandas) these files import, read as text, never run.

    A batch's fork server imports them before its first learner: otherwise the first learner's
    process imports TensorFlow itself (seconds) and the fork server then imports it again.  A
    mention in a comment preloads a module that is not used, which only costs that import once.
    """
    found: list[str] = []
    for path in paths:
        data = learner_files.read_head(path, _SCANNED_BYTES)  # not through a link, never on a FIFO
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        found += [m for m in _IMPORT.findall(text) if m not in found]
        if len(found) == len(PRELOADABLE):
            break
    return [m for m in PRELOADABLE if m in found]


def start_zygote(preload: list[str]) -> Zygote:
    """A fork server that has imported ``preload``; its failure to start is a :class:`GradingError`."""
    try:
        return Zygote(preload)
    except (ZygoteError, OSError) as exc:
        raise GradingError(f"could not start the grading processes: {exc}") from None


def _all(exercise: Exercise, status: Status, message: Text, **fields) -> tuple[CheckResult, ...]:
    return tuple(CheckResult.from_check(c, status, message, **fields) for c in exercise.checks)


def failed_report(exercise: Exercise, options: GradeOptions, detail: str, submission: Path) -> ExerciseReport:
    """The report when the grader itself could not grade (its processes failed): every check an error."""
    fault = grader_fault(detail)
    return ExerciseReport(exercise=exercise.name, title=exercise.title,
                          checks=_all(exercise, fault.status, fault.message, grader_fault=True), duration_s=0.0,
                          grader_version=__version__, seed=options.seed, submission=str(submission))


def too_large_report(exercise: Exercise, options: GradeOptions, submission: Path, size: int) -> ExerciseReport:
    """The report of a hand-in over :data:`learner_files.MAX_SUBMISSION_BYTES`: the learner's error, no
    process started (its every check an error that says so)."""
    message = messages.TOO_LARGE.format(name=printable(submission.name), size=f"{size / 2**20:.1f}",
                                        limit=learner_files.MAX_SUBMISSION_BYTES >> 20)
    return ExerciseReport(exercise=exercise.name, title=exercise.title, checks=_all(exercise, Status.ERROR, message),
                          duration_s=0.0, grader_version=__version__, seed=options.seed,
                          submission=printable(str(submission)))


def missing_report(exercise: Exercise, options: GradeOptions) -> ExerciseReport:
    """The report of an exercise the learner did not hand in: 0 points, every check "missing"."""
    return ExerciseReport(exercise=exercise.name, title=exercise.title,
                          checks=_all(exercise, Status.MISSING, messages.NOT_SUBMITTED),
                          duration_s=0.0, grader_version=__version__, seed=options.seed, submission="")


# ------------------------------------------------------------------ step 1: the scratch folder


@dataclass(frozen=True)
class Scratch:
    """A folder per party, where its output is captured; each holds a ``scratch`` folder it works in."""

    root: Path
    submission: Path  # the learner's file (copied into each of its processes' own scratch folder)

    def party(self, name: str) -> Path:
        return self.root / name


def _readable(submission: Path, course_: packs.Course) -> Path:
    submission = Path(submission)
    if submission.is_symlink():
        raise GradingError(usage.A_LINK.format(path=submission))
    if not submission.is_file():
        raise GradingError(usage.NO_SUCH_FILE.format(path=submission))
    if submission.suffix.lower() not in course.SUFFIXES:
        raise GradingError(course.not_gradable(printable(submission.name)))
    if not os.access(submission, os.R_OK):
        raise GradingError(usage.CANNOT_READ.format(path=submission))
    if course_.links_to_secret(submission):
        raise GradingError(usage.LEADS_TO_SOLUTION.format(path=submission))
    return submission


@contextmanager
def prepare_scratch(submission: Path) -> Iterator[Scratch]:
    """A private folder per party (learner, reference, judge): no learner process has seen them yet."""
    with tempfile.TemporaryDirectory(prefix="grader-") as work:
        root = Path(work)
        os.chmod(work, 0o711)
        for party in ("learner", "reference", "judge"):
            (root / party / "scratch").mkdir(parents=True)
        yield Scratch(root, submission)


# ------------------------------------------------------------------ step 2: the processes


@dataclass
class Parties:
    """The processes one grading talks to."""

    learner: LearnerProcess
    reference: "WorkerSession | expected.ReplayWorker | expected.CachedReference"
    judge: LazyWorker

    @property
    def replay(self) -> bool:
        """True in a learner release: the reference is stored answers, not a process."""
        return isinstance(self.reference, expected.ReplayWorker)


@dataclass(frozen=True)
class Plan:
    """What one grading runs: the exercise, the reference, the limits."""

    exercise: Exercise
    options: GradeOptions
    reference_path: Path | None  # None: a learner release (stored answers)
    answers: dict | None
    limits: messages.Limits
    class_answers: "expected.ClassAnswers | None" = None  # a batch: the reference asked once per class
    course: packs.Course | None = None  # None: the built-in course


def _plan(exercise: Exercise, options: GradeOptions, reference: Path | None,
          class_answers: "expected.ClassAnswers | None" = None, course_: packs.Course | None = None) -> Plan:
    course_ = course_ or packs.builtin()
    answers = None
    if reference is None and course_.solutions_dir is None:
        answers = expected.load(exercise.name, course_.expected_dir)  # a learner release: stored answers
    if reference is None and answers is None:
        reference = course_.solution_path(exercise.name)
    timeout = float(options.timeout or exercise.timeout)
    return Plan(exercise, options, reference, answers, messages.Limits(timeout, options.memory_bytes),
                class_answers if reference is not None else None, course_)


@contextmanager
def start_parties(zygote: Zygote, plan: Plan, scratch: Scratch) -> Iterator[Parties]:
    """The learner's, the reference's and the judge's processes, stopped when the block ends."""
    options, name = plan.options, plan.exercise.name
    env = (("CUDA_VISIBLE_DEVICES", "-1"),) if options.device == "cpu" else ()
    display = printable(scratch.submission.name)  # the learner's copy is named so in its scratch folder
    pack = plan.course or packs.builtin()
    data = tuple(f for f in pack.learner_data() if f[1] != display)  # the pack's public data, beside the file
    learner_spec = SandboxSpec(scratch=str(scratch.party("learner") / "scratch"), confine=True,
                               files=((str(scratch.submission), display), *data), readable=pack.readable_paths(),
                               hidden=pack.hidden_paths(), forbidden=pack.forbidden_paths(),
                               memory_bytes=options.memory_bytes,
                               namespaces=os.environ.get("GRADER_NAMESPACES", "1") != "0", env=env)
    judge_spec = replace(learner_spec, scratch=str(scratch.party("judge") / "scratch"), files=())

    # Workers get a seed derived from the grading's (one-way), never the grading's seed itself:
    # with it, learner code could draw every hidden input.
    worker_seed = stable_seed(options.seed, "worker")

    def config(role: Role, path: str, display: str) -> WorkerConfig:
        return WorkerConfig(role, path, display, name if path else role.value, worker_seed, options.device)

    deadline = time.monotonic() + plan.limits.timeout
    learner = reference = judge = None
    try:
        if plan.reference_path is None:
            reference = expected.ReplayWorker(plan.answers or {})
        else:
            reference_spec = SandboxSpec(scratch=str(scratch.party("reference") / "scratch"), confine=False,
                                         memory_bytes=None, env=env)
            for source, data_name in pack.learner_data():  # the pack's public data, beside the reference too
                shutil.copyfile(source, scratch.party("reference") / "scratch" / data_name)
            reference_path = plan.reference_path

            def start_reference() -> WorkerSession:
                return WorkerSession(zygote, reference_spec,
                                     config(Role.REFERENCE, str(reference_path), reference_path.name),
                                     str(scratch.party("reference")), time.monotonic() + REFERENCE_TIMEOUT)

            if plan.class_answers is not None:  # a batch: started only for a request no learner asked yet
                reference = expected.CachedReference(plan.class_answers, plan.class_answers.for_run(name, options.seed),
                                                     LazyWorker(start_reference))
            else:
                reference = start_reference()
        learner_config = config(Role.LEARNER, display, display)  # a path inside its own scratch folder
        learner = LearnerProcess(
            lambda: WorkerSession(zygote, learner_spec, learner_config, str(scratch.party("learner")), deadline),
            deadline, display)
        # The judge runs no learner code but reads what learner code described: the exercise's time bounds it.
        judge = LazyWorker(lambda: WorkerSession(zygote, judge_spec, config(Role.JUDGE, "", ""),
                                                 str(scratch.party("judge")), time.monotonic() + plan.limits.timeout))
        parties = Parties(learner, reference, judge)
        yield parties
    finally:
        for party in (learner, reference, judge):
            if party is not None:
                party.close()


# ------------------------------------------------------------------ step 3: the checks


def _circumstances(learner: LearnerProcess, limits: messages.Limits) -> Circumstances:
    return Circumstances(limits, learner.load_stopped, learner.session.exit_line())


def run_check(check: Check, ctx: CheckContext, learner: LearnerProcess, limits: messages.Limits) -> CheckResult:
    started = time.monotonic()
    try:
        check.run(ctx)
        error = None
    except Exception as exc:  # noqa: BLE001 - every way a check ends has a verdict, bugs included
        error = exc
    verdict = of_check_end(error, _circumstances(learner, limits))
    result = CheckResult.from_check(check, verdict.status, verdict.message, grader_fault=verdict.grader_fault,
                                    duration_s=round(time.monotonic() - started, 4),
                                    measurements=tuple(ctx.measurements), curve=tuple(ctx.curve))
    return replace(result, hint=verdict.hint.text) if verdict.hint is not None else result


def _start_reference(exercise: Exercise, parties: Parties) -> None:
    if parties.replay or isinstance(parties.reference, expected.CachedReference):
        return  # stored answers; or a batch's, whose process starts on first need
    started = parties.reference.start()
    load = parties.reference.load
    if not started.ok or (load and (load.fatal or load.problems)):
        detail = started.kind.value if not started.ok else str(load.fatal or load.problems[0])[:300]
        raise GradingError(f"the reference solution for {exercise.name} did not load: {detail}")


def _require_gpu(judge: LazyWorker) -> None:
    """``--device gpu`` with no GPU visible to TensorFlow is a usage error, said plainly."""
    outcome = judge.receive(judge.send(Op.HARNESS, "devices"))
    gpus = outcome.value.get("gpus") if outcome.ok and isinstance(outcome.value, dict) else None
    if not gpus:
        raise GradingError("--device gpu: TensorFlow sees no GPU on this machine "
                           "(use --device cpu, or auto to use a GPU only when there is one)")


def run_checks(plan: Plan, parties: Parties, zygote: Zygote | None = None,
               recorder: "expected.Recorder | None" = None,
               watch: "Watch | None" = None) -> tuple[tuple[CheckResult, ...], tuple[Text, ...]]:
    """Every check of the exercise, in order, and the notes about the file as a whole.  ``watch``
    sees every request each check sends (``grade validate``: a hidden check's draw changes with the seed)."""
    exercise, options, limits, learner = plan.exercise, plan.options, plan.limits, parties.learner
    started = learner.session.start()
    _start_reference(exercise, parties)
    if options.device == "gpu":
        _require_gpu(parties.judge)
    if not started.ok:
        verdict = of_outcome(started, None, _circumstances(learner, limits))
        return _all(exercise, verdict.status, verdict.message, grader_fault=verdict.grader_fault), ()
    load = learner.session.load
    assert load is not None
    if zygote is not None and load.imported:  # later processes (restarts, next learners) start with them
        zygote.preload(load.imported)
    if load.fatal:
        return _all(exercise, Status.ERROR, messages.NOT_RUN_WHOLE_FILE), (messages.fatal_load(load.fatal),)
    notes = tuple(messages.load_notes(load))
    memo = RunMemo()
    results: dict[str, CheckResult] = {}
    timeout_check: str | None = None
    for check in running_order(exercise.name, exercise.checks):
        if timeout_check is not None or learner.out_of_time:
            results[check.name] = CheckResult.from_check(check, Status.TIMEOUT, messages.TIMEOUT_EARLIER.format(
                seconds=limits.timeout, check=timeout_check or "loading"))
            continue
        if (parties.replay or recorder is not None) and check.visibility == "hidden":  # a release, or making one
            results[check.name] = CheckResult.from_check(check, Status.SKIPPED, messages.OFFICIAL_ONLY)
            continue
        needed = unmet(check, results)
        if needed is not None:  # a check it needs did not pass: not run, and the report says which
            verdict = of_unmet(needed)
            results[check.name] = replace(CheckResult.from_check(check, verdict.status, verdict.message,
                                                                 needs=needed.name), hint=None)
            continue
        answers = recorder.wrap(parties.reference) if recorder is not None else parties.reference
        workers = (learner, answers, parties.judge)
        if watch is not None:
            workers = tuple(watch.wrap(check.name, party, worker)
                            for party, worker in zip(("learner", "reference", "judge"), workers))
        ctx = CheckContext(check.name, options.seed, *workers, memo)
        result = run_check(check, ctx, learner, limits)
        if result.status is Status.TIMEOUT:
            timeout_check = check.name
        results[check.name] = result
    notes = tuple(n for n in _shim_notes(learner) if n not in notes) + notes
    return tuple(results[c.name] for c in exercise.checks), notes + tuple(memo.notes)


MAX_SHIM_NOTES = 12


def _shim_notes(learner: LearnerProcess) -> tuple[Text, ...]:
    """What the course shims did in the learner's process (a course URL served offline, a Keras 2 idiom
    graded in its Keras 3 spelling), said once each.

    The learner's process reports these notes, so they are its text: at most ``MAX_SHIM_NOTES``, each
    cut and made inert, and they never change a score.  A process that is gone, or answers with
    anything but a list of two-language texts, adds no note.
    """
    if learner.out_of_time or not learner.session.alive:
        return ()
    outcome = learner.receive(learner.send(Op.HARNESS, "shim_notes"))
    if not outcome.ok or not isinstance(outcome.value, list):
        return ()
    found: list[Text] = []
    for entry in outcome.value[:MAX_SHIM_NOTES]:
        try:
            entry = reading.mapping(entry, "note")
            note = Text(reading.text(entry, "en", limit=600), reading.text(entry, "ko", limit=600))
        except reading.ProtocolError:
            continue
        if note not in found:
            found.append(note)
    return tuple(found)


# ------------------------------------------------------------------ the whole flow


def grade_submission(exercise: Exercise, submission: Path, options: GradeOptions = GradeOptions(),
                     reference: Path | None = None, zygote: Zygote | None = None,
                     recorder: "expected.Recorder | None" = None,
                     class_answers: "expected.ClassAnswers | None" = None,
                     course_: packs.Course | None = None,
                     watch: "Watch | None" = None) -> ExerciseReport:
    """Grade ``submission`` (a .py file or a notebook) against ``exercise``.

    ``reference``: the reference solution (default: the course's; in a learner release,
    where there is none, the answers stored at release time).  ``zygote``: a running fork
    server to reuse (grading many files); by default one is started for this call and
    stopped at its end.  ``recorder``: keeps what the reference answered (``grade release``).
    ``class_answers``: a batch's reference answers, shared by its learners (computed once per class).
    ``course_``: the course pack ``exercise`` is of (default: the built-in course): its sandbox
    allow-list and its solutions.
    ``watch``: sees the requests of each check (:class:`Watch`).
    """
    started = time.monotonic()
    course_ = course_ or packs.builtin()
    submission = _readable(submission, course_)
    size = learner_files.size(submission)
    if size is not None and size > learner_files.MAX_SUBMISSION_BYTES:
        return too_large_report(exercise, options, submission, size)
    plan = _plan(exercise, options, reference, None if recorder is not None else class_answers, course_)
    own_zygote = zygote is None
    if zygote is None:
        zygote = start_zygote(preload_for([exercise], plan.reference_path.parent if plan.reference_path else None,
                                          course_))
    try:
        with prepare_scratch(submission) as scratch, start_parties(zygote, plan, scratch) as parties:
            checks, notes = run_checks(plan, parties, zygote, recorder, watch)
            output = parties.learner.first.output()
            isolation = parties.learner.first.isolation
            if not zygote.alive:  # killed mid-grading: what its workers said (they died with it) is no verdict
                raise ZygoteError("the fork server ended while this submission was graded (killed from outside, "
                                  "or by the kernel's out-of-memory killer)")
    except ZygoteError as exc:
        raise GradingError(f"the grading processes failed: {exc}") from None
    finally:
        if own_zygote:
            zygote.close()
    if course.is_empty_script(submission):
        notes = (messages.EMPTY_FILE, *notes)
    return ExerciseReport(
        exercise=exercise.name, title=exercise.title, checks=checks,
        duration_s=round(time.monotonic() - started, 3), grader_version=__version__,
        seed=options.seed, submission=printable(str(submission)), output=output,
        notes=notes + _isolation_notes(isolation), isolation=isolation,
    )



def _isolation_notes(isolation: Isolation) -> tuple[Text, ...]:
    why = "; ".join(isolation.notes) or isolation.level
    if isolation.level == "full":
        return ()
    if isolation.level == "landlock":
        return (messages.NOTE_LANDLOCK.format(why=why),)
    if isolation.level == "user-namespace":
        return (messages.NOTE_USER_NAMESPACE,)
    return (messages.NOTE_NOT_ISOLATED.format(why=why),)
