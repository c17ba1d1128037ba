"""Notebook submissions: cells run in order, magics skipped, errors reported, bad files scored 0."""

import nbformat

from conftest import solution_source, statuses
from grader.results import Status


def notebook(tmp_path, *cells, name="exercise3.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 소프트맥스")] + [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_a_notebook_with_magics_and_shell_lines_is_graded(grade, tmp_path):
    path = notebook(tmp_path, "%matplotlib inline\n!pip install numpy\nimport numpy as np",
                    "%%time\n" + solution_source("exercise3"), "files = !ls\nnp.zeros(3)?")
    report = grade("exercise3", path)
    assert report.all_passed, [(c.name, c.message) for c in report.checks]
    assert any("IPython" in note.en for note in report.notes)


def test_a_cell_that_raises_is_reported_and_later_cells_still_run(grade, tmp_path):
    path = notebook(tmp_path, "print(undefined_name)", solution_source("exercise3"))
    report = grade("exercise3", path)
    assert report.all_passed
    # Cells are numbered as the notebook shows them (the markdown cell is cell 1), and the line is quoted.
    assert any("cell 2" in note.en and "NameError" in note.en and "print(undefined_name)" in note.en
               for note in report.notes), [n.en for n in report.notes]


def test_a_syntax_error_in_one_cell_skips_only_that_cell(grade, tmp_path):
    path = notebook(tmp_path, "def broken(:\n    pass", solution_source("exercise3"))
    report = grade("exercise3", path)
    assert report.all_passed
    assert any("syntax error" in note.en and "cell 2" in note.en for note in report.notes)


def test_a_malformed_notebook_is_a_clear_error_with_score_zero(grade, tmp_path):
    path = tmp_path / "exercise3.ipynb"
    path.write_text('{"cells": [ this is not json')
    report = grade("exercise3", path)
    assert report.score == 0
    assert set(statuses(report).values()) == {Status.ERROR}
    assert [n.en for n in report.notes if "not a readable notebook: it is not JSON" in n.en]  # said once, as a note
    assert not any("not a readable notebook" in c.message.en for c in report.checks)


def test_errors_in_a_notebook_name_the_cell_and_line(grade, tmp_path):
    code = solution_source("exercise3") + "\ndef dense_softmax(x, kernel, bias):\n    return softmax(x @ kernal)\n"
    report = grade("exercise3", notebook(tmp_path, "import numpy as np", code))
    message = next(c for c in report.checks if c.function == "dense_softmax").message.en
    assert "NameError" in message and "(cell 3, line 28: return softmax(x @ kernal))" in message
    assert "Did you mean kernel?" in message


def test_grader_check_cells_are_skipped_when_the_notebook_is_graded_from_disk(tmp_path):
    """A learner's notebook keeps its `grader.check(...)` cells; graded from disk (`grade nb.ipynb`,
    a batch) they are skipped with a note, as `grader.check` skips them, and cost nothing: here the
    rest of the cell (dense_softmax) still counts, in both of the forms a learner writes it."""
    import json

    from click.testing import CliRunner

    from grader.cli import main

    reference = solution_source("exercise3")
    softmax, dense = reference.split("def dense_softmax", 1)
    path = notebook(tmp_path, "import grader", softmax,
                    'result = grader.check("exercise3",\n                       lang="en")\ndef dense_softmax' + dense,
                    "from grader import check\ncheck('exercise3')")
    done = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--format", "json", "--lang", "en"])
    report = json.loads(done.output)
    assert done.exit_code == 0, report["notes"]
    assert report["score"] == report["max_score"]
    assert not any("RuntimeError" in note for note in report["notes"]), report["notes"]
    skipped = [note for note in report["notes"] if "grader.check" in note]
    assert len(skipped) == 2 and "cell 4" in skipped[0] and "cell 5" in skipped[1], report["notes"]
    ko = json.loads(CliRunner().invoke(main, ["exercise3", "--file", str(path), "--format", "json",
                                              "--lang", "ko"]).output)
    assert any("grader.check" in note and "4번 셀" in note for note in ko["notes"]), ko["notes"]
