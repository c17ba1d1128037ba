"""What a class expects: the gradebook in Canvas's and Moodle's import layouts, and a similarity
report listing pairs to review (renamed variables and comments do not hide a copy; the stub is not)."""

import csv
import io

import pytest

from conftest import SOLUTIONS
from grader.batch import similarity
from test_batch import batch


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "class"
    reference = (SOLUTIONS / "exercise1.py").read_text(encoding="utf-8")
    copied = "# 내가 직접 짰어요\n\n" + reference.replace("np.", "numpy_alias.").replace(
        "import numpy as numpy_alias", "import numpy as np")
    for learner, text in (("kim", reference), ("lee", copied), ("park", None)):
        (folder / learner).mkdir(parents=True)
        if text is not None:
            (folder / learner / "exercise1.py").write_text(text, encoding="utf-8")
    (folder / "park" / "exercise3.py").write_text((SOLUTIONS / "exercise3.py").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("out")
    result = batch(folder, out)
    assert result.exit_code == 0, result.output
    return out


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_canvas_gradebook_has_its_id_columns_and_a_points_possible_row(graded):
    rows = _rows(graded / "gradebook-canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "exercise1", "exercise3"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][6] == "10"
    assert [r[0] for r in rows[2:]] == ["kim", "lee", "park"]
    assert rows[4][3] == "park" and rows[4][5:] == ["0", "10"]


def test_moodle_gradebook_has_username_exercises_and_total(graded):
    rows = _rows(graded / "gradebook-moodle.csv")
    assert rows[0] == ["Username", "exercise1", "exercise3", "Total"]
    assert rows[3] == ["park", "0", "10", "10"]


def test_similarity_lists_the_renamed_copy_for_review_not_the_others(graded):
    rows = _rows(graded / "similarity.csv")
    assert rows[0] == ["exercise", "learner_a", "learner_b", "similarity"]
    assert [r[:3] for r in rows[1:]] == [["exercise1", "kim", "lee"]]
    assert float(rows[1][3]) == 1.0
    html = (graded / "summary.html").read_text(encoding="utf-8")
    assert "Similar submissions, to review" in html and "never a penalty" in html


def test_tokens_ignore_names_numbers_strings_and_comments():
    assert similarity.tokens("a = 1  # x\nprint('hi')") == similarity.tokens("total = 2.5\n\nshow(\"bye\")")
    assert similarity.tokens("a = 1") != similarity.tokens("a += 1")
