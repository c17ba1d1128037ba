"""exercise2: one-hot encoding (note 000).

``split_iris`` gets the course's iris table as a DataFrame built in the learner's
worker (a recipe); its two DataFrames come back as :class:`grader.plaindata.Table`
and are compared here with the rows the grader sent.  ``y`` may hold 0/1 as
numbers of any dtype or as True/False: note 000's own ``pd.get_dummies(df)``
gives bool columns with pandas 2 and later, and Keras trains on them as 0/1.
"""

import numpy as np

from grader.authoring import (Exercise, Text, call_label, data, recipes, returned_frame, returned_pair,
                              same_rows)

exercise = Exercise(
    name="exercise2",
    title=Text("One-hot encoding", "원-핫 인코딩"),
    functions=("one_hot", "split_iris"),
    notes=("000",),
    timeout=60,
    preload=("numpy", "pandas"),  # split_iris receives a pandas DataFrame; no TensorFlow needed
)

SPECIES = ["setosa", "versicolor", "virginica"]
X_COLUMNS = list(data.IRIS_FEATURES)  # 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭
Y_COLUMNS = [f"{data.IRIS_TARGET}_{s}" for s in SPECIES]

HINT_ONE_HOT = Text(
    "Row i has a single 1, in column labels[i]; the other entries are 0. Indexing the rows of an "
    "identity matrix (np.eye) with the labels does exactly that.",
    "i 번째 행은 labels[i] 열에만 1이 있고 나머지는 0입니다. 단위 행렬(np.eye)의 행을 레이블로 "
    "골라내면 바로 그렇게 됩니다.")
HINT_DTYPE = Text(
    "keras.utils.to_categorical returns float32, the dtype Keras trains in: build the matrix with "
    "dtype=np.float32 (or convert it with .astype(np.float32)).",
    "keras.utils.to_categorical은 케라스가 학습에 쓰는 float32를 돌려줍니다. dtype=np.float32로 "
    "만들거나 .astype(np.float32)로 바꾸세요.")
HINT_CLASSES = Text(
    "The number of columns is num_classes when it is given; otherwise max(labels) + 1, even if some "
    "smaller label never appears (its column is all zeros). Counting the distinct labels is not enough.",
    "num_classes가 주어지면 열 개수는 num_classes입니다. 없으면 max(labels) + 1이고, 더 작은 "
    "레이블이 하나도 없더라도 그 열은 0으로 채워 둡니다. 서로 다른 레이블의 개수를 세는 것만으로는 "
    "부족합니다.")
HINT_ERRORS = Text(
    "Check the labels before encoding: raise ValueError when one is below 0 or at least num_classes. "
    "NumPy indexing would silently wrap -1 around to the last column.",
    "인코딩하기 전에 레이블을 확인하세요: 0보다 작거나 num_classes 이상이면 ValueError를 "
    "발생시킵니다. NumPy 인덱싱은 -1을 조용히 마지막 열로 바꿔 버립니다.")
HINT_SPLIT = Text(
    "x = df[[the four measurement columns, in the task's order]]; y = pd.get_dummies of the 품종 column "
    "with prefix '품종' (columns 품종_setosa, 품종_versicolor, 품종_virginica). Do not sort, drop or "
    "reload rows: use the df you are given. True/False values count as 1/0.",
    "x = df[[측정값 네 열, 과제에 적힌 순서대로]]; y = 품종 열에 prefix '품종'으로 pd.get_dummies를 "
    "적용합니다 (열: 품종_setosa, 품종_versicolor, 품종_virginica). 행을 정렬하거나 버리거나 파일에서 "
    "다시 읽지 말고 받은 df를 그대로 쓰세요. True/False는 1/0으로 인정합니다.")

DTYPE = Text("{call} returned dtype {got}; expected float32 (like keras.utils.to_categorical)",
             "{call}의 dtype이 {got}입니다. 기대: float32 (keras.utils.to_categorical처럼)")
NOT_01 = Text("{call}: y holds the value {value}; expected only 0 and 1 (True/False is accepted)",
              "{call}: y에 {value} 이(가) 있습니다. 0과 1만 있어야 합니다 (True/False도 인정)")



# ------------------------------------------------------------------ one_hot


@exercise.check(points=1, function="one_hot", visibility="public", hint=HINT_ONE_HOT)
def one_hot_small_example(ctx):
    """
    en: one_hot([0, 2, 1]) is the 3x3 matrix with a 1 in column 0, 2 and 1 of its rows
    ko: one_hot([0, 2, 1])은 각 행의 0, 2, 1번 열에 1이 있는 3x3 행렬입니다
    """
    labels = [0, 2, 1]
    ctx.expect.close(ctx.learner.one_hot(labels), np.eye(3)[labels], call_label("one_hot", labels))


@exercise.check(points=1, function="one_hot", visibility="public", hint=HINT_DTYPE)
def one_hot_is_float32(ctx):
    """
    en: like to_categorical, the result is float32, also for uint8 labels such as MNIST's
    ko: to_categorical처럼 결과는 float32입니다 (MNIST처럼 uint8 레이블이어도)
    """
    for labels in ([0, 2, 1], np.array([3, 0, 9, 1], dtype=np.uint8)):
        call = call_label("one_hot", labels)
        got = ctx.learner.one_hot(labels)
        if not (isinstance(got, np.ndarray) and got.dtype == bool):
            got = ctx.expect.as_array(got, call)
        if got.dtype != np.float32:
            ctx.fail(DTYPE.format(call=call, got=got.dtype))


@exercise.check(points=1, function="one_hot", visibility="public", hint=HINT_ONE_HOT)
def one_hot_mnist_labels(ctx):
    """
    en: note 000's MNIST labels: the course's 4,000 training digits (uint8) become a (4000, 10) matrix
    ko: 노트 000의 MNIST 레이블: 강의 데이터의 훈련 숫자 4,000개(uint8)가 (4000, 10) 행렬이 됩니다
    """
    _, labels = data.course_digits()
    got = ctx.learner.one_hot(labels)
    ctx.expect.close(got, np.eye(10)[labels], "one_hot(y_train)", rtol=0, atol=0)


@exercise.check(points=2, function="one_hot", visibility="hidden", hint=HINT_CLASSES)
def one_hot_num_classes(ctx):
    """
    en: labels drawn at grading time with a num_classes larger than max(labels) + 1 give that many columns
    ko: 채점 때 뽑은 레이블과 max(labels) + 1보다 큰 num_classes를 주면 열이 num_classes 개다
    """
    classes = int(ctx.rng.integers(2, 6))
    labels = ctx.rng.integers(0, classes, size=int(ctx.rng.integers(4, 12)))
    num_classes = classes + int(ctx.rng.integers(1, 4))
    want = np.eye(num_classes)[labels]
    ctx.expect.close(ctx.learner.one_hot(labels, num_classes=num_classes), want,
                     call_label("one_hot", labels, num_classes=num_classes))
    as_list = [int(v) for v in labels]  # positional, and a plain list
    ctx.expect.close(ctx.learner.one_hot(as_list, num_classes), want,
                     call_label("one_hot", as_list, num_classes))


@exercise.check(points=2, function="one_hot", visibility="hidden", hint=HINT_CLASSES)
def one_hot_classes_from_max(ctx):
    """
    en: without num_classes, labels drawn at grading time (one smaller class never appears) give max + 1 columns
    ko: num_classes가 없으면 채점 때 뽑은 레이블 (더 작은 클래스 하나는 빠짐)에서 열이 max + 1 개다
    """
    top = int(ctx.rng.integers(3, 9))
    missing = int(ctx.rng.integers(0, top))  # never drawn; `top` itself always is
    pool = np.array([c for c in range(top) if c != missing])
    labels = np.append(ctx.rng.choice(pool, size=int(ctx.rng.integers(5, 15))), top)
    labels = ctx.rng.permutation(labels)
    ctx.expect.close(ctx.learner.one_hot(labels), np.eye(top + 1)[labels], call_label("one_hot", labels))


@exercise.check(points=2, function="one_hot", visibility="public", hint=HINT_ERRORS)
def one_hot_rejects_bad_labels(ctx):
    """
    en: a label >= num_classes (one_hot([0, 1, 3], num_classes=3)) or below 0 (one_hot([0, -1, 2])) raises ValueError
    ko: num_classes 이상인 레이블 (one_hot([0, 1, 3], num_classes=3))이나 0보다 작은 레이블 (one_hot([0, -1, 2]))은 ValueError
    """
    ctx.raises("ValueError", "one_hot", [0, 1, 3], num_classes=3)
    ctx.raises("ValueError", "one_hot", [0, -1, 2])
    ctx.raises("ValueError", "one_hot", [1, -1], num_classes=4)


# ------------------------------------------------------------------ split_iris


def _iris_recipe(frame) -> dict:
    return recipes.dataframe({c: frame[c].tolist() for c in frame.columns})


def _returned_pair(ctx, frame, call: str) -> tuple:
    """The learner's (x, y) for ``frame``; a DataFrame with a text column is judged by returned_frame."""
    return returned_pair(ctx, "split_iris", _iris_recipe(frame), call)


def _check_x(ctx, x, frame, call: str) -> None:
    same_rows(ctx, returned_frame(ctx, x, call, "x", X_COLUMNS), frame[X_COLUMNS].to_numpy(dtype=float), call, "x")


def _check_y(ctx, y, frame, call: str) -> None:
    values = returned_frame(ctx, y, call, "y", Y_COLUMNS)
    outside = values[(values != 0) & (values != 1)]
    if outside.size:
        ctx.fail(NOT_01.format(call=call, value=f"{outside[0]:.6g}"))
    codes = frame[data.IRIS_TARGET].map(SPECIES.index).to_numpy()
    same_rows(ctx, values, np.eye(3)[codes], call, "y")


@exercise.check(points=2, function="split_iris", visibility="public", hint=HINT_SPLIT)
def split_iris_x_columns(ctx):
    """
    en: on the course's iris table (150 rows), x is a DataFrame of 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭 in that order
    ko: 강의의 붓꽃 표(150행)에서 x는 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭 순서의 DataFrame입니다
    """
    frame, call = data.load_iris(), "split_iris(iris)"
    x, _ = _returned_pair(ctx, frame, call)
    _check_x(ctx, x, frame, call)


@exercise.check(points=2, function="split_iris", visibility="public", hint=HINT_SPLIT)
def split_iris_one_hot_species(ctx):
    """
    en: on the course's iris table, y has columns 품종_setosa, 품종_versicolor, 품종_virginica of 0/1 (True/False accepted)
    ko: 강의의 붓꽃 표에서 y는 0/1 값 (True/False도 인정)의 품종_setosa, 품종_versicolor, 품종_virginica 열입니다
    """
    frame, call = data.load_iris(), "split_iris(iris)"
    _, y = _returned_pair(ctx, frame, call)
    _check_y(ctx, y, frame, call)


@exercise.check(points=2, function="split_iris", visibility="hidden", hint=HINT_SPLIT)
def split_iris_drawn_rows(ctx):
    """
    en: rows of the iris table drawn and shuffled at grading time (every species present) give their x and y, in that order
    ko: 채점 때 뽑아 섞은 붓꽃 표의 행들 (모든 품종 포함)에서 그 순서대로 x와 y를 얻습니다
    """
    full = data.load_iris()
    per_species = [int(v) for v in ctx.rng.integers(3, 12, size=3)]
    rows = np.concatenate([ctx.rng.choice(np.flatnonzero(full[data.IRIS_TARGET] == s), n, replace=False)
                           for s, n in zip(SPECIES, per_species)])
    order = ctx.rng.permutation(rows)
    codes = full[data.IRIS_TARGET].map(SPECIES.index).to_numpy()
    while (np.diff(codes[order]) >= 0).all():  # still grouped by species: sorting would go unseen
        order = ctx.rng.permutation(rows)
    frame = full.iloc[order].reset_index(drop=True)
    call = f"split_iris(<{len(frame)} rows drawn from iris>)"
    x, y = _returned_pair(ctx, frame, call)
    _check_x(ctx, x, frame, call)
    _check_y(ctx, y, frame, call)
