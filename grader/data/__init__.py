"""The built-in course's datasets, shipped with the grader (nothing is downloaded).

For learners' own experiments, as the lecture notes read them::

    from grader.data import load_iris, load_housing, load_digits
    df = load_iris()                       # 150 rows, Korean headers, 품종 = setosa/...
    housing = load_housing()               # 506 rows, target column `medv`
    (x_train, y_train), (x_test, y_test) = load_digits()

The files are the built-in course pack's, in ``grader_course/data/`` (provenance in its
``README.md``); this package holds the code that reads them.  Two folders:

- ``course/``: the course's own public files (its CSVs, byte for byte, and the 4,000 training
  digits), readable by a learner's process: they are what its code reads;
- ``judged/``: the copies the grader's fixed splits are drawn from; the splits themselves are
  :mod:`grader.data.judged`, held-out parts included.  No learner process can read either: both are
  hidden in the sandbox, and a learner release holds neither.

:mod:`~grader.data.splits`: splits of the course's public data; :mod:`~grader.data.judged`: the
fixed splits trained-model exercises are judged on.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "grader_course" / "data"  # the built-in pack's
COURSE_DIR = DATA_DIR / "course"
JUDGED_DIR = DATA_DIR / "judged"
KERAS_MNIST = Path.home() / ".keras" / "datasets" / "mnist.npz"
IRIS_FEATURES = ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]
IRIS_TARGET = "품종"
HOUSING_TARGET = "medv"
LEARNERS_TEST_DIGITS = 800  # load_digits() splits the 4,000 training digits 3,200 / 800


def load_iris():
    """The course's iris table (pandas DataFrame), as ``pd.read_csv`` reads it in note 000."""
    import pandas as pd

    return pd.read_csv(COURSE_DIR / "iris.csv")


def load_housing():
    """Boston housing (pandas DataFrame, 506 rows, lower-case headers, target ``medv``)."""
    import pandas as pd

    return pd.read_csv(COURSE_DIR / "boston.csv")


def load_digits(full: bool | None = None):
    """MNIST digits as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets.mnist``.

    The full 70,000 digits when Keras has already cached them (``~/.keras/datasets/mnist.npz``)
    and ``full`` is not False; otherwise the bundled 4,000 training digits, split 3,200 / 800 (the
    grader's 1,000 held-out digits are not given out).
    """
    if full is not False and KERAS_MNIST.is_file():
        with np.load(KERAS_MNIST, allow_pickle=False) as data:
            return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])
    if full:
        raise FileNotFoundError(f"the full MNIST is not cached at {KERAS_MNIST}; nothing is downloaded")
    with np.load(COURSE_DIR / "mnist_train.npz", allow_pickle=False) as data:
        x, y = data["x_train"], data["y_train"]
    cut = len(x) - LEARNERS_TEST_DIGITS
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def course_digits():
    """The course's 4,000 training digits ``(x, y)`` (uint8 images, uint8 labels), as bundled."""
    with np.load(COURSE_DIR / "mnist_train.npz", allow_pickle=False) as data:
        return data["x_train"], data["y_train"]
