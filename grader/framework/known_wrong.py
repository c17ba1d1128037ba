"""Known-wrong variants: the proof that every check can fail.

A variant is the reference solution with one mistake a learner makes: its
``code`` is appended to the reference (a later ``def`` or assignment replaces
the earlier one).  It names the checks that must catch it (``caught_by``) and
the learner functions whose checks may fail with it (``affects``); every other
check must still pass, so a variant proves that a check names the mistake
rather than failing everything.

Variants live beside the reference solutions, in
``solutions/known_wrong/<exercise>.py``, hidden from learners like the
solutions themselves.  Such a file defines ``VARIANTS``, a list of
:class:`KnownWrong`.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

FOLDER = "known_wrong"


@dataclass(frozen=True)
class KnownWrong:
    name: str
    code: str
    caught_by: tuple[str, ...]
    affects: tuple[str, ...]

    def source(self, reference: str) -> str:
        """The full submission: the reference solution with this mistake appended."""
        return reference.rstrip("\n") + "\n\n# --- known-wrong variant: " + self.name + "\n" + self.code


def variants_path(solutions: Path, exercise: str) -> Path:
    return Path(solutions) / FOLDER / f"{exercise}.py"


def load(solutions: Path, exercise: str) -> list[KnownWrong]:
    """The variants of ``exercise`` (an empty list when it has none)."""
    return load_file(variants_path(solutions, exercise), exercise)


def load_file(path: Path, exercise: str) -> list[KnownWrong]:
    """The variants in ``path`` (a pack may keep them elsewhere: ``[paths] known_wrong``)."""
    path = Path(path)
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location(f"_known_wrong_{exercise}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    variants = getattr(module, "VARIANTS", None)
    if not isinstance(variants, list) or not all(isinstance(v, KnownWrong) for v in variants):
        raise ValueError(f"{path} must define VARIANTS, a list of KnownWrong")
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: two variants share a name")
    return variants
