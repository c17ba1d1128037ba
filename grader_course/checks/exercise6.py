"""exercise6: a gradient-descent step, and optimizers (notes 000, 001, 003)."""

import numpy as np

from grader.authoring import ops
from grader.authoring import Exercise, Text, call_label

exercise = Exercise(
    name="exercise6",
    title=Text("A gradient-descent step, and optimizers", "경사하강법 한 걸음과 옵티마이저"),
    functions=("gd_step", "mse_gradients", "fit_line", "momentum_step", "adagrad_step", "adam_step"),
    notes=("000", "001", "003"),
    timeout=90,
    uses_tensorflow=True,  # Adagrad and Adam are judged against Keras' own optimizers
)

# Note 001's data: y = x + 1.
NOTE_X = np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14], dtype=float)
NOTE_Y = NOTE_X + 1

HINT_GD = Text("Step against the slope: new w = w - learning_rate * grad (note 003).",
               "기울기의 반대 방향으로: new w = w - learning_rate * grad (노트 003).")
HINT_GRAD = Text(
    "For E = mean((w*x + b - y)**2): dE/dw = mean(2 * (w*x + b - y) * x) and "
    "dE/db = mean(2 * (w*x + b - y)). Keep the factor 2 and the mean.",
    "E = mean((w*x + b - y)**2)에서 dE/dw = mean(2 * (w*x + b - y) * x), "
    "dE/db = mean(2 * (w*x + b - y))입니다. 2와 평균을 빠뜨리지 마세요.")
HINT_FIT = Text(
    "Start from w = b = 0 and repeat `steps` times: compute the gradients with mse_gradients, then "
    "update w and b with gd_step using the given learning_rate.",
    "w = b = 0에서 시작해 steps 번 반복하세요: mse_gradients로 기울기를 구하고 주어진 "
    "learning_rate로 gd_step을 써서 w와 b를 갱신합니다.")
HINT_MOMENTUM = Text(
    "Keras SGD with momentum: velocity = momentum * velocity - learning_rate * grad; then "
    "w = w + velocity. Return both.",
    "모멘텀이 있는 케라스 SGD: velocity = momentum * velocity - learning_rate * grad, 그다음 "
    "w = w + velocity. 둘 다 돌려주세요.")
HINT_ADAGRAD = Text(
    "Adagrad remembers how far each weight moved: accumulator += grad**2, then "
    "w -= learning_rate * grad / sqrt(accumulator + epsilon). Return both.",
    "Adagrad는 각 가중치가 얼마나 움직였는지 기억합니다: accumulator += grad**2, 그다음 "
    "w -= learning_rate * grad / sqrt(accumulator + epsilon). 둘 다 돌려주세요.")
HINT_ADAM = Text(
    "m = beta_1*m + (1-beta_1)*grad; v = beta_2*v + (1-beta_2)*grad**2; correct the bias with "
    "1 - beta**t (t starts at 1); w -= learning_rate * m_hat / (sqrt(v_hat) + epsilon).",
    "m = beta_1*m + (1-beta_1)*grad; v = beta_2*v + (1-beta_2)*grad**2; 1 - beta**t로 편향을 "
    "보정하고 (t는 1부터), w -= learning_rate * m_hat / (sqrt(v_hat) + epsilon).")


def _pair(ctx, got, want, call, rtol=1e-5, atol=1e-6):
    """A learner's (a, b) tuple against the expected pair."""
    ctx.expect.plain_or_fail(got, call, "a pair (two values)")
    if not isinstance(got, (tuple, list)) or len(got) != len(want):
        ctx.fail(ctx.expect.WRONG_TYPE.format(call=call, got=ctx.expect.show(got, 80),
                                              type=type(got).__name__,
                                              expected=f"a tuple of {len(want)} values"))
    for i, (g, w) in enumerate(zip(got, want)):
        ctx.expect.close(g, w, f"{call}[{i}]", rtol=rtol, atol=atol)


@exercise.check(points=1, function="gd_step", visibility="public", hint=HINT_GD)
def gd_step_notes(ctx):
    """
    en: note 003's step: w = 3 with slope 1 and learning rate 1 becomes 2; arrays step element-wise
    ko: 노트 003의 한 걸음: 기울기 1, 학습률 1이면 w = 3은 2가 됩니다; 배열은 원소별로
    """
    ctx.expect.scalar(ctx.learner.gd_step(3.0, 1.0, 1.0), 2.0, call_label("gd_step", 3.0, 1.0, 1.0))
    w, g = np.array([1.0, -2.0, 0.5]), np.array([0.5, -1.0, 2.0])
    ctx.expect.close(ctx.learner.gd_step(w, g, 0.1), w - 0.1 * g, call_label("gd_step", w, g, 0.1))


@exercise.check(points=1, function="gd_step", visibility="hidden", hint=HINT_GD)
def gd_step_drawn(ctx):
    """
    en: weights, gradients and a learning rate drawn at grading time
    ko: 채점 때 뽑은 가중치, 기울기, 학습률
    """
    w, g = ctx.rng.normal(size=(3, 4)), ctx.rng.normal(size=(3, 4))
    lr = float(ctx.rng.uniform(0.001, 0.5))
    ctx.expect.close(ctx.learner.gd_step(w, g, lr), w - lr * g, call_label("gd_step", w, g, lr))


@exercise.check(points=1, function="mse_gradients", visibility="public", hint=HINT_GRAD)
def mse_gradients_notes(ctx):
    """
    en: on note 001's data (y = x + 1) at w = 0.5, b = 0, the gradients match the formula
    ko: 노트 001의 데이터 (y = x + 1)에서 w = 0.5, b = 0 일 때 기울기가 공식과 같습니다
    """
    error = 0.5 * NOTE_X - NOTE_Y
    want = (np.mean(2 * error * NOTE_X), np.mean(2 * error))
    _pair(ctx, ctx.learner.mse_gradients(0.5, 0.0, NOTE_X, NOTE_Y), want,
          call_label("mse_gradients", 0.5, 0.0, "x", "y"))


@exercise.check(points=2, function="mse_gradients", visibility="hidden", hint=HINT_GRAD)
def mse_gradients_drawn(ctx):
    """
    en: w, b and data drawn at grading time
    ko: 채점 때 뽑은 w, b와 데이터
    """
    n = int(ctx.rng.integers(5, 30))
    x, y = ctx.rng.normal(0, 3, size=n), ctx.rng.normal(0, 3, size=n)
    w, b = (float(v) for v in ctx.rng.normal(size=2))
    got, want = ctx.both("mse_gradients", w, b, x, y)
    _pair(ctx, got, want, call_label("mse_gradients", w, b, x, y))


@exercise.check(points=2, function="fit_line", visibility="public", hint=HINT_FIT)
def fit_line_notes(ctx):
    """
    en: on note 001's data, fit_line(x, y) with its defaults ends near w = 1, b = 1 as the reference does
    ko: 노트 001의 데이터에서 기본값으로 fit_line(x, y)를 하면 기준 풀이처럼 w = 1, b = 1 근처에서 끝납니다
    """
    got, want = ctx.both("fit_line", NOTE_X, NOTE_Y)
    _pair(ctx, got, want, call_label("fit_line", "x", "y"), rtol=1e-4, atol=1e-4)


@exercise.check(points=2, function="fit_line", visibility="hidden", hint=HINT_FIT)
def fit_line_uses_its_arguments(ctx):
    """
    en: a line, a learning rate and a number of steps drawn at grading time give the reference's w and b
    ko: 채점 때 뽑은 직선, 학습률, 반복 횟수로 기준 풀이와 같은 w, b를 얻습니다
    """
    x = ctx.rng.uniform(-2, 2, size=20)
    y = float(ctx.rng.uniform(-3, 3)) * x + float(ctx.rng.uniform(-2, 2)) + ctx.rng.normal(0, 0.1, 20)
    # Few steps, so the answer depends on learning_rate and steps (it has not converged yet).
    lr, steps = float(ctx.rng.uniform(0.005, 0.03)), int(ctx.rng.integers(5, 30))
    got, want = ctx.both("fit_line", x, y, learning_rate=lr, steps=steps)
    _pair(ctx, got, want, call_label("fit_line", x, y, learning_rate=lr, steps=steps), rtol=1e-4, atol=1e-5)


@exercise.check(points=2, function="momentum_step", visibility="hidden", hint=HINT_MOMENTUM)
def momentum_steps(ctx):
    """
    en: five momentum steps from zero velocity on gradients drawn at grading time match Keras SGD
    ko: 속도 0에서 시작해 채점 때 뽑은 기울기로 다섯 번 모멘텀 갱신한 결과가 케라스 SGD와 같습니다
    """
    w, velocity = ctx.rng.normal(size=4), np.zeros(4)
    lr, momentum = float(ctx.rng.uniform(0.01, 0.2)), float(ctx.rng.uniform(0.5, 0.95))
    want_w, want_v = w.copy(), velocity.copy()
    for step in range(5):
        grad = ctx.rng.normal(size=4)
        got = ctx.learner.momentum_step(w, grad, velocity, learning_rate=lr, momentum=momentum)
        want_v = momentum * want_v - lr * grad
        want_w = want_w + want_v
        _pair(ctx, got, (want_w, want_v), f"momentum_step (step {step + 1})")
        w, velocity = np.asarray(got[0], float), np.asarray(got[1], float)


@exercise.check(points=2, function="adagrad_step", visibility="hidden", hint=HINT_ADAGRAD)
def adagrad_steps(ctx):
    """
    en: five Adagrad steps on gradients drawn at grading time match Keras' Adagrad
    ko: 채점 때 뽑은 기울기로 다섯 번 갱신한 Adagrad 결과가 케라스 Adagrad와 같습니다
    """
    w0, acc0 = ctx.rng.normal(size=3), np.full(3, 0.1)
    lr = float(ctx.rng.uniform(0.01, 0.5))
    grads = [ctx.rng.normal(size=3) for _ in range(5)]
    keras_w = ctx.reference.harness(ops.KerasOptimizerSteps(optimizer="Adagrad", w=w0, grads=grads,
                                                        config={"learning_rate": lr, "initial_accumulator_value": 0.1,
                                                                "epsilon": 1e-7})).weights
    w, acc = w0, acc0
    for step, grad in enumerate(grads):
        got = ctx.learner.adagrad_step(w, grad, acc, learning_rate=lr)
        ctx.expect.plain_or_fail(got, "adagrad_step", "a pair (w, accumulator)")
        _pair(ctx, got, (keras_w[step], acc + grad**2), f"adagrad_step (step {step + 1})")
        w, acc = np.asarray(got[0], float), np.asarray(got[1], float)


@exercise.check(points=1, function="adam_step", visibility="public", hint=HINT_ADAM)
def adam_first_step(ctx):
    """
    en: Adam's first step (t = 1, m = v = 0) moves each weight by about the learning rate against its gradient
    ko: Adam의 첫 걸음 (t = 1, m = v = 0)은 각 가중치를 기울기 반대쪽으로 학습률만큼 움직입니다
    """
    w, g = np.array([1.0, -1.0]), np.array([0.5, -2.0])
    got = ctx.learner.adam_step(w, g, np.zeros(2), np.zeros(2), 1)
    _pair(ctx, got, (w - 0.001 * np.sign(g), 0.1 * g, 0.001 * g**2), "adam_step(w, grad, 0, 0, t=1)")


@exercise.check(points=3, function="adam_step", visibility="hidden", hint=HINT_ADAM)
def adam_steps_match_keras(ctx):
    """
    en: six Adam steps on gradients drawn at grading time agree with keras.optimizers.Adam to 1e-5 (Keras computes in float32)
    ko: 채점 때 뽑은 기울기로 여섯 번 갱신한 Adam 결과가 keras.optimizers.Adam과 1e-5까지 같습니다 (케라스는 float32로 계산)
    """
    w0 = ctx.rng.normal(size=4)
    lr = float(ctx.rng.uniform(0.001, 0.05))
    grads = [ctx.rng.normal(size=4) for _ in range(6)]
    keras_w = ctx.reference.harness(ops.KerasOptimizerSteps(optimizer="Adam", w=w0, grads=grads,
                                                        config={"learning_rate": lr, "epsilon": 1e-7})).weights
    w, m, v = w0, np.zeros(4), np.zeros(4)
    for t, grad in enumerate(grads, start=1):
        got = ctx.learner.adam_step(w, grad, m, v, t, learning_rate=lr)
        ctx.expect.plain_or_fail(got, "adam_step", "a tuple (w, m, v)")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            ctx.fail(ctx.expect.WRONG_TYPE.format(call="adam_step", got=ctx.expect.show(got, 80),
                                                  type=type(got).__name__, expected="a tuple (w, m, v)"))
        ctx.expect.close(got[0], keras_w[t - 1], f"adam_step (step {t}) w", rtol=0, atol=1e-5)
        w, m, v = (np.asarray(part, float) for part in got)
