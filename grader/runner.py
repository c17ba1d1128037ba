"""Grade one submission of one exercise: the flow from a file to an :class:`ExerciseReport`.

1. Copy the submission into a scratch folder.
2. Start a fork server (TensorFlow imported once) and from it two workers:
   the learner's (confined, under the time and memory limits) and the
   reference solution's.
3. Run each check in this process, where all comparing and scoring happen.
4. Stop every process and return the report.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from grader import __version__, course, expected, messages
from grader.checking import Check, CheckContext, CheckFailed, Exercise, GraderFault, LearnerStopped
from grader.checking.context import RunMemo
from grader.checking.failures import CheckedAtOfficialGrading, NotAttempted
from grader.results import CheckResult, ExerciseReport, Status
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.learner import LazyWorker, LearnerProcess
from grader.sandbox.session import Outcome, WorkerSession
from grader.sandbox.zygote import Zygote, ZygoteError
from grader.text import Text

REFERENCE_TIMEOUT = 900.0
_HEAVY_IMPORTS = re.compile(r"\b(tensorflow|keras)\b")


class GradingError(Exception):
    """Grading could not happen at all (a usage or grader problem, exit 2)."""


DEVICES = ("auto", "cpu", "gpu")


@dataclass(frozen=True)
class GradeOptions:
    seed: int = 0
    timeout: float | None = None  # None: the exercise's default
    memory_bytes: int | None = 4 << 30
    device: str = "auto"  # auto: a GPU if TensorFlow sees one; cpu: GPUs hidden; gpu: required


def _preload(exercise: Exercise, source: str) -> list[str]:
    modules = list(exercise.preload)
    if exercise.uses_tensorflow or _HEAVY_IMPORTS.search(source):
        modules += ["tensorflow", "keras"]
    if "pandas" in source:
        modules.append("pandas")
    return list(dict.fromkeys(modules))


def _read(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def preload_for(submissions: list[tuple[Exercise, Path]], solutions: Path | None = None) -> list[str]:
    """What a fork server shared by these submissions imports once (their reference solutions too)."""
    modules: list[str] = []
    for exercise, path in submissions:
        reference = (solutions / f"{exercise.name}.py") if solutions is not None else None
        if reference is None:
            try:
                reference = course.solution_path(exercise.name)
            except course.CourseError:
                reference = None
        source = _read(path) + (_read(reference) if reference is not None else "")
        modules += _preload(exercise, source)
    return list(dict.fromkeys(modules))


def start_zygote(preload: list[str]) -> Zygote:
    """A fork server that has imported ``preload``; its failure to start is a :class:`GradingError`."""
    try:
        return Zygote(preload)
    except (ZygoteError, OSError) as exc:
        raise GradingError(f"could not start the grading processes: {exc}") from None


def failed_report(exercise: Exercise, options: GradeOptions, detail: str, submission: Path) -> ExerciseReport:
    """The report when the grader itself could not grade (its processes failed): every check an error."""
    checks = tuple(replace(c, grader_fault=True) for c in
                   _all(exercise, Status.ERROR, messages.GRADER_FAULT.format(detail=detail[:300])))
    return ExerciseReport(exercise=exercise.name, title=exercise.title, checks=checks, duration_s=0.0,
                          grader_version=__version__, seed=options.seed, submission=str(submission))


def missing_report(exercise: Exercise, options: GradeOptions) -> ExerciseReport:
    """The report of an exercise the learner did not hand in: 0 points, every check "missing"."""
    return ExerciseReport(exercise=exercise.name, title=exercise.title,
                          checks=_all(exercise, Status.MISSING, messages.NOT_SUBMITTED),
                          duration_s=0.0, grader_version=__version__, seed=options.seed, submission="")


def _status_for(outcome: Outcome) -> Status:
    if outcome.not_attempted:
        return Status.NOT_ATTEMPTED
    if outcome.kind == "timeout":
        return Status.TIMEOUT
    return Status.ERROR


def _died_message(outcome: Outcome, function: str, learner: LearnerProcess) -> Text:
    """"Your code ended the process ... (os._exit(0)) at line 12"."""
    text = messages.DIED.format(function=function, how=outcome.detail or "?")
    for frame in learner.session.exit_location():
        if str(frame.get("file", "")).startswith(learner.display):
            return text + messages.DIED_AT.format(where=f"line {frame.get('line')}")
    return text


def run_check(check: Check, ctx: CheckContext, learner: LearnerProcess,
              limits: messages.Limits) -> CheckResult:
    base = CheckResult(check.name, check.description, Status.PASSED, check.points, check.points,
                       check.visibility, check.function, None, check.hint)
    started = time.monotonic()
    try:
        check.run(ctx)
        result = base
    except CheckFailed as failure:
        result = replace(base, status=Status.FAILED, points=0.0, message=failure.message)
    except NotAttempted as missing:
        result = replace(base, status=Status.NOT_ATTEMPTED, points=0.0,
                         message=messages.CONSTANT_NOT_SET.format(name=missing.name))
    except LearnerStopped as stop:
        outcome = stop.outcome
        if outcome.kind == "died":
            message = _died_message(outcome, stop.function, learner)
        elif outcome.kind == "missing" and learner.load_stopped:
            message = messages.MISSING_AFTER_STOP.format(function=stop.function)
        else:
            message = messages.outcome_message(outcome, stop.function, limits)
        result = replace(base, status=_status_for(outcome), points=0.0, message=message)
    except CheckedAtOfficialGrading:
        result = replace(base, status=Status.SKIPPED, points=0.0, message=messages.OFFICIAL_ONLY)
    except (GraderFault, ZygoteError) as fault:
        result = replace(base, status=Status.ERROR, points=0.0, grader_fault=True,
                         message=messages.GRADER_FAULT.format(detail=str(fault)[:300]))
    except Exception as bug:  # noqa: BLE001 - a bug in a check must not stop the others
        detail = f"{type(bug).__name__}: {bug} @ {traceback.extract_tb(bug.__traceback__)[-1].lineno}"
        result = replace(base, status=Status.ERROR, points=0.0, grader_fault=True,
                         message=messages.GRADER_FAULT.format(detail=detail[:300]))
    return replace(result, duration_s=round(time.monotonic() - started, 4),
                   measurements=tuple(ctx.measurements), curve=tuple(ctx.curve))


def _all(exercise: Exercise, status: Status, message: Text) -> tuple[CheckResult, ...]:
    return tuple(CheckResult(c.name, c.description, status, 0.0, c.points, c.visibility, c.function,
                             message, c.hint) for c in exercise.checks)


def grade_submission(exercise: Exercise, submission: Path, options: GradeOptions = GradeOptions(),
                     reference: Path | None = None, zygote: Zygote | None = None,
                     recorder: "expected.Recorder | None" = None) -> ExerciseReport:
    """Grade ``submission`` (a .py file or a notebook) against ``exercise``.

    ``reference``: the reference solution (default: the course's; in a learner release,
    where there is none, the answers stored at release time).  ``zygote``: a running fork
    server to reuse (grading many files); by default one is started for this call and
    stopped at its end.  ``recorder``: keeps what the reference answered (``grade release``).
    """
    started = time.monotonic()
    submission = Path(submission)
    if not submission.is_file():
        raise GradingError(f"no such file: {submission}")
    if not os.access(submission, os.R_OK):
        raise GradingError(f"cannot read {submission}")
    answers = None
    if reference is None and course.solutions_dir() is None:
        answers = expected.load(exercise.name)  # a learner release: stored answers, no solutions
    reference_path = reference if reference is not None or answers is not None else \
        course.solution_path(exercise.name)
    timeout = float(options.timeout or exercise.timeout)
    limits = messages.Limits(timeout, options.memory_bytes)
    hidden = tuple(str(p) for p in course.secret_paths())
    keep = (str(course.PACKAGE_DIR),)

    with tempfile.TemporaryDirectory(prefix="grader-") as work:
        work_path = Path(work)
        os.chmod(work, 0o711)
        learner_dir, reference_dir = work_path / "learner", work_path / "reference"
        for d in (learner_dir / "scratch", reference_dir / "scratch"):
            d.mkdir(parents=True)
        display = submission.name
        copy = learner_dir / "scratch" / display
        shutil.copyfile(submission, copy)
        env = (("CUDA_VISIBLE_DEVICES", "-1"),) if options.device == "cpu" else ()
        learner_spec = SandboxSpec(scratch=str(learner_dir / "scratch"), confine=True,
                                   memory_bytes=options.memory_bytes, hidden=hidden,
                                   read_only=(str(submission.resolve().parent),), keep=keep,
                                   namespaces=os.environ.get("GRADER_NAMESPACES", "1") != "0", env=env)
        reference_spec = SandboxSpec(scratch=str(reference_dir / "scratch"), confine=False,
                                     memory_bytes=None, env=env)
        module = exercise.name
        learner_config = {"role": "learner", "path": str(copy), "display": display,
                          "module": module, "seed": options.seed, "device": options.device}
        own_zygote = zygote is None
        if zygote is None:
            zygote = start_zygote(preload_for([(exercise, submission)],
                                              reference_path.parent if reference_path else None))
        learner = reference = judge = None
        judge_dir = work_path / "judge"
        (judge_dir / "scratch").mkdir(parents=True)
        judge_spec = replace(learner_spec, scratch=str(judge_dir / "scratch"), read_only=())
        judge_config = {"role": "judge", "path": "", "display": "", "module": "judge",
                        "seed": options.seed, "device": options.device}
        try:
            deadline = time.monotonic() + timeout
            if reference_path is None:
                reference = expected.ReplayWorker(answers or {})
            else:
                reference = WorkerSession(zygote, reference_spec, {
                    "role": "reference", "path": str(reference_path), "display": reference_path.name,
                    "module": module, "seed": options.seed, "device": options.device},
                    str(reference_dir), time.monotonic() + REFERENCE_TIMEOUT)
            learner = LearnerProcess(
                lambda: WorkerSession(zygote, learner_spec, learner_config, str(learner_dir), deadline),
                deadline, display)
            judge = LazyWorker(lambda: WorkerSession(zygote, judge_spec, judge_config, str(judge_dir),
                                                     time.monotonic() + REFERENCE_TIMEOUT))
            checks, notes = _run_checks(exercise, options, learner, reference, judge, limits, recorder)
            output = learner.first.output()
            isolation = learner.first.isolation
        except ZygoteError as exc:
            raise GradingError(f"the grading processes failed: {exc}") from None
        finally:
            for party in (learner, reference, judge):
                if party is not None:
                    party.close()
            if own_zygote:
                zygote.close()

    if isolation.level != "full":
        why = "; ".join(isolation.notes) or isolation.level
        notes = notes + (messages.NOTE_NOT_ISOLATED.format(why=why),)
    return ExerciseReport(
        exercise=exercise.name, title=exercise.title, checks=checks,
        duration_s=round(time.monotonic() - started, 3), grader_version=__version__,
        seed=options.seed, submission=str(submission), output=output, notes=notes,
        isolation=isolation,
    )


def _start_reference(exercise: Exercise, reference: Any) -> None:
    started = reference.start()
    load = getattr(reference, "load", None)
    if not started.ok or (load and (load.fatal or load.problems)):
        detail = started.kind if not started.ok else str((load.fatal or load.problems[0]))[:300]
        raise GradingError(f"the reference solution for {exercise.name} did not load: {detail}")


def _require_gpu(judge: LazyWorker) -> None:
    """``--device gpu`` with no GPU visible to TensorFlow is a usage error, said plainly."""
    outcome = judge.receive(judge.send("harness", "devices"))
    gpus = outcome.value.get("gpus") if outcome.ok and isinstance(outcome.value, dict) else None
    if not gpus:
        raise GradingError("--device gpu: TensorFlow sees no GPU on this machine "
                           "(use --device cpu, or auto to use a GPU only when there is one)")


def _run_checks(exercise: Exercise, options: GradeOptions, learner: LearnerProcess,
                reference: Any, judge: LazyWorker, limits: messages.Limits,
                recorder: "expected.Recorder | None" = None
                ) -> tuple[tuple[CheckResult, ...], tuple[Text, ...]]:
    started = learner.session.start()
    replay = isinstance(reference, expected.ReplayWorker)
    if not replay:
        _start_reference(exercise, reference)
    if options.device == "gpu":
        _require_gpu(judge)
    if not started.ok:
        if started.kind == "timeout":
            message = messages.TIMEOUT.format(seconds=limits.timeout)
        elif started.kind == "died":
            message = messages.DIED_LOADING.format(how=started.detail or "?")
        else:
            message = messages.WORKER_START.format(detail=f"{started.kind} {started.detail}")
        status = Status.TIMEOUT if started.kind == "timeout" else Status.ERROR
        return _all(exercise, status, message), ()
    load = learner.session.load
    assert load is not None
    if load.fatal:
        return _all(exercise, Status.ERROR, messages.fatal_load(load.fatal)), ()
    notes = tuple(messages.load_notes(load))
    memo = RunMemo()
    results: list[CheckResult] = []
    timeout_check: str | None = None
    for check in exercise.checks:
        if timeout_check is not None or learner.out_of_time:
            message = messages.TIMEOUT_EARLIER.format(seconds=limits.timeout,
                                                      check=timeout_check or "loading")
            results.append(CheckResult(check.name, check.description, Status.TIMEOUT, 0.0,
                                       check.points, check.visibility, check.function, message,
                                       check.hint))
            continue
        if (replay or recorder is not None) and check.visibility == "hidden":  # a release, or making one
            results.append(CheckResult(check.name, check.description, Status.SKIPPED, 0.0, check.points,
                                       check.visibility, check.function, messages.OFFICIAL_ONLY,
                                       check.hint))
            continue
        answers = recorder.wrap(reference) if recorder is not None else reference
        ctx = CheckContext(check.name, options.seed, learner, answers, judge, memo, options)
        result = run_check(check, ctx, learner, limits)
        if result.status is Status.TIMEOUT:
            timeout_check = check.name
        results.append(result)
    return tuple(results), notes


