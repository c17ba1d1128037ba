"""Every declared harness operation's request type, by its class name, for checks modules
(``grader.authoring.ops``): ``ctx.reference.harness(ops.KerasLoss(...))``.

Nothing is listed here: the names are read from each topic module's ``OPERATIONS``
(:func:`grader.harness.ops.declared`), so a type declared there is reachable here as it is.
"""

from __future__ import annotations

from grader.harness.operation import HarnessRequest
from grader.harness.ops import declared


def _by_class_name() -> dict[str, type[HarnessRequest]]:
    found: dict[str, type[HarnessRequest]] = {}
    for operation in declared():
        if found.setdefault(operation.__name__, operation) is not operation:
            raise TypeError(f"two declared operations are both named {operation.__name__}")
    return found


def __getattr__(name: str) -> type[HarnessRequest]:
    try:
        return _by_class_name()[name]
    except KeyError:
        raise AttributeError(f"no declared harness operation is named {name!r}") from None


def __dir__() -> list[str]:
    return sorted(_by_class_name())


__all__ = sorted(_by_class_name())  # ``from grader.authoring.ops import *``
