"""Notebooks written the way the course's notes write them, graded as they are.

No build_* function and no FIT dict: the data is read from the course's URL, the model is built at
top level (functional or Sequential), compiled, and fit at top level.  The grader serves the URL
from its copy, records the model and its fit call, skips the learner's training and trains the model
itself.  Correct notebooks get full marks; the pitfalls the notes show lose the points they name.
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import statuses
from grader.results import Status

pytestmark = pytest.mark.slow

IRIS_URL = "https://raw.githubusercontent.com/blackdew/tensorflow1/refs/heads/master/csv/iris.csv"
BOSTON_URL = "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/boston.csv"

HIDDEN = ("H = tf.keras.layers.Dense(8, activation='relu')(X)\n"
          "H = tf.keras.layers.Dense(8, activation='relu')(H)\n"
          "Y = tf.keras.layers.Dense(3, activation='softmax')(H)")
IRIS = [
    "import pandas as pd\nimport tensorflow as tf",
    f"url = '{IRIS_URL}'\ndf = pd.read_csv(url)\ndf_onehot = pd.get_dummies(df)\nprint(df_onehot.columns)",
    "x_train = df_onehot[['꽃잎길이', '꽃잎폭', '꽃받침길이', '꽃받침폭']]\n"
    "y_train = df_onehot[['품종_setosa', '품종_versicolor', '품종_virginica']]\nprint(x_train.shape, y_train.shape)",
    f"X = tf.keras.Input(shape=[4])\n{HIDDEN}\nmodel = tf.keras.Model(X, Y)\n"
    "model.compile(loss='categorical_crossentropy', metrics='accuracy')\nmodel.summary()",
    "model.fit(x_train, y_train, epochs=300, verbose=0)",
]

LINEAR = [
    "import numpy as np\nimport tensorflow as tf\n"
    "x = [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]\ny = [-2, 32, -10, 5, 1, 23, -1, -4, -24, -13]\n"
    "X_train = np.array(x).reshape(-1, 1)\ny_train = np.array(y)",
    "from tensorflow.keras import Sequential\nfrom tensorflow.keras.layers import Dense\n"
    "model = Sequential()\nmodel.add(Dense(units=1, activation='linear', input_dim=1))",
    "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss='mse', metrics=['mae'])",
    "model.fit(X_train, y_train, epochs=300, verbose=0)",
    "print(model.predict(np.array([[11], [12], [13]])))",
]

HOUSING = [
    f"import pandas as pd\nimport tensorflow as tf\npath = '{BOSTON_URL}'\ndf = pd.read_csv(path)\n"
    "target = 'medv'\n독립 = df.drop(target, axis=1)\n종속 = df.loc[:, target]",
    "x = tf.keras.layers.Input(shape=[13])\nh = tf.keras.layers.Dense(64, activation='swish')(x)\n"
    "h = tf.keras.layers.BatchNormalization()(h)\nh = tf.keras.layers.Dense(64, activation='swish')(h)\n"
    "h = tf.keras.layers.BatchNormalization()(h)\ny = tf.keras.layers.Dense(1)(h)\n"
    "model = tf.keras.Model(x, y)\nmodel.compile(loss='mse')",
    "model.fit(독립, 종속, epochs=200, verbose=0)",
]


def notebook(tmp_path, cells: list[str], name: str = "practice.ipynb"):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# 실습")] + [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / name
    nbformat.write(book, str(path))
    return path


def notes(report) -> str:
    return "\n".join(n.en for n in report.notes)


def replaced(cells: list[str], old: str, new: str) -> list[str]:
    assert any(old in c for c in cells), old
    return [c.replace(old, new) for c in cells]


def test_the_notes_iris_notebook_gets_full_marks_and_says_what_it_graded(grade, tmp_path):
    report = grade("exercise12", notebook(tmp_path, IRIS))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    said = notes(report)
    assert "served offline" in said and "iris.csv" in said  # the course's URL, served from the copy
    assert "metrics=['accuracy']" in said  # the Keras 2 spelling graded as Keras 3's, said as a note
    assert "`model` (cell 5)" in said and "300 epoch(s)" in said and "recorded, not run" in said
    assert all(n.ko for n in report.notes)
    assert any(c.measurements and c.visibility == "hidden" for c in report.checks)  # trained by the grader


def test_iris_without_a_hidden_layer_loses_the_hidden_layer_points(grade, tmp_path):
    cells = replaced(IRIS, HIDDEN, "Y = tf.keras.layers.Dense(3, activation='softmax')(X)")
    report = grade("exercise12", notebook(tmp_path, cells))
    structure = report.checks[0]
    assert structure.status is Status.FAILED and "no hidden Dense layer" in structure.message.en
    assert "(cell 5)" in structure.message.en
    assert report.score < report.max_score


def test_the_notes_linear_notebook_with_a_learning_rate_gets_full_marks(grade, tmp_path):
    report = grade("exercise11", notebook(tmp_path, LINEAR))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    said = notes(report)
    assert "input_dim=1" in said and "Input(shape=[1])" in said  # Keras 2 idiom, said as a note
    assert "[[" in report.output  # the learner's own print ran (its model is untrained: fit was not run)


def test_the_notes_3000_epochs_lose_the_budget_and_training_points_and_name_the_budget(grade, tmp_path):
    cells = replaced(replaced(LINEAR, "optimizer=tf.keras.optimizers.Adam(learning_rate=0.1)", "optimizer='adam'"),
                     "epochs=300", "epochs=3000")
    report = grade("exercise11", notebook(tmp_path, cells))
    found = statuses(report)
    assert found["linear_model_structure"] is Status.PASSED
    budget = [c for c in report.checks if c.status is Status.FAILED]
    assert budget and all("3000 epochs" in c.message.en and "500" in c.message.en for c in budget)
    assert report.duration_s < 60  # the learner's 3000 epochs were recorded, not run


def test_two_fit_calls_in_a_row_add_up_to_one_budget(grade, tmp_path):
    cells = replaced(LINEAR, "model.fit(X_train, y_train, epochs=300, verbose=0)",
                     "model.fit(X_train, y_train, epochs=400, verbose=0)\nmodel.fit(X_train, y_train, epochs=200)")
    report = grade("exercise11", notebook(tmp_path, cells))
    assert "600 epoch(s)" in notes(report)
    assert any(c.status is Status.FAILED and "600 epochs" in c.message.en for c in report.checks)


def test_the_notes_housing_notebook_with_batch_normalization_gets_full_marks(grade, tmp_path):
    report = grade("exercise14", notebook(tmp_path, HOUSING))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    assert "boston.csv" in notes(report)


def test_the_notes_typo_tf_keras_models_is_named_and_suggests_tf_keras_model(grade, tmp_path):
    report = grade("exercise14", notebook(tmp_path, replaced(HOUSING, "tf.keras.Model(x, y)", "tf.keras.Models(x, y)")))
    said = notes(report)
    assert "has no attribute 'Models'" in said and "Did you mean tf.keras.Model?" in said
    assert "cell 3, line 7" in said
    assert report.score == 0


def test_a_notebook_with_a_housing_and_an_iris_model_grades_the_one_that_fits(grade, tmp_path):
    cells = HOUSING + [c.replace("model", "iris_model") for c in IRIS[1:]]
    report = grade("exercise12", notebook(tmp_path, cells))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    assert "`iris_model` (cell 7)" in notes(report)
