"""The course shims in a learner's process: its URLs served offline, its Keras 2 idioms, fit recorded.

No sandbox: the shims are installed in this process by the ``shims`` fixture and
undone after each test (in reverse order), and a test checks that undoing
restores Keras and pandas.  The notebooks are our own, in the course's style
(Korean names, ``pd.read_csv(URL)``, ``get_dummies``, ``tf.keras.models.Model``,
``compile(metrics='accuracy')``, ``fit`` twice), run through the real loader.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import urllib.request
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from grader import messages
from grader.data import DATA_DIR
from grader.harness import course_urls, fit_recorder, keras2_compat
from grader.sandbox import diagnose, loader

REPO = Path(__file__).resolve().parent.parent
COURSE = DATA_DIR / "course"
URL = "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/{}"
URL_FORMS = (
    "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/{}",
    "https://raw.githubusercontent.com/blackdew/tensorflow1/refs/heads/master/csv/{}",
    "http://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/{}",
    "https://github.com/blackdew/tensorflow1/blob/master/csv/{}?raw=true",
    "https://github.com/blackdew/tensorflow1/raw/master/csv/{}",
)


@pytest.fixture
def urls():
    course_urls.LOG.clear()
    course_urls.install()
    try:
        yield course_urls
    finally:
        course_urls.uninstall()


@pytest.fixture
def shims(urls):
    """All three shims, as a learner's worker would have them; undone in reverse order."""
    pytest.importorskip("keras")
    keras2_compat.LOG.clear()
    fit_recorder.reset()
    fit_recorder.install()
    keras2_compat.install()
    try:
        yield
    finally:
        keras2_compat.uninstall()
        fit_recorder.uninstall()
        fit_recorder.reset()


_counter = iter(range(10**6))


def run_notebook(tmp_path: Path, *cells: str) -> loader.Loaded:
    """Our notebook of code cells through the real loader (cells numbered 1, 2, ... as Jupyter shows them)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    path = tmp_path / "practice.ipynb"
    nbformat.write(nb, path)
    name = f"course_style_{next(_counter)}"
    try:
        return loader.load_notebook(str(path), "practice.ipynb", name)
    finally:
        sys.modules.pop(name, None)


def keys(value) -> set:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    return {k for v in value for k in keys(v)} if isinstance(value, list) else set()


def arrays(value) -> list:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [a for v in value for a in arrays(v)] if isinstance(value, list) else []


def problems(loaded: loader.Loaded) -> list:
    return [(p.cell, p.error.message if p.error else None) for p in loaded.problems]


# -- the bundled files -------------------------------------------------------------------------------

def test_the_course_files_are_the_ones_the_readme_lists_and_are_package_data():
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    for name in course_urls.SERVED:
        digest = hashlib.sha256((COURSE / name).read_bytes()).hexdigest()
        assert f"`{name}` | `{digest}`" in readme, name
    assert '"data/course/*"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")  # grader_course's


def test_the_shipped_iris_and_boston_read_equal_to_the_course_files():
    for name in ("iris.csv", "boston.csv"):
        assert pd.read_csv(COURSE / name).equals(pd.read_csv(DATA_DIR / "judged" / name)), name


def test_lemonade_is_sales_twice_the_temperature():
    table = pd.read_csv(COURSE / "lemonade.csv")
    assert list(table.columns) == ["온도", "판매량"] and len(table) == 6
    assert (table["판매량"] == 2 * table["온도"]).all()


# -- course_urls --------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", URL_FORMS)
@pytest.mark.parametrize("name", course_urls.SERVED)
def test_every_url_form_serves_the_course_file(urls, form, name):
    assert pd.read_csv(form.format(name)).equals(pd.read_csv(COURSE / name))


def test_other_arguments_pass_through(urls):
    frame = pd.read_csv(URL.format("boston.csv"), index_col=0, encoding="utf-8", usecols=["crim", "medv"])
    assert frame.index.name == "crim" and list(frame.columns) == ["medv"]
    table = pd.read_table(filepath_or_buffer=URL.format("lemonade.csv"), sep=",", nrows=2)
    assert table.shape == (2, 2)
    kept = pd.read_csv(URL.format("iris.csv"), storage_options={"User-Agent": "pandas"})
    assert kept.shape == (150, 5)


def test_local_paths_pass_through(urls, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert pd.read_csv(path).equals(pd.read_csv(str(path)))
    assert pd.read_csv(str(path))["b"].tolist() == [2]


@pytest.mark.parametrize("url", ["https://example.com/data/iris.csv",
                                 "ftp://ftp.example.com/boston.csv",
                                 "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/titanic.csv",
                                 "https://github.com/blackdew/tensorflow1/blob/master/csv/iris.csv"])
def test_a_url_that_is_not_served_says_there_is_no_network_and_names_the_served_datasets(urls, url):
    with pytest.raises(course_urls.NoNetworkWhileGrading) as raised:
        pd.read_csv(url)
    error = raised.value
    assert isinstance(error, OSError) and error.url == url
    assert "no network while grading" in error.text.en and "네트워크" in error.text.ko
    for name in course_urls.SERVED:
        for text in (error.text.en, error.text.ko, str(error)):
            assert name in text and URL.format(name) in text


def test_other_pandas_readers_refuse_urls_clearly(urls):
    with pytest.raises(course_urls.NoNetworkWhileGrading):
        pd.read_json("https://example.com/data.json")


def test_urlopen_and_get_file_serve_the_course_files(urls):
    keras = pytest.importorskip("keras")
    with urllib.request.urlopen(URL.format("lemonade.csv")) as response:
        assert response.status == 200 and response.read() == (COURSE / "lemonade.csv").read_bytes()
    request = urllib.request.Request(URL.format("iris.csv").replace("master", "refs/heads/master"))
    assert urllib.request.urlopen(request).read() == (COURSE / "iris.csv").read_bytes()
    path = keras.utils.get_file("iris.csv", origin=URL.format("iris.csv"))
    assert Path(path).read_bytes() == (COURSE / "iris.csv").read_bytes()
    with pytest.raises(course_urls.NoNetworkWhileGrading):
        urllib.request.urlopen("https://example.com/")
    with pytest.raises(course_urls.NoNetworkWhileGrading):
        keras.utils.get_file("x.zip", origin="https://example.com/x.zip")


def test_mnist_load_data_gives_the_bundled_subset_with_a_note(urls):
    tf = pytest.importorskip("tensorflow")
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    # The training digits only: the grader's 1,000 held-out digits never reach a learner's process.
    assert x_train.shape == (3200, 28, 28) and x_test.shape == (800, 28, 28) and x_train.dtype == np.uint8
    from tensorflow.keras.datasets import mnist

    assert mnist.load_data()[1][1].shape == (800,)
    notes = [r for r in course_urls.LOG.records() if r["kind"] == "mnist_subset"]
    assert notes and notes[0]["count"] == 2
    assert "3,200" in notes[0]["en"] and "3,200" in notes[0]["ko"] and "reshape(-1, 784)" in notes[0]["en"]


def test_what_was_served_is_recorded_with_its_cell(urls, tmp_path):
    loaded = run_notebook(tmp_path, "import pandas as pd",
                          f"파일경로 = '{URL.format('iris.csv')}'\n아이리스 = pd.read_csv(파일경로)",
                          f"보스턴 = pd.read_csv('{URL.format('boston.csv').replace('master', 'refs/heads/master')}')")
    assert problems(loaded) == []
    served = course_urls.served()
    assert [(s["dataset"], s["via"], s["where"]["cell"]) for s in served] == [
        ("iris.csv", "pandas.read_csv", 2), ("boston.csv", "pandas.read_csv", 3)]
    assert "read iris.csv from the course's URL" in served[0]["en"] and "iris.csv" in served[0]["ko"]
    json.dumps(served)


def test_uninstall_restores_pandas_and_urllib():
    original_csv, original_open = pd.read_csv, urllib.request.urlopen
    course_urls.install()
    assert pd.read_csv is not original_csv
    course_urls.uninstall()
    assert pd.read_csv is original_csv and urllib.request.urlopen is original_open


# -- a notebook in the course's style, with every shim --------------------------------------------------

IRIS_CELLS = (
    "# 라이브러리 사용\nimport tensorflow as tf\nimport pandas as pd",
    f"파일경로 = '{URL.format('iris.csv')}'\n아이리스 = pd.read_csv(파일경로)\n인코딩 = pd.get_dummies(아이리스)",
    "독립 = 인코딩[['꽃잎길이', '꽃잎폭', '꽃받침길이', '꽃받침폭']]\n"
    "종속 = 인코딩[['품종_setosa', '품종_versicolor', '품종_virginica']]",
    "X = tf.keras.layers.Input(shape=[4])\nH = tf.keras.layers.Dense(8, activation='swish')(X)\n"
    "Y = tf.keras.layers.Dense(3, activation='softmax')(H)\nmodel = tf.keras.models.Model(X, Y)\n"
    "model.compile(loss='categorical_crossentropy',\n              metrics='accuracy')\n시작 = model.get_weights()",
    "결과 = model.fit(독립, 종속, epochs=1000, verbose=0)\n결과2 = model.fit(독립, 종속, epochs=10, batch_size=150)",
    "print(model.predict(독립[:5]))\n손실 = 결과.history['loss']\n정확도 = 결과2.history['accuracy']",
)


def test_a_course_style_notebook_runs_and_its_model_is_described(shims, tmp_path):
    loaded = run_notebook(tmp_path, *IRIS_CELLS)
    assert problems(loaded) == []
    ns = loaded.namespace
    for before, after in zip(ns["시작"], ns["model"].get_weights()):
        assert np.array_equal(before, after)  # recorded, not trained
    history = ns["결과"]
    assert history.history == {"loss": [], "accuracy": []} and history.epoch == [] and ns["손실"] == []
    assert history.model is ns["model"] and history.params["epochs"] == 1000 and history.params["steps"] == 5

    described = fit_recorder.described_models(ns)
    assert len(described) == 1
    model = described[0]
    assert model["names"] == ["model"] and model["cell"] == 4 and model["class"] == "Functional"
    assert model["input_shape"] == [None, 4] and model["output_shape"] == [None, 3]
    assert model["compile"]["metrics"] == ["accuracy"] and model["compile"]["loss"] == "categorical_crossentropy"
    assert model["compile"]["optimizer"]["class_name"] == "RMSprop"
    assert model["epochs"] == 1010
    first, second = model["fits"]
    assert (first["cell"], first["line"], second["cell"], second["line"]) == (5, 1, 5, 2)
    assert first["epochs"] == 1000 and first["batch_size"] is None and first["shuffle"] is True
    assert first["validation_split"] == 0.0 and first["keywords"]["verbose"] == 0
    assert second["batch_size"] == 150 and sorted(second["passed"]) == ["batch_size", "epochs", "x", "y"]
    assert first["x"] == {"type": "DataFrame", "shape": [150, 4], "dtype": "float64",
                          "columns": ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"],
                          "dtypes": {c: "float64" for c in ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]}}
    assert first["y"]["columns"] == ["품종_setosa", "품종_versicolor", "품종_virginica"]
    assert first["y"]["shape"] == [150, 3] and first["y"]["dtype"] == "bool"
    layers = json.loads(model["architecture"])["config"]["layers"]
    assert [layer["class_name"] for layer in layers] == ["InputLayer", "Dense", "Dense"]
    json.dumps(described, ensure_ascii=False)  # plain data all through
    assert "weights" not in keys(described) and not arrays(described)  # never weights

    notes = keras2_compat.LOG.records()
    assert [(n["kind"], n["where"]["cell"]) for n in notes] == [("bare_metrics", 4)]
    assert "metrics=['accuracy']" in notes[0]["en"] and "metrics=['accuracy']" in notes[0]["ko"]


def test_fit_twice_on_one_model_adds_up_and_lemonade_predicts_for_a_list(shims, tmp_path):
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf\nimport pandas as pd",
        f"레모네이드 = pd.read_csv('{URL.format('lemonade.csv')}')\n독립 = 레모네이드[['온도']]\n종속 = 레모네이드[['판매량']]",
        "X = tf.keras.layers.Input(shape=[1])\nY = tf.keras.layers.Dense(1)(X)\n"
        "model = tf.keras.models.Model(X, Y)\nmodel.compile(loss='mse')",
        "model.fit(독립, 종속, epochs=1000, verbose=0)\nmodel.fit(독립, 종속, epochs=10)",
        "예측 = model.predict([[15]])",
    )
    assert problems(loaded) == []
    assert loaded.namespace["예측"].shape == (1, 1)
    model = fit_recorder.described_models(loaded.namespace)[0]
    assert [f["epochs"] for f in model["fits"]] == [1000, 10] and model["epochs"] == 1010
    assert model["fits"][0]["x"]["columns"] == ["온도"] and model["fits"][0]["y"]["dtype"] == "int64"
    assert model["compile"]["metrics"] is None
    assert [n["kind"] for n in keras2_compat.LOG.records()] == ["list_input"]


def test_initial_epoch_counts_only_the_epochs_trained(shims, tmp_path):
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf\nimport numpy as np\nX = tf.keras.Input(shape=[2])\n"
        "model = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))\nmodel.compile(loss='mse', optimizer='adam')",
        "model.fit(np.zeros((8, 2)), np.zeros(8), epochs=20, initial_epoch=5, validation_split=0.25)",
    )
    assert problems(loaded) == []
    model = fit_recorder.described_models(loaded.namespace)[0]
    assert model["epochs"] == 15 and model["fits"][0]["validation_split"] == 0.25


def test_every_model_is_described_in_creation_order_even_when_its_name_is_reused(shims, tmp_path):
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf",
        "X = tf.keras.layers.Input(shape=[13])\nY = tf.keras.layers.Dense(1)(X)\nmodel = tf.keras.models.Model(X, Y)\n"
        "model.compile(loss='mse')\n보스턴모델 = model",
        "X = tf.keras.layers.Input(shape=[4])\nH = tf.keras.layers.Dense(8, activation='swish')(X)\n"
        "Y = tf.keras.layers.Dense(3, activation='softmax')(H)\nmodel = tf.keras.models.Model(X, Y)",
        "from tensorflow.keras import Sequential\nfrom tensorflow.keras.layers import Dense\n"
        "seq = Sequential()\nseq.add(Dense(units=1, activation='linear', input_dim=1))\n"
        "seq.compile(optimizer='adam', loss='mse', metrics=['mae'])",
    )
    assert problems(loaded) == []
    described = fit_recorder.described_models(loaded.namespace)
    assert [(m["names"], m["cell"], m["input_shape"]) for m in described] == [
        (["보스턴모델"], 2, [None, 13]), (["model"], 3, [None, 4]), (["seq"], 4, [None, 1])]
    assert described[1]["compile"] is None and described[1]["fits"] == [] and described[1]["epochs"] == 0
    assert described[2]["class"] == "Sequential"  # not its inner functional model


def test_input_dim_builds_the_input_without_a_warning_and_with_a_note(shims, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = run_notebook(
            tmp_path,
            "from tensorflow.keras import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "model = Sequential()\nmodel.add(Dense(units=1, activation='linear', input_dim=1))\n개수 = model.count_params()",
        )
    assert problems(loaded) == [] and loaded.namespace["개수"] == 2
    assert not [w for w in caught if "input_dim" in str(w.message)]
    notes = keras2_compat.LOG.records()
    assert [(n["kind"], n["values"]["argument"], n["where"]["cell"]) for n in notes] == [("input_dim", "input_dim", 1)]
    assert "tf.keras.Input(shape=[1])" in notes[0]["en"] and "tf.keras.Input(shape=[1])" in notes[0]["ko"]


def test_compile_settings_with_objects_are_plain(shims, tmp_path):
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf\nX = tf.keras.Input(shape=[4])\nY = tf.keras.layers.Dense(3, activation='softmax')(X)\n"
        "model = tf.keras.Model(X, Y)\n"
        "model.compile(loss=lambda a, b: tf.reduce_mean((a - b) ** 2), metrics=['accuracy', tf.keras.metrics.AUC],\n"
        "              optimizer=tf.keras.optimizers.Adam(learning_rate=0.01))",
    )
    assert problems(loaded) == []
    settings = fit_recorder.described_models(loaded.namespace)[0]["compile"]
    json.dumps(settings)
    assert settings["metrics"][0] == "accuracy" and settings["metrics"][1]["class"] == "AUC"
    assert settings["optimizer"]["config"]["learning_rate"] == pytest.approx(0.01)


def test_a_misspelt_fit_keyword_raises_as_fit_does_and_an_uncompiled_model_too(shims, tmp_path):
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf\nimport numpy as np\nX = tf.keras.Input(shape=[1])\n"
        "model = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))",
        "model.fit(np.zeros((4, 1)), np.zeros(4))",
        "model.compile(loss='mse')\nmodel.fit(np.zeros((4, 1)), np.zeros(4), epoch=10)",
    )
    (cell_a, message_a), (cell_b, message_b) = problems(loaded)
    assert cell_a == 2 and "compile()" in message_a
    assert cell_b == 3 and "epoch" in message_b
    assert fit_recorder.described_models(loaded.namespace)[0]["fits"] == []


def test_cells_are_numbered_as_the_grader_numbers_them(shims, tmp_path):
    """Only code cells count (markdown between them does not), and a fit's line is its line in the cell."""
    loaded = run_notebook(
        tmp_path,
        "import tensorflow as tf\nimport numpy as np",
        "x = np.arange(6.0).reshape(-1, 1)",
        "X = tf.keras.Input(shape=[1])\nmodel = tf.keras.Model(X, tf.keras.layers.Dense(1)(X))\n"
        "model.compile(loss='mse')",
        "# 학습\n\n\nmodel.fit(x, 2 * x,\n          epochs=5)",
    )
    assert problems(loaded) == []
    assert sorted(loaded.files) == [f"practice.ipynb [cell {n}]" for n in range(1, 5)]
    fit = fit_recorder.recorded_fits()[0]
    assert (fit["cell"], fit["line"]) == (4, 4) and fit["where"]["file"] == "practice.ipynb [cell 4]"
    assert fit_recorder.described_models(loaded.namespace)[0]["cell"] == 3


def test_a_list_of_arrays_for_a_model_with_two_inputs_is_left_alone(shims):
    import tensorflow as tf

    a, b = tf.keras.Input(shape=[1]), tf.keras.Input(shape=[1])
    model = tf.keras.Model([a, b], tf.keras.layers.Add()([a, b]))
    got = model.predict([np.array([[1.0]]), np.array([[2.0]])], verbose=0)
    assert got.tolist() == [[3.0]] and keras2_compat.LOG.records() == []


def test_uninstall_restores_keras():
    keras = pytest.importorskip("keras")
    fit, new = keras.Model.fit, keras.Model.__dict__["__new__"]
    compile_, init = keras.Model.compile, keras.layers.Layer.__init__
    fit_recorder.install()
    keras2_compat.install()
    assert keras.Model.fit is not fit and keras.Model.compile is not compile_
    keras2_compat.uninstall()
    fit_recorder.uninstall()
    fit_recorder.reset()
    assert keras.Model.fit is fit and keras.Model.__dict__["__new__"] is new
    assert keras.Model.compile is compile_ and keras.layers.Layer.__init__ is init
    x = keras.Input(shape=[1])
    with pytest.raises(ValueError, match="Expected `metrics` argument to be a list"):
        keras.Model(x, keras.layers.Dense(1)(x)).compile(loss="mse", metrics="accuracy")


# -- the notes' typo ----------------------------------------------------------------------------------

TYPO_CELL = ("x = tf.keras.layers.Input(shape=[13])\nh = tf.keras.layers.Dense(64, activation = 'swish')(x)\n"
             "y = tf.keras.layers.Dense(1)(h)\nmodel = tf.keras.Models(x, y)\nmodel.compile(loss='mse')")


def test_the_notes_typo_is_not_made_to_work_and_suggests_tf_keras_model(shims, tmp_path):
    loaded = run_notebook(tmp_path, "import tensorflow as tf", TYPO_CELL)
    [problem] = loaded.problems
    error = problem.error
    assert problem.cell == 2 and error.type == "AttributeError"
    assert (error.misspelt, error.suggestion, error.owner) == ("Models", "Model", "tf.keras")
    text = messages.error_text(error)
    assert "Did you mean tf.keras.Model?" in text.en and "tf.keras.Models(x, y)" in text.en
    assert "혹시 tf.keras.Model" in text.ko and "(cell 2, line" in text.en


def test_describe_suggests_tf_keras_model_for_the_real_attribute_error():
    tf = pytest.importorskip("tensorflow")
    label = "notes.py"
    source = "import tensorflow as tf\n" + TYPO_CELL
    import linecache

    linecache.cache[label] = (len(source), None, source.splitlines(True), label)
    try:
        with pytest.raises(AttributeError) as raised:
            exec(compile(source, label, "exec"), {"tf": tf})  # noqa: S102 - our own code
        described = diagnose.describe(raised.value, {label})
    finally:
        linecache.cache.pop(label, None)
    assert (described.misspelt, described.suggestion, described.owner) == ("Models", "Model", "tf.keras")
    assert re.search(r"Did you mean tf\.keras\.Model\?", messages.error_text(described).en)
