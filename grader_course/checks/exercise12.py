"""exercise12: iris with hidden layers (notes 000, 002)."""

from grader.authoring import Exercise, Text, model_checks, training

BUDGET = 500
SEEDS = 3  # iris is small: one seed's initialisation can decide a flower or two
THRESHOLD = 0.90

MODEL = training.ModelSpec("build_iris_model", inputs=4, outputs=3, budget=BUDGET)

exercise = Exercise(
    name="exercise12",
    title=Text("Iris with hidden layers", "은닉층으로 붓꽃 분류"),
    functions=("build_iris_model", "FIT"),
    notes=("000", "002"),
    timeout=240,
    uses_tensorflow=True,
    recognised_by=("iris.csv", "Dense"),
)

HINT_MODEL = Text(
    "Note 000: X = Input(shape=[4]); one or more Dense hidden layers with an activation (relu, swish); "
    "Y = Dense(3, activation='softmax'); compile(loss='categorical_crossentropy').",
    "노트 000: X = Input(shape=[4]); 활성화 함수가 있는 Dense 은닉층 하나 이상 (relu, swish); "
    "Y = Dense(3, activation='softmax'); compile(loss='categorical_crossentropy').")
HINT_FIT = Text(
    f"FIT = {{'epochs': ..., 'batch_size': ...}} with at most {BUDGET} epochs.",
    f"FIT = {{'epochs': ..., 'batch_size': ...}}, 에포크는 최대 {BUDGET}.")
HINT_ACCURACY = Text(
    "If accuracy is low: is there a hidden layer with an activation? Enough epochs? A learning rate "
    "around 0.01 with Adam (keras.optimizers.Adam(learning_rate=0.01)) trains 120 flowers quickly.",
    "정확도가 낮다면: 활성화 함수가 있는 은닉층이 있나요? 에포크가 충분한가요? Adam 학습률 0.01 정도 "
    "(keras.optimizers.Adam(learning_rate=0.01))이면 꽃 120송이를 빨리 학습합니다.")
NO_HIDDEN = Text("{call} has no hidden Dense layer before its output: {got}",
                 "{call}의 출력층 앞에 은닉 Dense 층이 없습니다: {got}")
HIDDEN_LINEAR = Text("{call}'s hidden layers have no activation ({got}): stacked linear layers are "
                     "still one linear layer (note 003)",
                     "{call}의 은닉층에 활성화 함수가 없습니다 ({got}): 선형 층을 쌓아도 하나의 선형 층입니다 (노트 003)")


@exercise.check(points=2, function="build_iris_model", visibility="public", hint=HINT_MODEL)
def iris_model_structure(ctx):
    """
    en: the model takes the 4 measurements, has at least one hidden Dense layer with an activation, and ends in Dense(3, softmax)
    ko: 모델은 측정값 4개를 받고, 활성화 함수가 있는 은닉 Dense 층이 하나 이상이며, Dense(3, softmax)로 끝납니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_input(info, 4, call)
    layers = model_checks.body(info)
    labels = " → ".join(model_checks.layer_label(layer) for layer in layers)
    if not layers or model_checks.layer_label(layers[-1]) != "Dense(3, softmax)":
        ctx.fail(model_checks.LAYERS.format(call=call, got=labels, expected="... → Dense(3, softmax)"))
    hidden = [index for index, layer in enumerate(layers[:-1]) if layer.class_name == "Dense"]
    if not hidden:
        ctx.fail(NO_HIDDEN.format(call=call, got=labels))
    if all(model_checks.effective_activation(layers, index) in (None, "linear") for index in hidden):
        ctx.fail(HIDDEN_LINEAR.format(call=call, got=labels))


@exercise.check(points=1, function="build_iris_model", visibility="public", hint=HINT_MODEL,
                needs_run="iris_model_structure")
def iris_model_compiled(ctx):
    """
    en: the model is compiled with loss 'categorical_crossentropy' (one-hot species)
    ko: 모델은 손실 'categorical_crossentropy'로 컴파일되어 있습니다 (원-핫 품종)
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_loss(info, "categorical_crossentropy", call)


@exercise.check(points=1, function="FIT", visibility="public", hint=HINT_FIT,
                needs_run="iris_model_structure")
def iris_fit_within_budget(ctx):
    """
    en: FIT is a dict of model.fit keywords with at most {BUDGET} epochs
    ko: FIT은 model.fit 키워드 dict이고 에포크는 최대 {BUDGET}입니다
    """
    training.read_fit(ctx, MODEL)


@exercise.check(points=4, function="build_iris_model", visibility="hidden", hint=HINT_ACCURACY,
                needs_run=("iris_model_structure", "iris_model_compiled"), needs="iris_fit_within_budget")
def iris_accuracy_on_held_out_flowers(ctx):
    """
    en: trained with your FIT on 120 flowers under {SEEDS} seeds, the model classifies at least {THRESHOLD:.0%} of 30 held-out flowers (most seeds)
    ko: 꽃 120송이로 FIT대로 {SEEDS}개 시드에서 학습한 모델이 보류한 30송이의 {THRESHOLD:.0%} 이상을 맞힙니다 (과반 시드)
    """
    from grader.authoring import judged  # official grading only: hidden checks never run in a release

    split = judged.iris()
    runs = training.train(ctx, MODEL, training.Job(split, SEEDS))
    values = [training.accuracy(run.predictions, split.y_test) for run in runs]
    training.expect_threshold(ctx, "accuracy", runs, values, THRESHOLD)
