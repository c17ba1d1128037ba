"""Where things are: the exercises (checks modules), stubs and reference solutions.

An exercise exists when ``grader/checks/<name>.py`` defines ``exercise`` (an
:class:`Exercise` named ``<name>``); its stub is ``exercises/<name>.py``, its
reference ``solutions/<name>.py`` and its known-wrong variants
``solutions/known_wrong/<name>.py``.  Adding an exercise means adding those
four files and nothing else (and ``python tools/sync_stubs.py``, which copies the stub into the
package).

The stub as the course defines it is the copy the package ships, ``grader/stubs/<name>.py``
(:func:`stub_path`), not the working copy in ``exercises/``, which a learner (or an instructor
trying a solution) edits: a release releases the shipped copy, and "the untouched stub" means a
file byte for byte equal to it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from grader import usage
from grader.framework import Exercise
from grader.framework.dependencies import DependencyError, running_order
from grader.text import BilingualError, Text

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
STUBS_DIR = PACKAGE_DIR / "stubs"  # the stubs as the course defines them (tools/sync_stubs.py)


class CourseError(BilingualError):
    """Something the course needs is not where it should be (a usage problem, exit 2)."""


def _number(name: str) -> tuple[int, str]:
    match = re.search(r"(\d+)$", name)
    return (int(match.group(1)) if match else 10**6, name)


def exercise_names() -> list[str]:
    import grader.checks

    names = [m.name for m in pkgutil.iter_modules(grader.checks.__path__) if not m.name.startswith("_")]
    return sorted(names, key=_number)


def load_exercise(name: str) -> Exercise:
    canonical = canonical_name(name)
    module = importlib.import_module(f"grader.checks.{canonical}")
    exercise = getattr(module, "exercise", None)
    if not isinstance(exercise, Exercise):
        raise CourseError(f"grader/checks/{canonical}.py does not define an `exercise`")
    if exercise.name != canonical:
        raise CourseError(f"grader/checks/{canonical}.py defines Exercise(name={exercise.name!r}); "
                          f"the name must be the module's, {canonical!r}")
    try:
        running_order(exercise.name, exercise.checks)  # the checks' needs= can be honoured
    except DependencyError as exc:
        raise CourseError(f"grader/checks/{canonical}.py: {exc}") from None
    return exercise


def all_exercises() -> list[Exercise]:
    return [load_exercise(name) for name in exercise_names()]


def canonical_name(name: str) -> str:
    """``exercise3``, ``3`` and ``ex3`` all name exercise3."""
    names = exercise_names()
    if name in names:
        return name
    match = re.fullmatch(r"(?:ex(?:ercise)?)?0*(\d+)(?:\.py|\.ipynb)?", name.strip().lower())
    if match and f"exercise{match.group(1)}" in names:
        return f"exercise{match.group(1)}"
    import difflib

    owner = next((n for n in names if name in load_exercise(n).functions), None)
    if owner is not None:
        raise CourseError(usage.FUNCTION_OF.format(name=name, owner=owner))
    close = difflib.get_close_matches(name, names, n=1)
    hint = usage.DID_YOU_MEAN.format(close=close[0]) if close else Text("", "")
    raise CourseError(usage.UNKNOWN_EXERCISE.format(name=name, hint=hint))


def not_gradable(name: str) -> Text:
    """The one sentence for a file that is neither a .py file nor a notebook."""
    return usage.NOT_GRADABLE.format(name=name)


def solutions_dir() -> Path | None:
    """The reference solutions: $GRADER_SOLUTIONS, else ``solutions/`` beside the package."""
    configured = os.environ.get("GRADER_SOLUTIONS")
    if configured:
        return Path(configured).resolve()
    candidate = REPO_DIR / "solutions"
    return candidate if candidate.is_dir() else None


def solution_path(name: str) -> Path:
    directory = solutions_dir()
    if directory is None or not (directory / f"{name}.py").is_file():
        raise CourseError(f"the reference solution for {name} is not available "
                          f"(looked in {directory or REPO_DIR / 'solutions'}: install the grader from the course's "
                          f"checkout with `pip install --editable`, or set GRADER_SOLUTIONS)")
    return directory / f"{name}.py"


SUFFIXES = (".py", ".ipynb")  # what a submission can be, in order of preference


@dataclass(frozen=True)
class Submission:
    """One exercise's hand-in: the file to grade (None: the learner handed nothing in), and the other
    one left aside when both a .py and a notebook exist."""

    exercise: str
    path: Path | None
    aside: Path | None = None
    because_stub: bool = False  # the file left aside is the untouched stub (else: it is older)


def choose_submission(folder: Path, name: str) -> Submission | None:
    """``folder/<name>.py`` or ``folder/<name>.ipynb``; when both exist, the one that is not the
    untouched stub, else the newer one (the ``.py`` when they are as old)."""
    present = [folder / f"{name}{s}" for s in SUFFIXES if (folder / f"{name}{s}").is_file()]
    if not present:
        return None
    if len(present) == 1:
        return Submission(name, present[0])
    script, notebook = present
    if is_untouched_stub(script, name):
        return Submission(name, notebook, script, because_stub=True)
    newer = notebook if _mtime(notebook) > _mtime(script) else script
    return Submission(name, newer, script if newer is notebook else notebook)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def stub_path(name: str) -> Path:
    """The course's stub of ``name`` as the package ships it (never the working copy in exercises/)."""
    return STUBS_DIR / f"{name}.py"


def is_untouched_stub(path: Path, name: str) -> bool:
    """True when ``path`` holds exactly the course's stub of ``name`` (the copy the package ships)."""
    stub = stub_path(name)
    try:
        if not stub.is_file():
            return False
        given = stub.read_bytes()
    except OSError:
        return False
    from grader import learner_files  # bounded: a learner's 2 GB file is read no further than the stub's size

    return learner_files.size(path) == len(given) and learner_files.read_head(path, len(given) + 1) == given


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


def default_submission(name: str, cwd: Path | None = None) -> Submission:
    """``exercises/<name>.py`` (or ``.ipynb``) under the current directory."""
    base = (cwd or Path.cwd()) / "exercises"
    found = choose_submission(base, name)
    if found is not None:
        return found
    raise CourseError(usage.NO_SUBMISSION.format(path=base / (name + ".py")))


def secret_paths() -> list[Path]:
    """The reference solutions (and the known-wrong variants beside them)."""
    paths = []
    directory = solutions_dir()
    if directory is not None:
        paths.append(directory)
    if (REPO_DIR / "solutions").is_dir():
        paths.append(REPO_DIR / "solutions")
    return sorted(set(paths))


def links_to_secret(path: Path) -> bool:
    """True when ``path`` reaches a reference solution by a link: a symbolic link on the way, or a
    hard link (the same file under another name).  Grading ``solutions/exercise3.py`` itself is fine."""
    try:
        given, real, stat = Path(os.path.abspath(path)), Path(path).resolve(), Path(path).stat()
    except OSError:
        return False
    for secret in secret_paths():
        secret_real = secret.resolve()
        if given.is_relative_to(secret) or given.is_relative_to(secret_real):
            continue  # named as what it is
        if real.is_relative_to(secret_real):
            return True
        if stat.st_nlink > 1 and any(os.path.samestat(stat, c.stat()) for c in secret_real.rglob("*.py")):
            return True
    return False


def forbidden_paths() -> tuple[str, ...]:
    """What a learner's process must never see, nor any folder holding it: the solutions, and the
    course checkout (its ``.git`` holds them too; a bundle or a release copy is a checkout as well)."""
    paths = [str(p) for p in secret_paths()]
    if any((REPO_DIR / marker).exists() for marker in ("pyproject.toml", ".git", "solutions")):
        paths.append(str(REPO_DIR))
    return tuple(paths)


def readable_paths() -> tuple[str, ...]:
    """Folders a learner's process may read (beside the Python runtime): the grader package."""
    return (str(PACKAGE_DIR),)


def hidden_paths() -> tuple[str, ...]:
    """Folders inside the readable ones that a learner's process must not read: the data the
    grader's splits are drawn from, held-out parts included (``grader/data/judged``)."""
    return (str(PACKAGE_DIR / "data" / "judged"),)
