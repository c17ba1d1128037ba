"""A generated class of learners' notebooks for exercise 3 (softmax by hand).

Every notebook is what a learner of the course hands in: a first cell that
imports TensorFlow (``import tensorflow as tf``) and NumPy, a markdown cell
with the task, a cell defining ``softmax`` and a cell defining
``dense_softmax``.  The mix is fixed by proportion, then shuffled with a seed:

- about 60% correct, in different styles (NumPy methods or functions, TensorFlow
  ops returning an array or a tensor, float32, log-sum-exp, a loop over rows,
  ``np.newaxis``, ``tf.nn.softmax``);
- about 20% with one mistake (no max subtraction, a sum over the whole array,
  the wrong axis, the bias forgotten);
- about 10% the untouched stub (``raise NotImplementedError``);
- about 10% broken: a syntax error, or a function that crashes when called.

``bench/vs_nbgrader.py`` hands the same notebooks to ``grade batch`` and, with
their code pasted into the solution cells of an nbgrader release, to
``nbgrader autograde``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import nbformat

IMPORTS = "import tensorflow as tf\nimport numpy as np"
TASK = ("## Exercise 3 — softmax by hand\n\n"
        "`softmax(z)`: softmax along the last axis, for 1-D and 2-D input, with no NaN and no warning "
        "for huge logits: `softmax([1000, 0, -1000])` is `[1, 0, 0]`.\n\n"
        "`dense_softmax(x, kernel, bias)`: the forward pass `softmax(x @ kernel + bias)` of a "
        "`Dense(units, activation='softmax')` layer, for `x` of shape `(d,)` or `(n, d)`.")
TRY_IT = "\n\nprint(softmax([1000, 0, -1000]))\n"

# What a full score is (both tools give exercise 3 ten points).
MAX_POINTS = 10.0


@dataclass(frozen=True)
class Style:
    name: str
    kind: str  # correct | mistake | stub | broken
    softmax: str  # the learner's softmax cell
    dense: str  # the learner's dense_softmax cell


_DENSE_MATMUL = '''def dense_softmax(x, kernel, bias):
    return softmax(np.asarray(x) @ np.asarray(kernel) + np.asarray(bias))
'''

CORRECT = [
    Style("methods", "correct", '''def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''' + TRY_IT, _DENSE_MATMUL),
    Style("functions", "correct", '''def softmax(z):
    z = np.array(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)
''', '''def dense_softmax(x, kernel, bias):
    logits = np.dot(x, kernel) + bias
    return softmax(logits)
'''),
    Style("tf_ops_numpy", "correct", '''def softmax(z):
    z = tf.convert_to_tensor(z, dtype=tf.float64)
    e = tf.exp(z - tf.reduce_max(z, axis=-1, keepdims=True))
    return (e / tf.reduce_sum(e, axis=-1, keepdims=True)).numpy()
''' + TRY_IT, '''def dense_softmax(x, kernel, bias):
    x = tf.convert_to_tensor(x, dtype=tf.float64)
    kernel = tf.convert_to_tensor(kernel, dtype=tf.float64)
    bias = tf.convert_to_tensor(bias, dtype=tf.float64)
    return softmax(tf.tensordot(x, kernel, axes=1) + bias)
'''),
    Style("tf_float32_tensor", "correct", '''def softmax(z):
    z = tf.cast(z, tf.float32)
    z = z - tf.reduce_max(z, axis=-1, keepdims=True)
    return tf.exp(z) / tf.reduce_sum(tf.exp(z), axis=-1, keepdims=True)
''', '''def dense_softmax(x, kernel, bias):
    x = tf.cast(x, tf.float32)
    kernel = tf.cast(kernel, tf.float32)
    bias = tf.cast(bias, tf.float32)
    if x.shape.rank == 1:
        return softmax(tf.linalg.matvec(kernel, x, transpose_a=True) + bias)
    return softmax(tf.matmul(x, kernel) + bias)
'''),
    Style("logsumexp", "correct", '''def softmax(z):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    log_sum = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - log_sum)
''', _DENSE_MATMUL),
    Style("row_loop", "correct", '''def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        e = np.exp(z - np.max(z))
        return e / e.sum()
    out = np.empty_like(z)
    for i, row in enumerate(z):
        e = np.exp(row - np.max(row))
        out[i] = e / e.sum()
    return out
''' + TRY_IT, '''def dense_softmax(x, kernel, bias):
    x = np.asarray(x, dtype=float)
    W = np.asarray(kernel, dtype=float)
    b = np.asarray(bias, dtype=float)
    return softmax(np.matmul(x, W) + b)
'''),
    Style("newaxis", "correct", '''def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    z = z - z.max(axis=-1)[..., np.newaxis]
    e = np.exp(z)
    return e / e.sum(axis=-1)[..., np.newaxis]
''', '''def dense_softmax(x, kernel, bias):
    batch = np.atleast_2d(np.asarray(x, dtype=np.float64))
    out = softmax(batch @ kernel + bias)
    return out[0] if np.ndim(x) == 1 else out
'''),
    Style("tf_nn_softmax", "correct", '''def softmax(z):
    return tf.nn.softmax(tf.constant(z, dtype=tf.float64), axis=-1).numpy()
''' + TRY_IT, '''def dense_softmax(x, kernel, bias):
    x = np.asarray(x, dtype=np.float64)
    return softmax(x @ np.asarray(kernel, dtype=np.float64) + np.asarray(bias, dtype=np.float64))
'''),
]

MISTAKES = [
    Style("no_max_subtraction", "mistake", '''def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
''' + TRY_IT, _DENSE_MATMUL),
    Style("sum_whole_array", "mistake", '''def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()
''', _DENSE_MATMUL),
    Style("wrong_axis", "mistake", '''def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''' + TRY_IT, _DENSE_MATMUL),
    Style("bias_forgotten", "mistake", '''def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', '''def dense_softmax(x, kernel, bias):
    return softmax(np.asarray(x) @ np.asarray(kernel))
'''),
]

STUBS = [
    Style("stub", "stub", '''def softmax(z):
    """Softmax along the last axis, for 1-D and 2-D input."""
    raise NotImplementedError
''', '''def dense_softmax(x, kernel, bias):
    """The forward pass of a Dense(units, activation='softmax') layer."""
    raise NotImplementedError
'''),
]

BROKEN = [
    Style("syntax_error", "broken", '''def softmax(z)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', _DENSE_MATMUL),
    Style("crash_when_called", "broken", '''def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdim=True)
''' + TRY_IT, _DENSE_MATMUL),
]

GROUPS = {"correct": CORRECT, "mistake": MISTAKES, "stub": STUBS, "broken": BROKEN}
SHARES = {"correct": 0.6, "mistake": 0.2, "stub": 0.1}  # broken: the rest


@dataclass(frozen=True)
class Learner:
    id: str
    style: Style


def plan(learners: int, seed: int = 3) -> list[Learner]:
    """``learners`` learners, 60/20/10/10 by kind, each kind's styles taken in turn, shuffled."""
    counts = {kind: round(share * learners) for kind, share in SHARES.items()}
    counts["broken"] = max(0, learners - sum(counts.values()))
    while sum(counts.values()) > learners:  # tiny classes: rounding up overshot
        largest = max(counts, key=counts.get)
        counts[largest] -= 1
    styles = [GROUPS[kind][i % len(GROUPS[kind])] for kind, n in counts.items() for i in range(n)]
    random.Random(seed).shuffle(styles)
    return [Learner(f"learner{i:02d}", style) for i, style in enumerate(styles, start=1)]


def notebook(style: Style) -> nbformat.NotebookNode:
    """The learner's notebook: the import cell first, the task, then their two cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(IMPORTS),
                nbformat.v4.new_markdown_cell(TASK),
                nbformat.v4.new_code_cell(style.softmax.rstrip() + "\n"),
                nbformat.v4.new_code_cell(style.dense.rstrip() + "\n")]
    for cell in nb.cells:
        cell.pop("id", None)  # nbformat 4.4 cells, as most course notebooks still are
    nb.nbformat_minor = 4
    return nb


def write_class(folder: Path, learners: list[Learner]) -> None:
    """``folder/<learner>/exercise3.ipynb`` for every learner (grade batch's folder-per-learner layout)."""
    for learner in learners:
        path = folder / learner.id / "exercise3.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook(learner.style), str(path))
