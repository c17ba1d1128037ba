"""The authoring API: everything a checks module may import, from this one module.

A checks module (``checks/NAME.py`` of a course pack, the built-in course's included) imports
from ``grader.authoring`` only (``tests/test_authoring_api.py`` holds every checks module of the
built-in course, and the skeleton ``grade new`` writes, to it)::

    from grader.authoring import Exercise, Text, call_label

    exercise = Exercise(name="double", title=Text("Doubling", "두 배"), functions=("double",))

    @exercise.check(points=1, function="double", visibility="hidden", hint=Text("...", "..."))
    def doubles_drawn_numbers(ctx):
        '''
        en: numbers drawn at grading time are doubled
        ko: 채점 때 뽑은 숫자를 두 배로 만듭니다
        '''
        x = ctx.rng.normal(size=5)                        # hidden inputs: drawn from the grading's seed
        ctx.expect.close(ctx.learner.double(x), 2 * x, call_label("double", x))

What there is, by what a check does:

- **declaring checks**: :class:`Exercise` (``@exercise.check(...)``: points, function, visibility,
  hint, ``needs=``), :class:`Text` (every learner-facing text in English and Korean), and how a
  check ends other than by passing: :class:`CheckFailed` (``ctx.fail(message)``), :class:`Hint`,
  :class:`LearnerStopped`.  What a check works with is its ``ctx`` (:class:`CheckContext`):
  ``ctx.learner.NAME(...)``, ``ctx.reference.NAME(...)``, ``ctx.both(...)``, ``ctx.raises(...)``,
  ``ctx.record(Measurement(...))``.
- **comparing values**: :mod:`expect` (``ctx.expect`` is the same module: ``close``, ``scalar``,
  ``integer``, ``equal``, ``shape``, ``same_dtype``, ``no_warnings``, ``that``), :func:`call_label`
  and :func:`show` for messages; DataFrames a learner returns: :func:`returned_frame`,
  :func:`returned_pair`, :func:`same_rows`.
- **drawing hidden inputs**: ``ctx.rng`` (a NumPy ``Generator`` seeded by the grading's seed and
  the check's name) and :func:`stable_seed` (a seed derived from ``ctx.run_seed`` for a draw several
  checks share).  ``grade validate`` proves each hidden check's draw changes with the seed.
- **passing objects to learner code**: :mod:`recipes` (a model, a loss, an optimizer, a function,
  a DataFrame, described as plain data and built in the learner's process); :class:`OutcomeKind`
  for ``ctx.learner.outcome(...)``.
- **judging a described model**: :mod:`training` (:class:`ModelSpec`, :class:`Job`, ``train``,
  ``inspect``, ``read_fit``, ``expect_threshold``, :func:`accuracy`, :func:`r2`, :func:`adam`),
  :mod:`model_checks` (the structure: ``expect_input``, ``expect_layers``, ``expect_loss``...),
  :class:`Split` (training inputs and labels, held-out inputs and labels) and :class:`Measurement`.
- **reading the pack**: ``data_path(__name__, "data/sales.csv")`` (a file the pack's ``[data]``
  lists), ``setting(__name__, "THRESHOLD", 0.8)`` (a constant ``course.toml`` may change);
  :func:`csv_split` and :func:`read_csv` (a CSV of numbers into a fixed :class:`Split`); the course's own datasets, :mod:`data` and :mod:`splits`; ``judged``, the built-in
  course's held-out data (official grading only: import it inside a hidden check).
- **proving the checks**: :class:`KnownWrong`, the variants of ``solutions/known_wrong/NAME.py``.
- **asking a worker**: :mod:`ops`, the declared harness operations (``ctx.reference.harness(ops.KerasLoss(...))``):
  every request type a module of ``grader.harness.ops`` lists in its ``OPERATIONS``, by its class name.
- **Korean text**: :func:`attach` (the particle a filled-in word takes: ``이(가)``).

Stability: every name in ``__all__`` keeps its meaning and its call signature (new keyword
arguments with defaults aside) across the releases of this major version (0.x: until 1.0, and
then 1.x).  A name is removed, or its meaning changed, only after one release in which using it
warns (``DeprecationWarning``) and the changelog says what replaces it.  What is not in
``__all__`` (``grader.framework.*``, ``grader.harness.*``...) is the grader's inside and may change
in any release: a checks module that imports it may break.
"""

from __future__ import annotations

from typing import Any

from grader.data.splits import Split
from grader.framework import expect, training
from grader.framework import models as model_checks
from grader.framework.context import CheckContext, stable_seed
from grader.framework.csv_splits import csv_split, read_csv
from grader.framework.declare import Check, Exercise
from grader.framework.expect import call_label, show
from grader.framework.failures import CheckFailed, Hint, LearnerStopped
from grader.framework.known_wrong import KnownWrong
from grader.framework.tables import returned_frame, returned_pair, same_rows
from grader.framework.training import Job, ModelSpec, accuracy, adam, r2
from grader.harness import recipes
from grader.harness.ops import operations as ops
from grader.korean import attach
from grader.packs import data_path, setting
from grader.results import Measurement
from grader.sandbox.protocol import OutcomeKind
from grader.text import Text
from grader import data
from grader.data import splits

__all__ = [
    # declaring checks
    "Check", "CheckContext", "CheckFailed", "Exercise", "Hint", "LearnerStopped", "Text",
    # comparing values
    "call_label", "expect", "returned_frame", "returned_pair", "same_rows", "show",
    # drawing hidden inputs
    "stable_seed",
    # passing objects to learner code; asking a worker a declared question (``ops.KerasLoss(...)``)
    "OutcomeKind", "ops", "recipes",
    # judging a described model
    "Job", "Measurement", "ModelSpec", "Split", "accuracy", "adam", "model_checks", "r2", "training",
    # reading data
    "csv_split", "data", "data_path", "judged", "read_csv", "setting", "splits",
    # proving the checks (solutions/known_wrong/NAME.py)
    "KnownWrong",
    # Korean text
    "attach",
]


def __getattr__(name: str) -> Any:
    """``judged``: the built-in course's held-out data, imported on first use (a learner release does
    not hold it; a hidden check imports it inside its function, where only official grading runs it)."""
    if name == "judged":
        from grader.data import judged

        return judged
    raise AttributeError(f"module 'grader.authoring' has no attribute {name!r}")
