"""Every exercise: the reference gets full marks, the stub gets 0 with every check
not attempted, and every check is caught failing by at least one known-wrong variant
(``solutions/known_wrong/<exercise>.py``).  ``grade validate`` shows instructors the same."""

import re

import pytest

from conftest import SOLUTIONS, STUBS, solution_source
from grader import packs, validation
from grader.framework import known_wrong

EXERCISES = packs.builtin().exercise_names()
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
    assert validation.coverage_problems(packs.builtin().load_exercise(exercise), variants) == []


def _hidden_catches(exercise: str, variant) -> tuple[str, ...]:
    hidden = {c.name for c in packs.builtin().load_exercise(exercise).checks if c.visibility == "hidden"}
    return tuple(name for name in variant.caught_by if name in hidden)


# Exercises graded in about a second (no model trained): their hidden checks are proven under
# other seeds too, not only the one every other test grades with.
HIDDEN_CASES = [(e, v) for e in EXERCISES for v in known_wrong.load(SOLUTIONS, e)
                if packs.builtin().load_exercise(e).timeout <= 120 and _hidden_catches(e, v)]


@pytest.mark.parametrize("exercise,variant", HIDDEN_CASES, ids=[f"{e}-{v.name}" for e, v in HIDDEN_CASES])
def test_a_hidden_check_catches_its_variant_under_every_grading_seed(grade, exercise, variant):
    """A hidden check draws its inputs from the grading seed: a wrong answer that slips through
    under some seeds (softmax without the max subtracted, when no drawn logit overflowed) would
    make a learner's score depend on the seed the instructor happened to draw."""
    source = variant.source(solution_source(exercise))
    for seed in (5, 12345, 2 ** 31 + 7):  # under seed 5, exercise 3's logits drawn alone did not overflow
        statuses = {c.name: c for c in grade(exercise, source, seed=seed).checks}
        for name in _hidden_catches(exercise, variant):
            assert not statuses[name].passed, (seed, name)
