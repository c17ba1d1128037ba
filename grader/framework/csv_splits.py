"""A fixed train/held-out split of a CSV file of numbers, for judging a trained model on a pack's data.

Read in the grading process (trusted: the file is the instructor's, listed in the pack's ``[data]``),
with the standard library and NumPy only.  The split is drawn once from ``seed`` (fixed, not the
grading's seed: the same rows are held out in every run, so a score does not depend on the seed the
instructor drew).  The held-out labels stay in the grading process (:class:`~grader.data.splits.Split`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from grader.data.splits import Split

MAX_BYTES = 64 << 20  # a pack's CSV is a teaching dataset; a bigger file is a mistake, said plainly
MAX_ROWS = 1_000_000


def read_csv(path: Path | str) -> tuple[list[str], np.ndarray]:
    """The header and the rows of a CSV file of numbers (float32), in the file's order."""
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path}: larger than {MAX_BYTES >> 20} MiB")
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [name.strip() for name in next(reader, [])]
        rows = []
        for number, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}, line {number}: {len(row)} values; the header has {len(header)}")
            try:
                rows.append([float(v) for v in row])
            except ValueError:
                raise ValueError(f"{path}, line {number}: not all numbers: {row[:8]}") from None
            if len(rows) > MAX_ROWS:
                raise ValueError(f"{path}: more than {MAX_ROWS} rows")
    if not header or not rows:
        raise ValueError(f"{path}: no header, or no rows under it")
    return header, np.array(rows, dtype=np.float32)


def csv_split(path: Path | str, target: str, features: tuple[str, ...] | list[str] | None = None,
              held_out: float = 0.25, seed: int = 0, classes: int | None = None) -> Split:
    """``path``'s rows, shuffled once by ``seed``, split into training and held-out parts.

    ``target``: the column to predict; ``features``: the input columns (default: every other one).
    ``classes``: for a classifier, the number of classes; the target column holds their numbers
    (0, 1, ...), sent one-hot for training and kept as numbers for the held-out labels.
    """
    header, table = read_csv(path)
    features = [c for c in header if c != target] if features is None else list(features)
    missing = [c for c in [target, *features] if c not in header]
    if missing:
        raise ValueError(f"{path}: no column {missing[0]!r} (the columns are {header})")
    if not 0 < held_out < 1:
        raise ValueError("held_out is a fraction between 0 and 1")
    order = np.random.default_rng(seed).permutation(len(table))
    cut = len(table) - max(1, int(round(len(table) * held_out)))
    if cut < 1:
        raise ValueError(f"{path}: too few rows to hold some out")
    x = table[:, [header.index(c) for c in features]]
    y = table[:, header.index(target)]
    train, test = order[:cut], order[cut:]
    if classes is None:
        return Split(x[train], y[train].reshape(-1, 1), x[test], y[test])
    labels = y.astype(int)
    if labels.min() < 0 or labels.max() >= classes or not np.array_equal(labels, y):
        raise ValueError(f"{path}: {target!r} must hold class numbers 0 to {classes - 1}")
    return Split(x[train], np.eye(classes, dtype=np.float32)[labels[train]], x[test], labels[test])
