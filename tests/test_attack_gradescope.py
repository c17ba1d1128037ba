"""The hidden seed and hidden inputs never appear in a Gradescope test marked ``visible``.

Hidden checks are ``after_due_date`` in results.json: with the seed of an
official grading, a learner who saw the hidden inputs (or the seed, from which
every hidden input follows: the checks are in the learners' release) before the
deadline could fit answers to them on a resubmission.  Honest wrong answers
must not show them in visible tests, and neither may learner code that reads
the seed (or records hidden inputs) in its process and raises it in a *public*
check's message.
"""

from __future__ import annotations

import json
import re

import pytest

from attack_tools import run_grade, solution_source

SEED = 48151623


def _gradescope(tmp_path, exercise, source, timeout=240):
    submission = tmp_path / f"{exercise}.py"
    submission.write_text(source)
    run = run_grade([exercise, "--file", submission, "--format", "gradescope", "--seed", str(SEED)],
                    tmp_path, timeout=timeout)
    assert run.returncode in (0, 1), run.describe()
    return json.loads(run.out_text)


def _visible(results):
    return [t for t in results["tests"] if t.get("visibility") == "visible"]


def _hidden_text(results):
    return "\n".join(t.get("output", "") for t in results["tests"] if t.get("visibility") != "visible")


def _leaks(results, secrets):
    problems = []
    if str(SEED) in results.get("output", ""):
        problems.append("the top-level output shows the seed")
    for test in _visible(results):
        shown = test.get("name", "") + "\n" + test.get("output", "")
        for secret in [str(SEED), *secrets]:
            if secret in shown:
                problems.append(f"visible test {test.get('name', '')[:60]!r} shows {secret!r}")
    return problems


READ_SEED = r'''
def _the_run_seed():
    """The grading's seed, as this process can find it (requests, the worker's settings)."""
    import sys
    frame = sys._getframe(1)
    while frame is not None:
        for value in frame.f_locals.values():
            config = getattr(value, "config", None)
            if isinstance(config, dict) and "seed" in config:
                return config["seed"]
        if "seed" in frame.f_locals and isinstance(frame.f_locals["seed"], int) and frame.f_code.co_name == "train_model":
            return frame.f_locals["seed"]
        frame = frame.f_back
    return None
'''

STEPS_WRONG = "\n\ndef steps_per_epoch(n_samples, batch_size=32):\n    return n_samples // batch_size\n"

STEPS_EXFILTRATE = READ_SEED + r'''
PUBLIC = {(150, 32), (60000, 32), (150, 150), (150,)}
SEEN = []


def steps_per_epoch(*args):
    if tuple(args) not in PUBLIC:
        SEEN.append("steps_per_epoch(%s)" % ", ".join(str(a) for a in args))
    n_samples, batch_size = (list(args) + [32])[:2]
    return n_samples // batch_size


def build_housing_model():     # a public check, graded after the hidden steps_per_epoch check
    raise ValueError("seed=%s hidden=%s" % (_the_run_seed(), "; ".join(SEEN)))
'''


def _hidden_calls(results, function):
    return sorted(set(re.findall(rf"{function}\([^)]*\)", _hidden_text(results))))


@pytest.mark.parametrize("kind", ["wrong", "exfiltrating"])
def test_exercise4_visible_tests_never_show_the_seed_or_hidden_inputs(tmp_path, kind):
    source = solution_source("exercise4") + (STEPS_WRONG if kind == "wrong" else STEPS_EXFILTRATE)
    results = _gradescope(tmp_path, "exercise4", source)
    hidden = _hidden_calls(results, "steps_per_epoch")
    assert hidden, "the hidden steps_per_epoch check should have failed with its inputs (sanity)"
    problems = _leaks(results, hidden)
    assert not problems, "; ".join(problems[:6])


EXERCISE11 = READ_SEED + r'''
from tensorflow import keras

FIT = {"epochs": 3, "verbose": 0}     # too few: the drawn line's check fails and shows its numbers


def build_linear_model():
    # The learner's process only describes the model (the grader trains it), so the one place its
    # words reach a public check is the description: a layer named after whatever seed it finds.
    model = keras.Sequential([keras.Input(shape=(1,)),
                              keras.layers.Dense(1, activation="relu", name="seed_%s" % _the_run_seed())])
    model.compile(optimizer="sgd", loss="mse")
    return model
'''


@pytest.mark.slow
def test_exercise11_visible_tests_never_show_the_seed_or_the_drawn_line(tmp_path):
    results = _gradescope(tmp_path, "exercise11", EXERCISE11)
    drawn = sorted(set(re.findall(r"expected (-?\d+(?:\.\d+)?) ±", _hidden_text(results))) - {"1", "12", "13", "14"})
    assert drawn, "the drawn line's check should have failed with its numbers (sanity)"
    problems = _leaks(results, [f"expected {v} ±" for v in drawn] + [f"- {v}|" for v in drawn])
    assert not problems, "; ".join(problems[:6])
