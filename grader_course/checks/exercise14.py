"""exercise14: housing regression with BatchNormalization (note 002).

Why 5 seeds.  The features are raw (tax in the hundreds, nox below 1), and a BatchNormalization
model predicts with the moving averages it gathered while training, so R² on the 102 held-out
houses depends on the seed far more than iris accuracy does: now and then one house is predicted
hundreds of thousands of dollars off.  Measured on the fixed split (R² on the held-out houses,
seeded as the harness seeds; the grader reproduces these numbers exactly):

- the reference (Adam, cosine decay from 0.01, 60 epochs of batches of 32): seeds 0-15 give
  0.855 0.856 0.849 0.898 0.858 0.911 0.884 0.885 0.907 0.912 0.852 0.841 0.920 0.863 0.921 0.884,
  never below 0.84; about 5 s per seed;
- the notes' way (compile(loss='mse', optimizer='adam'), 200 epochs, default batch of 32): seeds 0-15
  give 0.805 -32.9 0.618 0.865 0.822 0.871 0.893 0.770 0.818 0.853 0.883 0.877 0.876 0.899 0.872
  0.856, two of 16 below 0.70; about 12 s per seed;
- constant learning rates of 0.001 to 0.01 with batches of 64 fail on 1 to 6 seeds of 10.

With 3 seeds the notes' way fails at the default seed (seeds 0, 1 and 2 hold both of its bad draws),
and a set-up that fails one seed in eight fails about 4% of gradings; with 5 seeds (most = 3) that is
1.5%.  Two learner processes train in parallel, so 5 seeds are 3 rounds: the reference's training
check takes 15 to 20 s on two cores (3 seeds would be 2 rounds, about 12 s); grading the whole
exercise takes 17 to 24 s.
"""

from grader.authoring import Exercise, Text, model_checks, training

BUDGET = 300
SEEDS = 5  # see above
THRESHOLD = 0.70
PARAMS = 5633  # (13+1)*64 + 4*64 + (64+1)*64 + 4*64 + (64+1)*1
LAYERS = ["Dense(64, swish)", "BatchNormalization", "Dense(64, swish)", "BatchNormalization",
          "Dense(1, linear)"]

MODEL = training.ModelSpec("build_housing_bn_model", inputs=13, outputs=1, budget=BUDGET)

exercise = Exercise(
    name="exercise14",
    title=Text("Housing regression with BatchNormalization", "집값 회귀와 배치 정규화"),
    functions=("build_housing_bn_model", "FIT"),
    notes=("002",),
    timeout=300,
    uses_tensorflow=True,
    recognised_by=("boston.csv", "BatchNormalization", "Dense"),
)

HINT_MODEL = Text(
    "Note 002: x = Input(shape=[13]); h = Dense(64, activation='swish')(x); "
    "h = BatchNormalization()(h); the same again; y = Dense(1)(h); compile(loss='mse', optimizer=...).",
    "노트 002: x = Input(shape=[13]); h = Dense(64, activation='swish')(x); "
    "h = BatchNormalization()(h); 한 번 더 반복; y = Dense(1)(h); compile(loss='mse', optimizer=...).")
HINT_PARAMS = Text(
    "Dense(13 → 64) has (13+1)*64 = 896 parameters, each BatchNormalization(64) has 4*64 = 256 "
    "(gamma, beta, moving mean, moving variance), Dense(64 → 64) 4160, Dense(64 → 1) 65.",
    "Dense(13 → 64)는 (13+1)*64 = 896, BatchNormalization(64)는 각각 4*64 = 256 (gamma, beta, "
    "이동 평균, 이동 분산), Dense(64 → 64)는 4160, Dense(64 → 1)은 65 개입니다.")
HINT_FIT = Text(f"FIT = {{'epochs': ..., 'batch_size': ...}} with at most {BUDGET} epochs.",
                f"FIT = {{'epochs': ..., 'batch_size': ...}}, 에포크는 최대 {BUDGET}.")
HINT_R2 = Text(
    "If R² is low or differs a lot between seeds: BatchNormalization predicts with the moving "
    "averages it gathered while training, so the weights must settle before training ends. A "
    "learning rate that decays works best, e.g. keras.optimizers.Adam(keras.optimizers.schedules."
    "CosineDecay(0.01, decay_steps=epochs * 13)) with batches of 32; a small constant one (Adam's "
    "default 0.001) needs about 200 epochs and is less steady.",
    "R² 가 낮거나 시드마다 크게 다르다면: BatchNormalization은 학습 중에 모은 이동 평균으로 예측하므로 "
    "학습이 끝나기 전에 가중치가 안정되어야 합니다. 점점 줄어드는 학습률이 가장 좋습니다. 예: 배치 32에 "
    "keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(0.01, decay_steps=epochs * 13)). "
    "작은 고정 학습률 (Adam 기본값 0.001)은 200 에포크쯤 필요하고 덜 안정적입니다.")
NO_BATCHNORM = Text("{call} has no BatchNormalization layer ({got}); note 002 puts one after each "
                    "hidden Dense layer",
                    "{call}에 BatchNormalization 층이 없습니다 ({got}). 노트 002는 은닉 Dense 층마다 "
                    "뒤에 하나씩 둡니다")


@exercise.check(points=2, function="build_housing_bn_model", visibility="public", hint=HINT_MODEL)
def housing_bn_model_layers(ctx):
    """
    en: the model takes 13 features and has the layers Dense(64, swish) → BatchNormalization → Dense(64, swish) → BatchNormalization → Dense(1)
    ko: 모델은 특성 13개를 받고 층이 Dense(64, swish) → BatchNormalization → Dense(64, swish) → BatchNormalization → Dense(1)입니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_input(info, 13, call)
    got = [model_checks.layer_label(layer) for layer in model_checks.body(info)]
    if got != LAYERS and "BatchNormalization" not in got:
        ctx.fail(NO_BATCHNORM.format(call=call, got=" → ".join(got) or "none"))
    model_checks.expect_layers(info, LAYERS, call)


@exercise.check(points=1, function="build_housing_bn_model", visibility="public", hint=HINT_PARAMS,
                needs_run="housing_bn_model_layers")
def housing_bn_model_params(ctx):
    """
    en: the model has 5633 parameters, as model.summary() counts them (896 + 256 + 4160 + 256 + 65)
    ko: 모델의 파라미터는 model.summary() 기준 5633개다 (896 + 256 + 4160 + 256 + 65)
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_params(info, PARAMS, call)


@exercise.check(points=1, function="build_housing_bn_model", visibility="public", hint=HINT_MODEL,
                needs_run="housing_bn_model_layers")
def housing_bn_model_compiled(ctx):
    """
    en: the model is compiled with loss 'mse'
    ko: 모델은 손실 'mse'로 컴파일되어 있습니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_loss(info, "mse", call)


@exercise.check(points=1, function="FIT", visibility="public", hint=HINT_FIT,
                needs_run="housing_bn_model_layers")
def housing_bn_fit_within_budget(ctx):
    """
    en: FIT is a dict of model.fit keywords with at most {BUDGET} epochs
    ko: FIT은 model.fit 키워드 dict이고 에포크는 최대 {BUDGET}입니다
    """
    training.read_fit(ctx, MODEL)


@exercise.check(points=4, function="build_housing_bn_model", visibility="hidden", hint=HINT_R2,
                needs_run=("housing_bn_model_layers", "housing_bn_model_compiled"), needs="housing_bn_fit_within_budget")
def housing_bn_r2_on_held_out_houses(ctx):
    """
    en: trained with your FIT on 404 houses (raw features) under {SEEDS} seeds, the model reaches R² >= {THRESHOLD:.2f} on 102 held-out houses (most seeds)
    ko: 집 404채(원래 값 그대로의 특성)로 FIT대로 {SEEDS}개 시드에서 학습한 모델이 보류한 102채에서 R² {THRESHOLD:.2f} 이상을 얻습니다 (과반 시드)
    """
    from grader.authoring import judged  # official grading only: hidden checks never run in a release

    split = judged.housing()
    runs = training.train(ctx, MODEL, training.Job(split, SEEDS))
    values = [training.r2(run.predictions, split.y_test) for run in runs]
    training.expect_threshold(ctx, "r2", runs, values, THRESHOLD)
