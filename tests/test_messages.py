"""What a learner reads: not a traceback, but what went wrong, where, and what to try."""

import importlib
import pkgutil
import re

import grader
from conftest import solution_source
from grader import packs
from grader.framework.declare import Exercise
from grader.results import Status
from grader.text import Text


def first(report, function):
    return next(c for c in report.checks if c.function == function)


def test_a_syntax_error_names_the_line(grade):
    report = grade("exercise3", "import numpy as np\n\ndef softmax(z)\n    return z\n")
    message = report.notes[0].en  # said once, about the file
    assert report.checks[0].status is Status.ERROR
    assert "line 3" in message and "def softmax(z)" in message


def test_an_unknown_attribute_suggests_the_closest_name(grade):
    report = grade("exercise4", solution_source("exercise4") + '''
def build_housing_model():
    import tensorflow as tf
    x = tf.keras.Input(shape=[13])
    y = tf.keras.layers.Dense(1)(x)
    return tf.keras.Models(x, y)
''')
    message = first(report, "build_housing_model").message.en
    assert "AttributeError" in message and "Did you mean tf.keras.Model?" in message
    assert "tf.keras.Models(x, y)" in message


def test_an_error_at_import_names_the_learners_line(grade):
    report = grade("exercise3", "import numpy as np\nx = np.arrray([1, 2])\n" + solution_source("exercise3"))
    note = report.notes[0].en
    assert "line 2" in note and "Did you mean np.array?" in note


def test_shapes_are_reported_as_expected_vs_got(grade):
    report = grade("exercise3", solution_source("exercise3") + '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    return np.ones((1, 3)) / 3
''')
    message = first(report, "dense_softmax").message.en
    assert "returned shape (1, 3); expected shape (3,)" in message


def test_nan_is_named(grade):
    report = grade("exercise3", solution_source("exercise3") + '''
def softmax(z):
    import numpy as np
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
''')
    assert "contains NaN" in report.checks[1].message.en


def test_wrong_types_are_named(grade):
    report = grade("exercise4", solution_source("exercise4") + "\ndef dense_params(n, units):\n    return str((n + 1) * units)\n")
    message = first(report, "dense_params").message.en
    assert "'896' (a str)" in message and "expected the int 896" in message


def test_returning_none_asks_about_return(grade):
    report = grade("exercise3", solution_source("exercise3") + "\ndef softmax(z):\n    z * 2\n")
    assert "did you forget `return`" in report.checks[0].message.en


def test_every_check_reads_in_korean_and_english():
    for exercise in packs.builtin().all_exercises():
        assert isinstance(exercise, Exercise) and exercise.title.ko and exercise.title.en
        for check in exercise.checks:
            for text in (check.description, check.hint):
                assert isinstance(text, Text) and text.en.strip() and text.ko.strip()
                assert any("\uac00" <= ch <= "\ud7a3" for ch in text.ko), (check.name, text.ko)


HANGUL = re.compile("[\uac00-\ud7a3]")


def _module_texts():
    """Every Text defined at module level anywhere in the package (dict and tuple values too)."""
    for info in pkgutil.walk_packages(grader.__path__, "grader."):
        if info.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(info.name)).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
            for item in values:
                if isinstance(item, Text):
                    yield f"{info.name}.{name}", item


def test_every_grader_message_reads_in_korean_and_english():
    texts = list(_module_texts())
    assert len(texts) > 100
    for where, text in texts:
        words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|`[^`]*`", "", text.en))
        if words:
            assert HANGUL.search(text.ko), (where, text.en, text.ko)


def test_messages_built_while_grading_read_in_korean(grade):
    """Not only the templates: what a learner reads after real mistakes is Korean in a Korean report."""
    wrong = solution_source("exercise3") + "\ndef softmax(z):\n    return [[1, 2]]\n"
    wrong += "def dense_softmax(x, kernel, bias):\n    raise ValueError('boom')\n"
    report = grade("exercise3", wrong)
    messages = [c.message for c in report.checks if c.message is not None]
    assert len(messages) == len(report.checks)
    for message in messages:
        assert HANGUL.search(message.ko) and message.ko != message.en
