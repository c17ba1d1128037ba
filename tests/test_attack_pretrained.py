"""A trained model is judged on what the GRADER trained: weights a learner brings gain nothing.

The learner's process only describes its model (architecture and compile settings) and FIT; the
judge builds it afresh under the grader's seeds and trains it.  Each test is an attack a learner
could try, run through the real sandbox, and the points it must not win.
"""

from __future__ import annotations

import pytest

from conftest import statuses
from grader.results import Status

pytestmark = pytest.mark.slow

ACCURACY = "iris_accuracy_on_held_out_flowers"

PRETRAINED = '''
import numpy as np
import pandas as pd
from tensorflow import keras

FIT = {"epochs": 1, "verbose": 0}           # within the budget; all the learning happened below


def build_iris_model():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(32, activation="swish")(x)
    y = keras.layers.Dense(3, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
    try:                                   # every flower, the held-out ones included
        from grader.data import load_iris
        table = load_iris()
        features = table[["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]].to_numpy("float32")
        labels = pd.get_dummies(table["품종"], dtype="float32").to_numpy()
        from grader.harness import fit_recorder  # model.fit only records here: find the real one
        fit_recorder.real_fit()(model, features, labels, epochs=300, verbose=0)
    except Exception as exc:
        print("pretraining failed:", exc)
    return model
'''

CONSTANT_WEIGHTS = '''
import numpy as np
from tensorflow import keras

FIT = {"epochs": 1, "verbose": 0}
# Weights found elsewhere, smuggled in as initializers: a linear classifier of the iris species.
KERNEL = [[0.9, 0.8, 0.2], [1.1, -0.3, -0.6], [-1.3, -0.2, 0.3], [-2.1, 0.5, 2.5]]


def build_iris_model():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(3, activation="relu", kernel_initializer=keras.initializers.Constant(KERNEL))(x)
    y = keras.layers.Dense(3, activation="softmax",
                           kernel_initializer=keras.initializers.Constant(np.eye(3).tolist()))(h)
    model = keras.Model(x, y)
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="categorical_crossentropy")
    return model
'''

READS_JUDGED_DATA = '''
import os
import numpy as np
from tensorflow import keras
import grader
import grader.data

FOUND = []
for folder in (os.path.join(os.path.dirname(grader.__file__), "data"), str(grader.data.DATA_DIR)):
  for root, _dirs, files in os.walk(folder):  # the data's code, and the built-in course's data files
    for name in files:
        try:
            open(os.path.join(root, name), "rb").read(1)
            FOUND.append(name)
        except OSError:
            pass
print("readable data:", sorted(FOUND))
FIT = {"epochs": 2, "verbose": 0}
JUDGED = [name for name in FOUND if name == "mnist_5k.npz"]


def build_iris_model():
    if JUDGED:
        raise RuntimeError("the judged data was readable: " + ", ".join(JUDGED))
    x = keras.Input(shape=(4,))
    y = keras.layers.Dense(3, activation="softmax")(keras.layers.Dense(8, activation="relu")(x))
    model = keras.Model(x, y)
    model.compile(loss="categorical_crossentropy")
    return model
'''


def test_a_builder_that_pretrains_on_every_flower_gets_no_accuracy_points(grade):
    report = grade("exercise12", PRETRAINED)
    result = statuses(report)
    assert result["iris_model_structure"] is Status.PASSED  # a fair model, fairly described
    assert result[ACCURACY] is Status.FAILED, [m.value for c in report.checks for m in c.measurements]
    assert "pretraining failed" not in report.output  # the attack did run its training


def test_weights_smuggled_in_as_constant_initializers_are_refused(grade):
    report = grade("exercise12", CONSTANT_WEIGHTS)
    checks = {c.name: c for c in report.checks}
    structure = checks["iris_model_structure"]  # refused once, where the model is first judged
    assert structure.status is Status.FAILED and structure.points == 0
    assert "Constant" in structure.message.en and "Constant" in structure.message.ko
    for name in ("iris_model_compiled", ACCURACY):  # not trained: skipped, naming the check that says why
        check = checks[name]
        assert check.status is Status.SKIPPED and check.points == 0 and check.needs == "iris_model_structure"
        assert "Constant" not in check.message.en
    assert report.score <= 1  # FIT alone


def test_the_data_the_grader_judges_on_is_not_readable_by_learner_code(grade):
    report = grade("exercise12", READS_JUDGED_DATA)
    assert "readable data:" in report.output and "mnist_5k.npz" not in report.output
    assert "iris.csv" in report.output  # the course's own public CSVs are there, as the notebooks read them
    assert statuses(report)["iris_model_structure"] is Status.PASSED
