"""Judging a model by how well it learns: the learner describes, the grader trains.

What comes from the learner's process is a description: the model its builder returns (or, in
the course's notebook style, the model its top-level code built, compiled and called
``model.fit`` on: the calls are recorded, not run) as architecture and compile settings, and its
``FIT``.  Never weights.  The judge, a confined worker that runs no learner code, rebuilds the
model afresh under each of the grader's seeds, trains it on the training part of a fixed split
(:mod:`grader.data.splits`) with one compiled loop of ``fit``'s semantics, and predicts on the
held-out inputs; the held-out labels never leave the grading process, where the metric is
computed.  Training happens once per job and grading run, shared by the checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable

import numpy as np

from grader.framework import expect
from grader.framework.context import CheckContext, stable_seed
from grader.framework.failures import CheckFailed, Hint, LearnerStopped, NotAttempted
from grader.data.splits import Split
from grader.harness.model_contract import (FIT_NOT_DICT, FitPlan, ModelDescription, fit_plan, fit_problems,
                                           notebook_fit, shape_label)
from grader.harness.ops.inspection import InspectModel, ModelStructure
from grader.harness.ops.training import NotebookModels, SeedTraining, TrainedRuns, TrainModels
from grader.results import Measurement
from grader.sandbox.protocol import OutcomeKind
from grader.text import Text, join

NO_FIT_CALL = Text("your notebook builds {call} but never calls model.fit on it (or sets FIT)",
                   "노트북이 {call} 을(를) 만들지만 model.fit을 한 번도 호출하지 않습니다 (FIT도 없습니다)")
NO_MODEL = Text("your file defines no {builder}() and builds no model with {inputs} input(s) and {outputs} "
                "output(s) at top level{found}",
                "제출 파일에 {builder}() 이(가) 없고, 입력 {inputs}개·출력 {outputs}개인 모델도 최상위에서 만들지 않습니다{found}")
FOUND_MODELS = Text(" (models found: {models})", " (찾은 모델: {models})")
NOTEBOOK_STYLE = Text(
    "graded the model your notebook builds as `{name}` (cell {cell}): its layers and compile settings, and "
    "model.fit with {epochs} epoch(s) in all{batch}, recorded, not run; the grader trained it afresh",
    "노트북이 `{name}` (으)로 만든 모델 ({cell}번 셀)을 채점했습니다: 층 구성과 compile 설정, 모두 {epochs} 에포크의 "
    "model.fit{batch} 을(를) 기록만 하고 실행하지 않았으며, 채점기가 처음부터 직접 학습했습니다")
BATCH = Text(", batch_size {size}", ", 배치 크기(batch_size) {size}")
NOT_A_MODEL = Text("{builder}() returned a {type}; expected a compiled keras.Model",
                   "{builder}() 이(가) {type} 을(를) 돌려주었습니다. 컴파일된 keras.Model이 필요합니다")
BELOW = Text("{metric} on held-out data: {values}; at least {threshold} is needed{majority}",
             "보류 데이터에서 {metric}: {values}. 최소 {threshold} 이(가) 필요합니다{majority}")
MAJORITY = Text(" under most of the {n} seeds", " ({n}개 시드 중 과반에서)")
NOT_TRAINED = Text("not trained, so not measured: ", "학습하지 않았으므로 측정하지 않았습니다: ")
NAN_LOSS = Text("training diverged: the loss became NaN (try a smaller learning rate)",
                "학습이 발산했습니다: 손실이 NaN이 되었습니다 (학습률을 줄여 보세요)")
FROZEN = Text("training cannot change {call}: every layer is frozen (trainable=False), so it has no weight to "
               "train; the grader credits the metric only to a model its training changed",
               "{call} 은(는) 학습으로 바뀔 수 없습니다: 모든 층이 고정되어 (trainable=False) 학습할 가중치가 없습니다. "
               "채점기는 학습으로 바뀐 모델에만 이 점수를 줍니다")
NOT_CHANGED = Text("training did not change the weights of {call} (seed {seed}): a learning rate of 0, or no "
                   "gradient reaches them (e.g. a ReLU unit that starts at zero); the grader credits the metric "
                   "only to a model its training changed",
                   "학습으로 {call}의 가중치가 바뀌지 않았습니다 (시드 {seed}): 학습률이 0 이거나 기울기가 가중치에 "
                   "닿지 않습니다 (예: 0에서 시작한 ReLU 유닛). 채점기는 학습으로 바뀐 모델에만 이 점수를 줍니다")
CANNOT_TRAIN = Text("the grader could not train the model of {call}: {detail}",
                    "{call}의 모델을 채점기가 학습할 수 없습니다: {detail}")


@dataclass(frozen=True)
class ModelSpec:
    """What an exercise asks of the learner's model: who builds it, its inputs and outputs, the budget."""

    builder: str  # the function name: "build_iris_model"
    inputs: int  # features per example
    outputs: int  # units of the last layer
    budget: int  # the most epochs FIT may ask for


@dataclass(frozen=True)
class Submitted:
    """The learner's model as it arrived: its description and how it was fitted."""

    model: Any  # as sent (a function's value: {MODEL_KEY: {...}}) or read (a notebook's ModelDescription):
    # architecture, compile settings, never weights; checked where it is used (models.described), so a
    # model outside the vocabulary does not fail the FIT check
    fit: Any  # FIT as sent (function style) or the recorded fit calls (notebook style); None if neither
    call: str  # how messages name it: "build_iris_model()" or "model (cell 10)"
    notebook: bool = False


@dataclass(frozen=True)
class SeedRun:
    """One training of the learner's model by the grader, under one seed."""

    seed: int
    loss: tuple[float, ...]
    weights: tuple[np.ndarray, ...]
    predictions: np.ndarray  # on the job's held-out inputs
    device: str
    seconds: float
    call: str = ""
    trainable: int = 0  # how many numbers of the model training may change (its trainable weights)
    moved: float = 0.0  # the largest change training made to any of them (0.0: none changed)


@dataclass(frozen=True)
class Job:
    """One training to do: a split, how many seeds, and the grader's own preprocessing of x."""

    split: Split
    seeds: int
    key: str = ""
    prepare: Callable[[np.ndarray], np.ndarray] | None = None  # the grader's, never the learner's
    # The grader's own training, in place of the learner's FIT and optimizer (an exercise about the
    # model, not its training); None keeps the learner's.
    fit: dict | None = None  # keywords of model.fit, read by the FIT contract (model_contract.fit_plan)
    optimizer: dict | None = None


def adam(learning_rate: float, decay_steps: int | None = None) -> dict:
    """Keras' serialised ``Adam(learning_rate)``, for :attr:`Job.optimizer`; with ``decay_steps``, the
    rate decays to 0 over that many steps (``CosineDecay``), so training settles at its end."""
    rate: Any = learning_rate
    if decay_steps:
        rate = {"module": "keras.optimizers.schedules", "class_name": "CosineDecay", "registered_name": None,
                "config": {"initial_learning_rate": learning_rate, "decay_steps": decay_steps}}
    return {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": rate},
            "registered_name": None}


def _with_optimizer(model: ModelDescription, optimizer: dict | None) -> ModelDescription:
    """The learner's model description with its compile settings' optimizer replaced."""
    if optimizer is None:
        return model
    return replace(model, compile={**(model.compile or {}), "optimizer": optimizer})


def seeds_for(ctx: CheckContext, count: int) -> list[int]:
    """``count`` training seeds, drawn one-way from the grading's seed (shown in the report: they
    say nothing of the seed the hidden inputs come from)."""
    return [stable_seed(ctx.run_seed, "training", i) % (2**31) for i in range(count)]


# ------------------------------------------------------------------ what the learner submitted


def _shape_fits(model: ModelDescription, spec: ModelSpec) -> bool:
    inputs, outputs = model.input_shape, model.output_shape
    return (inputs is not None and inputs[1:] == (spec.inputs,)
            and outputs is not None and outputs[1:] == (spec.outputs,))


def _from_notebook(ctx: CheckContext, spec: ModelSpec) -> Submitted:
    found = ctx.learner.harness(NotebookModels()).models
    candidates = [m for m in found if _shape_fits(m.model, spec)]
    if not candidates:
        shapes = [f"{shape_label(m.model.input_shape)} → {shape_label(m.model.output_shape)}" for m in found]
        detail = FOUND_MODELS.format(models="; ".join(shapes)[:200]) if shapes else Text("", "")
        raise CheckFailed(NO_MODEL.format(builder=spec.builder, inputs=spec.inputs, outputs=spec.outputs,
                                          found=detail))
    fitted = [m for m in candidates if m.fits]
    chosen = (fitted or candidates)[-1]  # the last model of the right shape the notebook trained
    name = chosen.names[0] if chosen.names else "model"
    cell = chosen.cell if chosen.cell is not None else "?"
    call = f"{name} (cell {cell})"
    fit = notebook_fit(chosen.fits)
    if fit is not None:
        batch = BATCH.format(size=fit["batch_size"]) if "batch_size" in fit else Text("", "")
        ctx.note(NOTEBOOK_STYLE.format(name=name, cell=cell, epochs=fit["epochs"], batch=batch))
    return Submitted(chosen.model, fit, call, notebook=True)


def submitted(ctx: CheckContext, spec: ModelSpec) -> Submitted:
    """The learner's model for this exercise (once per grading run): its builder's, else its notebook's."""

    def find() -> Any:
        outcome = ctx.learner.outcome(spec.builder)
        try:
            if outcome.kind is OutcomeKind.MISSING:
                return _from_notebook(ctx, spec)
            value = ctx.learner.value_outcome(outcome, spec.builder).value
            call = f"{spec.builder}()"
            fit_outcome = ctx.learner.attr_outcome("FIT")
            if not fit_outcome.ok and fit_outcome.kind is not OutcomeKind.MISSING:
                raise LearnerStopped(fit_outcome, "FIT")
            return Submitted(value, fit_outcome.value if fit_outcome.ok else None, call)
        except (CheckFailed, LearnerStopped, NotAttempted) as stop:
            return stop

    found = ctx.memo.get(f"submitted/{spec.builder}", find)
    if isinstance(found, Exception):
        raise found
    return found


def inspect(ctx: CheckContext, spec: ModelSpec) -> tuple[ModelStructure, str]:
    """The structure of the learner's model as the judge rebuilt it afresh, and how to name it."""
    model = submitted(ctx, spec)
    from grader.framework import models

    info = ctx.judge.model_op(InspectModel(models.described(model.model, model.call), [spec.inputs]), model.call)
    return info, model.call


def _number(value: Any) -> Any:
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def read_fit(ctx: CheckContext, spec: ModelSpec) -> FitPlan:
    """The learner's FIT, checked (ends the check otherwise): allowed keywords, epochs within budget."""
    model = submitted(ctx, spec)
    fit = model.fit
    if fit is None:
        if model.notebook:
            raise CheckFailed(NO_FIT_CALL.format(call=model.call))
        raise NotAttempted("FIT")
    if not isinstance(fit, dict):
        raise CheckFailed(FIT_NOT_DICT.format(got=expect.show(fit, 60)))
    fit = {str(k)[:100]: _number(v) for k, v in list(fit.items())[:100]}
    problems = fit_problems(fit, spec.budget, shown=lambda value: expect.show(value, 40))  # all, at once
    if problems:
        raise CheckFailed(join(problems))
    return fit_plan(fit)


# ------------------------------------------------------------------ the grader trains


def _runs(reply: TrainedRuns, call: str) -> list[SeedRun]:
    def one(run: SeedTraining) -> SeedRun:
        return SeedRun(run.seed, tuple(float(v) for v in run.loss), run.weights, run.predictions, run.device,
                       run.seconds, call, run.trainable, run.moved)

    return [one(run) for run in reply.runs]


def _expect_changed(runs: list[SeedRun]) -> None:
    """Only a model the grader's training changed earns a metric: its numbers are then the judge's
    seeded initialisation moved by training, not numbers a frozen model kept."""
    for run in runs:
        if run.trainable == 0:
            raise CheckFailed(FROZEN.format(call=run.call), Hint(None))
        if not run.moved > 0.0 and not math.isnan(run.moved):
            raise CheckFailed(NOT_CHANGED.format(call=run.call, seed=run.seed), Hint(None))


def train(ctx: CheckContext, spec: ModelSpec, job: Job) -> list[SeedRun]:
    """The grader's trainings of the learner's model for ``job`` (once per grading run)."""

    def run() -> Any:
        from grader.framework import models

        try:
            model = submitted(ctx, spec)
            description = models.described(model.model, model.call)  # the vocabulary, the size bound
            plan = fit_plan(job.fit) if job.fit is not None else read_fit(ctx, spec)
        except (CheckFailed, LearnerStopped, NotAttempted) as stop:
            return stop
        prepare = job.prepare or (lambda x: x)
        x = prepare(job.split.x_train)
        too_few = fit_problems(plan.to_plain(), rows=len(x))  # validation_split of these rows leaves none
        if too_few:
            return CheckFailed(CANNOT_TRAIN.format(call=model.call, detail=join(too_few)))
        request = TrainModels(_with_optimizer(description, job.optimizer), plan, x, job.split.y_train,
                              prepare(job.split.x_test), seeds_for(ctx, job.seeds))
        outcome = ctx.judge.harness_outcome(request)
        if outcome.raised("UnsafeModel") or outcome.raised("FitRejected") or outcome.raised("ValueError"):
            return CheckFailed(CANNOT_TRAIN.format(call=model.call, detail=outcome.error.message[:300]))
        return _runs(ctx.judge.reply_of(ctx.judge.value_outcome(outcome, request.name), request), model.call)

    runs = ctx.memo.get(f"train/{spec.builder}/{job.seeds}/{job.key}", run)
    if isinstance(runs, CheckFailed):  # nothing was trained, so nothing measured: no metric's hint
        raise CheckFailed(NOT_TRAINED + runs.message, Hint(None))
    if isinstance(runs, Exception):
        raise runs
    ctx.curve = runs[0].loss if runs else ()
    if any(not np.isfinite(r.loss).all() or not np.isfinite(r.predictions).all() for r in runs):
        raise CheckFailed(NAN_LOSS, Hint(None))
    _expect_changed(runs)
    return runs


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
        # The values only: a training seed derives from the grading's seed, which official grading keeps
        # secret (each value's seed is in the measurements, which the learner's own report shows).
        shown = ", ".join(f"{v:.3f}" for v in values)
        majority = MAJORITY.format(n=len(values)) if len(values) > 1 else Text("", "")
        ctx.fail(BELOW.format(metric=metric, values=shown, threshold=threshold, majority=majority))
