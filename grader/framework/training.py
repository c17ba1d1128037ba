"""Judging a model by how well it learns.

The learner's worker builds the model with the learner's function and fits it
with the learner's ``FIT`` on the training part of a fixed split
(:mod:`grader.data.splits`).  What comes back is the model as plain data and
the loss per epoch.  The judge rebuilds the model safely and predicts on the
held-out inputs; the labels never leave the grading process, where the metric
is computed.  Training happens once per seed and run, shared by the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.framework import expect
from grader.framework.context import CheckContext, stable_seed
from grader.framework.failures import CheckFailed, LearnerStopped, NotAttempted
from grader.data.splits import Split
from grader.harness.ops.training import RESERVED
from grader.results import Measurement
from grader.sandbox.protocol import Outcome
from grader.text import Text

FIT_REJECTED = Text("FIT cannot be used: {detail}", "FIT 을(를) 쓸 수 없습니다: {detail}")
FIT_OVER_BUDGET = Text("FIT asks for {epochs} epochs; the budget of this exercise is {budget} epochs",
                       "FIT 이(가) {epochs} 에포크를 요청합니다. 이 연습의 예산은 {budget} 에포크입니다")
FIT_NOT_DICT = Text("FIT must be a dict of model.fit keywords such as {{'epochs': 100}}, not {got}",
                    "FIT 은(는) {{'epochs': 100}} 처럼 model.fit 키워드의 dict 여야 합니다. 지금: {got}")
FIT_RESERVED = Text("FIT may not set {keys}: the grader gives fit the training data itself",
                    "FIT 에 {keys} 을(를) 넣을 수 없습니다. 학습 데이터는 채점기가 fit 에 직접 줍니다")
FIT_EPOCHS = Text("FIT['epochs'] must be a whole number of at least 1, not {got}",
                  "FIT['epochs'] 는 1 이상의 정수여야 합니다. 지금: {got}")
NOT_A_MODEL = Text("{builder}() returned a {type}; expected a compiled keras.Model",
                   "{builder}() 이(가) {type} 을(를) 돌려주었습니다. 컴파일된 keras.Model 이 필요합니다")
BELOW = Text("{metric} on held-out data: {values}; at least {threshold} is needed{majority}",
             "보류 데이터에서 {metric}: {values}. 최소 {threshold} 이(가) 필요합니다{majority}")
MAJORITY = Text(" under most of the {n} seeds", " ({n}개 시드 중 과반에서)")
NAN_LOSS = Text("training diverged: the loss became NaN (try a smaller learning rate)",
                "학습이 발산했습니다: 손실이 NaN 이 되었습니다 (학습률을 줄여 보세요)")


@dataclass(frozen=True)
class SeedRun:
    seed: int
    model: dict  # the trained model, as plain data (see grader.harness.models.describe)
    loss: tuple[float, ...]
    device: str
    seconds: float
    builder: str = ""  # the learner's function that built the model


def seeds_for(ctx: CheckContext, count: int) -> list[int]:
    """``count`` training seeds, drawn one-way from the grading's seed (shown in the report: they
    say nothing of the seed the hidden inputs come from)."""
    return [stable_seed(ctx.run_seed, "training", i) % (2**31) for i in range(count)]


def read_fit(ctx: CheckContext, budget: int) -> dict:
    """The learner's FIT, checked against the epoch budget (ends the check otherwise)."""
    outcome = ctx.learner.attr_outcome("FIT")
    if not outcome.ok:
        raise LearnerStopped(outcome, "FIT")
    fit = outcome.value
    if fit is None:
        raise NotAttempted("FIT")
    if not isinstance(fit, dict):
        raise CheckFailed(FIT_NOT_DICT.format(got=expect.show(fit, 60)))
    reserved = [key for key in fit if key in RESERVED]
    if reserved:
        raise CheckFailed(FIT_RESERVED.format(keys=", ".join(map(str, reserved))))
    epochs = fit.get("epochs", 1)
    if isinstance(epochs, np.ndarray) and epochs.ndim == 0:
        epochs = epochs.item()
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise CheckFailed(FIT_EPOCHS.format(got=expect.show(epochs, 40)))
    if epochs > budget:
        raise CheckFailed(FIT_OVER_BUDGET.format(epochs=epochs, budget=budget))
    return fit


@dataclass(frozen=True)
class Job:
    """One model to train: the learner's builder, the data, and how many seeds."""

    builder: str
    split: Split
    seeds: int
    budget: int
    preprocess: str | None = None
    key: str = ""


def _seed_run(outcome: Outcome, job: Job, seed: int) -> SeedRun:
    if outcome.raised("FitRejected"):
        raise CheckFailed(FIT_REJECTED.format(detail=outcome.error.message))
    if not outcome.ok:
        frames = outcome.error.frames if outcome.error else ()
        raise LearnerStopped(outcome, frames[-1].function if frames else job.builder)
    result: Any = outcome.value
    if not isinstance(result, dict) or result.get("status") not in ("trained", "not_a_model"):
        raise CheckFailed(expect.NOT_PLAIN.format(call=job.builder, type="?", expected="a keras.Model"))
    if result["status"] == "not_a_model":
        raise CheckFailed(NOT_A_MODEL.format(builder=job.builder, type=result.get("type")))
    loss = tuple(float(v) for v in np.asarray(result.get("loss", []), dtype=float).ravel())
    return SeedRun(seed, result["model"], loss, str(result.get("device", "?"))[:80],
                   float(result.get("seconds") or 0.0), job.builder)


def _memo_key(job: Job) -> str:
    return f"train/{job.builder}/{job.seeds}/{job.key}"


def train_all(ctx: CheckContext, jobs: list[Job]) -> None:
    """Train every job under its seeds, in parallel learner processes; remember the results."""
    pending = [job for job in jobs if not ctx.memo.has(_memo_key(job))]
    calls = [(job, seed) for job in pending for seed in seeds_for(ctx, job.seeds)]
    if not calls:
        return
    try:  # FIT's problems are said here, in both languages, before anything trains
        read_fit(ctx, min(job.budget for job in pending))
    except (CheckFailed, LearnerStopped, NotAttempted) as stop:
        for job in pending:
            ctx.memo.put(_memo_key(job), stop)
        return
    outcomes = ctx.learner.harness_outcomes("train_model", [
        {"builder": job.builder, "x": job.split.x_train, "y": job.split.y_train, "seed": seed,
         "budget": job.budget, "preprocess": job.preprocess} for job, seed in calls])
    for job in pending:
        try:
            runs: Any = [_seed_run(outcome, job, seed)
                         for (owner, seed), outcome in zip(calls, outcomes) if owner is job]
        except (CheckFailed, LearnerStopped, NotAttempted) as stop:
            runs = stop
        ctx.memo.put(_memo_key(job), runs)


def train(ctx: CheckContext, job: Job, also: list[Job] = ()) -> list[SeedRun]:
    """The runs of ``job`` (trained once per grading run; ``also`` are trained alongside)."""
    train_all(ctx, [job, *also])
    runs = ctx.memo.get(_memo_key(job), lambda: None)
    if isinstance(runs, Exception):
        raise runs
    ctx.curve = runs[0].loss
    if any(not np.isfinite(run.loss).all() for run in runs if run.loss):
        raise CheckFailed(NAN_LOSS)
    return runs


def predict(ctx: CheckContext, run: SeedRun, x: np.ndarray) -> np.ndarray:
    """The judge's predictions of a trained model on held-out inputs."""
    from grader.framework import models

    models.described(run.model, "the trained model")
    return np.asarray(ctx.judge.model_op("predict", f"{run.builder or 'the trained model'}()",
                                         model=run.model, x=x), dtype=float)


def accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(predictions, axis=-1) == labels))


def r2(predictions: np.ndarray, target: np.ndarray) -> float:
    predictions, target = predictions.reshape(-1), target.reshape(-1).astype(float)
    return float(1.0 - np.sum((target - predictions) ** 2) / np.sum((target - target.mean()) ** 2))


def expect_threshold(ctx: CheckContext, metric: str, runs: list[SeedRun], values: list[float],
                     threshold: float) -> None:
    """Record each seed's value; pass when most seeds reach the threshold."""
    for run, value in zip(runs, values):
        ctx.record(Measurement(metric, round(value, 6), threshold, ">=", run.seed, run.device))
    reached = sum(value >= threshold for value in values)
    if reached * 2 <= len(values):
        shown = ", ".join(f"{v:.3f} (seed {run.seed})" for run, v in zip(runs, values))
        majority = MAJORITY.format(n=len(values)) if len(values) > 1 else Text("", "")
        ctx.fail(BELOW.format(metric=metric, values=shown, threshold=threshold, majority=majority))
