"""exercise4: counting parameters (notes 001, 002)."""

from grader.authoring import Exercise, Text, call_label, model_checks

exercise = Exercise(
    name="exercise4",
    title=Text("Counting parameters", "파라미터 개수 세기"),
    functions=("dense_params", "batchnorm_params", "mlp_params", "steps_per_epoch",
               "build_housing_model"),
    notes=("001", "002"),
    timeout=90,
    uses_tensorflow=True,
)

HINT_DENSE = Text(
    "Each of the units has one weight per input plus one bias: note 002 writes (13+1)*64 = 896.",
    "각 유닛은 입력마다 가중치 하나와 편향 하나를 가집니다. 노트 002는 (13+1)*64 = 896이라고 씁니다.")
HINT_BN = Text(
    "model.summary() counts 4 numbers per feature for BatchNormalization: gamma and beta "
    "(trained) and the moving mean and variance (not trained).",
    "model.summary()는 BatchNormalization에 특성마다 4개를 셉니다: 학습되는 gamma, beta와 "
    "학습되지 않는 이동 평균, 이동 분산.")
HINT_MLP = Text(
    "Walk through the layers: each Dense layer has (inputs + 1) * units, its output size is the next "
    "layer's input; add 4 * units after each hidden layer when batchnorm is on; do not forget the output layer.",
    "층을 차례로 따라가세요: Dense 층마다 (입력 수 + 1) * 유닛 수, 그 출력 크기가 다음 층의 입력 수입니다. "
    "batchnorm이면 은닉층마다 4 * 유닛 수를 더하고, 출력층도 잊지 마세요.")
HINT_STEPS = Text(
    "The last batch may be smaller than batch_size but still counts: 150 samples in batches of 32 "
    "are 5 batches (round up).",
    "마지막 배치는 batch_size보다 작아도 한 배치입니다: 150개를 32개씩 나누면 5 배치 (올림).")
HINT_MODEL = Text(
    "Note 002: x = Input(shape=[13]); two Dense(64, activation='swish') layers; Dense(1); "
    "keras.Model(x, y); model.compile(loss='mse'); return the model.",
    "노트 002: x = Input(shape=[13]); Dense(64, activation='swish') 두 층; Dense(1); keras.Model(x, y); "
    "model.compile(loss='mse'); 모델을 return 하세요.")


@exercise.check(points=1, function="dense_params", visibility="public", hint=HINT_DENSE)
def dense_params_notes(ctx):
    """
    en: note 002's Dense layers: (13, 64) has 896, (64, 64) has 4160, (64, 1) has 65 parameters
    ko: 노트 002의 Dense 층: (13, 64)는 896개, (64, 64)는 4160개, (64, 1)은 65개
    """
    for args, want in [((13, 64), 896), ((64, 64), 4160), ((64, 1), 65)]:
        ctx.expect.integer(ctx.learner.dense_params(*args), want, call_label("dense_params", *args))


@exercise.check(points=1, function="dense_params", visibility="hidden", hint=HINT_DENSE)
def dense_params_drawn(ctx):
    """
    en: layer sizes drawn at grading time
    ko: 채점 때 뽑은 층 크기
    """
    for _ in range(4):
        n, units = (int(v) for v in ctx.rng.integers(1, 1000, size=2))
        ctx.expect.integer(ctx.learner.dense_params(n, units), (n + 1) * units,
                           call_label("dense_params", n, units))


@exercise.check(points=1, function="batchnorm_params", visibility="public", hint=HINT_BN)
def batchnorm_params_notes(ctx):
    """
    en: BatchNormalization after 64 units has 256 parameters, as model.summary() shows in note 002
    ko: 64 유닛 뒤의 BatchNormalization은 노트 002의 model.summary()처럼 256개
    """
    ctx.expect.integer(ctx.learner.batchnorm_params(64), 256, call_label("batchnorm_params", 64))
    features = int(ctx.rng.integers(1, 500))
    ctx.expect.integer(ctx.learner.batchnorm_params(features), 4 * features,
                       call_label("batchnorm_params", features))


@exercise.check(points=2, function="mlp_params", visibility="public", hint=HINT_MLP)
def mlp_params_notes(ctx):
    """
    en: (13, [64, 64], 1) is 5121, (4, [64, 64], 3, batchnorm) is 5187, (784, [], 10) is 7850, (1, [], 1) is 2
    ko: (13, [64, 64], 1)은 5121, (4, [64, 64], 3, batchnorm)은 5187, (784, [], 10)은 7850, (1, [], 1)은 2
    """
    cases = [((13, [64, 64], 1), {}, 5121), ((4, [64, 64], 3, True), {}, 5187),
             ((784, [], 10), {}, 7850), ((1, [], 1), {}, 2), ((13, [64, 64], 1), {"batchnorm": True}, 5633)]
    for args, kwargs, want in cases:
        ctx.expect.integer(ctx.learner.mlp_params(*args, **kwargs), want,
                           call_label("mlp_params", *args, **kwargs))


@exercise.check(points=2, function="mlp_params", visibility="hidden", hint=HINT_MLP)
def mlp_params_drawn(ctx):
    """
    en: networks drawn at grading time, with and without BatchNormalization
    ko: 채점 때 뽑은 신경망 (BatchNormalization 있음/없음)
    """
    for batchnorm in (False, True, False, True):
        n_in, n_out = (int(v) for v in ctx.rng.integers(1, 100, size=2))
        hidden = [int(v) for v in ctx.rng.integers(1, 130, size=int(ctx.rng.integers(0, 4)))]
        got, want = ctx.both("mlp_params", n_in, hidden, n_out, batchnorm)
        ctx.expect.integer(got, want, call_label("mlp_params", n_in, hidden, n_out, batchnorm))


@exercise.check(points=1, function="steps_per_epoch", visibility="public", hint=HINT_STEPS)
def steps_per_epoch_notes(ctx):
    """
    en: 150 iris samples in batches of 32 are 5 steps; MNIST's 60000 are 1875; batch_size defaults to 32
    ko: 붓꽃 150개를 32개씩이면 5 스텝, MNIST 60000개는 1875 스텝, batch_size 기본값은 32
    """
    for args, want in [((150, 32), 5), ((60000, 32), 1875), ((150, 150), 1), ((150,), 5)]:
        ctx.expect.integer(ctx.learner.steps_per_epoch(*args), want, call_label("steps_per_epoch", *args))


@exercise.check(points=1, function="steps_per_epoch", visibility="hidden", hint=HINT_STEPS)
def steps_per_epoch_drawn(ctx):
    """
    en: sample counts and batch sizes drawn at grading time (some divide evenly, some do not)
    ko: 채점 때 뽑은 샘플 수와 배치 크기 (나누어떨어지는 경우와 아닌 경우)
    """
    for i in range(5):  # the first two never divide evenly, so a floor division fails under every seed
        batch = int(ctx.rng.integers(2 if i < 2 else 1, 129))
        uneven = i < 2 or (batch > 1 and bool(ctx.rng.integers(0, 2)))
        n = batch * int(ctx.rng.integers(1, 50)) + (int(ctx.rng.integers(1, batch)) if uneven else 0)
        ctx.expect.integer(ctx.learner.steps_per_epoch(n, batch), -(-n // batch),
                           call_label("steps_per_epoch", n, batch))


@exercise.check(points=2, function="build_housing_model", visibility="public", hint=HINT_MODEL)
def housing_model_layers(ctx):
    """
    en: note 002's housing model: Input(13), Dense(64, swish), Dense(64, swish), Dense(1)
    ko: 노트 002의 집값 모델: Input(13), Dense(64, swish), Dense(64, swish), Dense(1)
    """
    call = "build_housing_model()"
    info = ctx.inspect_model(ctx.learner.build_housing_model(), call)
    model_checks.expect_input(info, 13, call)
    model_checks.expect_layers(info, ["Dense(64, swish)", "Dense(64, swish)", "Dense(1, linear)"], call)


@exercise.check(points=1, function="build_housing_model", visibility="public", hint=HINT_MODEL)
def housing_model_params(ctx):
    """
    en: the housing model has 896 + 4160 + 65 = 5121 parameters
    ko: 집값 모델의 파라미터는 896 + 4160 + 65 = 5121개다
    """
    call = "build_housing_model()"
    model_checks.expect_params(ctx.inspect_model(ctx.learner.build_housing_model(), call), 5121, call)


@exercise.check(points=1, function="build_housing_model", visibility="public", hint=HINT_MODEL)
def housing_model_compiled_mse(ctx):
    """
    en: the housing model is compiled with loss 'mse' (a regression)
    ko: 집값 모델은 손실 'mse'로 컴파일되어 있습니다 (회귀)
    """
    call = "build_housing_model()"
    model_checks.expect_loss(ctx.inspect_model(ctx.learner.build_housing_model(), call), "mse", call)
