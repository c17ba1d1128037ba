'''The four files of a function exercise, as ``grade new NAME`` writes them (``__NAME__`` replaced).

One public check (the example the task text shows), one hidden check (inputs drawn at grading time,
compared with the reference solution's answer) and one known-wrong variant that both catch.
'''

CHECKS = '''"""__NAME__: scaling a list of numbers (written by `grade new`: make it your own exercise).

Every learner-facing text is in English and Korean: a check's docstring (en:/ko: lines) is what
the learner reads, its hint is what they read when it does not pass.
"""

import numpy as np

from grader.authoring import Exercise, Text, call_label

exercise = Exercise(
    name="__NAME__",
    title=Text("Scaling numbers", "숫자 배율 조정"),
    functions=("scale",),  # the functions the learner writes (the stub's)
    timeout=60,  # seconds for the learner's process
)

HINT = Text("Multiply every value by factor: [v * factor for v in values].",
            "모든 값에 factor를 곱하세요: [v * factor for v in values].")


@exercise.check(points=1, function="scale", visibility="public", hint=HINT)
def scale_example(ctx):
    """
    en: scale([1, 2, 3], 2) is [2, 4, 6], the example of the task
    ko: 과제의 예대로 scale([1, 2, 3], 2)는 [2, 4, 6]입니다
    """
    got = ctx.learner.scale([1, 2, 3], 2)
    ctx.expect.close(got, [2, 4, 6], call_label("scale", [1, 2, 3], 2))


@exercise.check(points=2, function="scale", visibility="hidden", hint=HINT)
def scale_drawn_numbers(ctx):
    """
    en: numbers and a factor drawn at grading time are scaled as the reference solution scales them
    ko: 채점 때 뽑은 숫자와 배율로 참조 답안과 같은 결과를 냅니다
    """
    values = [float(v) for v in np.round(ctx.rng.normal(size=int(ctx.rng.integers(3, 9))), 3)]
    factor = float(np.round(ctx.rng.uniform(-3, 3), 2))
    got, want = ctx.both("scale", values, factor)  # the learner's answer and the reference's
    ctx.expect.close(got, want, call_label("scale", values, factor))
'''

STUB = '''"""__NAME__ — 숫자 배율 조정 / Scaling numbers

과제 (한국어)
- scale: 숫자 리스트 values의 모든 값에 factor를 곱한 리스트를 돌려주세요.

Task (English)
- scale: return the list of values, each multiplied by factor.

예 / Example
    scale([1, 2, 3], 2)   # [2, 4, 6]
"""


def scale(values, factor):
    """values의 모든 값에 factor를 곱합니다. / Every value multiplied by factor."""
    raise NotImplementedError
'''

SOLUTION = '''"""__NAME__ — reference solution (never shipped to learners)."""


def scale(values, factor):
    return [v * factor for v in values]
'''

KNOWN_WRONG = '''"""Known-wrong variants of __NAME__: each is the reference with one mistake a learner makes,
appended (a later def replaces the earlier one); the checks in caught_by must fail with it, every
check of a function not in affects must still pass."""

from grader.authoring import KnownWrong

VARIANTS = [
    KnownWrong("adds_instead_of_multiplying", """
def scale(values, factor):
    return [v + factor for v in values]
""", caught_by=("scale_example", "scale_drawn_numbers"), affects=("scale",)),
]
'''
