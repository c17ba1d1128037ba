"""exercise7: a GradientTape training loop (note 002)."""

import numpy as np

from grader.authoring import Exercise, Text, call_label, recipes

exercise = Exercise(
    name="exercise7",
    title=Text("A GradientTape training loop", "GradientTape 학습 루프"),
    functions=("derivative", "train_step", "train_loop"),
    notes=("002",),
    timeout=120,
    uses_tensorflow=True,
)

HINT_DERIVATIVE = Text(
    "Make x a tensor the tape can watch (tf.Variable(x), or tf.constant(x) and tape.watch(x)), compute "
    "y = f(x) inside `with tf.GradientTape() as tape:`, then return float(tape.gradient(y, x)).",
    "x를 테이프가 지켜볼 수 있는 텐서로 만들고 (tf.Variable(x), 또는 tf.constant(x)와 tape.watch(x)), "
    "`with tf.GradientTape() as tape:` 안에서 y = f(x)를 계산한 뒤 float(tape.gradient(y, x))를 돌려주세요.")
HINT_STEP = Text(
    "Under the tape: pred = model(x, training=True); loss = loss_fn(y, pred). Outside it: "
    "grads = tape.gradient(loss, model.trainable_weights); "
    "optimizer.apply_gradients(zip(grads, model.trainable_weights)); return float(loss).",
    "테이프 안에서: pred = model(x, training=True); loss = loss_fn(y, pred). 테이프 밖에서: "
    "grads = tape.gradient(loss, model.trainable_weights); "
    "optimizer.apply_gradients(zip(grads, model.trainable_weights)); float(loss)를 돌려주세요.")
HINT_LOOP = Text(
    "Note 002's loop: one keras.losses.MeanSquaredError() and one keras.optimizers.Adam(learning_rate) "
    "made before the loop; every epoch is one full-batch step; append each epoch's loss (computed "
    "before that epoch's update) as a float.",
    "노트 002의 루프: 루프 전에 keras.losses.MeanSquaredError()와 keras.optimizers.Adam(learning_rate)"
    "를 하나씩 만들고, 에포크마다 전체 배치로 한 걸음; 각 에포크의 손실 (그 에포크의 갱신 전에 계산한 값)"
    "을 float로 추가하세요.")
DERIVATIVE_NOT_TAPE = Text(
    "derivative called f with Python numbers only ({calls} call(s)); f takes tensors: differentiate "
    "it with tf.GradientTape, not with a finite difference",
    "derivative가 f를 파이썬 숫자로만 호출했습니다 ({calls}번). f는 텐서를 받습니다: 유한 차분이 아니라 "
    "tf.GradientTape로 미분하세요")
LOSS_FALLS = Text("train_loop's loss did not fall: first {first:.4g}, last {last:.4g}",
                  "train_loop의 손실이 줄지 않았습니다: 처음 {first:.4g}, 마지막 {last:.4g}")
LOSS_COUNT = Text("train_loop(epochs={epochs}) returned {got} losses; expected one per epoch ({epochs})",
                  "train_loop(epochs={epochs}) 이(가) 손실 {got}개를 돌려주었습니다. 에포크마다 하나씩 ({epochs}개) 필요합니다")
WEIGHTS = Text("after {call}, the model's weights differ from the reference's (did the optimizer apply "
               "the gradients?): {detail}",
               "{call} 이후 모델 가중치가 기준 풀이와 다릅니다 (옵티마이저가 기울기를 적용했나요?): {detail}")


def _problem(rng, n=32, features=3, hidden=8):
    """A small regression problem and a model's initial weights, drawn from ``rng``."""
    x = rng.normal(size=(n, features)).astype(np.float32)
    true_w = rng.normal(size=(features, 1))
    y = (np.tanh(x @ true_w) + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
    limit1, limit2 = np.sqrt(6 / (features + hidden)), np.sqrt(6 / (hidden + 1))
    weights = [rng.uniform(-limit1, limit1, (features, hidden)).astype(np.float32),
               np.zeros(hidden, np.float32),
               rng.uniform(-limit2, limit2, (hidden, 1)).astype(np.float32), np.zeros(1, np.float32)]
    model = recipes.dense_stack(features, [(hidden, "tanh"), (1, "linear")], weights)
    return model, x, y


def _weights_match(ctx, learner_outcome, reference_outcome, key, call, rtol=1e-4, atol=1e-6):
    got, want = learner_outcome.captures.get(key), reference_outcome.captures.get(key)
    try:
        for g, w in zip(got, want, strict=True):
            ctx.expect.close(g, w, "weights", rtol=rtol, atol=atol)
    except ctx.expect.CheckFailed as failure:
        ctx.fail(WEIGHTS.format(call=call, detail=failure.message))
    except (TypeError, ValueError):
        ctx.fail(WEIGHTS.format(call=call, detail="different number of weight arrays"))


@exercise.check(points=1, function="derivative", visibility="public", hint=HINT_DERIVATIVE)
def derivative_of_square(ctx):
    """
    en: the derivative of f(x) = x**2 at x = 3 is 6
    ko: f(x) = x**2의 x = 3 에서의 미분값은 6입니다
    """
    f = recipes.scalar_function([0.0, 0.0, 1.0])
    ctx.expect.scalar(ctx.learner.derivative(f, 3.0), 6.0, "derivative(x**2, 3.0)", rtol=1e-5, atol=1e-5)


@exercise.check(points=2, function="derivative", visibility="hidden", hint=HINT_DERIVATIVE)
def derivative_of_drawn_functions(ctx):
    """
    en: polynomials with sin and exp terms drawn at grading time, at points drawn at grading time
    ko: 채점 때 뽑은 다항식 + sin + exp 함수를 채점 때 뽑은 점에서 미분합니다
    """
    for _ in range(3):
        f = recipes.scalar_function([float(c) for c in ctx.rng.normal(size=4)],
                                    sin=float(ctx.rng.normal()),
                                    exp=(float(ctx.rng.normal()), float(ctx.rng.uniform(-1, 1))))
        x = float(np.round(ctx.rng.uniform(-2, 2), 3))
        want = recipes.scalar_function_value(f, x, derivative=True)
        ctx.expect.scalar(ctx.learner.derivative(f, x), want, f"derivative(f, {x})", rtol=1e-4, atol=1e-4)


@exercise.check(points=1, function="derivative", visibility="public", hint=HINT_DERIVATIVE)
def derivative_uses_tensors(ctx):
    """
    en: derivative hands f a tensor (as GradientTape needs), not Python numbers
    ko: derivative는 f에 파이썬 숫자가 아니라 텐서를 넘깁니다 (GradientTape에 필요)
    """
    outcome = ctx.learner.call("derivative", recipes.scalar_function([1.0, 2.0, 0.5]), 1.5)
    counts = outcome.captures.get("0") or {}
    ctx.expect.scalar(outcome.value, 3.5, "derivative(1 + 2x + 0.5x**2, 1.5)", rtol=1e-4, atol=1e-4)
    if not counts.get("tensor_calls"):
        ctx.fail(DERIVATIVE_NOT_TAPE.format(calls=counts.get("calls", 0)))


@exercise.check(points=2, function="train_step", visibility="hidden", hint=HINT_STEP)
def train_step_returns_loss(ctx):
    """
    en: one step on a model and data drawn at grading time returns the loss before the update, as a number
    ko: 채점 때 뽑은 모델과 데이터로 한 걸음 학습하면 갱신 전의 손실을 숫자로 돌려줍니다
    """
    model, x, y = _problem(ctx.rng)
    args = (model, x, y, recipes.loss("mse"), recipes.optimizer("sgd", 0.1))
    got, want = ctx.both("train_step", *args)
    ctx.expect.scalar(got, float(np.asarray(want)), call_label("train_step", *args))


@exercise.check(points=2, function="train_step", visibility="hidden", hint=HINT_STEP)
def train_step_updates_weights(ctx):
    """
    en: after one step with SGD and with Adam, the model's weights equal the reference's
    ko: SGD와 Adam으로 한 걸음 학습한 뒤 모델 가중치가 기준 풀이와 같습니다
    """
    for opt in (recipes.optimizer("sgd", 0.1), recipes.optimizer("adam", 0.01)):
        model, x, y = _problem(ctx.rng)
        args = (model, x, y, recipes.loss("mse"), opt)
        learner, reference = ctx.both_outcomes("train_step", *args)
        _weights_match(ctx, learner, reference, "0", call_label("train_step", *args))


@exercise.check(points=1, function="train_loop", visibility="public", hint=HINT_LOOP)
def train_loop_loss_falls(ctx):
    """
    en: train_loop(model, x, y, epochs=50) returns 50 losses, and the loss falls
    ko: train_loop(model, x, y, epochs=50)은 손실 50개를 돌려주고, 손실이 줄어듭니다
    """
    model, x, y = _problem(np.random.default_rng(2024))
    losses = ctx.expect.as_array(ctx.learner.train_loop(model, x, y, epochs=50), "train_loop")
    if losses.shape != (50,):
        ctx.fail(LOSS_COUNT.format(epochs=50, got=losses.size))
    ctx.expect.that(bool(np.isfinite(losses).all() and losses[-1] < losses[0]),
                    LOSS_FALLS.format(first=float(losses[0]), last=float(losses[-1])))


@exercise.check(points=3, function="train_loop", visibility="hidden", hint=HINT_LOOP)
def train_loop_matches_reference(ctx):
    """
    en: from the same initial weights, every epoch's loss and the final weights match note 002's loop
    ko: 같은 초기 가중치에서 각 에포크의 손실과 최종 가중치가 노트 002의 루프와 같습니다
    """
    model, x, y = _problem(ctx.rng)
    epochs, lr = int(ctx.rng.integers(20, 60)), float(ctx.rng.uniform(0.005, 0.05))
    call = call_label("train_loop", model, x, y, epochs=epochs, learning_rate=lr)
    learner, reference = ctx.both_outcomes("train_loop", model, x, y, epochs=epochs, learning_rate=lr)
    losses = ctx.expect.as_array(learner.value, call)
    if losses.shape != (epochs,):
        ctx.fail(LOSS_COUNT.format(epochs=epochs, got=losses.size))
    ctx.expect.close(losses, np.asarray(reference.value, float), call, rtol=1e-4, atol=1e-6)
    _weights_match(ctx, learner, reference, "0", call, rtol=1e-3, atol=1e-5)
