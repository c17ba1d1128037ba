"""What a report shows, decided once for every format (text, JSON, Markdown, JUnit, Gradescope, HTML).

- which statuses carry a hint (:func:`shows_hint`), and the words for each status (:data:`LABELS`);
- percentages (:func:`percent`);
- the measurements of a check grouped by name, beside their threshold (:func:`measurement_groups`,
  :func:`measured_text`), and the training curve (:func:`curve_text`);
- whether what the learner's code printed is shown (:func:`shows_output`).
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.results import CheckResult, ExerciseReport, Status
from grader.text import Text

LABELS = {
    Status.PASSED: Text("passed", "통과"), Status.FAILED: Text("failed", "실패"),
    Status.ERROR: Text("error", "오류"), Status.TIMEOUT: Text("timeout", "시간 초과"),
    Status.NOT_ATTEMPTED: Text("not attempted", "미시도"), Status.SKIPPED: Text("skipped", "건너뜀"),
    Status.MISSING: Text("missing", "제출 없음"),
}
HINT = Text("hint", "힌트")
HIDDEN = Text("hidden", "비공개")
MEASURED = Text("{name}: {values} (needed {comparison} {threshold})",
                "{name}: {values} (기준 {comparison} {threshold})")
SEED = Text("seed {seed}", "시드 {seed}")
CURVE = Text("training loss {first:.4g} → {last:.4g} over {epochs} epochs",
             "학습 손실 {first:.4g} → {last:.4g}, {epochs} 에포크")
CURVE_WHERE = Text(" (seed {seed}, {device})", " (시드 {seed}, {device})")

#: A hint helps a wrong answer or a start; not a crash, a timeout or a missing file.
HINTED = frozenset({Status.FAILED, Status.NOT_ATTEMPTED})


def shows_hint(check: CheckResult) -> bool:
    return check.hint is not None and check.status in HINTED


def percent(score: float, max_score: float) -> float:
    return 100.0 * score / max_score if max_score else 0.0


def shows_output(report: ExerciseReport) -> bool:
    """What the learner's code printed is shown whenever there is some: it is how learners debug."""
    return bool(report.output.strip())


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


def measured_text(group: MeasuredGroup, lang: str, seeds: bool = True) -> str:
    """``accuracy: 0.967 (seed 0), 0.933 (seed 1) (needed >= 0.9)``; ``seeds=False`` leaves the seeds out."""
    values = ", ".join(f"{value:.4g}" + (f" ({SEED(lang).format(seed=seed)})" if seeds and seed is not None else "")
                       for value, seed in group.values)
    if group.threshold is None:
        return f"{group.name}: {values}"
    return MEASURED(lang).format(name=group.name, values=values, threshold=group.threshold,
                                 comparison=group.comparison)


def curve_text(check: CheckResult, lang: str, seeds: bool = True) -> str | None:
    """``training loss 440.2 → 1.958e-11 over 300 epochs (seed 0, CPU)``, or None without a curve."""
    if not check.curve:
        return None
    text = CURVE(lang).format(first=check.curve[0], last=check.curve[-1], epochs=len(check.curve))
    first = check.measurements[0] if check.measurements else None
    if seeds and first is not None and first.seed is not None:
        text += CURVE_WHERE(lang).format(seed=first.seed, device=first.device)
    return text
