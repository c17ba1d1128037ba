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


def test_a_class_of_copies_lists_the_most_similar_pairs_and_says_how_many_more_in_both_languages(tmp_path):
    """16 copies of one file and 3 of it with a name changed and a line added: 171 pairs at or above
    0.8 (123 the same code once names are set aside); the 100 most similar are listed (the same code
    first, by learner), then a line says how many more there were."""
    from grader.batch.layouts import discover
    from grader.reports import summary_html

    folder = tmp_path / "class"
    reference = (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")
    for i in range(19):
        text = reference if i < 16 else reference.replace("np.", f"alias{i}.") + f"alias{i} = np\n"
        (folder / f"s{i:02d}").mkdir(parents=True)
        (folder / f"s{i:02d}" / "exercise3.py").write_text(text, encoding="utf-8")
    found = similarity.similar_pairs(discover(folder, ["exercise3"], tmp_path / "work"), ["exercise3"])
    rows = list(csv.reader(io.StringIO(similarity.similarity_csv(found))))
    assert len(rows) == 1 + similarity.LISTED + 1
    assert rows[1] == ["exercise3", "s00", "s01", "1.000"] and rows[similarity.LISTED][:3] == ["exercise3", "s09", "s10"]
    assert rows[-1][0] == "exercise3" and rows[-1][2:] == ["", ""]
    assert rows[-1][1].startswith("71 more pairs at or above 0.8 not listed") and "쌍 71개는 목록에 없음" in rows[-1][1]
    notes = tuple((e, similarity.left_out_note(n)) for e, n in found.left_out)
    for lang, said in (("en", "71 more pairs"), ("ko", "유사도 0.8 이상인 쌍 71개는 목록에 없음")):
        page = summary_html.render([], ["exercise3"], lang, similar=found.pairs, similar_left_out=notes)
        assert page.count("<tr>") == 1 + similarity.LISTED and f"exercise3: {said}" in page
