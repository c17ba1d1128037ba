"""exercise13: handwritten digits (note 000)."""

import numpy as np

from grader.authoring import Exercise, Text, call_label, data, model_checks, training

BUDGET = 20
THRESHOLD = 0.88

MODEL = training.ModelSpec("build_mnist_model", inputs=784, outputs=10, budget=BUDGET)

exercise = Exercise(
    name="exercise13",
    title=Text("Handwritten digits", "손글씨 숫자 분류"),
    functions=("preprocess", "build_mnist_model", "FIT"),
    notes=("000",),
    timeout=300,
    uses_tensorflow=True,
    recognised_by=("mnist", "Dense"),
)

HINT_PREPROCESS = Text(
    "Note 000 reshapes (60000, 28, 28) to (60000, 784); also turn the uint8 pixels 0..255 into "
    "float32 values in [0, 1] (divide by 255).",
    "노트 000은 (60000, 28, 28)을 (60000, 784)로 reshape 합니다. uint8 픽셀 0..255도 [0, 1] 범위의 "
    "float32로 바꾸세요 (255로 나누기).")
HINT_MODEL = Text(
    "Note 000: X = Input(shape=[784]); (hidden Dense layers if you like); Y = Dense(10, activation="
    "'softmax'); compile(loss='categorical_crossentropy').",
    "노트 000: X = Input(shape=[784]); (원하면 은닉 Dense 층); Y = Dense(10, activation='softmax'); "
    "compile(loss='categorical_crossentropy').")
HINT_FIT = Text(f"FIT = {{'epochs': ..., 'batch_size': ...}} with at most {BUDGET} epochs.",
                f"FIT = {{'epochs': ..., 'batch_size': ...}}, 에포크는 최대 {BUDGET}.")
HINT_ACCURACY = Text(
    "Note 000's one-layer model scores about 0.91 here. Scale the pixels to [0, 1] in preprocess; a "
    "hidden Dense(128, 'relu') layer and 10 epochs do better.",
    "노트 000의 한 층 모델은 여기서 약 0.91입니다. preprocess에서 픽셀을 [0, 1]로 바꾸세요. "
    "은닉 Dense(128, 'relu') 층과 10 에포크면 더 좋아집니다.")
RANGE = Text("{call} has values from {low:g} to {high:g}; expected values in [0, 1] (pixels / 255)",
             "{call}의 값 범위가 {low:g} ~ {high:g}입니다. [0, 1] 범위여야 합니다 (픽셀 / 255)")


def scaled(images: np.ndarray) -> np.ndarray:
    """What preprocess must do: (n, 28, 28) uint8 to (n, 784) float32 in [0, 1]."""
    return (np.asarray(images).reshape(len(images), 784) / 255.0).astype(np.float32)


def _expect_preprocessed(ctx, images: np.ndarray) -> None:
    call = call_label("preprocess", images)
    got = ctx.learner.preprocess(images)
    arr = ctx.expect.as_array(got, call)
    if arr.shape != (len(images), 784):
        ctx.fail(ctx.expect.SHAPE.format(call=call, got=arr.shape, expected=(len(images), 784)))
    ctx.expect.same_dtype(got, np.float32, call)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        ctx.fail(RANGE.format(call=call, low=float(arr.min()), high=float(arr.max())))
    ctx.expect.close(arr, images.reshape(len(images), 784) / 255.0, call)


@exercise.check(points=1, function="preprocess", visibility="public", hint=HINT_PREPROCESS)
def preprocess_digits(ctx):
    """
    en: five (28, 28) uint8 digits become a (5, 784) float32 array in [0, 1]
    ko: (28, 28) uint8 숫자 다섯 개가 [0, 1] 범위의 (5, 784) float32 배열이 됩니다
    """
    _expect_preprocessed(ctx, data.course_digits()[0][:5])


@exercise.check(points=1, function="preprocess", visibility="hidden", hint=HINT_PREPROCESS)
def preprocess_drawn_images(ctx):
    """
    en: images drawn at grading time (any pixel values 0..255) are flattened and scaled the same way
    ko: 채점 때 뽑은 이미지 (픽셀 0..255)도 같은 방식으로 펼치고 스케일합니다
    """
    images = ctx.rng.integers(0, 256, size=(int(ctx.rng.integers(2, 9)), 28, 28)).astype(np.uint8)
    _expect_preprocessed(ctx, images)


@exercise.check(points=2, function="build_mnist_model", visibility="public", hint=HINT_MODEL)
def mnist_model_structure(ctx):
    """
    en: the model takes 784 pixels and ends in Dense(10, softmax)
    ko: 모델은 픽셀 784개를 받고 Dense(10, softmax)로 끝납니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_input(info, 784, call)
    layers = [model_checks.layer_label(layer) for layer in model_checks.body(info)]
    if not layers or layers[-1] != "Dense(10, softmax)":
        ctx.fail(model_checks.LAYERS.format(call=call, got=" → ".join(layers) or "none",
                                            expected="... → Dense(10, softmax)"))


@exercise.check(points=1, function="build_mnist_model", visibility="public", hint=HINT_MODEL,
                needs_run="mnist_model_structure")
def mnist_model_compiled(ctx):
    """
    en: the model is compiled with loss 'categorical_crossentropy' (one-hot digits, as to_categorical makes)
    ko: 모델은 손실 'categorical_crossentropy'로 컴파일되어 있습니다 (to_categorical의 원-핫 숫자)
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_loss(info, "categorical_crossentropy", call)


@exercise.check(points=1, function="FIT", visibility="public", hint=HINT_FIT,
                needs_run="mnist_model_structure")
def mnist_fit_within_budget(ctx):
    """
    en: FIT is a dict of model.fit keywords with at most {BUDGET} epochs
    ko: FIT은 model.fit 키워드 dict이고 에포크는 최대 {BUDGET}입니다
    """
    training.read_fit(ctx, MODEL)


@exercise.check(points=4, function="build_mnist_model", visibility="hidden", hint=HINT_ACCURACY,
                needs_run=("mnist_model_structure", "mnist_model_compiled"), needs="mnist_fit_within_budget")
def mnist_accuracy_on_held_out_digits(ctx):
    """
    en: trained with your FIT on 4,000 digits scaled as preprocess should (pixels / 255), the model recognises at least {THRESHOLD:.0%} of 1,000 held-out digits
    ko: preprocess가 해야 하는 대로 바꾼 (픽셀 / 255) 숫자 4,000개를 FIT대로 학습한 모델이 보류한 숫자 1,000개의 {THRESHOLD:.0%} 이상을 맞힙니다
    """
    # The grader prepares the digits itself: the learner's preprocess is judged by its own checks, and
    # never sees (nor could mark) the digits the model is judged on.
    from grader.authoring import judged  # official grading only: hidden checks never run in a release

    split = judged.digits()
    runs = training.train(ctx, MODEL, training.Job(split, 1, prepare=scaled))
    values = [training.accuracy(run.predictions, split.y_test) for run in runs]
    training.expect_threshold(ctx, "accuracy", runs, values, THRESHOLD)
