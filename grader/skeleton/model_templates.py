'''The files of a trained-model exercise, as ``grade new NAME --kind model`` writes them.

The learner describes a Keras model (``build_model()`` and ``FIT``); the grader trains it on the
training rows of the pack's CSV (``data/__NAME__.csv``) under a few seeds and judges R² on the
held-out rows.  One public check (the model's shape and loss), one hidden check (the threshold),
one known-wrong variant that both catch.  Small on purpose: 80 rows, two features, a few seconds.
'''

import numpy as np

CHECKS = '''"""__NAME__: a linear model of y from x1 and x2 (written by `grade new --kind model`: make it your own).

The learner's process only describes the model (its layers, its compile settings, FIT); the grader
rebuilds it, trains it on the training rows of data/__NAME__.csv and measures R² on the held-out rows,
whose labels never leave the grading process.
"""

from grader.authoring import Exercise, Job, ModelSpec, Text, csv_split, data_path, model_checks, r2, setting, training

BUDGET = 200  # the most epochs FIT may ask for
SEEDS = 2  # trainings per grading (the grader's seeds); the check passes when most reach THRESHOLD
THRESHOLD = setting(__name__, "THRESHOLD", 0.9)  # course.toml's [exercises.__NAME__] settings may change it

MODEL = ModelSpec("build_model", inputs=2, outputs=1, budget=BUDGET)

exercise = Exercise(
    name="__NAME__",
    title=Text("A linear model of y", "y의 선형 모델"),
    functions=("build_model", "FIT"),
    timeout=120,
    uses_tensorflow=True,
)

HINT_MODEL = Text("keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)]), compiled with loss='mse'.",
                  "keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)]), loss='mse'로 compile.")
HINT_R2 = Text(f"A learning rate around 0.1 (keras.optimizers.Adam(0.1)) and FIT = {{'epochs': 100}} "
               f"(at most {BUDGET}) fit these rows.",
               f"학습률 0.1 정도 (keras.optimizers.Adam(0.1))와 FIT = {{'epochs': 100}} (최대 {BUDGET})이면 "
               f"이 데이터에 맞출 수 있습니다.")


def _split():
    """The CSV's rows, a quarter held out (the same rows in every grading)."""
    return csv_split(data_path(__name__, "data/__NAME__.csv"), target="y", held_out=0.25, seed=0)


@exercise.check(points=1, function="build_model", visibility="public", hint=HINT_MODEL)
def model_is_linear_on_two_features(ctx):
    """
    en: the model takes the 2 features (x1, x2), ends in one linear Dense unit and is compiled with loss 'mse'
    ko: 모델은 특성 2개 (x1, x2)를 받고, 선형 Dense 유닛 하나로 끝나며, 손실 'mse'로 컴파일되어 있습니다
    """
    info, call = training.inspect(ctx, MODEL)
    model_checks.expect_input(info, 2, call)
    layers = model_checks.body(info)
    if not layers or model_checks.layer_label(layers[-1]) != "Dense(1, linear)":
        labels = " → ".join(model_checks.layer_label(layer) for layer in layers)
        ctx.fail(model_checks.LAYERS.format(call=call, got=labels or "none", expected="... → Dense(1, linear)"))
    model_checks.expect_loss(info, "mse", call)


@exercise.check(points=3, function="build_model", visibility="hidden", hint=HINT_R2)
def r2_on_held_out_rows(ctx):
    """
    en: trained with your FIT on 60 rows under {SEEDS} seeds, the model reaches R² >= {THRESHOLD:.2f} on 20 held-out rows (most seeds)
    ko: 60개 행으로 FIT대로 {SEEDS}개 시드에서 학습한 모델이 보류한 20개 행에서 R² {THRESHOLD:.2f} 이상을 얻습니다 (과반 시드)
    """
    split = _split()
    runs = training.train(ctx, MODEL, Job(split, SEEDS))
    values = [r2(run.predictions, split.y_test) for run in runs]
    training.expect_threshold(ctx, "r2", runs, values, THRESHOLD)
'''

STUB = '''"""__NAME__ — y의 선형 모델 / A linear model of y

과제 (한국어)
- build_model: 특성 2개 (x1, x2)를 받아 y 하나를 예측하는 케라스 모델을 만들어 compile 해서 돌려주세요
  (손실 'mse').
- FIT: model.fit에 줄 키워드 dict (예: {"epochs": 100}). 학습은 채점기가 data/__NAME__.csv로 합니다.

Task (English)
- build_model: return a compiled Keras model that takes the 2 features (x1, x2) and predicts y
  (loss 'mse').
- FIT: the keywords for model.fit (e.g. {"epochs": 100}). The grader trains it on data/__NAME__.csv.
"""

FIT = None  # 예 / e.g. {"epochs": 100}


def build_model():
    """특성 2개 → y, 'mse'로 compile. / 2 features → y, compiled with 'mse'."""
    raise NotImplementedError
'''

SOLUTION = '''"""__NAME__ — reference solution (never shipped to learners)."""

from tensorflow import keras

FIT = {"epochs": 100, "batch_size": 16, "verbose": 0}


def build_model():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    return model
'''

KNOWN_WRONG = '''"""Known-wrong variants of __NAME__ (each: the reference with one mistake, appended)."""

from grader.authoring import KnownWrong

VARIANTS = [
    KnownWrong("sigmoid_output", """
def build_model():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    return model
""", caught_by=("model_is_linear_on_two_features", "r2_on_held_out_rows"), affects=("build_model",)),
]
'''


def csv_text(rows: int = 80, seed: int = 0) -> str:
    """The exercise's data: y = 3·x1 − 2·x2 + 1 plus a little noise, x1 and x2 in [0, 2)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, size=(rows, 2))
    y = 3 * x[:, 0] - 2 * x[:, 1] + 1 + rng.normal(0, 0.1, size=rows)
    return "x1,x2,y\n" + "".join(f"{a:.3f},{b:.3f},{c:.3f}\n" for (a, b), c in zip(x, y))
