"""Splits of the course's own public data, and what every split is.

Note 001's ten points on y = x + 1 and the course's lemonade stand are public (the notes print
them), so their splits are here, in what a learner release holds.  The splits of iris, housing
and MNIST, whose held-out parts are judged, are :mod:`grader.data.judged` (official grading only).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

from grader.data import COURSE_DIR

IRIS_CLASSES = ("setosa", "versicolor", "virginica")

# Note 001's ten points on y = x + 1.
LINEAR_X = np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14], dtype=np.float32).reshape(-1, 1)
LINEAR_Y = LINEAR_X.ravel() + 1


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray  # held out: never sent to a learner's process


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    return np.eye(classes, dtype=np.float32)[labels]


def linear() -> Split:
    """Note 001's ten points; judged on 11, 12, 13."""
    x_test = np.array([[11.0], [12.0], [13.0]], dtype=np.float32)
    return Split(LINEAR_X, LINEAR_Y.reshape(-1, 1), x_test, x_test.ravel() + 1)


LEMONADE_X_TEST = np.array([[15.0], [10.0], [30.0]], dtype=np.float32)


def lemonade() -> Split:
    """The course's lemonade stand (온도 20-25, 판매량 = 2 × 온도); judged on 15 (the course's own
    ``model.predict([[15]])``), 10 and 30, outside the temperatures it saw."""
    with open(COURSE_DIR / "lemonade.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    data = np.array([[float(v) for v in row] for row in rows if row], dtype=np.float32)
    return Split(data[:, :1], data[:, 1:], LEMONADE_X_TEST, 2 * LEMONADE_X_TEST.ravel())
