"""Finding a learner's file for an exercise of a course (:class:`grader.packs.Course`).

Where a course's exercises, stubs, solutions and data are is the :class:`~grader.packs.Course`'s
business (a course pack, :mod:`grader.packs`; the built-in course is one); this module holds what
does not depend on the course: which of a learner's files is graded, and what is no submission.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from grader import usage
from grader.packs import Course, CourseError
from grader.text import Text

__all__ = ["CourseError", "Submission", "SUFFIXES", "choose_submission", "default_submission", "is_empty_script",
           "not_gradable"]


def not_gradable(name: str) -> Text:
    """The one sentence for a file that is neither a .py file nor a notebook."""
    return usage.NOT_GRADABLE.format(name=name)


SUFFIXES = (".py", ".ipynb")  # what a submission can be, in order of preference


@dataclass(frozen=True)
class Submission:
    """One exercise's hand-in: the file to grade (None: the learner handed nothing in), and the other
    one left aside when both a .py and a notebook exist."""

    exercise: str
    path: Path | None
    aside: Path | None = None
    because_stub: bool = False  # the file left aside is the untouched stub (else: it is older)


def choose_submission(folder: Path, name: str, course: Course) -> Submission | None:
    """``folder/<name>.py`` or ``folder/<name>.ipynb``; when both exist, the one that is not the
    untouched stub, else the newer one (the ``.py`` when they are as old)."""
    present = [folder / f"{name}{s}" for s in SUFFIXES if (folder / f"{name}{s}").is_file()]
    if not present:
        return None
    if len(present) == 1:
        return Submission(name, present[0])
    script, notebook = present
    if course.is_untouched_stub(script, name):
        return Submission(name, notebook, script, because_stub=True)
    newer = notebook if _mtime(notebook) > _mtime(script) else script
    return Submission(name, newer, script if newer is notebook else notebook)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def is_empty_script(path: Path) -> bool:
    """True for a .py file of nothing but white space (its first 4 KiB read; never through a link,
    never waiting on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or Path(path).suffix.lower() != ".py":
            return False
        return not handle.read(4096).strip()


def default_submission(name: str, course: Course, cwd: Path | None = None) -> Submission:
    """``exercises/<name>.py`` (or ``.ipynb``) under the current directory."""
    base = (cwd or Path.cwd()) / "exercises"
    found = choose_submission(base, name, course)
    if found is not None:
        return found
    raise CourseError(usage.NO_SUBMISSION.format(path=base / (name + ".py")))
