"""exercise1: array shapes and reshape (notes 000, 001)."""

import numpy as np

from grader.authoring import Exercise, Text, call_label

exercise = Exercise(
    name="exercise1",
    title=Text("Array shapes and reshape", "배열의 모양과 reshape"),
    functions=("shape_after", "flatten_images", "as_column"),
    notes=("000", "001"),
    timeout=60,
)

# Note 000's reshapes of a 12-element array, and the MNIST flattening.
NOTE_CASES = [((12,), (1, 12)), ((12,), (12, 1)), ((12,), (6, 2)), ((12,), (3, 2, 2)),
              ((12,), (2, 3, 2)), ((6, 2), (3, 2, 2)), ((3, 2, 2), (2, 3, 2))]
MNIST_CASES = [((60000, 28, 28), (60000, 784)), ((60000, 28, 28), (-1, 784))]

HINT_SHAPE = Text(
    "The total size (the product of the dimensions) never changes. A -1 stands for the one "
    "dimension that makes the sizes match: size // (product of the others).",
    "전체 크기(각 차원의 곱)는 바뀌지 않습니다. -1은 크기를 맞추는 한 차원을 뜻합니다: "
    "전체 크기 // (나머지 차원의 곱).")
HINT_ERRORS = Text(
    "NumPy refuses a reshape when the sizes differ or when more than one -1 is given: raise "
    "ValueError in both cases (compute the shape, do not allocate the array).",
    "크기가 다르거나 -1이 두 개 이상이면 NumPy는 reshape를 거부합니다. 두 경우 모두 ValueError를 "
    "발생시키세요 (배열을 만들지 말고 모양만 계산하세요).")
HINT_FLATTEN = Text(
    "x.reshape(n, h * w) keeps the row-major (C) order and the dtype; (60000, 28, 28) becomes "
    "(60000, 784) as in note 000.",
    "x.reshape(n, h * w)는 행 우선(C) 순서와 dtype을 유지합니다. 노트 000처럼 (60000, 28, 28)은 "
    "(60000, 784)가 됩니다.")
HINT_COLUMN = Text(
    "Note 001 writes np.array(x).reshape(-1, 1): n numbers become n rows of one column.",
    "노트 001은 np.array(x).reshape(-1, 1)로 씁니다: n 개의 숫자가 1열짜리 n 행이 됩니다.")


def _numpy_shape(shape, new_shape):
    """What NumPy itself says, computed here without allocating (a 0-stride view)."""
    return np.lib.stride_tricks.as_strided(np.zeros(1), shape=shape, strides=(0,) * len(shape)) \
        .reshape(new_shape).shape


@exercise.check(points=2, function="shape_after", visibility="public", hint=HINT_SHAPE)
def shape_after_notes_examples(ctx):
    """
    en: the reshapes of note 000's 12-element array: (12,) to (1, 12), (12, 1), (6, 2), (3, 2, 2), (2, 3, 2)
    ko: 노트 000의 원소 12개 배열 reshape: (12,)를 (1, 12), (12, 1), (6, 2), (3, 2, 2), (2, 3, 2)로
    """
    for shape, new_shape in NOTE_CASES:
        got = ctx.learner.shape_after(shape, new_shape)
        ctx.expect.shape(got, _numpy_shape(shape, new_shape), call_label("shape_after", shape, new_shape))


@exercise.check(points=1, function="shape_after", visibility="public", hint=HINT_SHAPE)
def shape_after_mnist(ctx):
    """
    en: MNIST's (60000, 28, 28) becomes (60000, 784), also when written (-1, 784)
    ko: MNIST의 (60000, 28, 28)은 (60000, 784)가 됩니다 ((-1, 784)로 써도)
    """
    for shape, new_shape in MNIST_CASES:
        got = ctx.learner.shape_after(shape, new_shape)
        ctx.expect.shape(got, (60000, 784), call_label("shape_after", shape, new_shape))


@exercise.check(points=2, function="shape_after", visibility="hidden", hint=HINT_SHAPE)
def shape_after_drawn_shapes(ctx):
    """
    en: shapes drawn at grading time, with -1 in any position, match NumPy's reshape
    ko: 채점 때 뽑은 모양(-1은 아무 위치)이 NumPy의 reshape 결과와 같습니다
    """
    for _ in range(6):
        dims = [int(d) for d in ctx.rng.integers(1, 7, size=int(ctx.rng.integers(1, 4)))]
        size = int(np.prod(dims))
        parts = [int(d) for d in ctx.rng.permutation(dims)]
        split = list(parts)
        if ctx.rng.random() < 0.7:
            split[int(ctx.rng.integers(len(split)))] = -1
        shape, new_shape = (size,) if ctx.rng.random() < 0.5 else tuple(dims), tuple(split)
        got = ctx.learner.shape_after(shape, new_shape)
        ctx.expect.shape(got, _numpy_shape(shape, new_shape), call_label("shape_after", shape, new_shape))


@exercise.check(points=2, function="shape_after", visibility="public", hint=HINT_ERRORS)
def shape_after_rejects_bad_shapes(ctx):
    """
    en: a size that does not match ((12,) to (5, 2)) or two -1s ((12,) to (-1, -1)) raise ValueError
    ko: 크기가 맞지 않거나 ((12,)를 (5, 2)로) -1이 두 개이면 ((12,)를 (-1, -1)로) ValueError가 발생합니다
    """
    ctx.raises("ValueError", "shape_after", (12,), (5, 2))
    ctx.raises("ValueError", "shape_after", (12,), (-1, -1))
    ctx.raises("ValueError", "shape_after", (60000, 28, 28), (-1, 783))


@exercise.check(points=1, function="flatten_images", visibility="public", hint=HINT_FLATTEN)
def flatten_images_mnist_like(ctx):
    """
    en: a batch of 28x28 uint8 images becomes (n, 784), pixels in row-major order, still uint8
    ko: 28x28 uint8 이미지 배치는 (n, 784)가 되고, 픽셀은 행 우선 순서, dtype은 uint8 그대로입니다
    """
    x = np.random.default_rng(0).integers(0, 256, size=(5, 28, 28)).astype(np.uint8)
    call = call_label("flatten_images", x)
    got = ctx.learner.flatten_images(x)
    ctx.expect.close(got, x.reshape(5, 784), call, rtol=0, atol=0)
    ctx.expect.same_dtype(got, np.uint8, call)


@exercise.check(points=2, function="flatten_images", visibility="hidden", hint=HINT_FLATTEN)
def flatten_images_drawn(ctx):
    """
    en: images drawn at grading time (height != width, float32) flatten in C order, dtype kept
    ko: 채점 때 뽑은 이미지 (높이 != 너비, float32)를 C 순서로 펼치고 dtype을 유지합니다
    """
    n, h = (int(v) for v in ctx.rng.integers([2, 2], [6, 6]))
    w = h + int(ctx.rng.integers(1, 4))
    x = ctx.rng.normal(size=(n, h, w)).astype(np.float32)
    call = call_label("flatten_images", x)
    got = ctx.learner.flatten_images(x)
    ctx.expect.close(got, x.reshape(n, h * w), call, rtol=0, atol=0)
    ctx.expect.same_dtype(got, np.float32, call)


@exercise.check(points=1, function="as_column", visibility="public", hint=HINT_COLUMN)
def as_column_notes_data(ctx):
    """
    en: note 001's x values [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14] become shape (10, 1)
    ko: 노트 001의 x 값 [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]가 (10, 1) 모양이 됩니다
    """
    x = [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]
    got = ctx.learner.as_column(x)
    ctx.expect.close(got, np.array(x).reshape(-1, 1), call_label("as_column", x))


@exercise.check(points=1, function="as_column", visibility="hidden", hint=HINT_COLUMN)
def as_column_drawn(ctx):
    """
    en: a list of numbers drawn at grading time becomes one column, in order
    ko: 채점 때 뽑은 숫자 리스트가 순서대로 한 열이 됩니다
    """
    # At least two numbers: one number is a row and a column at once.
    values = [float(v) for v in np.round(ctx.rng.normal(size=int(ctx.rng.integers(2, 9))), 3)]
    got = ctx.learner.as_column(values)
    ctx.expect.close(got, np.array(values).reshape(-1, 1), call_label("as_column", values))
