"""exercise5: activations and losses (notes 000, 001, 002, 003).

Activations are compared with the reference solution (float64, exact erf GELU)
and must give no warning (NumPy's overflow RuntimeWarning) for |x| up to 1e4.
Losses are compared with what ``keras.losses`` itself computes, in the trusted
reference worker (harness op ``KerasLoss``): Keras works in float32 and clips
probabilities to [1e-7, 1 - 1e-7] rounded to float32, which matters only when a
prediction is exactly wrong (p = 1 for a 0 label); that case has its own check, which
accepts the clipping in either precision (float64's 1 - 1e-7 is a rounding detail, not
the concept taught).
"""

import numpy as np

from grader.authoring import ops
from grader.authoring import CheckFailed, Exercise, Text, call_label

exercise = Exercise(
    name="exercise5",
    title=Text("Activations and losses", "활성화 함수와 손실 함수"),
    functions=("output_activation", "loss_for", "sigmoid", "sigmoid_grad", "relu", "swish", "gelu",
               "mse", "binary_crossentropy", "categorical_crossentropy"),
    notes=("000", "001", "002", "003"),
    timeout=90,
    uses_tensorflow=True,  # the losses are judged against keras.losses, run in the reference worker
)

ACTIVATIONS = {"regression": "linear", "binary": "sigmoid", "multiclass": "softmax"}
LOSSES = {"regression": "mse", "binary": "binary_crossentropy", "multiclass": "categorical_crossentropy"}
UNKNOWN_PROBLEMS = ("clustering", "multi-class", "ranking")
BIG = 1e4  # activations must not overflow up to |x| = BIG

HINT_TABLE = Text(
    "Note 001's table: regression -> linear output and 'mse'; binary classification -> 'sigmoid' and "
    "'binary_crossentropy'; multi-class -> 'softmax' and 'categorical_crossentropy'. Return Keras' "
    "names exactly.",
    "노트 001의 표: 회귀 -> linear 출력과 'mse', 이진 분류 -> 'sigmoid'와 'binary_crossentropy', "
    "다중 분류 -> 'softmax'와 'categorical_crossentropy'. 케라스 이름을 그대로 돌려주세요.")
HINT_UNKNOWN = Text(
    "Any other problem name is a mistake of the caller: raise ValueError instead of returning a "
    "default (dict.get(problem) would return None silently).",
    "그 밖의 문제 이름은 호출한 쪽의 실수입니다. 기본값을 돌려주지 말고 ValueError를 발생시키세요 "
    "(dict.get(problem)은 조용히 None을 돌려줍니다).")
HINT_SIGMOID = Text(
    "np.exp(-x) overflows for x below about -709 (a RuntimeWarning). Use exp(-|x|), which never "
    "overflows: 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0.",
    "x가 약 -709보다 작으면 np.exp(-x)가 오버플로합니다 (RuntimeWarning). 절대 오버플로하지 않는 "
    "exp(-|x|)를 쓰세요: x >= 0이면 1 / (1 + e), x < 0이면 e / (1 + e).")
HINT_GRAD = Text(
    "The derivative is sigmoid(x) * (1 - sigmoid(x)): apply sigmoid first (x * (1 - x) is the formula "
    "in terms of the OUTPUT). Its largest value is 0.25, at x = 0; compute it without overflow.",
    "도함수는 sigmoid(x) * (1 - sigmoid(x))입니다. 먼저 sigmoid를 적용하세요 (x * (1 - x)는 출력값으로 "
    "쓴 식입니다). 최댓값은 x = 0에서 0.25이며, 오버플로 없이 계산해야 합니다.")
HINT_RELU = Text(
    "np.maximum(x, 0) compares element by element; np.max(x, 0) is the largest value along axis 0.",
    "np.maximum(x, 0)은 원소마다 비교합니다. np.max(x, 0)은 축 0을 따라 가장 큰 값입니다.")
HINT_SWISH = Text(
    "swish(x) = x * sigmoid(x), with a sigmoid that does not overflow for large negative x.",
    "swish(x) = x * sigmoid(x)이며, 큰 음수 x 에서도 오버플로하지 않는 sigmoid를 쓰세요.")
HINT_GELU = Text(
    "The exact GELU is 0.5 * x * (1 + erf(x / sqrt(2))) (Keras' approximate=False). The tanh formula "
    "is only an approximation (off by about 1e-4). math.erf works on one number: use np.vectorize or "
    "a loop.",
    "정확한 GELU는 0.5 * x * (1 + erf(x / sqrt(2)))입니다 (케라스의 approximate=False). tanh 식은 "
    "근사일 뿐입니다 (약 1e-4 차이). math.erf는 숫자 하나에 쓰므로 np.vectorize나 반복문을 쓰세요.")
HINT_MSE = Text(
    "The mean (not the sum) of the squared differences. Flatten both arguments first: y_pred of shape "
    "(n, 1) minus y_true of shape (n,) broadcasts to an (n, n) matrix.",
    "차이를 제곱한 값의 평균(합이 아님)입니다. 먼저 두 인자를 1차원으로 펴세요: (n, 1) 모양의 y_pred에서 "
    "(n,) 모양의 y_true를 빼면 (n, n) 행렬로 브로드캐스트됩니다.")
HINT_BCE = Text(
    "-mean(y * log(p) + (1 - y) * log(1 - p)) with the natural log, averaged over samples, after "
    "clipping p to [1e-7, 1 - 1e-7].",
    "자연로그로 -mean(y * log(p) + (1 - y) * log(1 - p))를 샘플 평균으로 구합니다. 먼저 p를 "
    "[1e-7, 1 - 1e-7]로 자르세요(clip).")
HINT_CLIP = Text(
    "log(0) is -inf: clip the probabilities to [1e-7, 1 - 1e-7] before taking logs, as Keras does.",
    "log(0)은 -inf입니다. 케라스처럼 로그를 취하기 전에 확률을 [1e-7, 1 - 1e-7]로 자르세요(clip).")
HINT_FLOAT32 = Text(
    "Clip p to [1e-7, 1 - 1e-7] before taking logs, so p = 1 for a 0 label costs -log(1e-7), about 16.12, "
    "not inf. (Keras computes in float32, where 1 - 1e-7 rounds to 1 - 1.19e-7, so it charges 15.94; "
    "either is accepted.)",
    "로그를 취하기 전에 p를 [1e-7, 1 - 1e-7]로 자르면(clip) 레이블 0에 p = 1 인 손실이 inf가 아니라 "
    "-log(1e-7), 약 16.12가 됩니다. (케라스는 float32로 계산해 1 - 1e-7이 1 - 1.19e-7로 반올림되므로 "
    "15.94를 매깁니다. 둘 다 정답으로 인정합니다.)")
HINT_CCE = Text(
    "For each sample, -sum(y * log(p)) over the classes (last axis); then the mean over samples (not "
    "over every entry, and not the sum).",
    "샘플마다 클래스 축(마지막 축)으로 -sum(y * log(p))를 구한 뒤 샘플에 대해 평균합니다 (모든 원소의 "
    "평균이나 합이 아닙니다).")
HINT_RENORM = Text(
    "Keras first divides each row of p by its sum, so rows that do not add up to 1 are treated as "
    "proportions; then it clips.",
    "케라스는 먼저 p의 각 행을 그 합으로 나눕니다. 합이 1이 아닌 행도 비율로 다룬 뒤에 자릅니다(clip).")


# ------------------------------------------------------------------ helpers


def _activation(ctx, function: str, x) -> None:
    """The learner's activation on ``x`` equals the reference's, and gave no warning."""
    call = call_label(function, x)
    got, want = ctx.both_outcomes(function, x)
    ctx.expect.close(got.value, want.value, call)
    ctx.expect.no_warnings(got.warnings, call)


def _drawn(ctx, shape=(3, 5)) -> np.ndarray:
    """Values drawn at grading time, a few of them huge (beyond exp's overflow at about 709)."""
    x = ctx.rng.normal(0.0, 4.0, size=shape)
    flat = x.reshape(-1)
    spots = ctx.rng.choice(flat.size, size=4, replace=False)
    flat[spots] = ctx.rng.uniform(750.0, BIG, size=4) * np.array([1, -1, 1, -1])
    flat[spots[-1]] = -BIG
    return x


def _keras_loss(ctx, loss: str, y_true, y_pred) -> None:
    """The learner's ``loss`` (named like Keras' own) agrees with keras.losses to 1e-5."""
    got = ctx.learner.call(loss, y_true, y_pred).value  # first: a stub stops here
    want = ctx.reference.harness(ops.KerasLoss(loss=loss, y_true=y_true, y_pred=y_pred)).value
    ctx.expect.scalar(got, want, call_label(loss, y_true, y_pred), rtol=1e-5, atol=1e-6)


def _labels(ctx, n: int) -> np.ndarray:
    y = ctx.rng.integers(0, 2, size=n).astype(float)
    y[:2] = [0.0, 1.0]  # both classes, always
    return ctx.rng.permutation(y)


def _onehot(ctx, n: int, classes: int) -> np.ndarray:
    """n one-hot rows of ``classes`` columns, drawn at grading time."""
    return np.eye(classes)[ctx.rng.integers(0, classes, size=n)]


# ------------------------------------------------------------------ the problem-type table


@exercise.check(points=1, function="output_activation", visibility="public", hint=HINT_TABLE)
def output_activation_table(ctx):
    """
    en: note 001's table: 'regression' -> 'linear', 'binary' -> 'sigmoid', 'multiclass' -> 'softmax'
    ko: 노트 001의 표: 'regression' -> 'linear', 'binary' -> 'sigmoid', 'multiclass' -> 'softmax'
    """
    for problem, want in ACTIVATIONS.items():
        ctx.expect.equal(ctx.learner.output_activation(problem), want, call_label("output_activation", repr(problem)))


@exercise.check(points=1, function="output_activation", visibility="public", hint=HINT_UNKNOWN)
def output_activation_rejects_unknown(ctx):
    """
    en: an unknown problem such as 'clustering' raises ValueError
    ko: 'clustering' 같은 알 수 없는 문제 유형은 ValueError를 발생시킵니다
    """
    for problem in UNKNOWN_PROBLEMS:
        ctx.raises("ValueError", "output_activation", problem)


@exercise.check(points=1, function="loss_for", visibility="public", hint=HINT_TABLE)
def loss_for_table(ctx):
    """
    en: note 001's table: 'regression' -> 'mse', 'binary' -> 'binary_crossentropy', 'multiclass' -> 'categorical_crossentropy'
    ko: 노트 001의 표: 'regression' -> 'mse', 'binary' -> 'binary_crossentropy', 'multiclass' -> 'categorical_crossentropy'
    """
    for problem, want in LOSSES.items():
        ctx.expect.equal(ctx.learner.loss_for(problem), want, call_label("loss_for", repr(problem)))


@exercise.check(points=1, function="loss_for", visibility="public", hint=HINT_UNKNOWN)
def loss_for_rejects_unknown(ctx):
    """
    en: an unknown problem such as 'clustering' raises ValueError
    ko: 'clustering' 같은 알 수 없는 문제 유형은 ValueError를 발생시킵니다
    """
    for problem in UNKNOWN_PROBLEMS:
        ctx.raises("ValueError", "loss_for", problem)


# ------------------------------------------------------------------ activations


@exercise.check(points=1, function="sigmoid", visibility="public", hint=HINT_SIGMOID)
def sigmoid_example(ctx):
    """
    en: sigmoid([-1e4, 0, 1e4]) is [0, 0.5, 1] with no overflow warning
    ko: sigmoid([-1e4, 0, 1e4])는 오버플로 경고 없이 [0, 0.5, 1]입니다
    """
    x = np.array([-BIG, 0.0, BIG])
    call = call_label("sigmoid", x)
    outcome = ctx.learner.call("sigmoid", x)
    ctx.expect.close(outcome.value, [0.0, 0.5, 1.0], call)
    ctx.expect.no_warnings(outcome.warnings, call)


@exercise.check(points=2, function="sigmoid", visibility="hidden", hint=HINT_SIGMOID)
def sigmoid_drawn(ctx):
    """
    en: a 2-D array drawn at grading time, some values as large as ±1e4: right values, same shape, no warning
    ko: 채점 때 뽑은 2차원 배열 (일부는 ±1e4까지 큰 값): 값과 모양이 맞고 경고가 없습니다
    """
    _activation(ctx, "sigmoid", _drawn(ctx))


@exercise.check(points=2, function="sigmoid_grad", visibility="public", hint=HINT_GRAD)
def sigmoid_grad_peak(ctx):
    """
    en: sigmoid_grad(0) is 0.25, the largest value on [-10, 10]: small factors that vanish when multiplied (note 000)
    ko: sigmoid_grad(0)은 [-10, 10]에서 가장 큰 값 0.25입니다: 곱할수록 사라지는 작은 값 (노트 000)
    """
    ctx.expect.scalar(ctx.learner.sigmoid_grad(0.0), 0.25, "sigmoid_grad(0.0)")
    _activation(ctx, "sigmoid_grad", np.linspace(-10.0, 10.0, 81))


@exercise.check(points=2, function="sigmoid_grad", visibility="hidden", hint=HINT_GRAD)
def sigmoid_grad_drawn(ctx):
    """
    en: a 2-D array drawn at grading time, some values as large as ±1e4: right values, no warning
    ko: 채점 때 뽑은 2차원 배열 (일부는 ±1e4까지 큰 값): 값이 맞고 경고가 없습니다
    """
    _activation(ctx, "sigmoid_grad", _drawn(ctx))


@exercise.check(points=1, function="relu", visibility="public", hint=HINT_RELU)
def relu_example(ctx):
    """
    en: relu([-2, -0.5, 0, 0.5, 2]) is [0, 0, 0, 0.5, 2]
    ko: relu([-2, -0.5, 0, 0.5, 2])는 [0, 0, 0, 0.5, 2]입니다
    """
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    ctx.expect.close(ctx.learner.relu(x), np.maximum(x, 0.0), call_label("relu", x))


@exercise.check(points=1, function="relu", visibility="hidden", hint=HINT_RELU)
def relu_drawn(ctx):
    """
    en: a 2-D array drawn at grading time keeps its shape, negatives become 0
    ko: 채점 때 뽑은 2차원 배열의 모양이 유지되고 음수는 0이 됩니다
    """
    _activation(ctx, "relu", _drawn(ctx, shape=(4, 3)))


@exercise.check(points=1, function="swish", visibility="public", hint=HINT_SWISH)
def swish_example(ctx):
    """
    en: swish([-1e4, -1, 0, 1, 1e4]) is x * sigmoid(x), with no overflow warning (note 002's activation)
    ko: swish([-1e4, -1, 0, 1, 1e4])는 오버플로 경고 없이 x * sigmoid(x)입니다 (노트 002의 활성화 함수)
    """
    _activation(ctx, "swish", np.array([-BIG, -1.0, 0.0, 1.0, BIG]))


@exercise.check(points=1, function="swish", visibility="hidden", hint=HINT_SWISH)
def swish_drawn(ctx):
    """
    en: a 2-D array drawn at grading time, some values as large as ±1e4: right values, no warning
    ko: 채점 때 뽑은 2차원 배열 (일부는 ±1e4까지 큰 값): 값이 맞고 경고가 없습니다
    """
    _activation(ctx, "swish", _drawn(ctx))


@exercise.check(points=2, function="gelu", visibility="public", hint=HINT_GELU)
def gelu_example(ctx):
    """
    en: gelu([-3, -1, 0, 1, 3]) is the exact erf form (gelu(1) = 0.841345, not tanh's 0.841192)
    ko: gelu([-3, -1, 0, 1, 3])은 정확한 erf 형태입니다 (gelu(1) = 0.841345, tanh 근사의 0.841192가 아님)
    """
    _activation(ctx, "gelu", np.array([-3.0, -1.0, 0.0, 1.0, 3.0]))


@exercise.check(points=2, function="gelu", visibility="hidden", hint=HINT_GELU)
def gelu_drawn(ctx):
    """
    en: a 2-D array drawn at grading time, some values as large as ±1e4: exact values, no warning
    ko: 채점 때 뽑은 2차원 배열 (일부는 ±1e4까지 큰 값): 정확한 값이고 경고가 없습니다
    """
    _activation(ctx, "gelu", _drawn(ctx))


# ------------------------------------------------------------------ losses


@exercise.check(points=1, function="mse", visibility="public", hint=HINT_MSE)
def mse_example(ctx):
    """
    en: mse([1, 2, 3], [1, 2, 5]) is 4/3, as keras.losses.MeanSquaredError gives
    ko: mse([1, 2, 3], [1, 2, 5])는 keras.losses.MeanSquaredError처럼 4/3입니다
    """
    _keras_loss(ctx, "mse", [1.0, 2.0, 3.0], [1.0, 2.0, 5.0])


@exercise.check(points=2, function="mse", visibility="hidden", hint=HINT_MSE)
def mse_matches_keras(ctx):
    """
    en: targets and predictions drawn at grading time agree with keras.losses.MeanSquaredError to 1e-5
    ko: 채점 때 뽑은 정답과 예측값에서 keras.losses.MeanSquaredError와 1e-5까지 같습니다
    """
    n = int(ctx.rng.integers(5, 20))
    _keras_loss(ctx, "mse", ctx.rng.normal(0, 3, n), ctx.rng.normal(0, 3, n))


@exercise.check(points=1, function="mse", visibility="hidden", hint=HINT_MSE)
def mse_column_predictions(ctx):
    """
    en: predictions of shape (n, 1), as model.predict returns them, against targets of shape (n,) agree with Keras
    ko: model.predict가 돌려주는 (n, 1) 모양의 예측값과 (n,) 모양의 정답에서도 케라스와 같습니다
    """
    n = int(ctx.rng.integers(4, 12))
    _keras_loss(ctx, "mse", ctx.rng.normal(0, 3, n), ctx.rng.normal(0, 3, (n, 1)))


@exercise.check(points=1, function="binary_crossentropy", visibility="public", hint=HINT_BCE)
def binary_crossentropy_example(ctx):
    """
    en: binary_crossentropy([1, 0], [0.9, 0.2]) agrees with keras.losses.BinaryCrossentropy (about 0.1643)
    ko: binary_crossentropy([1, 0], [0.9, 0.2])가 keras.losses.BinaryCrossentropy와 같습니다 (약 0.1643)
    """
    _keras_loss(ctx, "binary_crossentropy", [1.0, 0.0], [0.9, 0.2])


@exercise.check(points=2, function="binary_crossentropy", visibility="hidden", hint=HINT_BCE)
def binary_crossentropy_matches_keras(ctx):
    """
    en: labels and probabilities drawn at grading time agree with keras.losses.BinaryCrossentropy to 1e-5
    ko: 채점 때 뽑은 레이블과 확률에서 keras.losses.BinaryCrossentropy와 1e-5까지 같습니다
    """
    n = int(ctx.rng.integers(6, 20))
    _keras_loss(ctx, "binary_crossentropy", _labels(ctx, n), ctx.rng.uniform(0.02, 0.98, n))


@exercise.check(points=1, function="binary_crossentropy", visibility="hidden", hint=HINT_CLIP)
def binary_crossentropy_clips(ctx):
    """
    en: probabilities of exactly 0 and 1 (one label 1 predicted 0) give Keras' finite loss, not inf or NaN
    ko: 확률이 정확히 0이나 1 일 때 (레이블 1을 0으로 예측한 것 포함) inf나 NaN이 아니라 케라스의 유한한 손실이 나옵니다
    """
    n = int(ctx.rng.integers(6, 14))
    y = _labels(ctx, n)
    p = ctx.rng.uniform(0.05, 0.95, n)
    ones, zeros = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    p[ones[0]] = 0.0        # confidently wrong: -log(1e-7)
    p[ones[1:2]] = 1.0      # confidently right
    p[zeros[:1]] = 0.0      # confidently right
    _keras_loss(ctx, "binary_crossentropy", y, p)


@exercise.check(points=1, function="binary_crossentropy", visibility="hidden", hint=HINT_FLOAT32)
def binary_crossentropy_float32_like_keras(ctx):
    """
    en: a label 0 predicted with p = 1 is clipped to 1 - 1e-7 and costs about 16.12 (Keras, in float32, charges 15.94; either is right)
    ko: 레이블 0을 p = 1로 예측하면 1 - 1e-7로 잘려 약 16.12의 손실이 됩니다 (float32로 계산하는 케라스는 15.94; 둘 다 정답)
    """
    n = int(ctx.rng.integers(3, 8))
    y = _labels(ctx, n)
    p = ctx.rng.uniform(0.05, 0.95, n)
    p[np.flatnonzero(y == 0)[0]] = 1.0
    call = call_label("binary_crossentropy", y, p)
    got = ctx.learner.call("binary_crossentropy", y, p).value
    keras = ctx.reference.harness(ops.KerasLoss(loss="binary_crossentropy", y_true=y, y_pred=p)).value
    clipped = np.clip(p, 1e-7, 1 - 1e-7)  # the same clipping, in float64
    float64 = float(np.mean(-(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))))
    try:
        ctx.expect.scalar(got, keras, call, rtol=1e-5, atol=1e-6)
    except CheckFailed:
        ctx.expect.scalar(got, float64, call, rtol=1e-5, atol=1e-6)


@exercise.check(points=1, function="categorical_crossentropy", visibility="public", hint=HINT_CCE)
def categorical_crossentropy_example(ctx):
    """
    en: categorical_crossentropy([[0, 1, 0]], [[0.1, 0.8, 0.1]]) is -log(0.8), about 0.2231, as Keras gives
    ko: categorical_crossentropy([[0, 1, 0]], [[0.1, 0.8, 0.1]])은 케라스처럼 -log(0.8), 약 0.2231입니다
    """
    _keras_loss(ctx, "categorical_crossentropy", [[0.0, 1.0, 0.0]], [[0.1, 0.8, 0.1]])


@exercise.check(points=2, function="categorical_crossentropy", visibility="hidden", hint=HINT_CCE)
def categorical_crossentropy_matches_keras(ctx):
    """
    en: one-hot labels and softmax-like rows drawn at grading time agree with keras.losses.CategoricalCrossentropy to 1e-5
    ko: 채점 때 뽑은 원-핫 레이블과 합이 1 인 확률 행에서 keras.losses.CategoricalCrossentropy와 1e-5까지 같습니다
    """
    n, classes = int(ctx.rng.integers(4, 12)), int(ctx.rng.integers(3, 7))
    p = ctx.rng.dirichlet(np.full(classes, 2.0), size=n)
    _keras_loss(ctx, "categorical_crossentropy", _onehot(ctx, n, classes), p)


@exercise.check(points=1, function="categorical_crossentropy", visibility="hidden", hint=HINT_CLIP)
def categorical_crossentropy_clips(ctx):
    """
    en: rows that give the true class probability 0 cost -log(1e-7) each, as in Keras, not inf or NaN
    ko: 정답 클래스의 확률이 0 인 행은 케라스처럼 -log(1e-7)의 손실이 되고 inf나 NaN이 아니다
    """
    n, classes = int(ctx.rng.integers(4, 10)), int(ctx.rng.integers(3, 6))
    y = _onehot(ctx, n, classes)
    p = ctx.rng.dirichlet(np.full(classes, 2.0), size=n)
    for row in range(2):  # the true class gets nothing, the rest share the whole probability
        p[row] = np.where(y[row] == 1, 0.0, 1.0 / (classes - 1))
    p[2] = y[2]           # exactly right
    _keras_loss(ctx, "categorical_crossentropy", y, p)


@exercise.check(points=1, function="categorical_crossentropy", visibility="hidden", hint=HINT_RENORM)
def categorical_crossentropy_unnormalised_rows(ctx):
    """
    en: rows of p that do not sum to 1 are first divided by their sum, as keras.losses.CategoricalCrossentropy does
    ko: 합이 1이 아닌 p의 행은 keras.losses.CategoricalCrossentropy처럼 먼저 그 합으로 나눕니다
    """
    n, classes = int(ctx.rng.integers(3, 8)), int(ctx.rng.integers(3, 6))
    p = ctx.rng.uniform(0.1, 1.0, size=(n, classes))  # row sums between about 0.3 and 6
    _keras_loss(ctx, "categorical_crossentropy", _onehot(ctx, n, classes), p)
