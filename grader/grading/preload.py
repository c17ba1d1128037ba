"""What a fork server imports before its first worker, so TensorFlow is imported once per run:
what the exercises and their reference solutions need, and what a class's files import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from grader import course, learner_files, packs
from grader.framework import Exercise
from grader.sandbox.protocol import PRELOADABLE


def _preload(exercise: Exercise, reference_source: str) -> list[str]:
    modules = list(exercise.preload)
    if exercise.uses_tensorflow or "tensorflow" in reference_source or "keras" in reference_source:
        modules += ["tensorflow", "keras"]
    if "pandas" in reference_source:
        modules.append("pandas")
    return list(dict.fromkeys(modules))


def preload_for(exercises: list[Exercise], solutions: Path | None = None,
                course_: packs.Course | None = None) -> list[str]:
    """What a fork server shared by these exercises imports once: what they and their reference
    solutions need.  (What a submission imports beyond that is preloaded once it has been seen.)"""
    modules: list[str] = []
    for exercise in exercises:
        try:
            reference = (solutions / f"{exercise.name}.py") if solutions is not None else \
                (course_ or packs.builtin()).solution_path(exercise.name)
            source = reference.read_text(encoding="utf-8", errors="replace")
        except (course.CourseError, OSError):
            source = ""
        modules += _preload(exercise, source)
    return list(dict.fromkeys(modules))


_IMPORT = re.compile(r"\b(?:import|from)\s+(" + "|".join(m for m in PRELOADABLE if m != "nbformat") + r")\b")
_SCANNED_BYTES = 1 << 20


def imported_by(paths: Iterable[Path]) -> list[str]:
    """The preloadable modules (TensorFlow, Keras, pandas) these files import, read as text, never run,
    and nbformat when one of them is a notebook (the worker reads it with nbformat).

    A batch's fork server imports them before its first learner: otherwise the first learner's
    process imports TensorFlow itself (seconds) and the fork server then imports it again.  A
    mention in a comment preloads a module that is not used, which only costs that import once.
    """
    found: list[str] = []
    for path in paths:
        if path.suffix.lower() == ".ipynb" and "nbformat" not in found:
            found.append("nbformat")
        data = learner_files.read_head(path, _SCANNED_BYTES)  # not through a link, never on a FIFO
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        found += [m for m in _IMPORT.findall(text) if m not in found]
        if len(found) == len(PRELOADABLE):
            break
    return [m for m in PRELOADABLE if m in found]
