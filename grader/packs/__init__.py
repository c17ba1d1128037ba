"""Course packs: a course is a folder, and the grader's own course is one of them.

The format (every path below may be relocated by ``[paths]``)::

    PACK/
      course.toml                     # the pack file, below
      checks/NAME.py                  # defines `exercise = Exercise(name="NAME", ...)` and its checks
      exercises/NAME.py               # the stub learners edit (every function raises NotImplementedError)
      solutions/NAME.py               # the reference solution
      solutions/known_wrong/NAME.py   # the known-wrong variants (grader.framework.known_wrong)
      data/...                        # the pack's data files, as [data] lists them

``course.toml`` (read with :mod:`tomllib`; unknown keys are refused)::

    [course]
    title = { en = "Sales forecasting", ko = "판매 예측" }    # both languages
    languages = ["ko", "en"]                                # optional; the default
    exercises = ["sales1", "sales2"]                        # every exercise, in the course's order

    [paths]                        # optional, relative to PACK ("..": outside it); the defaults:
    checks = "checks"
    stubs = "exercises"
    solutions = "solutions"        # its known-wrong variants are always <solutions>/known_wrong/

    [exercises.sales2]             # optional: what an instructor may change of an exercise
    points = { heldout_r2 = 4 }    # a check's points
    settings = { THRESHOLD = 0.8 } # module constants the checks module reads with setting()
    timeout = 120                  # the learner process's wall time, seconds (at most 3600)

    [data]                         # files inside PACK (no links, no ".."), distinct file names
    files = ["data/sales.csv"]     # public: shipped by `grade release`, copied beside the learner's file
    judged = ["data/heldout.csv"]  # official grading only: never released, never seen by learner code

A checks module is loaded by its file path, under a synthetic package name
(:mod:`grader.packs.checks_loader`), never through ``sys.path`` or the current directory.  It reads
its pack through its own ``__name__``::

    from grader.packs import data_path, setting
    THRESHOLD = setting(__name__, "THRESHOLD", 0.75)        # course.toml may change it
    SALES = data_path(__name__, "data/sales.csv")           # a file [data] lists

A pack's checks run in the grading process: a pack is instructor code, trusted as the grader is
(SECURITY.md).  What learner code sees of it: its public data files, copied into the learner's
scratch folder; never its solutions, known-wrong variants, checks or judged data.

Which pack a command grades (:func:`selected`): ``grade --course DIR``, else ``$GRADER_COURSE``,
else the built-in course (``grader_course/`` beside the package; a learner release carries its pack
there).  The built-in course is read by the same code (:func:`builtin`).

Its modules: :mod:`grader.packs.manifest` (``course.toml``, read and validated),
:mod:`grader.packs.checks_loader` (the checks modules, by file path), :mod:`grader.packs.course`
(the :class:`Course` every command grades by) and :mod:`grader.packs.shipping` (what a release or a
Gradescope bundle carries of a pack).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from grader.packs.checks_loader import data_path, setting
from grader.packs.course import PACKAGE_DIR, REPO_DIR, Course
from grader.packs.manifest import FILE, CourseError, Manifest, read

__all__ = ["Course", "CourseError", "Manifest", "builtin", "data_path", "load", "selected", "setting",
           "BUILTIN_DIR", "ENV"]

BUILTIN_DIR = PACKAGE_DIR.parent / "grader_course"  # the course the grader ships (a package folder of its own)
ENV = "GRADER_COURSE"


def _load(root: Path, solutions: str | None) -> Course:
    manifest = read(root)
    is_builtin = root == BUILTIN_DIR.absolute()
    if is_builtin and solutions:
        manifest = replace(manifest, solutions_dir=Path(solutions).resolve(),
                           known_wrong_dir=Path(solutions).resolve() / "known_wrong")
    return Course(manifest, builtin=is_builtin)


def load(folder: Path | str) -> Course:
    """The pack in ``folder``, read and validated (a :class:`CourseError` names the file and the key
    at fault); its checks modules are executed once per process (``sys.modules``)."""
    root = Path(folder).expanduser().absolute()
    solutions = os.environ.get("GRADER_SOLUTIONS") or None if root == BUILTIN_DIR.absolute() else None
    return _load(root, solutions)


def builtin() -> Course:
    """The built-in course (its solutions: ``$GRADER_SOLUTIONS``, else ``solutions/`` of the checkout)."""
    return load(BUILTIN_DIR)


def selected(folder: Path | str | None = None) -> Course:
    """``folder`` (``--course``), else ``$GRADER_COURSE``, else the built-in course."""
    chosen = folder or os.environ.get(ENV) or None
    return load(chosen) if chosen else builtin()


def inside(course: Course, folder: Path) -> bool:
    """True when the pack lies in ``folder`` (or is reached through a link from it): official
    grading refuses a pack in a learner-writable tree (a submissions folder)."""
    root, real = course.root.absolute(), course.root.resolve()
    folder_abs, folder_real = Path(folder).absolute(), Path(folder).resolve()
    return any(r == f or r.is_relative_to(f) for r in (root, real) for f in (folder_abs, folder_real))
