"""Every exercise: the reference gets full marks, the stub gets 0 with every check
not attempted, and every check is caught failing by at least one known-wrong variant
(``solutions/known_wrong/<exercise>.py``)."""

import pytest

from conftest import SOLUTIONS, STUBS, solution_source, statuses
from grader import course
from grader.checking import known_wrong
from grader.results import Status

EXERCISES = course.exercise_names()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_reference_solution_gets_full_marks(grade, exercise):
    report = grade(exercise, SOLUTIONS / f"{exercise}.py")
    assert report.all_passed, [(c.name, c.status, c.message and c.message.en) for c in report.checks]
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_stub_gets_zero_with_every_check_not_attempted(grade, exercise):
    report = grade(exercise, STUBS / f"{exercise}.py")
    assert report.score == 0
    assert set(statuses(report).values()) == {Status.NOT_ATTEMPTED}


CASES = [(exercise, v) for exercise in EXERCISES for v in known_wrong.load(SOLUTIONS, exercise)]


@pytest.mark.parametrize("exercise,variant", CASES, ids=[f"{e}-{v.name}" for e, v in CASES])
def test_known_wrong_variant_loses_the_points_of_the_check_that_names_it(grade, exercise, variant):
    report = grade(exercise, variant.source(solution_source(exercise)))
    results = {c.name: c for c in report.checks}
    for name in variant.caught_by:
        assert results[name].status in (Status.FAILED, Status.ERROR), (name, results[name])
        assert results[name].points == 0
    for check in report.checks:
        if check.function not in variant.affects:
            assert check.status is Status.PASSED, (check.name, check.message and check.message.en)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_check_is_caught_by_some_variant(exercise):
    variants = known_wrong.load(SOLUTIONS, exercise)
    caught = {name for v in variants for name in v.caught_by}
    declared = {c.name for c in course.load_exercise(exercise).checks}
    functions = set(course.load_exercise(exercise).functions)
    assert declared - caught == set(), "checks no known-wrong variant proves"
    assert caught - declared == set(), "variants name checks that do not exist"
    assert {f for v in variants for f in v.affects} <= functions, "variants affect unknown functions"
    assert len(variants) >= 3
