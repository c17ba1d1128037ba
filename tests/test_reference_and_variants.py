"""Every exercise: the reference gets full marks, the stub gets 0 with every check
not attempted, and every check is caught failing by at least one known-wrong variant
(``solutions/known_wrong/<exercise>.py``).  ``grade validate`` shows instructors the same."""

import re

import pytest

from conftest import SOLUTIONS, STUBS, solution_source
from grader import course, validation
from grader.framework import known_wrong

EXERCISES = course.exercise_names()
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize("exercise", EXERCISES)
def test_reference_solution_gets_full_marks(grade, exercise):
    report = grade(exercise, SOLUTIONS / f"{exercise}.py")
    assert validation.solution_problems(report) == []
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_gets_zero_with_every_check_not_attempted(grade, exercise):
    report = grade(exercise, STUBS / f"{exercise}.py")
    assert validation.stub_problems(report) == []
    assert report.score == 0 and report.status == "not_attempted"


CASES = [(exercise, v) for exercise in EXERCISES for v in known_wrong.load(SOLUTIONS, exercise)]


@pytest.mark.parametrize("exercise,variant", CASES, ids=[f"{e}-{v.name}" for e, v in CASES])
def test_known_wrong_variant_loses_the_points_of_the_check_that_names_it(grade, exercise, variant):
    report = grade(exercise, variant.source(solution_source(exercise)))
    assert validation.variant_problems(report, variant) == []
    assert report.score < report.max_score
    for check in report.checks:  # what the learner reads is in Korean too, not only its template
        if check.message is not None:
            assert HANGUL.search(check.message.ko), (check.name, check.message.ko)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_check_is_caught_by_some_variant(exercise):
    variants = known_wrong.load(SOLUTIONS, exercise)
    assert validation.coverage_problems(course.load_exercise(exercise), variants) == []
