"""exercise15: lemonade sales from the temperature (the course's practice 2, practice2-lemonade.ipynb).

Why the grader trains with its own optimizer.  The course's notebook compiles with ``loss='mse'``
alone (Keras' default optimizer, RMSprop at 0.001) and fits 1000 + 10 epochs: the kernel moves by
about 0.001 a step from wherever it was initialised, so whether 15 °C gives 30 cups depends on the
seed (measured with Keras' own fit, seeds 0-7: 30.3, 16.1, 24.1, 28.5, 0.4, 6.7, ...).  What this
exercise teaches is the model (one Dense unit on the temperature, mean squared error), so the grader
trains every model the same way, whatever it was compiled with, and the report says so.  It also
hands the model the temperatures standardised (their mean and spread from the training rows): on
raw 20-25 °C the least-squares valley is so narrow that even Adam at 0.1 for 5000 epochs misses
10 °C by up to 0.3 cups on some seeds, while standardised, Adam at 1.0 decaying to 0 over 500
epochs lands on the line exactly.  A model that cannot learn the line (a ReLU unit that starts
dead, no bias, more inputs) still fails.
"""

import numpy as np

from grader.authoring import Exercise, Measurement, Split, Text, model_checks, splits, stable_seed, training

LEARNING_RATE, EPOCHS = 1.0, 500  # decaying to 0 (cosine) over the epochs
TOLERANCE = 0.5  # cups of lemonade
GRADER_TRAINING = {"epochs": EPOCHS, "batch_size": 64}

MODEL = training.ModelSpec("build_lemonade_model", inputs=1, outputs=1, budget=EPOCHS)

exercise = Exercise(
    name="exercise15",
    title=Text("Lemonade sales from the temperature", "온도로 레모네이드 판매량 예측"),
    functions=("build_lemonade_model",),
    notes=(),
    timeout=180,
    uses_tensorflow=True,
    recognised_by=("lemonade.csv", "Dense"),
)

HINT_MODEL = Text(
    "The course's practice 2: X = tf.keras.layers.Input(shape=[1]); Y = tf.keras.layers.Dense(1)(X); "
    "model = tf.keras.Model(X, Y); model.compile(loss='mse').",
    "실습 2: X = tf.keras.layers.Input(shape=[1]); Y = tf.keras.layers.Dense(1)(X); "
    "model = tf.keras.Model(X, Y); model.compile(loss='mse').")
HINT_LEARN = Text(
    f"The grader trains your model itself (Adam from learning rate {LEARNING_RATE}, {EPOCHS} full-batch epochs, "
    "standardised temperatures): "
    "one linear Dense unit with a bias fits 판매량 = a × 온도 + b exactly; an activation such as 'relu' "
    "or use_bias=False cannot.",
    f"채점기가 직접 학습합니다 (Adam, 학습률 {LEARNING_RATE}부터, 전체 배치 {EPOCHS} 에포크, 표준화한 온도). bias가 있는 선형 "
    "Dense 유닛 하나는 판매량 = a × 온도 + b를 정확히 맞춥니다. 'relu' 같은 활성화나 use_bias=False로는 "
    "맞출 수 없습니다.")
TRAINED_BY_GRADER = Text(
    f"the grader trained the model itself, whatever optimizer and fit it was given: Adam from learning "
    f"rate {LEARNING_RATE} decaying to 0 over {EPOCHS} full-batch epochs, on the temperatures standardised "
    "(mean 0, spread 1 over the training rows); this exercise judges the model",
    f"채점기는 주어진 옵티마이저와 fit과 상관없이 직접 학습했습니다: 학습률 {LEARNING_RATE}에서 0으로 줄어드는 "
    f"Adam, 전체 배치 {EPOCHS} 에포크, 표준화한 온도 (학습 행의 평균 0, 표준편차 1). 이 연습은 모델을 판정합니다")
OFF = Text("after training, the prediction for {x:g} °C is {got:.3f} cups; expected {want:g} ± {tol:g}",
           "학습 후 {x:g} 도에 대한 예측이 {got:.3f} 잔입니다. 기대: {want:g} ± {tol:g}")


def _graders_training(split: Split, key: str) -> training.Job:
    """One seed of the grader's own training, on temperatures standardised by the training rows."""
    mean, spread = float(split.x_train.mean()), float(split.x_train.std()) or 1.0
    return training.Job(split, 1, key=key, prepare=lambda x: ((x - mean) / spread).astype(np.float32),
                        fit=GRADER_TRAINING, optimizer=training.adam(LEARNING_RATE, EPOCHS))


def _drawn_stand(ctx) -> training.Job:
    """Another stand, drawn from the run's seed: 판매량 = a × 온도 + b on six drawn temperatures."""
    rng = np.random.default_rng(stable_seed(ctx.run_seed, "exercise15/drawn stand"))
    slope, intercept = float(np.round(rng.uniform(1.5, 3.5), 2)), float(np.round(rng.uniform(-8, 8), 1))
    x = np.sort(rng.choice(np.arange(12, 33), size=6, replace=False)).astype(np.float32).reshape(-1, 1)
    x_test = np.array([[float(x.min() - 3)], [float(x.max() + 3)]], dtype=np.float32)
    split = Split(x, (slope * x + intercept).astype(np.float32), x_test, slope * x_test.ravel() + intercept)
    return _graders_training(split, "drawn stand")


def _expect_predictions(ctx, runs, split: Split) -> None:
    ctx.note(TRAINED_BY_GRADER)
    run = runs[0]
    predictions = run.predictions.ravel()
    worst = float(np.max(np.abs(predictions - split.y_test)))
    ctx.record(Measurement("largest prediction error", round(worst, 6), TOLERANCE, "<=", run.seed, run.device))
    for x, got, want in zip(split.x_test.ravel(), predictions, split.y_test):
        if abs(got - want) > TOLERANCE:
            ctx.fail(OFF.format(x=float(x), got=float(got), want=round(float(want), 3), tol=TOLERANCE))


@exercise.check(points=2, function="build_lemonade_model", visibility="public", hint=HINT_MODEL)
def lemonade_model_structure(ctx):
    """
    en: the model takes one input (온도) and is one linear Dense unit: 2 parameters
    ko: 모델은 입력 하나 (온도)에 선형 Dense 유닛 하나: 파라미터 2개
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_linear_unit(info, 1, call)


@exercise.check(points=1, function="build_lemonade_model", visibility="public", hint=HINT_MODEL,
                needs_run="lemonade_model_structure")
def lemonade_model_compiled(ctx):
    """
    en: the model is compiled with loss 'mse'
    ko: 모델은 손실 'mse'로 컴파일되어 있습니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_loss(info, "mse", call)


@exercise.check(points=3, function="build_lemonade_model", visibility="public", hint=HINT_LEARN,
                needs_run=("lemonade_model_structure", "lemonade_model_compiled"))
def lemonade_predicts_the_course_stand(ctx):
    """
    en: trained on lemonade.csv (20-25 °C), it predicts 30 cups for 15 °C, 20 for 10 and 60 for 30 (within {TOLERANCE})
    ko: lemonade.csv (20-25도)로 학습하면 15 도에 30 잔, 10 도에 20 잔, 30 도에 60 잔을 예측합니다 (± {TOLERANCE})
    """
    job = _graders_training(splits.lemonade(), "course stand")
    _expect_predictions(ctx, training.train(ctx, MODEL, job), job.split)


@exercise.check(points=2, function="build_lemonade_model", visibility="hidden", hint=HINT_LEARN,
                needs_run=("lemonade_model_structure", "lemonade_model_compiled"))
def lemonade_learns_a_drawn_stand(ctx):
    """
    en: trained on another stand drawn at grading time (판매량 = a × 온도 + b), it predicts its sales 3 °C beyond the temperatures it saw (within {TOLERANCE})
    ko: 채점 때 뽑은 다른 가게 (판매량 = a × 온도 + b)로 학습하면 본 온도보다 3도 바깥의 판매량을 예측합니다 (± {TOLERANCE})
    """
    job = _drawn_stand(ctx)
    _expect_predictions(ctx, training.train(ctx, MODEL, job), job.split)
