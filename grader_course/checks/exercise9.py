"""exercise9: why hidden layers need activations; the chain rule (notes 000, 003)."""

import numpy as np

from grader.authoring import ops
from grader.authoring import Exercise, Text, call_label

exercise = Exercise(
    name="exercise9",
    title=Text("Hidden layers need activations; the chain rule", "은닉층과 비선형성, 연쇄 법칙"),
    functions=("collapse_linear", "neuron_gradients"),
    notes=("000", "003"),
    timeout=90,
    uses_tensorflow=True,  # neuron_gradients is judged against tf.GradientTape
)

# The stub's example: three inputs, four hidden units, two outputs, all weights 1.
ONES = (np.ones((3, 4)), np.zeros(4), np.ones((4, 2)), np.zeros(2))
# Two inputs as in note 003's June/July example (the note gives no numbers), a hidden layer of two,
# one output, with biases.
MONTHS = (np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([1.0, -2.0]),
          np.array([[3.0], [-0.5]]), np.array([0.75]))
# The stub's example of one neuron: x = [1, 2], w = [0.5, -0.3], b = 0.1, target y = 1.
NEURON = ([1.0, 2.0], [0.5, -0.3], 0.1, 1.0)

HINT_COLLAPSE = Text(
    "Expand (x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2): the second layer multiplies the "
    "first layer's bias too. W has shape (inputs, outputs) and b shape (outputs,).",
    "(x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2)로 전개하세요: 두 번째 층은 첫 번째 층의 "
    "편향에도 곱해집니다. W의 모양은 (입력 수, 출력 수), b의 모양은 (출력 수,)입니다.")
HINT_CHAIN = Text(
    "Chain rule, as note 003 does for w3: dE/dw = dE/da * da/dz * dz/dw with dE/da = a - y, "
    "da/dz = a * (1 - a) (the sigmoid's derivative) and dz/dw = x; dz/db = 1. Return dE/dw shaped "
    "like w and dE/db as a float.",
    "노트 003의 w3처럼 연쇄 법칙: dE/dw = dE/da * da/dz * dz/dw, 여기서 dE/da = a - y, "
    "da/dz = a * (1 - a) (시그모이드의 미분), dz/dw = x이고 dz/db = 1입니다. dE/dw는 w와 같은 모양, "
    "dE/db는 float로 돌려주세요.")

PAIR = Text("{call} returned {got}; expected a tuple ({first}, {second})",
            "{call} 이(가) {got} 을(를) 돌려주었습니다. 튜플 ({first}, {second}) 이(가) 필요합니다")
NOT_THE_SAME_LAYER = Text(
    "{call}: for inputs x drawn at grading time, x @ W + b differs from (x @ W1 + b1) @ W2 + b2 "
    "(largest difference {diff:.3g} at sample {row}): the two layers and your one layer are not the same map",
    "{call}: 채점 때 뽑은 입력 x에서 x @ W + b가 (x @ W1 + b1) @ W2 + b2와 다릅니다 (가장 큰 차이 "
    "{diff:.3g}, 샘플 {row}): 두 층과 여러분의 한 층이 같은 함수가 아닙니다")
CANNOT_APPLY = Text(
    "{call}: x @ W + b cannot be computed for x of shape {x_shape} with W of shape {w_shape} and b of "
    "shape {b_shape}; W must be (inputs, outputs) and b (outputs,)",
    "{call}: 모양 {x_shape} 인 x에 대해 모양 {w_shape} 인 W와 모양 {b_shape} 인 b로 x @ W + b를 계산할 "
    "수 없습니다. W는 (입력 수, 출력 수), b는 (출력 수,) 이어야 합니다")


def _pair(ctx, got, call, first, second):
    """The learner's 2-tuple, or a failure saying what came instead."""
    ctx.expect.plain_or_fail(got, call, f"a tuple ({first}, {second})")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        ctx.fail(PAIR.format(call=call, got=ctx.expect.show(got, 80), first=first, second=second))
    return got


def _collapsed(W1, b1, W2, b2):
    return W1 @ W2, b1 @ W2 + b2


def _layers(rng):
    n_in, hidden, n_out = (int(v) for v in rng.integers(2, 7, size=3))
    if n_in == n_out:  # so a transposed W has the wrong shape
        n_out += 1
    return (rng.normal(size=(n_in, hidden)), rng.normal(size=hidden),
            rng.normal(size=(hidden, n_out)), rng.normal(size=n_out))


# ------------------------------------------------------------------ collapse_linear


@exercise.check(points=1, function="collapse_linear", visibility="public", hint=HINT_COLLAPSE)
def collapse_linear_examples(ctx):
    """
    en: the stub's all-ones layers (3 -> 4 -> 2), and two inputs as in note 003's June/July example (2 -> 2 -> 1, with biases), collapse to W1 @ W2, b1 @ W2 + b2
    ko: 스텁의 1로 채운 층 (3 -> 4 -> 2)과, 노트 003의 6월/7월 예처럼 입력 두 개인 층 (2 -> 2 -> 1, 편향 포함)이 W1 @ W2, b1 @ W2 + b2로 합쳐집니다
    """
    for layers in (ONES, MONTHS):
        call = call_label("collapse_linear", *layers)
        W, b = _pair(ctx, ctx.learner.collapse_linear(*layers), call, "W", "b")
        want_W, want_b = _collapsed(*layers)
        ctx.expect.close(W, want_W, f"{call}[0] (W)")
        ctx.expect.close(b, want_b, f"{call}[1] (b)")


@exercise.check(points=2, function="collapse_linear", visibility="hidden", hint=HINT_COLLAPSE)
def collapse_linear_drawn(ctx):
    """
    en: layers of sizes and weights drawn at grading time give the reference's W of shape (inputs, outputs) and b of shape (outputs,)
    ko: 채점 때 뽑은 크기와 가중치의 층에서 기준 풀이와 같은 W (모양 (입력 수, 출력 수))와 b (모양 (출력 수,))를 얻습니다
    """
    for _ in range(2):
        layers = _layers(ctx.rng)
        call = call_label("collapse_linear", *layers)
        got, want = ctx.both("collapse_linear", *layers)
        W, b = _pair(ctx, got, call, "W", "b")
        ctx.expect.close(W, want[0], f"{call}[0] (W)")
        ctx.expect.close(b, want[1], f"{call}[1] (b)")


@exercise.check(points=2, function="collapse_linear", visibility="hidden", hint=HINT_COLLAPSE)
def collapse_linear_same_map(ctx):
    """
    en: for drawn layers and a batch of inputs x drawn at grading time, x @ W + b equals (x @ W1 + b1) @ W2 + b2 (computed by the grader)
    ko: 채점 때 뽑은 층과 입력 배치 x에서 x @ W + b가 (x @ W1 + b1) @ W2 + b2와 같습니다 (채점기가 계산)
    """
    W1, b1, W2, b2 = layers = _layers(ctx.rng)
    call = call_label("collapse_linear", *layers)
    W, b = _pair(ctx, ctx.learner.collapse_linear(*layers), call, "W", "b")
    W = ctx.expect.as_array(W, f"{call}[0] (W)").astype(float)
    b = ctx.expect.as_array(b, f"{call}[1] (b)").astype(float)
    x = ctx.rng.normal(0.0, 2.0, size=(int(ctx.rng.integers(5, 12)), W1.shape[0]))
    want = (x @ W1 + b1) @ W2 + b2
    try:
        got = x @ W + b
    except ValueError:
        got = None
    if got is None or got.shape != want.shape:
        ctx.fail(CANNOT_APPLY.format(call=call, x_shape=x.shape, w_shape=W.shape, b_shape=b.shape))
    if not np.allclose(got, want, rtol=ctx.expect.RTOL, atol=ctx.expect.ATOL):
        diff = np.abs(got - want)
        diff = np.where(np.isnan(diff), np.inf, diff)
        row = int(np.unravel_index(int(np.argmax(diff)), diff.shape)[0])
        ctx.fail(NOT_THE_SAME_LAYER.format(call=call, diff=float(diff.max()), row=row))


# ------------------------------------------------------------------ neuron_gradients


def _gradients(ctx, got, want, call):
    dw, db = _pair(ctx, got, call, "dE/dw", "dE/db")
    ctx.expect.close(dw, want[0], f"{call}[0] (dE/dw)")
    ctx.expect.scalar(db, float(np.asarray(want[1])), f"{call}[1] (dE/db)")


def _neuron(rng):
    n = int(rng.integers(2, 7))
    x, w = rng.normal(0.0, 1.5, size=n), rng.normal(0.0, 0.8, size=n)
    return x, w, float(rng.normal(0.0, 0.5)), float(rng.uniform(0.0, 1.0))


@exercise.check(points=2, function="neuron_gradients", visibility="public", hint=HINT_CHAIN)
def neuron_gradients_w3_example(ctx):
    """
    en: the stub's neuron (x = [1, 2], w = [0.5, -0.3], b = 0.1, y = 1): dE/dw and dE/db by the chain rule of note 003's w3 update
    ko: 스텁의 뉴런 (x = [1, 2], w = [0.5, -0.3], b = 0.1, y = 1): 노트 003의 w3 갱신처럼 연쇄 법칙으로 구한 dE/dw, dE/db
    """
    got, want = ctx.both("neuron_gradients", *NEURON)
    _gradients(ctx, got, want, call_label("neuron_gradients", *NEURON))


@exercise.check(points=2, function="neuron_gradients", visibility="hidden", hint=HINT_CHAIN)
def neuron_gradients_drawn(ctx):
    """
    en: neurons and targets drawn at grading time (2 to 6 inputs) give the reference's gradients
    ko: 채점 때 뽑은 뉴런과 목표값 (입력 2~6개)에서 기준 풀이와 같은 기울기를 얻습니다
    """
    for _ in range(3):
        args = _neuron(ctx.rng)
        got, want = ctx.both("neuron_gradients", *args)
        _gradients(ctx, got, want, call_label("neuron_gradients", *args))


@exercise.check(points=2, function="neuron_gradients", visibility="hidden", hint=HINT_CHAIN)
def neuron_gradients_match_gradient_tape(ctx):
    """
    en: for a neuron drawn at grading time, the gradients agree with what tf.GradientTape computes
    ko: 채점 때 뽑은 뉴런에서 기울기가 tf.GradientTape가 계산한 값과 같습니다
    """
    x, w, b, y = args = _neuron(ctx.rng)
    tape = ctx.reference.harness(ops.NeuronTapeGradients(x=x, w=w, b=b, y=y))
    _gradients(ctx, ctx.learner.neuron_gradients(*args), (tape.dw, tape.db), call_label("neuron_gradients", *args))
