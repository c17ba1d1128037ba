"""The course's datasets, shipped inside the package (nothing is downloaded).

For learners' own experiments, as the lecture notes read them::

    from grader.data import load_iris, load_housing, load_digits
    df = load_iris()                       # 150 rows, Korean headers, 품종 = setosa/...
    housing = load_housing()               # 506 rows, target column `medv`
    (x_train, y_train), (x_test, y_test) = load_digits()

Provenance is in ``README.md`` beside this file.  Grading never gives a
learner's process these files: it sends the training part through the
grader's channel and keeps the held-out labels to itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent
KERAS_MNIST = Path.home() / ".keras" / "datasets" / "mnist.npz"
IRIS_FEATURES = ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]
IRIS_TARGET = "품종"
HOUSING_TARGET = "medv"


def load_iris():
    """The course's iris table (pandas DataFrame), as ``pd.read_csv`` reads it in note 000."""
    import pandas as pd

    return pd.read_csv(DATA_DIR / "iris.csv")


def load_housing():
    """Boston housing (pandas DataFrame, 506 rows, lower-case headers, target ``medv``)."""
    import pandas as pd

    return pd.read_csv(DATA_DIR / "boston.csv")


def load_digits(full: bool | None = None):
    """MNIST digits as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets.mnist``.

    The full 70,000 digits when Keras has already cached them (``~/.keras/datasets/mnist.npz``)
    and ``full`` is not False; otherwise the bundled 5,000-digit subset (4,000 / 1,000).
    """
    path = KERAS_MNIST if (full is not False and KERAS_MNIST.is_file()) else DATA_DIR / "mnist_5k.npz"
    if full and path != KERAS_MNIST:
        raise FileNotFoundError(f"the full MNIST is not cached at {KERAS_MNIST}; nothing is downloaded")
    with np.load(path, allow_pickle=False) as data:
        return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])
