"""What a learner is shown of an official grading: no seed, no training seed, no path of the grading machine.

Official grading (``grade batch``, a Gradescope autograder) uses a seed learners have never seen:
with it, ``grade exerciseN --seed S`` would draw every hidden input of the class again, and the
training seeds derived from it would let a learner search for a model that passes under exactly
those initialisations.  The paths of the grading machine (the class folder, a zip's temporary
folder, the output folder, the grader's checkout) are the instructor's business too.

:func:`for_learner` is applied to every report before it becomes a page a learner may see
(``learners/ID/report.md``, ``report.html``, ``report.json``, ``results.json``; every
``--format gradescope``): the report's seed and every measurement's seed are left out, the
submission is named by its file name only, and in every text (notes, messages, what the code
printed, isolation notes) a path under one of the grading machine's folders becomes ``…/NAME``
(its last part).  The instructor's own files (``grading-seed.txt``, the stored ``result.json``,
``summary.html``, ``junit.xml``) keep everything.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable

from grader.results import CheckResult, ExerciseReport, Isolation
from grader.text import Text

_PATH_TAIL = r"(?:/[^\s'\"`()\[\]{},;:<>|]*)?"


def _machine_roots() -> set[str]:
    """Folders of this machine that a learner has no business knowing."""
    roots = {tempfile.gettempdir(), sys.prefix, sys.base_prefix, str(Path(__file__).resolve().parents[2])}
    for where in (Path.home, Path.cwd):
        try:
            roots.add(str(where()))
        except (OSError, RuntimeError):
            pass
    return roots


def _ancestors(path: str) -> set[str]:
    """``path`` as written, and its absolute ancestors below the top level (``/srv/class/kim`` ... ``/srv/class``)."""
    found = {path} if path else set()
    try:
        absolute = PurePosixPath(str(Path(path).absolute())) if path else None
    except (OSError, ValueError):
        absolute = None
    if absolute is not None:
        found |= {str(p) for p in (absolute, *absolute.parents) if len(p.parts) >= 3}
    return found


@lru_cache(maxsize=64)
def _pattern(roots: frozenset[str]) -> re.Pattern | None:
    usable = sorted((r.rstrip("/") for r in roots if r and r.rstrip("/")), key=len, reverse=True)
    if not usable:
        return None
    alternatives = "|".join(re.escape(r) for r in usable)
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w.-]){_PATH_TAIL}")


def _last_part(match: re.Match) -> str:
    name = match.group(0).rstrip("/").rsplit("/", 1)[-1]
    return f"…/{name}" if name else "…"


class Redactor:
    """Replaces the grading machine's paths in a learner's texts (see the module docstring)."""

    def __init__(self, roots: Iterable[str]) -> None:
        self._pattern = _pattern(frozenset(roots) | frozenset(_machine_roots()))

    def __call__(self, text: str) -> str:
        return self._pattern.sub(_last_part, text) if self._pattern is not None and text else text

    def text(self, value: Text | None) -> Text | None:
        return None if value is None else Text(self(value.en), self(value.ko))


def _check(check: CheckResult, redact: Redactor) -> CheckResult:
    return replace(check, message=redact.text(check.message),
                   measurements=tuple(replace(m, seed=None) for m in check.measurements))


def for_learner(report: ExerciseReport, also_hide: Iterable[str | Path] = ()) -> ExerciseReport:
    """``report`` as a learner of an official grading may see it; ``also_hide``: more folders of this
    machine (the output folder) whose paths are replaced as the machine's own are."""
    redact = Redactor({str(p) for p in also_hide} | _ancestors(report.submission))
    isolation = report.isolation
    if isolation is not None:
        isolation = Isolation(isolation.level, isolation.network, isolation.solutions_hidden,
                              isolation.unprivileged, tuple(redact(n) for n in isolation.notes))
    return replace(report, seed=None, submission=PurePosixPath(report.submission).name if report.submission else "",
                   checks=tuple(_check(c, redact) for c in report.checks), output=redact(report.output),
                   notes=tuple(redact.text(n) for n in report.notes), isolation=isolation)


def notes_for_learner(notes: Iterable[str], reports: Iterable[ExerciseReport],
                      also_hide: Iterable[str | Path] = ()) -> tuple[str, ...]:
    """A learner's notes (which of two files was graded) with the machine's paths replaced."""
    roots = {str(p) for p in also_hide}
    for report in reports:
        roots |= _ancestors(report.submission)
    redact = Redactor(roots)
    return tuple(redact(n) for n in notes)
