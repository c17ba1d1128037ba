"""``grade validate``: proof, per exercise, that its checks can tell right from wrong.

For instructors writing exercises.  An exercise is valid when its reference
solution gets full marks, its stub gets 0 with every check "not attempted",
every known-wrong variant (``solutions/known_wrong/<exercise>.py``) loses the
points of the checks it names and keeps the rest, and every check is caught by
at least one variant.  "Caught" is failed or error: a check skipped because a check it
needs did not pass catches nothing (the check it needs does), and is not held against
a variant (that check is).  The test suite asserts the same with the same functions.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader import course, packs
from grader.framework import Exercise
from grader.framework.known_wrong import KnownWrong, load
from grader.grading.fork_servers import SharedForkServer
from grader.results import ExerciseReport, Status
from grader.runner import GradeOptions, grade_submission

MIN_VARIANTS = 3


@dataclass(frozen=True)
class Finding:
    """One thing validated (the solution, the stub, a variant, the coverage) and what is wrong with it."""

    subject: str
    problems: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ExerciseValidation:
    exercise: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def _describe(report: ExerciseReport, name: str) -> str:
    check = next(c for c in report.checks if c.name == name)
    message = check.message.en if check.message is not None else ""
    return f"{name}: {check.status.value}" + (f" ({message[:160]})" if message else "")


def solution_problems(report: ExerciseReport) -> list[str]:
    problems = [f"the reference does not pass {_describe(report, c.name)}"
                for c in report.checks if not c.passed]
    if report.max_score <= 0:
        problems.append("the exercise has no points")
    return problems


def stub_problems(report: ExerciseReport) -> list[str]:
    # A check skipped for one it needs shows nothing of its own: the check it needs is judged here too.
    problems = [f"the stub is not 'not attempted' at {_describe(report, c.name)}"
                for c in report.checks if c.status is not Status.NOT_ATTEMPTED and not c.blocked]
    if report.score != 0:
        problems.append(f"the stub scores {report.score:g}")
    return problems


def variant_problems(report: ExerciseReport, variant: KnownWrong) -> list[str]:
    """What a variant's report shows wrong: a named check that passed, or an unrelated check that failed."""
    results = {c.name: c for c in report.checks}
    problems = []
    for name in variant.caught_by:
        check = results.get(name)
        if check is None:
            problems.append(f"names a check that does not exist: {name}")
        elif check.status not in (Status.FAILED, Status.ERROR) or check.points != 0:
            problems.append(f"not caught by {_describe(report, name)}")
    for check in report.checks:  # a check skipped for one it needs: that one is judged instead
        if check.function not in variant.affects and not check.passed and not check.blocked:
            problems.append(f"fails a check it should not affect: {_describe(report, check.name)}")
    return problems


def coverage_problems(exercise: Exercise, variants: list[KnownWrong]) -> list[str]:
    declared = {c.name for c in exercise.checks}
    caught = {name for v in variants for name in v.caught_by}
    problems = [f"no known-wrong variant is caught by {name}" for name in sorted(declared - caught)]
    problems += [f"variants name checks that do not exist: {name}" for name in sorted(caught - declared)]
    unknown = {f for v in variants for f in v.affects} - set(exercise.functions)
    problems += [f"variants affect functions the exercise does not have: {f}" for f in sorted(unknown)]
    if len(variants) < MIN_VARIANTS:
        problems.append(f"{len(variants)} known-wrong variants; at least {MIN_VARIANTS} are needed")
    return problems


def validate(names: list[str], options: GradeOptions = GradeOptions(), solutions: Path | None = None,
             stubs: Path | None = None,
             on_finding: Callable[[str, Finding], None] | None = None,
             course_: packs.Course | None = None) -> list[ExerciseValidation]:
    """Validate each named exercise of ``course_`` (default: the built-in course; see the module
    docstring), one fork server for all."""
    course_ = course_ or packs.builtin()
    solutions = solutions or course_.solutions_dir
    if solutions is None:
        raise course.CourseError("validation needs the reference solutions (set GRADER_SOLUTIONS)")
    stubs = stubs or course_.manifest.stubs_dir
    exercises = [course_.load_exercise(name) for name in names]
    results = []
    with SharedForkServer(exercises, solutions, course_=course_) as shared, \
            tempfile.TemporaryDirectory(prefix="grader-validate-") as work:

        def grade(exercise: Exercise, path: Path) -> ExerciseReport:
            return grade_submission(exercise, path, options, solutions / f"{exercise.name}.py", shared.get(),
                                    course_=course_)

        for exercise in exercises:
            findings = []

            def note(finding: Finding) -> None:
                findings.append(finding)
                if on_finding is not None:
                    on_finding(exercise.name, finding)

            reference = solutions / f"{exercise.name}.py"
            report = grade(exercise, reference)
            note(Finding("solution", tuple(solution_problems(report)), report.duration_s))
            stub = stubs / f"{exercise.name}.py"
            if stub.is_file():
                report = grade(exercise, stub)
                note(Finding("stub", tuple(stub_problems(report)), report.duration_s))
            else:
                note(Finding("stub", (f"no stub at {stub}",)))
            try:
                variants = load(solutions, exercise.name)
            except Exception as exc:  # noqa: BLE001 - an instructor's file: say what is wrong with it
                note(Finding("known-wrong variants", (f"cannot be read: {type(exc).__name__}: {exc}",)))
                variants = []
            source = reference.read_text(encoding="utf-8")
            for variant in variants:
                path = Path(work) / exercise.name / variant.name / f"{exercise.name}.py"
                path.parent.mkdir(parents=True)
                path.write_text(variant.source(source), encoding="utf-8")
                report = grade(exercise, path)
                note(Finding(f"variant {variant.name}", tuple(variant_problems(report, variant)),
                             report.duration_s))
            note(Finding("coverage", tuple(coverage_problems(exercise, variants))))
            results.append(ExerciseValidation(exercise.name, tuple(findings)))
    return results
