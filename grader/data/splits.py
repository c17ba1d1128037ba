"""The fixed splits trained-model exercises are judged on.

Each split gives the training part (sent to the learner's process to ``fit``
on) and the held-out part, whose inputs go to the judge and whose labels stay
in the grading process.  Splits are fixed (seeded) and stratified where there
are classes, so every run of the grader judges on the same data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

from grader.data import COURSE_DIR, HOUSING_TARGET, IRIS_FEATURES, IRIS_TARGET, JUDGED_DIR, judged_digits

SPLIT_SEED = 20241122
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


def _read_csv(name: str) -> tuple[list[str], list[list[str]]]:
    with open(JUDGED_DIR / name, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _stratified(labels: np.ndarray, test_fraction: float, rng: np.random.Generator):
    train, test = [], []
    for value in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == value))
        n_test = int(round(len(members) * test_fraction))
        test += list(members[:n_test])
        train += list(members[n_test:])
    return rng.permutation(train), rng.permutation(test)


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    return np.eye(classes, dtype=np.float32)[labels]


def iris() -> Split:
    """120 flowers to train on, 30 held out (10 of each species)."""
    header, rows = _read_csv("iris.csv")
    columns = [header.index(name) for name in IRIS_FEATURES]
    x = np.array([[float(row[i]) for i in columns] for row in rows], dtype=np.float32)
    labels = np.array([IRIS_CLASSES.index(row[header.index(IRIS_TARGET)]) for row in rows])
    train, test = _stratified(labels, 0.2, np.random.default_rng(SPLIT_SEED))
    return Split(x[train], one_hot(labels[train], 3), x[test], labels[test])


def housing() -> Split:
    """404 houses to train on (raw features, as the notes read them), 102 held out."""
    header, rows = _read_csv("boston.csv")
    data = np.array([[float(v) for v in row] for row in rows], dtype=np.float32)
    target = header.index(HOUSING_TARGET)
    x, y = np.delete(data, target, axis=1), data[:, target]
    order = np.random.default_rng(SPLIT_SEED).permutation(len(data))
    train, test = order[:404], order[404:]
    return Split(x[train], y[train].reshape(-1, 1), x[test], y[test])


def digits() -> Split:
    """MNIST: the bundled 4,000 / 1,000 split (raw uint8 images; labels one-hot for training)."""
    (x_train, y_train), (x_test, y_test) = judged_digits()
    return Split(x_train, one_hot(y_train.astype(int), 10), x_test, y_test.astype(int))


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
