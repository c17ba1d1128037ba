"""The course's practice tasks as notebooks in its style (written here, not copied): lemonade sales
(exercise15), Boston by linear regression (exercise16), iris2's missing values and categories
(exercise17), and ``grade NOTEBOOK.ipynb`` recognising which exercise a file is."""

from __future__ import annotations

import json

import nbformat
import pytest
from click.testing import CliRunner

from conftest import statuses
from grader.cli import main
from grader.results import Status

pytestmark = pytest.mark.slow

CSV = "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/{}"

LEMONADE = [
    "import tensorflow as tf\nimport pandas as pd",
    f"가게 = pd.read_csv('{CSV.format('lemonade.csv')}')\n온도 = 가게[['온도']]\n판매 = 가게[['판매량']]",
    "입력 = tf.keras.layers.Input(shape=[1])\n출력 = tf.keras.layers.Dense(1)(입력)\n"
    "model = tf.keras.models.Model(입력, 출력)\nmodel.compile(loss='mse')",
    "model.fit(온도, 판매, epochs=2000, verbose=0)",
    "print(model.predict([[15]]))",
]

BOSTON = [
    "import tensorflow as tf\nimport pandas as pd",
    f"집 = pd.read_csv('{CSV.format('boston.csv').replace('/master/', '/refs/heads/master/')}')\n"
    "열 = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat']\n"
    "독립, 종속 = 집[열], 집[['medv']]",
    "X = tf.keras.layers.Input(shape=[13])\nY = tf.keras.layers.Dense(1)(X)\n"
    "model = tf.keras.models.Model(X, Y)\nmodel.compile(loss='mse')",
    "model.fit(독립, 종속, epochs=900, verbose=0)\nmodel.fit(독립, 종속, epochs=100)",
]

IRIS2 = [
    "import pandas as pd",
    f"꽃 = pd.read_csv('{CSV.format('iris2.csv')}')\nprint(꽃.isna().sum())",
    "꽃['품종'] = 꽃['품종'].astype('category')",
    "평균 = 꽃['꽃잎폭'].mean()\n꽃['꽃잎폭'] = 꽃['꽃잎폭'].fillna(평균)",
    "원핫 = pd.get_dummies(꽃)\n원핫.head()",
]


def notebook(tmp_path, cells: list[str], name: str):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# 실습")] + [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / name
    nbformat.write(book, str(path))
    return path


def replaced(cells: list[str], old: str, new: str) -> list[str]:
    assert any(old in c for c in cells), old
    return [c.replace(old, new) for c in cells]


def failing(report) -> dict[str, Status]:
    return {name: status for name, status in statuses(report).items() if status is not Status.PASSED}


# ------------------------------------------------------------------ exercise15: lemonade


def test_the_lemonade_notebook_gets_full_marks_and_says_the_grader_trained_it(grade, tmp_path):
    report = grade("exercise15", notebook(tmp_path, LEMONADE, "lemonade.ipynb"))
    assert report.score == report.max_score, ([(c.name, c.message and c.message.en) for c in report.checks], report.notes, report.output)
    said = "\n".join(n.en for n in report.notes)
    assert "the grader trained the model itself" in said and "lemonade.csv" in said


def test_a_lemonade_unit_without_bias_loses_the_structure_and_prediction_points(grade, tmp_path):
    cells = replaced(LEMONADE, "Dense(1)(입력)", "Dense(1, use_bias=False)(입력)")
    report = grade("exercise15", notebook(tmp_path, cells, "lemonade.ipynb"))
    assert set(failing(report)) == {"lemonade_model_structure", "lemonade_predicts_the_course_stand",
                                    "lemonade_learns_a_drawn_stand"}, failing(report)


# ------------------------------------------------------------------ exercise16: Boston


def test_the_boston_notebook_with_two_fit_calls_gets_full_marks(grade, tmp_path):
    report = grade("exercise16", notebook(tmp_path, BOSTON, "boston.ipynb"))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    assert "1000 epoch(s)" in "\n".join(n.en for n in report.notes)  # 900 + 100, trained by the grader


def test_boston_over_the_budget_loses_the_budget_and_r2_points_and_names_the_budget(grade, tmp_path):
    cells = replaced(BOSTON, "epochs=900", "epochs=3000")
    report = grade("exercise16", notebook(tmp_path, cells, "boston.ipynb"))
    assert set(failing(report)) == {"boston_fit_within_budget", "boston_r2_on_held_out_houses"}, failing(report)
    assert "1500" in report.checks[2].message.en


def test_a_notebook_whose_model_fits_no_exercise_input_says_what_it_found(grade, tmp_path):
    cells = replaced(BOSTON, "shape=[13]", "shape=[12]")
    cells = replaced(cells, "'b', 'lstat']", "'b']")
    report = grade("exercise16", notebook(tmp_path, cells, "boston.ipynb"))
    assert report.score == 0
    message = report.checks[0].message.en
    assert "13" in message and "[None, 12]" in message, message


# ------------------------------------------------------------------ exercise17: iris2 in notebook style


def test_the_iris2_notebook_gets_full_marks_hidden_table_included(grade, tmp_path):
    report = grade("exercise17", notebook(tmp_path, IRIS2, "iris2.ipynb"))
    assert report.score == report.max_score, [(c.name, c.message and c.message.en) for c in report.checks]
    assert any("ran again" in n.en for n in report.notes)


def test_an_iris2_notebook_with_the_mean_written_down_loses_the_hidden_points_only(grade, tmp_path):
    cells = replaced(IRIS2, "fillna(평균)", "fillna(3.0543624161073826)")
    report = grade("exercise17", notebook(tmp_path, cells, "iris2.ipynb"))
    assert set(failing(report)) == {"iris2_drawn_table"}, failing(report)


def test_an_iris2_notebook_that_never_fills_the_gap_loses_the_x_points(grade, tmp_path):
    cells = [c for c in IRIS2 if "fillna" not in c]
    report = grade("exercise17", notebook(tmp_path, cells, "iris2.ipynb"))
    assert set(failing(report)) == {"iris2_missing_filled_with_mean", "iris2_drawn_table"}, failing(report)
    assert "missing value" in report.checks[0].message.en


# ------------------------------------------------------------------ grade NOTEBOOK.ipynb


def test_grade_notebook_recognises_the_exercise_and_says_why_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notebook(tmp_path, IRIS2, "내 실습.ipynb")
    result = CliRunner().invoke(main, ["내 실습.ipynb", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["exercise"] == "exercise17" and report["score"] == report["max_score"]
    assert report["notes"][0] == "graded as exercise17 because it reads iris2.csv and uses fillna"


def test_grade_notebook_names_the_exercise_by_the_functions_a_file_defines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.py").write_text("import pandas as pd\n\ndef prepare_iris2(df):\n    return df, df\n")
    result = CliRunner().invoke(main, ["mine.py", "--lang", "ko"])
    assert "exercise17로 채점했습니다: prepare_iris2를 정의합니다" in result.output, result.output


def test_a_notebook_that_fits_two_exercises_lists_them_and_grades_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    iris = [f"iris = pd.read_csv('{CSV.format('iris.csv')}')",
            "X = tf.keras.layers.Input(shape=[4])\nY = tf.keras.layers.Dense(3, activation='softmax')(X)"]
    notebook(tmp_path, BOSTON + iris, "both.ipynb")
    result = CliRunner().invoke(main, ["both.ipynb"])
    assert result.exit_code == 2
    assert "exercise12 (it reads iris.csv" in result.output and "exercise16 (it reads boston.csv" in result.output
    assert "grade exercise12 --file both.ipynb" in result.output


def test_a_notebook_that_fits_no_exercise_says_how_to_name_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notebook(tmp_path, ["import pandas as pd", f"df = pd.read_csv('{CSV.format('lemonade.csv')}')\ndf.head()"],
             "pandas.ipynb")
    result = CliRunner().invoke(main, ["pandas.ipynb"])
    assert result.exit_code == 2
    assert "cannot tell which exercise pandas.ipynb is" in result.output
    assert "grade EXERCISE --file pandas.ipynb" in result.output
    missing = CliRunner().invoke(main, ["nowhere.ipynb"])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_a_notebook_reading_a_url_that_is_not_served_is_told_which_are(grade, tmp_path):
    """Its model is still graded (the grader trains on its own data); the failed cell is named."""
    cells = replaced(LEMONADE, CSV.format("lemonade.csv"), "https://example.com/data/lemonade.csv")
    report = grade("exercise15", notebook(tmp_path, cells, "lemonade.ipynb"))
    said = "\n".join(n.en for n in report.notes) + report.output
    assert "no network while grading" in said and "lemonade.csv (https://raw.githubusercontent.com" in said, said
