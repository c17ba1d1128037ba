"""What a learner reads: not a traceback, but what went wrong, where, and what to try."""

from conftest import solution_source
from grader import course
from grader.checking.declare import Exercise
from grader.results import Status
from grader.text import Text


def first(report, function):
    return next(c for c in report.checks if c.function == function)


def test_a_syntax_error_names_the_line(grade):
    report = grade("exercise3", "import numpy as np\n\ndef softmax(z)\n    return z\n")
    message = report.checks[0].message.en
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
    for exercise in course.all_exercises():
        assert isinstance(exercise, Exercise) and exercise.title.ko and exercise.title.en
        for check in exercise.checks:
            for text in (check.description, check.hint):
                assert isinstance(text, Text) and text.en.strip() and text.ko.strip()
                assert any("\uac00" <= ch <= "\ud7a3" for ch in text.ko), (check.name, text.ko)


def test_every_grader_message_reads_in_korean_and_english():
    import grader.checking.expect as expect
    import grader.checking.models as models
    import grader.messages as messages
    import grader.reports.text_report as text_report

    texts = [v for module in (messages, expect, models, text_report) for v in vars(module).values()
             if isinstance(v, Text) and v.en]
    assert len(texts) > 40
    for text in texts:
        assert text.ko.strip(), text.en
