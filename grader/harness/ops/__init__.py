"""Operations a check may ask a worker to run by name (``ctx.reference.harness(name, ...)``).

Each operation is a function taking the loaded submission's namespace first.
They live in the modules of this package, one per topic; only names in a
module's ``__all__`` can be asked for.  A new exercise that needs one adds it
to a topic module, or adds a module here (found without being listed).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def lookup(name: str) -> Callable | None:
    for module_name in _modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    return None
