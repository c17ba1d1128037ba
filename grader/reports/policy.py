"""What a report shows, decided once: :func:`view` makes the :class:`ReportView` every format only formats.

Text, Markdown, the learner's HTML page, the Jupyter cell (``grader.check``), JUnit, Gradescope, JSON
and the ``grade all`` table each take a view and decide nothing of their own.  The view decides:

- the words: each check's status (:data:`LABELS`), the exercise's (:data:`EXERCISE_LABELS`), the
  sentences under the checks (:data:`ALL_PASSED` ...) and the words several formats share;
- whether all passed (:attr:`ExerciseReport.all_passed`: a release's hidden checks, left to official
  grading, are not failures; a check skipped because a check it needs did not pass is one: not all
  passed), and the points left to official grading;
- the hidden-inputs note (:func:`_hidden_note`);
- which checks show their hint (:func:`shows_hint`), their message, and which a learner can fix;
- each check's measurements beside their threshold, and the training curve;
- whether what the learner's code printed is shown (:func:`shows_output`).

The JSON report is the data (every field, in one language); from the view it takes only ``passed``
and ``status``, so a JSON report is the same whatever the other formats show.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.results import CheckResult, ExerciseReport, ExerciseStatus, Status
from grader.text import Text

LABELS = {
    Status.PASSED: Text("passed", "통과"), Status.FAILED: Text("failed", "실패"),
    Status.ERROR: Text("error", "오류"), Status.TIMEOUT: Text("timeout", "시간 초과"),
    Status.NOT_ATTEMPTED: Text("not attempted", "미시도"), Status.SKIPPED: Text("skipped", "건너뜀"),
    Status.MISSING: Text("missing", "제출 없음"),
}
EXERCISE_LABELS = {
    ExerciseStatus.PASSED: Text("passed", "통과"), ExerciseStatus.PARTIAL: Text("partial", "부분 점수"),
    ExerciseStatus.FAILED: Text("failed", "실패"), ExerciseStatus.NOT_ATTEMPTED: Text("not attempted", "미시도"),
    ExerciseStatus.MISSING: Text("missing", "제출 없음"), ExerciseStatus.TIMEOUT: Text("timeout", "시간 초과"),
    ExerciseStatus.ERROR: Text("error", "오류"),
}
HEAD = (Text("exercise", "연습"), Text("score", "점수"), Text("status", "상태"), Text("title", "제목"))
HINT = Text("hint", "힌트")
HIDDEN = Text("hidden", "비공개")
TITLE = Text("Grading report", "채점 결과")
SCORE = Text("Score {points} ({percent:.0f}%) · {status}", "점수 {points} ({percent:.0f}%) · {status}")
NOTES = Text("About your file:", "제출 파일에 대해:")
OUTPUT = Text("Your code printed:", "코드가 출력한 내용:")
OUTPUT_CUT = Text("Your code printed (cut to the first and last lines):", "코드가 출력한 내용 (앞뒤 일부):")
ALL_PASSED = Text("All checks passed.", "모든 검사를 통과했습니다.")
ALL_PASSED_HERE = Text("All checks that run here passed.", "여기서 실행되는 검사를 모두 통과했습니다.")
OFFICIAL = Text("{points:g} points of hidden checks are checked at official grading, not in this copy.",
                "비공개 검사 {points:g}점은 이 사본이 아니라 공식 채점 때 검사합니다.")
HIDDEN_NOTE = Text("Hidden checks use inputs drawn at grading time, so a hard-coded answer does not pass.",
                   "비공개 검사는 채점할 때 뽑은 입력을 쓰므로, 답을 외워 적으면 통과하지 못합니다.")
FOOTER = Text("Graded {submission} with tf-course-grader {version}, seed {seed}, in {seconds:.1f} s.",
              "{submission} 채점: tf-course-grader {version}, 시드 {seed}, {seconds:.1f}초.")
FOOTER_OFFICIAL = Text("Graded {submission} with tf-course-grader {version}, in {seconds:.1f} s.",
                       "{submission} 채점: tf-course-grader {version}, {seconds:.1f}초.")
EVERY_CHECK = Text("every check above: {message}", "위의 모든 검사: {message}")
MEASURED = Text("{name}: {values} (needed {comparison} {threshold})",
                "{name}: {values} (기준 {comparison} {threshold})")
SEED = Text("seed {seed}", "시드 {seed}")
CURVE = Text("training loss {first:.4g} → {last:.4g} over {epochs} epochs",
             "학습 손실 {first:.4g} → {last:.4g}, {epochs} 에포크")
CURVE_WHERE = Text(" (seed {seed}, {device})", " (시드 {seed}, {device})")

#: A hint helps a wrong answer or a start; not a crash, a timeout or a missing file.
HINTED = frozenset({Status.FAILED, Status.NOT_ATTEMPTED})
#: Nothing the learner can fix: no file, or not run (left to official grading, or waiting for a check it needs).
NOT_TO_FIX = frozenset({Status.PASSED, Status.MISSING, Status.SKIPPED})


def shows_hint(check: CheckResult) -> bool:
    return check.hint is not None and check.status in HINTED


def percent(score: float, max_score: float) -> float:
    return 100.0 * score / max_score if max_score else 0.0


def shows_output(report: ExerciseReport) -> bool:
    """What the learner's code printed is shown whenever there is some: it is how learners debug."""
    return bool(report.output.strip())


def _hidden_note(report: ExerciseReport) -> bool:
    """The note that hidden checks draw their inputs: when not all passed and a hidden check did not pass,
    but not for want of a file (missing).  A release's hidden checks, left to official grading, count:
    the note says how official grading will judge them."""
    return not report.all_passed and any(c.visibility == "hidden" and c.status not in (Status.PASSED, Status.MISSING)
                                         for c in report.checks)


@dataclass(frozen=True)
class MeasuredGroup:
    """The values of one measured quantity (one per training seed), and what was needed."""

    name: str
    values: tuple[tuple[float, int | None], ...]  # (value, seed)
    threshold: float | None
    comparison: str
    met: bool | None  # every value met the threshold (None: no threshold)


def measurement_groups(check: CheckResult) -> list[MeasuredGroup]:
    groups = []
    for name in dict.fromkeys(m.name for m in check.measurements):
        items = [m for m in check.measurements if m.name == name]
        met = [m.met for m in items if m.met is not None]
        groups.append(MeasuredGroup(name, tuple((m.value, m.seed) for m in items), items[0].threshold,
                                    items[0].comparison, all(met) if met else None))
    return groups


def measured_text(group: MeasuredGroup, lang: str) -> str:
    """``accuracy: 0.967 (seed 0), 0.933 (seed 1) (needed >= 0.9)``; a value without a seed (a page of
    official grading) has none."""
    values = ", ".join(f"{value:.4g}" + (f" ({SEED(lang).format(seed=seed)})" if seed is not None else "")
                       for value, seed in group.values)
    if group.threshold is None:
        return f"{group.name}: {values}"
    return MEASURED(lang).format(name=group.name, values=values, threshold=group.threshold,
                                 comparison=group.comparison)


def curve_text(check: CheckResult, lang: str) -> str | None:
    """``training loss 440.2 → 1.958e-11 over 300 epochs (seed 0, CPU)``, or None without a curve."""
    if not check.curve:
        return None
    text = CURVE(lang).format(first=check.curve[0], last=check.curve[-1], epochs=len(check.curve))
    first = check.measurements[0] if check.measurements else None
    if first is not None and first.seed is not None:
        text += CURVE_WHERE(lang).format(seed=first.seed, device=first.device)
    return text


@dataclass(frozen=True)
class Measured:
    """One measured quantity as a report shows it, and whether it met its threshold (None: it has none)."""

    text: str
    met: bool | None


@dataclass(frozen=True)
class CheckView:
    """One check as every format shows it; ``result`` is the data (name, points, status, duration)."""

    number: int  # as ``grade hint EXERCISE N`` numbers it
    result: CheckResult
    description: str
    label: str  # the status word
    hidden: bool
    message: str | None  # why it did not pass (None when it passed)
    hint: str | None  # None when no hint is shown
    measured: tuple[Measured, ...]
    curve: str | None
    to_fix: bool  # the learner can fix it: it did not pass, was run, and there was a file

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def status(self) -> Status:
        return self.result.status


@dataclass(frozen=True)
class ReportView:
    """One exercise's report as every format shows it, in one language; ``report`` is the data."""

    report: ExerciseReport
    lang: str
    title: str
    status: ExerciseStatus
    status_word: str
    score: float
    max_score: float
    percent: float
    all_passed: bool
    official_points: float  # points of hidden checks left to official grading (a learner release)
    checks: tuple[CheckView, ...]
    notes: tuple[str, ...]  # about the file
    shared_message: str | None  # "every check above: ...": the one message of every check that did not pass
    output: str | None  # what the learner's code printed (None: not shown)
    official_note: str | None  # "N points of hidden checks are checked at official grading"
    conclusion: str | None  # "All checks passed." (None unless all passed)
    hidden_note: str | None  # "Hidden checks use inputs drawn at grading time ..."

    def score_line(self, points: str) -> str:
        """``Score 2/14 (14%) · partial``, ``points`` being ``2/14`` as the format writes it."""
        return SCORE(self.lang).format(points=points, percent=self.percent, status=self.status_word)

    def footer(self, submission: str) -> str:
        """The file, the grader and (not in official grading) the seed; ``submission`` as the format writes it."""
        report = self.report
        template = FOOTER if report.seed is not None else FOOTER_OFFICIAL
        return template(self.lang).format(submission=submission, version=report.grader_version, seed=report.seed,
                                          seconds=report.duration_s)


def _check(number: int, check: CheckResult, lang: str) -> CheckView:
    return CheckView(
        number, check, check.description(lang), LABELS[check.status](lang), check.visibility == "hidden",
        check.message(lang) if check.message is not None and not check.passed else None,
        check.hint(lang) if shows_hint(check) else None,
        tuple(Measured(measured_text(g, lang), g.met) for g in measurement_groups(check)),
        curve_text(check, lang), check.status not in NOT_TO_FIX)


def _shared_message(report: ExerciseReport) -> Text | None:
    """The message every check that did not pass has, when there are several and it is one (a file
    that could not be read): said once, under the checks, not once per check."""
    failed = [c for c in report.checks if c.status is not Status.PASSED]
    first = failed[0].message if failed else None
    if len(failed) > 1 and first is not None and all(c.message == first for c in failed):
        return first
    return None


def view(report: ExerciseReport, lang: str) -> ReportView:
    """What every format shows of ``report`` in ``lang``."""
    shared = _shared_message(report)
    official = report.skipped_points
    conclusion = (ALL_PASSED_HERE if official else ALL_PASSED)(lang) if report.all_passed else None
    return ReportView(
        report=report, lang=lang, title=report.title(lang), status=report.status,
        status_word=EXERCISE_LABELS[report.status](lang), score=report.score, max_score=report.max_score,
        percent=percent(report.score, report.max_score), all_passed=report.all_passed, official_points=official,
        checks=tuple(_check(n, c, lang) for n, c in enumerate(report.checks, start=1)),
        notes=tuple(note(lang) for note in report.notes),
        shared_message=None if shared is None else EVERY_CHECK.format(message=shared)(lang),
        output=report.output if shows_output(report) else None,
        official_note=OFFICIAL.format(points=official)(lang) if official else None, conclusion=conclusion,
        hidden_note=HIDDEN_NOTE(lang) if _hidden_note(report) else None)


def views(reports: "list[ExerciseReport] | tuple[ExerciseReport, ...]", lang: str) -> list[ReportView]:
    return [view(r, lang) for r in reports]
