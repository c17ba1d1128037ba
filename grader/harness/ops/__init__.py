"""Operations a check may ask a worker to run by name (``ctx.reference.harness(name, ...)``).

Each operation is a function taking the loaded submission's namespace first.
They live in the modules listed in :data:`MODULES`, one per topic; only names
in a module's ``__all__`` can be asked for.  A new exercise that needs one adds
it to a topic module (or a new module listed here).
"""

from __future__ import annotations

import importlib
from typing import Callable

MODULES = ("inspection", "maths", "training")


def lookup(name: str) -> Callable | None:
    for module_name in MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    return None
