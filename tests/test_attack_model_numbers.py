"""Every number in a judged model comes from the judge's seeded initialisation or its training.

A learner's process only describes its model; the judge rebuilds and trains it.  These attacks
describe models whose numbers the learner chose: scalar ``Constant`` initialisers on frozen layers
that pick a column and draw the species' boundaries on it (trained at learning rate 0), layers whose
arguments are the numbers (``Rescaling``, ``Normalization``: no weight at all), and a random
initialiser whose seed was searched offline so that it starts at the answer.  Each runs through the
real ``grade`` command (real sandboxed processes) and must win no metric point; a model that training
did not change gets a clear message in both languages.
"""

from __future__ import annotations

import re

import pytest

from attack_tools import checks_by_name, grade_json

pytestmark = pytest.mark.slow

HANGUL = re.compile("[\uac00-\ud7a3]")
ACCURACY = "iris_accuracy_on_held_out_flowers"

# Petal width (the fourth column) alone separates the species of the course's iris table:
# below 0.8 setosa, above 1.7 virginica.  Three lines on it are the logits.
HAND_SET = '''
from tensorflow import keras

FIT = {"epochs": 1, "verbose": 0}
C = keras.initializers.Constant


def build_iris_model():
    x = keras.Input(shape=(4,))
    width = keras.layers.Flatten()(keras.layers.Cropping1D((3, 0))(keras.layers.Reshape((4, 1))(x)))
    lines = [keras.layers.Dense(1, activation="relu", kernel_initializer=C(a), bias_initializer=C(b),
                                trainable=False)(width) for a, b in ((-10.0, 28.0), (0.0, 20.0), (10.0, 3.0))]
    logits = keras.layers.Concatenate()(lines)
    y = keras.layers.Dense(3, activation="softmax", kernel_initializer="identity", bias_initializer="zeros",
                           trainable=False)(logits)
    model = keras.Model(x, y)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="categorical_crossentropy")
    return model
'''

# No weight at all: the numbers are the layers' arguments.
NO_WEIGHTS = {
    "rescaling": "keras.layers.Rescaling(a, b)(width)",
    "normalization": "keras.layers.Normalization(mean=-b / a, variance=1.0 / (a * a))(width)",
}
NO_WEIGHTS_SOURCE = '''
from tensorflow import keras

FIT = {"epochs": 1, "verbose": 0}


def build_iris_model():
    x = keras.Input(shape=(4,))
    width = keras.layers.Flatten()(keras.layers.Cropping1D((3, 0))(keras.layers.Reshape((4, 1))(x)))
    lines = [LINE for a, b in ((1e-6, 8.0), (10.0, 0.0), (20.0, -17.0))]  # a * width + b
    y = keras.layers.Activation("softmax")(keras.layers.Concatenate()(lines))
    model = keras.Model(x, y)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    return model
'''

# Seed 4945 makes RandomUniform(-2, 2) draw 1.0005 for a (1, 1) kernel and a (1,) bias alike (found
# offline): y = x + 1 before any training; a learning rate just large enough to move the weights.
PINNED_SEED = '''
from tensorflow import keras

FIT = {"epochs": 1, "verbose": 0}


def build_linear_model():
    start = keras.initializers.RandomUniform(-2.0, 2.0, seed=4945)
    model = keras.Sequential([keras.Input(shape=(1,)),
                              keras.layers.Dense(1, kernel_initializer=start, bias_initializer=start)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-4), loss="mse")
    return model
'''

# The reference's own model at learning rate 0: a fair description that training cannot change.
NOT_TRAINED = '''
from tensorflow import keras

FIT = {"epochs": 50, "batch_size": 16, "verbose": 0}


def build_iris_model():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(32, activation="swish")(x)
    y = keras.layers.Dense(3, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="categorical_crossentropy")
    return model
'''

FROZEN = NOT_TRAINED.replace('activation="swish")', 'activation="swish", trainable=False)').replace(
    'activation="softmax")', 'activation="softmax", trainable=False)').replace("learning_rate=0.0", "learning_rate=0.1")


def _grade(tmp_path, exercise: str, source: str, *extra: str) -> dict:
    path = tmp_path / f"{exercise}.py"
    path.write_text(source, encoding="utf-8")
    _run, report = grade_json(exercise, path, tmp_path, *extra, timeout=600)
    return report


def _korean(check: dict) -> None:
    """The message a learner graded with --lang ko reads is in Korean."""
    assert check["message"] and HANGUL.search(check["message"]), check


def _refused_once(checks: dict, structure: str, refused_in) -> None:
    """A model nothing can judge is refused once, in ``structure`` (failed, no point, in Korean too);
    the checks of the same builder that need it are skipped naming it, and its FIT check still runs."""
    first = checks[structure]
    assert first["status"] == "failed" and first["points"] == 0, first
    assert refused_in(first["message"]), first["message"]
    _korean(first)
    for name in ("iris_model_compiled", ACCURACY):
        check = checks[name]
        assert check["status"] == "skipped" and check["points"] == 0, check
        assert check["needs"] == structure and f"`{structure}`" in check["message"], check
        assert not refused_in(check["message"]), check["message"]  # said once, not in every dependant
        _korean(check)
    assert checks["iris_fit_within_budget"]["status"] == "passed"  # FIT is judged on its own


def test_a_hand_set_iris_classifier_of_frozen_constants_wins_no_point_for_its_model(tmp_path):
    report = _grade(tmp_path, "exercise12", HAND_SET, "--lang", "ko")
    _refused_once(checks_by_name(report), "iris_model_structure",
                  lambda message: "Cropping1D" in message or "Constant" in message)
    assert report["score"] <= 1  # FIT alone, as when every check repeated the refusal


@pytest.mark.parametrize("layer", list(NO_WEIGHTS))
def test_a_classifier_without_any_weight_wins_no_point(tmp_path, layer):
    report = _grade(tmp_path, "exercise12", NO_WEIGHTS_SOURCE.replace("LINE", NO_WEIGHTS[layer]), "--lang", "ko")
    _refused_once(checks_by_name(report), "iris_model_structure",
                  lambda message: layer.capitalize() in message or "Cropping1D" in message)
    assert report["score"] <= 1  # FIT alone


def test_an_initialiser_seed_chosen_offline_does_not_pin_the_starting_weights(tmp_path):
    report = _grade(tmp_path, "exercise11", PINNED_SEED)
    checks = checks_by_name(report)
    assert checks["linear_model_structure"]["status"] == "passed"  # a fair model ...
    # ... whose starting numbers are the judge's, not the ones the learner's seed searched for
    assert checks["linear_learns_note_001"]["status"] != "passed", checks["linear_learns_note_001"]


def test_a_model_training_did_not_change_gets_a_clear_message_and_no_metric_point(tmp_path):
    report = _grade(tmp_path, "exercise12", NOT_TRAINED, "--lang", "ko")
    checks = checks_by_name(report)
    assert checks["iris_model_structure"]["status"] == "passed"
    check = checks[ACCURACY]
    assert check["status"] == "failed" and check["points"] == 0, check
    assert "바뀌지 않았" in check["message"], check["message"]  # "training did not change the weights"
    _korean(check)


def test_a_frozen_model_gets_a_clear_message_and_no_metric_point(tmp_path):
    report = _grade(tmp_path, "exercise12", FROZEN, "--lang", "ko")
    check = checks_by_name(report)[ACCURACY]
    assert check["status"] == "failed" and check["points"] == 0, check
    assert "trainable=False" in check["message"], check["message"]
    _korean(check)
