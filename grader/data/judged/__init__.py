"""The fixed splits trained-model exercises are judged on, with the data they are drawn from.

Each split gives the training part (sent to the judge to ``fit`` on) and the held-out part,
whose inputs go to the judge and whose labels stay in the grading process.  Splits are fixed
(seeded) and stratified where there are classes, so every run of the grader judges on the same
data.  This folder (code and data) is official grading's only: no learner process can read it
(it is hidden in the sandbox), a learner release does not hold it, and only hidden checks use it
(importing it where they run, in the grading process).  The splits of the course's own public
data (note 001's ten points, the lemonade stand) are :mod:`grader.data.splits`.
"""

from __future__ import annotations

import csv

import numpy as np

from grader.data import HOUSING_TARGET, IRIS_FEATURES, IRIS_TARGET, JUDGED_DIR
from grader.data.splits import IRIS_CLASSES, Split, one_hot

SPLIT_SEED = 20241122


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


def judged_digits():
    """The grader's 5,000 digits, 4,000 to train on and 1,000 held out."""
    with np.load(JUDGED_DIR / "mnist_5k.npz", allow_pickle=False) as data:
        return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])


def digits() -> Split:
    """MNIST: the bundled 4,000 / 1,000 split (raw uint8 images; labels one-hot for training)."""
    (x_train, y_train), (x_test, y_test) = judged_digits()
    return Split(x_train, one_hot(y_train.astype(int), 10), x_test, y_test.astype(int))
