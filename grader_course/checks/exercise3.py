"""exercise3: softmax by hand (notes 000, 002)."""

import numpy as np

from grader.authoring import CheckFailed, Exercise, Hint, LearnerStopped, Text, call_label

exercise = Exercise(
    name="exercise3",
    title=Text("Softmax by hand", "소프트맥스 직접 구현"),
    functions=("softmax", "dense_softmax"),
    notes=("000", "002"),
    timeout=60,
)

# Note 002's iris weights, exactly as printed (4 inputs x 3 classes).
IRIS_KERNEL = np.array([[0.87844133, 0.7547402, 0.16198924],
                        [1.1496656, -0.31766355, -0.55518866],
                        [-1.3137527, -0.15838438, 0.2865614],
                        [-2.1435575, 0.47845492, 2.4735708]])
IRIS_BIAS = np.array([0.67414737, 0.4880521, -0.4638665])
IRIS_X = np.array([4.9, 3.0, 1.4, 0.2])
# With the weights as printed.  The note's hand computation (0.9302, 0.0685, 0.0013) used
# +0.15838438 for kernel[2][1], whose printed value is -0.15838438.
IRIS_EXPECTED = np.array([0.95364212, 0.0450597, 0.00129818])

HINT_STABLE = Text(
    "exp(1000) overflows to inf and inf/inf is NaN. Softmax does not change when you subtract the "
    "same number from every logit: subtract the largest one first.",
    "exp(1000)은 inf가 되고 inf/inf는 NaN입니다. 모든 로짓에서 같은 값을 빼도 소프트맥스 결과는 "
    "같으니, 가장 큰 로짓을 먼저 빼 보세요.")
HINT_AXIS = Text(
    "For a 2-D input each ROW is one sample: take the max and the sum along the last axis "
    "(axis=-1, keepdims=True) so every row sums to 1.",
    "2차원 입력에서는 각 행이 샘플 하나입니다. 마지막 축(axis=-1, keepdims=True)으로 최댓값과 합을 "
    "구해 각 행의 합이 1이 되게 하세요.")
HINT_DENSE = Text(
    "A Dense layer computes x @ kernel + bias, where kernel has shape (inputs, units); then apply "
    "your softmax. It must work for one sample (d,) and for a batch (n, d).",
    "Dense 층은 x @ kernel + bias를 계산합니다 (kernel 모양은 (입력 수, 유닛 수)). 그 결과에 softmax를 "
    "적용하세요. 샘플 하나 (d,)와 배치 (n, d) 모두 동작해야 합니다.")


COLUMNS = Text(" — the columns of your result sum to 1, not its rows: each row is one sample, so normalise "
               "along the last axis",
               " — 결과의 행이 아니라 열의 합이 1입니다: 각 행이 샘플 하나이므로 마지막 축을 따라 정규화하세요")
ROWS = Text(" — the rows of your result sum to {sums}, not 1", " — 결과의 각 행의 합이 1이 아니라 {sums}입니다")
IN_SOFTMAX = Text(" — it is your softmax of x @ kernel + bias, and your softmax is what is wrong there (see "
                  "softmax's checks): fix softmax first",
                  " — 이 값은 x @ kernel + bias에 여러분의 softmax를 적용한 결과이며, 틀린 것은 softmax입니다 "
                  "(softmax 검사 참고): softmax를 먼저 고치세요")


def _sums(values: np.ndarray, axis: int) -> np.ndarray:
    return values.sum(axis=axis) if values.ndim else values


def _diagnosed(got, failed: CheckFailed) -> CheckFailed:
    """The failure with a hint that follows from the answer: an overflow (NaN, inf) gets the overflow
    hint; rows that do not sum to 1 the axis hint (and, when the columns do, says so); otherwise none."""
    try:
        values = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return failed
    if values.size == 0:
        return failed
    if not np.isfinite(values).all():
        return CheckFailed(failed.message, Hint(HINT_STABLE))
    if values.ndim == 2 and values.shape[0] > 1 and np.allclose(_sums(values, 0), 1.0) \
            and not np.allclose(_sums(values, -1), 1.0):
        return CheckFailed(failed.message + COLUMNS, Hint(HINT_AXIS))
    if not np.allclose(_sums(values, -1), 1.0):
        sums = np.round(np.atleast_1d(_sums(values, -1)), 4).tolist()[:6]
        return CheckFailed(failed.message + ROWS.format(sums=sums), Hint(HINT_AXIS))
    return CheckFailed(failed.message, Hint(None))


def _expect_softmax(ctx, got, want, call: str) -> None:
    try:
        ctx.expect.close(got, want, call)
    except CheckFailed as failed:
        raise _diagnosed(got, failed) from None


def _reference_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _expect_dense(ctx, got, want, call: str, x, kernel, bias) -> None:
    """dense_softmax's answer; when it is wrong because the learner's softmax is (it equals their
    softmax of the right logits, which is not softmax), it says so instead of the Dense hint."""
    try:
        ctx.expect.close(got, want, call)
    except CheckFailed as failed:
        logits = np.asarray(x, dtype=float) @ np.asarray(kernel, dtype=float) + np.asarray(bias, dtype=float)
        try:
            theirs = np.asarray(ctx.learner.call("softmax", logits).value, dtype=float)
            mine = np.asarray(got, dtype=float)
        except (LearnerStopped, TypeError, ValueError):
            raise failed from None
        if theirs.shape == mine.shape == logits.shape and np.allclose(theirs, mine, equal_nan=True) \
                and not np.allclose(theirs, _reference_softmax(logits)):
            raise CheckFailed(failed.message + IN_SOFTMAX, Hint(None)) from None
        raise


@exercise.check(points=1, function="softmax", visibility="public", hint=HINT_AXIS)
def softmax_small_example(ctx):
    """
    en: softmax([1, 2, 3]) gives probabilities that sum to 1
    ko: softmax([1, 2, 3])은 합이 1인 확률을 돌려줍니다
    """
    z = np.array([1.0, 2.0, 3.0])
    got, want = ctx.both("softmax", z)
    _expect_softmax(ctx, got, want, call_label("softmax", z))


@exercise.check(points=2, function="softmax", visibility="public", hint=HINT_STABLE)
def softmax_huge_logits(ctx):
    """
    en: softmax([1000, 0, -1000]) is [1, 0, 0] with no NaN and no overflow warning (note 000's 2**200 example)
    ko: softmax([1000, 0, -1000])은 NaN이나 오버플로 경고 없이 [1, 0, 0]입니다 (노트 000의 2**200 예)
    """
    z = np.array([1000.0, 0.0, -1000.0])
    call = call_label("softmax", z)
    outcome = ctx.learner.call("softmax", z)
    _expect_softmax(ctx, outcome.value, [1.0, 0.0, 0.0], call)
    ctx.expect.no_warnings(outcome.warnings, call)


@exercise.check(points=2, function="softmax", visibility="hidden", hint=HINT_AXIS)
def softmax_rows_of_a_batch(ctx):
    """
    en: for a 2-D batch of logits drawn at grading time, every row is softmaxed on its own
    ko: 채점 때 뽑은 2차원 로짓 배치에서 각 행을 따로 소프트맥스합니다
    """
    z = ctx.rng.normal(0.0, 3.0, size=(int(ctx.rng.integers(3, 7)), int(ctx.rng.integers(2, 6))))
    got, want = ctx.both("softmax", z)
    _expect_softmax(ctx, got, want, call_label("softmax", z))


@exercise.check(points=1, function="softmax", visibility="hidden", hint=HINT_STABLE)
def softmax_large_random_logits(ctx):
    """
    en: large logits drawn at grading time (up to about ±2000) give finite probabilities
    ko: 채점 때 뽑은 큰 로짓(약 ±2000)에서도 유한한 확률을 돌려줍니다
    """
    z = ctx.rng.normal(0.0, 800.0, size=(2, 5))
    # Every row holds a logit above 709.78, where exp overflows in float64: without the largest
    # logit subtracted such a row is inf/inf, under every seed (the draw alone missed ~1 in 8).
    z[np.arange(2), ctx.rng.integers(0, 5, size=2)] = ctx.rng.uniform(750.0, 2000.0, size=2)
    got, want = ctx.both("softmax", z)
    _expect_softmax(ctx, got, want, call_label("softmax", z))


@exercise.check(points=2, function="dense_softmax", visibility="public", hint=HINT_DENSE,
                needs="softmax_small_example")
def dense_softmax_iris_note(ctx):
    """
    en: note 002's iris weights and input [4.9, 3.0, 1.4, 0.2] give about [0.9536, 0.0451, 0.0013]
    ko: 노트 002의 붓꽃 가중치와 입력 [4.9, 3.0, 1.4, 0.2]는 약 [0.9536, 0.0451, 0.0013]이 됩니다
    """
    got = ctx.learner.dense_softmax(IRIS_X, IRIS_KERNEL, IRIS_BIAS)
    _expect_dense(ctx, got, IRIS_EXPECTED, call_label("dense_softmax", IRIS_X, "kernel", "bias"), IRIS_X,
                  IRIS_KERNEL, IRIS_BIAS)


@exercise.check(points=2, function="dense_softmax", visibility="hidden", hint=HINT_DENSE,
                needs="softmax_rows_of_a_batch")
def dense_softmax_batch(ctx):
    """
    en: a batch of inputs with a kernel and bias drawn at grading time (inputs != units)
    ko: 채점 때 뽑은 입력 배치, kernel, bias로 계산합니다 (입력 수 != 유닛 수)
    """
    n, d, units = (int(v) for v in ctx.rng.integers([2, 3, 2], [6, 7, 6]))
    if d == units:
        d += 1
    x = ctx.rng.normal(size=(n, d))
    kernel = ctx.rng.normal(size=(d, units))
    bias = ctx.rng.normal(size=(units,))
    got, want = ctx.both("dense_softmax", x, kernel, bias)
    _expect_dense(ctx, got, want, call_label("dense_softmax", x, kernel, bias), x, kernel, bias)
