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

A check may need other checks of its exercise (``needs="softmax_small_example"``, or a tuple of
names), as check50's dependencies do: when one of them did not pass, the check is not run and is
reported ``skipped`` with a reason naming it (0 of its points; the exercise's maximum is
unchanged).  ``needs_run=`` is the weaker need of a check that uses what another one got from the
learner's code (the model their builder returns): it is skipped only when that check could not get
it (an error, not attempted, a timeout, or skipped itself), and runs when that check merely failed,
so a model that does not build shows its error once while a wrong but working model is still judged
by every check.  :mod:`grader.framework.dependencies` orders the checks and refuses, when the exercise
is loaded, a name that is no check of the exercise, a cycle, and a public check that needs a hidden
one (public checks run first: the learner's process sees no hidden input before they end).
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


def _names(exercise: str, names: str | tuple[str, ...]) -> tuple[str, ...]:
    """``needs=``'s names: one name or a tuple of them."""
    found = (names,) if isinstance(names, str) else tuple(names)
    if not all(isinstance(n, str) and n for n in found):
        raise ValueError(f"{exercise}: needs= and needs_run= take check names, not {names!r}")
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Check:
    name: str
    description: Text
    points: float
    function: str
    visibility: str
    hint: Text
    run: Callable[["CheckContext"], None]
    needs: tuple[str, ...] = ()  # checks of the same exercise that must pass before this one runs
    needs_run: tuple[str, ...] = ()  # checks that must have run the learner's code (passed or failed)


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
              name: str | None = None, needs: str | tuple[str, ...] = (),
              needs_run: str | tuple[str, ...] = ()) -> Callable[[Callable], Callable]:
        """Declare a check; see the module docstring."""
        needed, ran = _names(self.name, needs), _names(self.name, needs_run)
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
                                     visibility, hint, fn, needed, ran))
            return fn

        return register
