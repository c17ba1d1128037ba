"""Declaring and running checks.

- :mod:`~grader.framework.declare`: :class:`Exercise` and the ``@exercise.check`` decorator.
- :mod:`~grader.framework.context`: what a check works with (``ctx.learner``, ``ctx.reference``).
- :mod:`~grader.framework.expect`: comparisons that fail with a message a learner can act on.
- :mod:`~grader.framework.tables`: comparisons of pandas DataFrames a learner's function returned.
- :mod:`~grader.framework.models`: judging a model a learner's function returned, from its description.
- :mod:`~grader.framework.training`: judging a model by how well it learns (the grader trains it).
- :mod:`~grader.framework.failures`: how a check ends other than by passing.
- :mod:`~grader.framework.verdict`: the one place that decides each check's status and message.
- :mod:`~grader.framework.dependencies`: checks that need other checks, and the order they run in.
- :mod:`~grader.framework.known_wrong`: known-wrong variants, the proof that every check can fail.
- :mod:`~grader.framework.csv_splits`: a fixed train/held-out split of a pack's CSV file.
"""

from grader.framework.context import CheckContext
from grader.framework.declare import Check, Exercise
from grader.framework.failures import CheckFailed, GraderFault, LearnerStopped
from grader.text import Text

__all__ = ["Check", "CheckContext", "CheckFailed", "Exercise", "GraderFault", "LearnerStopped", "Text"]
