"""exercise10: evaluating a regression: SST, SSR, SSE, R² (note 000)."""

import numpy as np

from grader.authoring import ops
from grader.authoring import Exercise, Text, call_label

exercise = Exercise(
    name="exercise10",
    title=Text("Evaluating a regression: SST, SSR, SSE, R²", "회귀 평가: SST, SSR, SSE, R²"),
    functions=("sums_of_squares", "r2_score", "least_squares"),
    notes=("000",),
    timeout=90,
    uses_tensorflow=True,  # r2_score is judged against keras.metrics.R2Score
)

# Keras' R2Score docs example (note 000 compiles with metrics=[tf.keras.metrics.R2Score()]).
KERAS_Y, KERAS_PRED = [1.0, 4.0, 3.0], [2.0, 4.0, 4.0]
KERAS_SUMS = {"sst": 42 / 9, "ssr": 36 / 9, "sse": 2.0}  # mean 8/3
# Note 001's data (y = x + 1), as in the stub's example.
LINE_X, LINE_Y = [-3.0, 31.0, -11.0, 4.0, 0.0], [-2.0, 32.0, -10.0, 5.0, 1.0]
# Keras R2Score accumulates in float32: agreement with it is to float32 precision.
KERAS_RTOL, KERAS_ATOL = 1e-4, 1e-5

HINT_SUMS = Text(
    "With ȳ = mean of y: SST = Σ(y - ȳ)² (the spread of y), SSR = Σ(ŷ - ȳ)² (the part the predictions "
    "explain), SSE = Σ(y - ŷ)² (what they do not). Sums, not means; return "
    "{'sst': ..., 'ssr': ..., 'sse': ...}.",
    "ȳ 를 y의 평균이라 하면 SST = Σ(y - ȳ)² (y의 퍼짐), SSR = Σ(ŷ - ȳ)² (예측이 설명한 부분), "
    "SSE = Σ(y - ŷ)² (설명하지 못한 부분)입니다. 평균이 아니라 합이고, "
    "{'sst': ..., 'ssr': ..., 'sse': ...}로 돌려주세요.")
HINT_R2 = Text(
    "R² = 1 - SSE / SST, both sums over the same samples (no n - 1 anywhere). Like Keras, return 0.0 "
    "when y is constant (SST = 0).",
    "R² = 1 - SSE / SST이고, 둘 다 같은 샘플에 대한 합입니다 (n - 1은 쓰지 않습니다). 케라스처럼 y가 "
    "모두 같으면 (SST = 0) 0.0을 돌려주세요.")
HINT_LSQ = Text(
    "Closed form: slope = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)², intercept = ȳ - slope * x̄; return "
    "(slope, intercept) in that order.",
    "닫힌 식: 기울기 = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)², 절편 = ȳ - 기울기 * x̄ 입니다. "
    "(기울기, 절편) 순서로 돌려주세요.")

NOT_A_DICT = Text("{call} returned {got}; expected a dict with keys 'sst', 'ssr', 'sse'",
                  "{call} 이(가) {got} 을(를) 돌려주었습니다. 'sst', 'ssr', 'sse' 키를 가진 dict가 필요합니다")
MISSING_KEYS = Text("{call} returned a dict without the key(s) {missing} (its keys: {keys})",
                    "{call} 이(가) 돌려준 dict에 {missing} 키가 없습니다 (있는 키: {keys})")
PAIR = Text("{call} returned {got}; expected a tuple (slope, intercept)",
            "{call} 이(가) {got} 을(를) 돌려주었습니다. 튜플 (기울기, 절편)이 필요합니다")
NOT_DECOMPOSED = Text(
    "{call} gives the line y = {slope:.6g} * x + {intercept:.6g}; for its predictions SST = {sst:.6g} but "
    "SSR + SSE = {ssr:.6g} + {sse:.6g} = {total:.6g}: only the least-squares line splits SST this way",
    "{call}의 직선 y = {slope:.6g} * x + {intercept:.6g}의 예측값에서 SST = {sst:.6g} 인데 "
    "SSR + SSE = {ssr:.6g} + {sse:.6g} = {total:.6g}입니다: 최소제곱 직선만 SST를 이렇게 나눕니다")


def _sums(ctx, got, want, call):
    ctx.expect.plain_or_fail(got, call, "a dict with keys 'sst', 'ssr', 'sse'")
    if not isinstance(got, dict):
        ctx.fail(NOT_A_DICT.format(call=call, got=ctx.expect.show(got, 80)))
    missing = [k for k in ("sst", "ssr", "sse") if k not in got]
    if missing:
        ctx.fail(MISSING_KEYS.format(call=call, missing=", ".join(repr(k) for k in missing),
                                     keys=", ".join(repr(k) for k in list(got)[:10])))
    for key in ("sst", "ssr", "sse"):
        ctx.expect.scalar(got[key], float(np.asarray(want[key])), f"{call}['{key}']")


def _regression(rng):
    """Targets and imperfect predictions drawn from ``rng`` (R² well inside (-1, 1))."""
    n = int(rng.integers(8, 40))
    y = rng.normal(rng.uniform(-3, 3), rng.uniform(0.5, 3), size=n)
    return y, y + rng.normal(0.0, rng.uniform(0.2, 0.8) * y.std(), size=n)


def _line(rng):
    n = int(rng.integers(8, 40))
    x = rng.uniform(-5, 5, size=n) + rng.uniform(-10, 10)
    slope, intercept = rng.uniform(-3, 3), rng.uniform(-5, 5)
    return x, slope * x + intercept + rng.normal(0.0, rng.uniform(0.3, 2.0), size=n)


def _pair(ctx, got, call):
    ctx.expect.plain_or_fail(got, call, "a tuple (slope, intercept)")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        ctx.fail(PAIR.format(call=call, got=ctx.expect.show(got, 80)))
    return got


def _finite_number(ctx, value, call):
    arr = ctx.expect.as_array(value, call).astype(float)
    if arr.size != 1:
        ctx.fail(ctx.expect.SHAPE.format(call=call, got=arr.shape, expected="() (one number)"))
    if not np.isfinite(arr).all():
        ctx.fail(ctx.expect.HAS_NAN.format(call=call, index="()", expected="a finite number"))
    return float(arr.reshape(()))


# ------------------------------------------------------------------ sums_of_squares


@exercise.check(points=1, function="sums_of_squares", visibility="public", hint=HINT_SUMS)
def sums_of_squares_example(ctx):
    """
    en: y = [1, 4, 3], ŷ = [2, 4, 4] give {'sst': 4.667, 'ssr': 4, 'sse': 2} (ȳ = 8/3)
    ko: y = [1, 4, 3], ŷ = [2, 4, 4]는 {'sst': 4.667, 'ssr': 4, 'sse': 2}를 줍니다 (ȳ = 8/3)
    """
    call = call_label("sums_of_squares", KERAS_Y, KERAS_PRED)
    _sums(ctx, ctx.learner.sums_of_squares(KERAS_Y, KERAS_PRED), KERAS_SUMS, call)


@exercise.check(points=2, function="sums_of_squares", visibility="hidden", hint=HINT_SUMS)
def sums_of_squares_drawn(ctx):
    """
    en: targets and predictions drawn at grading time give the reference's SST, SSR and SSE
    ko: 채점 때 뽑은 목표값과 예측값에서 기준 풀이와 같은 SST, SSR, SSE를 얻습니다
    """
    for _ in range(2):
        y, y_pred = _regression(ctx.rng)
        got, want = ctx.both("sums_of_squares", y, y_pred)
        _sums(ctx, got, want, call_label("sums_of_squares", y, y_pred))


# ------------------------------------------------------------------ r2_score


@exercise.check(points=1, function="r2_score", visibility="public", hint=HINT_R2)
def r2_score_example(ctx):
    """
    en: r2_score([1, 4, 3], [2, 4, 4]) is 1 - 2 / 4.667 ≈ 0.5714, as in Keras' R2Score docs
    ko: r2_score([1, 4, 3], [2, 4, 4])는 1 - 2 / 4.667 ≈ 0.5714입니다 (케라스 R2Score 문서의 예)
    """
    ctx.expect.scalar(ctx.learner.r2_score(KERAS_Y, KERAS_PRED), 4 / 7,
                      call_label("r2_score", KERAS_Y, KERAS_PRED))


@exercise.check(points=2, function="r2_score", visibility="hidden", hint=HINT_R2)
def r2_score_matches_keras(ctx):
    """
    en: for targets and predictions drawn at grading time, R² agrees with keras.metrics.R2Score (to float32 precision) and with the reference
    ko: 채점 때 뽑은 목표값과 예측값에서 R² 가 keras.metrics.R2Score (float32 정밀도) 및 기준 풀이와 같습니다
    """
    for _ in range(2):
        y, y_pred = _regression(ctx.rng)
        call = call_label("r2_score", y, y_pred)
        keras_r2 = ctx.reference.harness(ops.KerasR2Score(y=y, y_pred=y_pred)).value
        got, want = ctx.both("r2_score", y, y_pred)
        ctx.expect.scalar(got, float(keras_r2), call, rtol=KERAS_RTOL, atol=KERAS_ATOL)
        ctx.expect.scalar(got, float(np.asarray(want)), call)


@exercise.check(points=1, function="r2_score", visibility="public", hint=HINT_R2)
def r2_score_constant_target(ctx):
    """
    en: when every y is the same (SST = 0), r2_score gives 0.0 like keras.metrics.R2Score, not inf or NaN
    ko: y가 모두 같으면 (SST = 0) r2_score는 keras.metrics.R2Score처럼 inf나 NaN이 아닌 0.0을 줍니다
    """
    y, y_pred = [2.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 2.5]
    keras_r2 = float(ctx.reference.harness(ops.KerasR2Score(y=y, y_pred=y_pred)).value)
    ctx.expect.scalar(ctx.learner.r2_score(y, y_pred), keras_r2, call_label("r2_score", y, y_pred))


# ------------------------------------------------------------------ least_squares


@exercise.check(points=1, function="least_squares", visibility="public", hint=HINT_LSQ)
def least_squares_note_line(ctx):
    """
    en: on note 001's points of y = x + 1, least_squares gives slope 1 and intercept 1
    ko: 노트 001의 y = x + 1 위의 점들에서 least_squares는 기울기 1, 절편 1을 줍니다
    """
    call = call_label("least_squares", LINE_X, LINE_Y)
    slope, intercept = _pair(ctx, ctx.learner.least_squares(LINE_X, LINE_Y), call)
    ctx.expect.scalar(slope, 1.0, f"{call}[0] (slope)")
    ctx.expect.scalar(intercept, 1.0, f"{call}[1] (intercept)")


@exercise.check(points=2, function="least_squares", visibility="hidden", hint=HINT_LSQ)
def least_squares_drawn(ctx):
    """
    en: noisy points drawn at grading time give the reference's (slope, intercept)
    ko: 채점 때 뽑은 잡음 섞인 점들에서 기준 풀이와 같은 (기울기, 절편)을 얻습니다
    """
    for _ in range(2):
        x, y = _line(ctx.rng)
        call = call_label("least_squares", x, y)
        got, want = ctx.both("least_squares", x, y)
        slope, intercept = _pair(ctx, got, call)
        ctx.expect.scalar(slope, float(want[0]), f"{call}[0] (slope)")
        ctx.expect.scalar(intercept, float(want[1]), f"{call}[1] (intercept)")


@exercise.check(points=2, function="least_squares", visibility="hidden", hint=HINT_LSQ)
def least_squares_splits_sst(ctx):
    """
    en: for your line on points drawn at grading time, SST = SSR + SSE (computed by the grader)
    ko: 채점 때 뽑은 점들에 대한 여러분의 직선에서 SST = SSR + SSE가 성립합니다 (채점기가 계산)
    """
    x, y = _line(ctx.rng)
    call = call_label("least_squares", x, y)
    got = _pair(ctx, ctx.learner.least_squares(x, y), call)
    slope, intercept = (_finite_number(ctx, v, f"{call}[{i}] ({name})")
                        for i, (v, name) in enumerate(zip(got, ("slope", "intercept"))))
    y_hat = slope * x + intercept
    sst, ssr, sse = (float(np.sum(d**2)) for d in (y - y.mean(), y_hat - y.mean(), y - y_hat))
    if not np.isclose(ssr + sse, sst, rtol=1e-5, atol=1e-6):
        ctx.fail(NOT_DECOMPOSED.format(call=call, slope=slope, intercept=intercept, sst=sst, ssr=ssr,
                                       sse=sse, total=ssr + sse))
