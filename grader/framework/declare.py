"""Declaring an exercise and its checks.

A checks module (``grader/checks/exerciseN.py``) makes one :class:`Exercise`
and decorates check functions with :meth:`Exercise.check`.  The docstring of a
check is what the learner reads, in both languages::

    @exercise.check(points=2, function="softmax", visibility="public", hint=Text(...))
    def huge_logits(ctx):
        '''
        en: softmax([1000, 0, -1000]) is [1, 0, 0], with no NaN (note 000)
        ko: softmax([1000, 0, -1000])은 NaN 없이 [1, 0, 0] (노트 000)
        '''
        ctx.expect.close(ctx.learner.softmax([1000.0, 0.0, -1000.0]), [1, 0, 0])

A docstring may name the module's constants in braces, ``{BUDGET}`` or ``{THRESHOLD:.0%}``,
so what the learner reads is what the check does.

A check passes when it returns, fails with :class:`grader.framework.CheckFailed`
and is "not attempted" when the learner's function still raises
``NotImplementedError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from grader.text import Text, parse_bilingual_docstring

if TYPE_CHECKING:
    from grader.framework.context import CheckContext

VISIBILITIES = ("public", "hidden")
_CONSTANT = re.compile(r"\{([A-Z][A-Z0-9_]*)(:[^{}]*)?\}")


def _with_constants(doc: str | None, namespace: dict) -> str | None:
    """``{NAME}`` and ``{NAME:spec}`` in a docstring, replaced by the module's constant ``NAME``."""
    if doc is None:
        return None

    def value(match: re.Match) -> str:
        name, spec = match.group(1), (match.group(2) or ":")[1:]
        if name not in namespace:
            raise ValueError(f"the docstring names {name}, which the checks module does not define")
        return format(namespace[name], spec)

    return _CONSTANT.sub(value, doc)


@dataclass(frozen=True)
class Check:
    name: str
    description: Text
    points: float
    function: str
    visibility: str
    hint: Text
    run: Callable[["CheckContext"], None]


@dataclass
class Exercise:
    """One exercise of the curriculum: its learner-facing title and its checks, in order."""

    name: str
    title: Text
    functions: tuple[str, ...]
    notes: tuple[str, ...] = ()
    timeout: float = 60.0  # default wall time for the learner's process (``--timeout``)
    preload: tuple[str, ...] = ("numpy",)  # modules the fork server imports once
    uses_tensorflow: bool = False
    # What a file of this exercise that defines none of its functions shows (a notebook in the
    # course's style): all must appear in its code, e.g. ("lemonade.csv", "Dense") (grader/recognise.py).
    recognised_by: tuple[str, ...] = ()
    checks: list[Check] = field(default_factory=list)

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)

    def check(self, *, points: float, function: str, hint: Text, visibility: str = "public",
              name: str | None = None) -> Callable[[Callable], Callable]:
        """Declare a check; see the module docstring."""
        if function not in self.functions:
            raise ValueError(f"{self.name}: {function!r} is not one of {self.functions}")
        if visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}")
        if points <= 0:
            raise ValueError("a check is worth more than 0 points")

        def register(fn: Callable) -> Callable:
            check_name = name or fn.__name__
            description = parse_bilingual_docstring(_with_constants(fn.__doc__, fn.__globals__))
            if description is None:
                raise ValueError(f"{self.name}.{check_name}: the docstring needs 'en:' and 'ko:' lines")
            if any(c.name == check_name for c in self.checks):
                raise ValueError(f"{self.name}: two checks named {check_name!r}")
            self.checks.append(Check(check_name, description, float(points), function,
                                     visibility, hint, fn))
            return fn

        return register
