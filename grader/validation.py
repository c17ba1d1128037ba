"""``grade validate``: proof, per exercise, that its checks can tell right from wrong.

For instructors writing exercises, before a release.  An exercise is valid when

- its reference solution gets full marks under every grading seed given (:data:`SEEDS` by default);
- its stub gets 0 with every check "not attempted";
- every known-wrong variant (``solutions/known_wrong/<exercise>.py``) loses the points of the checks
  it names and keeps the rest, and every check is caught by at least one variant (graded: a check a
  variant names but does not fail proves nothing).  "Caught" is
  failed or error: a check skipped because a check it needs did not pass catches nothing (the check
  it needs does), and is not held against a variant (that check is);
- every hidden check asks something else of the code under two grading seeds (its draw changes
  with the seed: :mod:`grader.draws`);
- every threshold a check measures (a trained model's accuracy) is cleared by the reference under
  every training seed of every grading seed; the worst margin is reported.

The files are the course pack's (:class:`grader.packs.Course`; the built-in course by default).
Each problem names the file to fix and how, in both languages (:mod:`grader.validation_texts`).
The test suite asserts the same with the same functions.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from grader import course, draws, packs
from grader import validation_texts as say
from grader.grading.fork_servers import SharedForkServer
from grader.framework import Exercise
from grader.framework.known_wrong import KnownWrong, load_file, variants_path
from grader.results import ExerciseReport, Measurement, Status
from grader.runner import GradeOptions, grade_submission
from grader.text import Text, same

MIN_VARIANTS = 3  # the built-in course's rule; a pack needs as many as prove every check (validate(min_variants=))
SEEDS = (0, 5, 12345)  # grading seeds the reference is graded under (the first also grades the stub and variants)


@dataclass(frozen=True)
class Problem:
    """What is wrong, and how to fix it (naming the file)."""

    what: Text
    fix: Text

    def __str__(self) -> str:
        return f"{self.what.en} (fix: {self.fix.en})"


@dataclass(frozen=True)
class Finding:
    """One thing validated (the solution, the stub, a variant, the coverage...) and what is wrong with it."""

    subject: Text  # what was validated, in both languages (validation_texts.SUBJECT_*)
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    file: str = ""  # the file this finding is about
    notes: tuple[Text, ...] = ()  # what was measured (a threshold's margin), shown when valid too

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


@dataclass(frozen=True)
class Files:
    """The four files of an exercise, as messages name them."""

    checks: str
    stub: str
    solution: str
    variants: str

    @classmethod
    def of(cls, exercise: Exercise, stub: Path, solutions: Path, variants: Path) -> "Files":
        return cls(shown(checks_file(exercise)), shown(stub), shown(solutions / f"{exercise.name}.py"),
                   shown(variants))


# A fallback for messages built without an exercise's files (the test suite's direct calls).
_SOME_FILES = Files("checks/EXERCISE.py", "exercises/EXERCISE.py", "solutions/EXERCISE.py",
                    "solutions/known_wrong/EXERCISE.py")


def checks_file(exercise: Exercise) -> Path:
    """The checks module that declared ``exercise`` (where its first check function is defined)."""
    for check in exercise.checks:
        module = sys.modules.get(check.run.__module__)
        if module is not None and getattr(module, "__file__", None):
            return Path(module.__file__)
    return Path(f"checks/{exercise.name}.py")


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _describe(report: ExerciseReport, name: str) -> Text:
    check = next(c for c in report.checks if c.name == name)
    described = same(f"{name}: {check.status.value}")
    if check.message is not None and check.message.en:
        described += Text(f" ({check.message.en[:160]})", f" ({check.message.ko[:160]})")
    return described


def solution_problems(report: ExerciseReport, files: Files = _SOME_FILES) -> list[Problem]:
    fix = say.FIX_SOLUTION.format(solution=files.solution, checks=files.checks)
    problems = [Problem(say.SOLUTION_FAILS.format(seed=report.seed, check=_describe(report, c.name)), fix)
                for c in report.checks if not c.passed]
    if report.max_score <= 0:
        problems.append(Problem(say.NO_POINTS, say.FIX_NO_POINTS.format(checks=files.checks)))
    return problems


def stub_problems(report: ExerciseReport, files: Files = _SOME_FILES) -> list[Problem]:
    # A check skipped for one it needs shows nothing of its own: the check it needs is judged here too.
    fix = say.FIX_STUB.format(stub=files.stub)
    problems = [Problem(say.STUB_ATTEMPTED.format(check=_describe(report, c.name)), fix)
                for c in report.checks if c.status is not Status.NOT_ATTEMPTED and not c.blocked]
    if report.score != 0:
        problems.append(Problem(say.STUB_SCORES.format(score=report.score), fix))
    return problems


def variant_problems(report: ExerciseReport, variant: KnownWrong, files: Files = _SOME_FILES) -> list[Problem]:
    """What a variant's report shows wrong: a named check that passed, or an unrelated check that failed."""
    results = {c.name: c for c in report.checks}
    problems = []
    for name in variant.caught_by:
        check = results.get(name)
        if check is None:
            problems.append(Problem(say.NO_SUCH_CHECK.format(check=name),
                                    say.FIX_NO_SUCH_CHECK.format(variants=files.variants, checks=files.checks)))
        elif check.status not in (Status.FAILED, Status.ERROR) or check.points != 0:
            problems.append(Problem(say.NOT_CAUGHT.format(check=_describe(report, name)),
                                    say.FIX_NOT_CAUGHT.format(name=name, variants=files.variants,
                                                              checks=files.checks)))
    for check in report.checks:  # a check skipped for one it needs: that one is judged instead
        if check.function not in variant.affects and not check.passed and not check.blocked:
            problems.append(Problem(say.UNRELATED.format(check=_describe(report, check.name)),
                                    say.FIX_UNRELATED.format(variants=files.variants)))
    return problems


def caught_checks(report: ExerciseReport, variant: KnownWrong) -> set[str]:
    """The checks a variant's report shows catching it: named in its caught_by, and failed (or an error)."""
    return {c.name for c in report.checks
            if c.name in variant.caught_by and c.status in (Status.FAILED, Status.ERROR) and c.points == 0}


def coverage_problems(exercise: Exercise, variants: list[KnownWrong], files: Files = _SOME_FILES,
                      min_variants: int = MIN_VARIANTS, caught: set[str] | None = None) -> list[Problem]:
    """Every check named by some variant (``caught``: the checks graded variants did catch, when known)."""
    declared = {c.name for c in exercise.checks}
    named = {name for v in variants for name in v.caught_by}
    covered = named if caught is None else caught
    problems = [Problem(say.UNCAUGHT.format(check=name), say.FIX_UNCAUGHT.format(variants=files.variants, check=name))
                for name in sorted(declared - covered)]
    problems += [Problem(say.NO_SUCH_CHECK.format(check=name),
                         say.FIX_NO_SUCH_CHECK.format(variants=files.variants, checks=files.checks))
                 for name in sorted(named - declared)]
    unknown = {f for v in variants for f in v.affects} - set(exercise.functions)
    problems += [Problem(say.UNKNOWN_FUNCTION.format(function=f),
                         say.FIX_UNKNOWN_FUNCTION.format(variants=files.variants, checks=files.checks))
                 for f in sorted(unknown)]
    if len(variants) < min_variants:
        problems.append(Problem(say.TOO_FEW.format(count=len(variants), least=min_variants),
                                say.FIX_TOO_FEW.format(variants=files.variants)))
    return problems


def draw_finding(exercise: Exercise, asked: list[draws.Asked], files: Files = _SOME_FILES) -> Finding:
    """Each hidden check asked something else under the first two grading seeds."""
    hidden = [c.name for c in exercise.checks if c.visibility == "hidden"]
    if len(asked) < 2:
        problems = (Problem(say.ONE_SEED, say.FIX_ONE_SEED),) if hidden else ()
        return Finding(say.SUBJECT_DRAWS, problems, file=files.checks)
    first, second = asked[:2]
    stuck = draws.same_draws(exercise, first, second)
    problems = tuple(Problem(say.SAME_DRAW.format(check=name, first=first.seed, second=second.seed),
                             say.FIX_SAME_DRAW.format(checks=files.checks, check=name)) for name in stuck)
    notes = tuple(say.DRAWS_CHANGE.format(check=name) for name in hidden if name not in stuck)
    return Finding(say.SUBJECT_DRAWS, problems, file=files.checks, notes=notes)


def _margin(m: Measurement) -> float:
    assert m.threshold is not None
    return m.value - m.threshold if m.comparison == ">=" else m.threshold - m.value


def threshold_finding(reports: list[ExerciseReport], files: Files = _SOME_FILES) -> Finding | None:
    """Every measured threshold cleared by the reference under every training seed, and the worst margin;
    None when no check measures against a threshold."""
    measured: dict[tuple[str, str, float], list[tuple[int, Measurement]]] = {}
    for report in reports:
        for check in report.checks:
            for m in check.measurements:
                if m.threshold is not None:
                    measured.setdefault((check.name, m.comparison, m.threshold), []).append((report.seed, m))
    if not measured:
        return None
    problems, notes = [], []
    for (check, comparison, threshold), found in measured.items():
        for seed, m in found:
            if not m.met:
                problems.append(Problem(
                    say.BELOW.format(check=check, metric=m.name, value=m.value, training=m.seed, seed=seed,
                                     comparison=comparison, threshold=threshold),
                    say.FIX_BELOW.format(checks=files.checks, solution=files.solution)))
        worst = min((m for _, m in found), key=_margin)
        notes.append(say.MARGIN.format(check=check, metric=worst.name, comparison=comparison, threshold=threshold,
                                       worst=worst.value, count=len(found), margin=_margin(worst)))
    return Finding(say.SUBJECT_THRESHOLDS, tuple(problems), file=files.solution, notes=tuple(notes))


def validate(names: list[str], options: GradeOptions = GradeOptions(), solutions: Path | None = None,
             stubs: Path | None = None, on_finding: Callable[[str, Finding], None] | None = None,
             course_: packs.Course | None = None, seeds: tuple[int, ...] = SEEDS,
             min_variants: int | None = None) -> list[ExerciseValidation]:
    """Validate each named exercise of ``course_`` (default: the built-in course; see the module
    docstring), one fork server for all.  The stub and the variants are graded under ``seeds[0]``,
    the reference under each of ``seeds``.  ``min_variants``: default :data:`MIN_VARIANTS` for the
    built-in course, 1 for a pack (there, every check caught by a variant is the proof)."""
    course_ = course_ or packs.builtin()
    solutions = solutions or course_.solutions_dir
    if solutions is None:
        raise course.CourseError("validation needs the reference solutions (set GRADER_SOLUTIONS)")
    stubs = stubs or course_.manifest.stubs_dir
    seeds = tuple(dict.fromkeys(seeds)) or (options.seed,)
    least = min_variants if min_variants is not None else (MIN_VARIANTS if course_.builtin else 1)
    exercises = [course_.load_exercise(name) for name in names]
    results = []
    with SharedForkServer(exercises, solutions, course_=course_) as shared, \
            tempfile.TemporaryDirectory(prefix="grader-validate-") as work:

        def grade(exercise: Exercise, path: Path, seed: int = seeds[0],
                  watch: draws.RequestLog | None = None) -> ExerciseReport:
            return grade_submission(exercise, path, replace(options, seed=seed), solutions / f"{exercise.name}.py",
                                    shared.get(), course_=course_, watch=watch)

        for exercise in exercises:
            findings = []

            def note(finding: Finding) -> None:
                findings.append(finding)
                if on_finding is not None:
                    on_finding(exercise.name, finding)

            stub = stubs / f"{exercise.name}.py"
            variants_file = course_.known_wrong_path(exercise.name) if solutions == course_.solutions_dir \
                else variants_path(solutions, exercise.name)
            files = Files.of(exercise, stub, solutions, variants_file)
            reference = solutions / f"{exercise.name}.py"
            references, asked = [], []
            for seed in seeds:
                log = draws.RequestLog(seed)
                report = grade(exercise, reference, seed, log)
                references.append(report)
                asked.append(log.asked())
                note(Finding(say.SUBJECT_SOLUTION.format(seed=seed), tuple(solution_problems(report, files)),
                             report.duration_s, files.solution))
            if stub.is_file():
                report = grade(exercise, stub)
                note(Finding(say.SUBJECT_STUB, tuple(stub_problems(report, files)), report.duration_s, files.stub))
            else:
                note(Finding(say.SUBJECT_STUB, (Problem(say.NO_STUB.format(stub=files.stub),
                                              say.FIX_NO_STUB.format(stub=files.stub)),), file=files.stub))
            try:
                variants = load_file(variants_file, exercise.name)
            except Exception as exc:  # noqa: BLE001 - an instructor's file: say what is wrong with it
                note(Finding(say.SUBJECT_VARIANTS,
                             (Problem(say.VARIANTS_UNREADABLE.format(error=f"{type(exc).__name__}: {exc}"),
                                      say.FIX_VARIANTS_UNREADABLE.format(variants=files.variants)),),
                             file=files.variants))
                variants = []
            source = reference.read_text(encoding="utf-8")
            caught: set[str] = set()
            for variant in variants:
                path = Path(work) / exercise.name / variant.name / f"{exercise.name}.py"
                path.parent.mkdir(parents=True)
                path.write_text(variant.source(source), encoding="utf-8")
                report = grade(exercise, path)
                caught |= caught_checks(report, variant)
                note(Finding(say.SUBJECT_VARIANT.format(name=variant.name),
                             tuple(variant_problems(report, variant, files)), report.duration_s, files.variants))
            note(Finding(say.SUBJECT_COVERAGE, tuple(coverage_problems(exercise, variants, files, least, caught)),
                         file=files.variants))
            note(draw_finding(exercise, asked, files))
            thresholds = threshold_finding(references, files)
            if thresholds is not None:
                note(thresholds)
            results.append(ExerciseValidation(exercise.name, tuple(findings)))
    return results
