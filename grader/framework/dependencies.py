"""Checks that need other checks (``@exercise.check(needs=...)``), as check50's dependencies do.

- :func:`running_order`: the order the checks run in, and the proof, when the exercise is loaded,
  that their dependencies can be honoured: every needed name is a check of the same exercise, no
  check needs itself through any chain, and no public check needs a hidden one (public checks all
  run before any hidden one, so that nothing the learner's process says in a public check can carry
  a hidden input).  Anything else is a :class:`DependencyError`.
- :func:`unmet`: the first check a check needs that did not pass (``needs=``), or that did not run
  the learner's code to an answer (``needs_run=``: it ended in an error, not attempted, a timeout,
  or was skipped itself), if any; the check loop (:mod:`grader.grading.check_loop`) then reports
  the check ``skipped`` with the reason :func:`grader.framework.verdict.of_unmet` gives.  A
  ``needs_run=`` check that failed on a value nothing can judge (``failures.Ungradable``: a model
  outside the judged vocabulary) also stops the dependants that judge the same function: the
  refusal is said once, in that check; a dependant that judges another value (``FIT``) still runs.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from grader.framework.declare import Check
from grader.results import CheckResult, Status

RAN = frozenset({Status.PASSED, Status.FAILED})  # what ``needs_run=`` asks of the check it names


def _needed(check: Check) -> tuple[str, ...]:
    return check.needs_run + tuple(n for n in check.needs if n not in check.needs_run)


class DependencyError(ValueError):
    """An exercise whose checks' dependencies cannot be honoured (refused when it is loaded)."""


def _validate(exercise: str, checks: Sequence[Check]) -> None:
    by_name = {c.name: c for c in checks}
    for check in checks:
        for name in _needed(check):
            needed = by_name.get(name)
            if needed is None:
                raise DependencyError(f"{exercise}.{check.name} needs {name!r}, which is not a check of {exercise}")
            if check.visibility == "public" and needed.visibility == "hidden":
                raise DependencyError(f"{exercise}.{check.name} is public and needs {name!r}, a hidden check: "
                                      "public checks run before every hidden one")
    # A cycle: a walk along "needs" that comes back to a check still on its path.
    done: set[str] = set()

    def walk(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            cycle = path[path.index(name):] + (name,)
            raise DependencyError(f"{exercise}: checks that need each other in a circle: " + " → ".join(cycle))
        if name in done:
            return
        for needed in _needed(by_name[name]):
            walk(needed, path + (name,))
        done.add(name)

    for check in checks:
        walk(check.name, ())


def running_order(exercise: str, checks: Sequence[Check]) -> tuple[Check, ...]:
    """Public checks first, then hidden ones; within each, the declared order, except that a check
    runs after every check it needs.  :class:`DependencyError` if the dependencies cannot be honoured.
    """
    _validate(exercise, checks)
    placed: list[Check] = []
    names: set[str] = set()
    for visibility_is_hidden in (False, True):
        waiting = [c for c in checks if (c.visibility == "hidden") == visibility_is_hidden]
        while waiting:  # no cycle (validated): each pass places at least one check
            ready = next(c for c in waiting if all(n in names for n in _needed(c)))
            waiting.remove(ready)
            placed.append(ready)
            names.add(ready.name)
    return tuple(placed)


def unmet(check: Check, results: Mapping[str, CheckResult]) -> CheckResult | None:
    """The result of the first check ``check`` needs that did not give what it needs (None: all did):
    ``needs_run=`` first (the check that runs the learner's code names the cause), then ``needs=``."""
    for name in check.needs_run:
        needed = results[name]  # it ran earlier: running_order puts it first
        if needed.status not in RAN or (needed.ungradable and needed.function == check.function):
            return needed
    for name in check.needs:
        if not results[name].passed:
            return results[name]
    return None
