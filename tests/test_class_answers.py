"""A batch asks the reference solution once per class: later learners are compared with the
answers it gave for the first, and the scores are the ones a grading of each alone gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SOLUTIONS, solution_source
from grader import packs, expected
from grader.runner import GradeOptions, grade_submission

WRONG_SOFTMAX = '''
import numpy as np
def softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / np.exp(z).sum()          # no max subtracted, and the whole batch at once
def dense_softmax(x, kernel, bias):
    return softmax(np.asarray(x) @ np.asarray(kernel) + bias)
'''


def _learners(tmp_path: Path) -> list[Path]:
    sources = [solution_source("exercise3"), WRONG_SOFTMAX, solution_source("exercise3") + "\nprint('again')\n"]
    paths = []
    for i, source in enumerate(sources):
        path = tmp_path / f"learner{i}" / "exercise3.py"
        path.parent.mkdir()
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths


def _scores(report) -> list:
    return [(c.name, c.status, c.points, c.message and c.message.en) for c in report.checks]


def test_later_learners_are_graded_from_the_class_answers_with_the_same_results(fork_server, tmp_path):
    exercise = packs.builtin().load_exercise("exercise3")
    options = GradeOptions(seed=11)
    paths = _learners(tmp_path)
    alone = [grade_submission(exercise, p, options, fork_server=fork_server) for p in paths]
    book = expected.ClassAnswers()
    first = grade_submission(exercise, paths[0], options, fork_server=fork_server, class_answers=book)
    asked = book.misses
    assert asked > 0 and book.hits == 0  # the first learner's grading asked the reference
    rest = [grade_submission(exercise, p, options, fork_server=fork_server, class_answers=book) for p in paths[1:]]
    assert book.misses == asked, "a later learner made the reference answer again"
    # The third learner (the reference again) is answered wholly from the book; the wrong softmax asks
    # less: its dense_softmax_batch is skipped (it needs softmax_rows_of_a_batch, which fails).
    skipped = sum(c.needs is not None for c in rest[0].checks)
    assert skipped == 1 and book.hits >= 2 * asked - skipped
    for together, single in zip([first, *rest], alone):
        assert _scores(together) == _scores(single)
    assert rest[0].score < rest[0].max_score  # the wrong softmax is still caught from stored answers


def test_another_seed_asks_the_reference_again(fork_server, tmp_path):
    exercise = packs.builtin().load_exercise("exercise3")
    book = expected.ClassAnswers()
    path = _learners(tmp_path)[0]
    grade_submission(exercise, path, GradeOptions(seed=1), fork_server=fork_server, class_answers=book)
    before = book.misses
    report = grade_submission(exercise, path, GradeOptions(seed=2), fork_server=fork_server, class_answers=book)
    assert book.misses > before and report.score == report.max_score


@pytest.mark.parametrize("name", ["exercise5", "exercise6", "exercise7", "exercise17"])
def test_stored_answers_grade_like_the_reference_itself_solution_and_known_wrong(fork_server, tmp_path, name):
    """What a call left in its arguments (exercise 7's model after train_step) is stored with its
    value: before, later learners of a batch lost exercise 7's training checks."""
    from grader.framework import known_wrong

    exercise = packs.builtin().load_exercise(name)
    reference = solution_source(name)
    sources = [reference] + [v.source(reference) for v in known_wrong.load(SOLUTIONS, name)[:2]]
    paths = []
    for i, source in enumerate(sources):
        path = tmp_path / f"learner{i}" / f"{name}.py"
        path.parent.mkdir()
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    options = GradeOptions(seed=4)
    alone = [grade_submission(exercise, p, options, fork_server=fork_server) for p in paths]
    book = expected.ClassAnswers()
    shared = [grade_submission(exercise, p, options, fork_server=fork_server, class_answers=book) for p in paths[::-1]][::-1]
    assert book.hits > 0 or book.misses == 0  # (exercise 17 never asks the reference)
    for together, single in zip(shared, alone):
        assert _scores(together) == _scores(single)


def test_the_class_answers_stay_within_their_bounds():
    book = expected.ClassAnswers()
    answers = book.for_run("exercise3", 0)
    book.keep(answers, "small", b"x" * 100)
    book.keep(answers, "large", b"x" * (book.MAX_ANSWER_BYTES + 1))
    assert set(answers) == {"small"}
    book.kept_bytes = book.MAX_TOTAL_BYTES - 50
    book.keep(answers, "one more", b"x" * 100)
    assert "one more" not in answers
