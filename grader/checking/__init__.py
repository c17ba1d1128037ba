"""Declaring and running checks.

- :mod:`~grader.checking.declare`: :class:`Exercise` and the ``@exercise.check`` decorator.
- :mod:`~grader.checking.context`: what a check works with (``ctx.learner``, ``ctx.reference``).
- :mod:`~grader.checking.expect`: comparisons that fail with a message a learner can act on.
- :mod:`~grader.checking.failures`: how a check ends other than by passing.
"""

from grader.checking.context import CheckContext
from grader.checking.declare import Check, Exercise
from grader.checking.failures import CheckFailed, GraderFault, LearnerStopped
from grader.text import Text

__all__ = ["Check", "CheckContext", "CheckFailed", "Exercise", "GraderFault", "LearnerStopped", "Text"]
