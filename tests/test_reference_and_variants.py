"""Every exercise: the reference gets full marks, the stub gets 0 with every check
not attempted, and every check is caught failing by at least one known-wrong variant."""

import pytest

from conftest import SOLUTIONS, STUBS, solution_source, statuses
from grader import course
from grader.results import Status
from variants import VARIANTS

GRADED = sorted(VARIANTS)


@pytest.mark.parametrize("exercise", GRADED)
def test_reference_solution_gets_full_marks(grade, exercise):
    report = grade(exercise, SOLUTIONS / f"{exercise}.py")
    assert report.all_passed, [(c.name, c.status, c.message and c.message.en) for c in report.checks]
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("exercise", GRADED)
def test_stub_gets_zero_with_every_check_not_attempted(grade, exercise):
    report = grade(exercise, STUBS / f"{exercise}.py")
    assert report.score == 0
    assert set(statuses(report).values()) == {Status.NOT_ATTEMPTED}


CASES = [(exercise, v) for exercise in GRADED for v in VARIANTS[exercise]]


@pytest.mark.parametrize("exercise,variant", CASES, ids=[f"{e}-{v.name}" for e, v in CASES])
def test_known_wrong_variant_loses_the_points_of_the_check_that_names_it(grade, exercise, variant):
    report = grade(exercise, solution_source(exercise) + "\n" + variant.code)
    results = {c.name: c for c in report.checks}
    for name in variant.caught_by:
        assert results[name].status in (Status.FAILED, Status.ERROR), (name, results[name])
        assert results[name].points == 0
    for check in report.checks:
        if check.function not in variant.affects:
            assert check.status is Status.PASSED, (check.name, check.message and check.message.en)


@pytest.mark.parametrize("exercise", GRADED)
def test_every_check_is_caught_by_some_variant(exercise):
    caught = {name for v in VARIANTS[exercise] for name in v.caught_by}
    declared = {c.name for c in course.load_exercise(exercise).checks}
    assert declared - caught == set(), "checks no known-wrong variant proves"
    assert caught - declared == set(), "variants name checks that do not exist"
    assert len(VARIANTS[exercise]) >= 3
