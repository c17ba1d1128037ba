"""exercise11: linear regression in Keras, y = x + 1 (note 001)."""

import numpy as np

from grader.authoring import Exercise, Measurement, Split, Text, model_checks, splits, stable_seed, training

BUDGET = 500
TOLERANCE_WEIGHTS, TOLERANCE_PREDICTIONS = 0.05, 0.1

MODEL = training.ModelSpec("build_linear_model", inputs=1, outputs=1, budget=BUDGET)

exercise = Exercise(
    name="exercise11",
    title=Text("Finding y = x + 1 with Keras", "케라스로 y = x + 1 찾기"),
    functions=("build_linear_model", "FIT"),
    notes=("001",),
    timeout=180,
    uses_tensorflow=True,
)

HINT_MODEL = Text(
    "Note 001: Sequential with one Dense(units=1, activation='linear') on one input; "
    "compile(loss='mse', optimizer=...).",
    "노트 001: 입력 하나에 Dense(units=1, activation='linear') 하나인 Sequential; "
    "compile(loss='mse', optimizer=...).")
HINT_FIT = Text(f"FIT = {{'epochs': ...}} with at most {BUDGET} epochs.",
                f"FIT = {{'epochs': ...}}, 에포크는 최대 {BUDGET}.")
HINT_LEARN = Text(
    "Note 001 needed 3000 epochs with Adam's default learning rate 0.001; within 500 epochs choose a "
    "larger one, e.g. optimizer=keras.optimizers.Adam(learning_rate=0.1) in compile.",
    "노트 001은 Adam 기본 학습률 0.001로 3000 에포크가 필요했습니다. 500 에포크 안에 끝내려면 더 큰 "
    "학습률을 고르세요. 예: compile에 optimizer=keras.optimizers.Adam(learning_rate=0.1).")
PREDICTION_FOR = Text("the prediction for {x}", "{x}에 대한 예측")
OFF = Text("after training, {what} is {got:.4f}; expected {want:g} ± {tol:g}",
           "학습 후 {what} 이(가) {got:.4f}입니다. 기대: {want:g} ± {tol:g}")


def _drawn_line(ctx) -> tuple[float, float, training.Job]:
    """A line y = a*x + c on note 001's x, drawn from the run's seed (same in every check)."""
    rng = np.random.default_rng(stable_seed(ctx.run_seed, "exercise11/drawn line"))
    slope, intercept = float(np.round(rng.uniform(0.5, 2.5), 2)), float(np.round(rng.uniform(-3, 3), 2))
    x, x_test = splits.LINEAR_X, np.array([[11.0], [12.0], [13.0]], dtype=np.float32)
    split = Split(x, (slope * x + intercept).astype(np.float32), x_test, slope * x_test.ravel() + intercept)
    return slope, intercept, training.Job(split, 1, key="drawn line")


def _expect_learned(ctx, runs, split: Split, slope: float, intercept: float) -> None:
    run = runs[0]
    kernel, bias = (float(np.asarray(w).ravel()[0]) for w in run.weights[:2])
    predictions = run.predictions.ravel()
    ctx.record(Measurement("kernel", round(kernel, 6), seed=run.seed, device=run.device))
    ctx.record(Measurement("bias", round(bias, 6), seed=run.seed, device=run.device))
    for name, value, want in (("kernel", kernel, slope), ("bias", bias, intercept)):
        ctx.record(Measurement(f"|{name} - {want:g}|", round(abs(value - want), 6), TOLERANCE_WEIGHTS,
                               "<=", run.seed, run.device))
    worst = float(np.max(np.abs(predictions - split.y_test)))
    ctx.record(Measurement("largest prediction error", round(worst, 6), TOLERANCE_PREDICTIONS, "<=",
                           run.seed, run.device))
    for name, value, want in (("kernel", kernel, slope), ("bias", bias, intercept)):
        if abs(value - want) > TOLERANCE_WEIGHTS:
            ctx.fail(OFF.format(what=name, got=value, want=round(want, 4), tol=TOLERANCE_WEIGHTS))
    for x, got, want in zip(split.x_test.ravel(), predictions, split.y_test):
        if abs(got - want) > TOLERANCE_PREDICTIONS:
            ctx.fail(OFF.format(what=PREDICTION_FOR.format(x=f"{x:g}"), got=got, want=round(float(want), 4),
                                tol=TOLERANCE_PREDICTIONS))


@exercise.check(points=1, function="build_linear_model", visibility="public", hint=HINT_MODEL)
def linear_model_structure(ctx):
    """
    en: the model is one linear Dense unit on one input: 2 parameters (a kernel and a bias)
    ko: 모델은 입력 하나에 선형 Dense 유닛 하나: 파라미터 2개 (kernel과 bias)
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_linear_unit(info, 1, call)


@exercise.check(points=1, function="build_linear_model", visibility="public", hint=HINT_MODEL,
                needs_run="linear_model_structure")
def linear_model_compiled(ctx):
    """
    en: the model is compiled with loss 'mse'
    ko: 모델은 손실 'mse'로 컴파일되어 있습니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_loss(info, "mse", call)


@exercise.check(points=1, function="FIT", visibility="public", hint=HINT_FIT,
                needs_run="linear_model_structure")
def linear_fit_within_budget(ctx):
    """
    en: FIT is a dict of model.fit keywords with at most {BUDGET} epochs
    ko: FIT은 model.fit 키워드 dict이고 에포크는 최대 {BUDGET}입니다
    """
    training.read_fit(ctx, MODEL)


@exercise.check(points=3, function="build_linear_model", visibility="public", hint=HINT_LEARN,
                needs_run=("linear_model_structure", "linear_model_compiled"), needs="linear_fit_within_budget")
def linear_learns_note_001(ctx):
    """
    en: trained on note 001's ten points, kernel and bias are within 0.05 of 1 and it predicts 12, 13, 14 for 11, 12, 13 (within 0.1)
    ko: 노트 001의 점 10개로 학습하면 kernel과 bias가 1 ± 0.05이고 11, 12, 13에 대해 12, 13, 14를 예측합니다 (± 0.1)
    """
    job = training.Job(splits.linear(), 1)
    _expect_learned(ctx, training.train(ctx, MODEL, job), job.split, 1.0, 1.0)


@exercise.check(points=2, function="build_linear_model", visibility="hidden", hint=HINT_LEARN,
                needs_run=("linear_model_structure", "linear_model_compiled"), needs="linear_fit_within_budget")
def linear_learns_a_drawn_line(ctx):
    """
    en: trained on the same x with a line y = a*x + c drawn at grading time, it finds a and c (within 0.05)
    ko: 같은 x에 채점 때 뽑은 직선 y = a*x + c로 학습하면 a와 c를 찾습니다 (± 0.05)
    """
    slope, intercept, job = _drawn_line(ctx)
    _expect_learned(ctx, training.train(ctx, MODEL, job), job.split, slope, intercept)
