"""Declaring and running checks.

- :mod:`~grader.framework.declare`: :class:`Exercise` and the ``@exercise.check`` decorator.
- :mod:`~grader.framework.context`: what a check works with (``ctx.learner``, ``ctx.reference``).
- :mod:`~grader.framework.expect`: comparisons that fail with a message a learner can act on.
- :mod:`~grader.framework.failures`: how a check ends other than by passing.
"""

from grader.framework.context import CheckContext
from grader.framework.declare import Check, Exercise
from grader.framework.failures import CheckFailed, GraderFault, LearnerStopped
from grader.text import Text

__all__ = ["Check", "CheckContext", "CheckFailed", "Exercise", "GraderFault", "LearnerStopped", "Text"]
