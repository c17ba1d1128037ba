"""A :class:`Course`: one loaded pack, and everything the commands ask of it.

Where its exercises, stubs, solutions and data are, which exercise a learner means, and what a
learner's process may see of it (the sandbox's allow-list: :meth:`Course.forbidden_paths`,
:meth:`Course.readable_paths`, :meth:`Course.hidden_paths`).
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import types
from dataclasses import dataclass, replace
from pathlib import Path

from grader import usage
from grader.framework import Exercise
from grader.packs import checks_loader
from grader.packs.manifest import FILE, CourseError, Manifest
from grader.text import Text

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the grader package (the framework)
REPO_DIR = PACKAGE_DIR.parent  # the grader's checkout, when it is installed from one


def _number(name: str) -> tuple[int, str]:
    match = re.search(r"(\d+)$", name)
    return (int(match.group(1)) if match else 10**6, name)


@dataclass(frozen=True)
class Course:
    """A course pack, read and validated (:func:`grader.packs.load`); its checks modules are loaded
    when an exercise is first asked for."""

    manifest: Manifest
    builtin: bool = False  # the course the grader ships (its checkout is hidden from learners too)

    @property
    def root(self) -> Path:
        return self.manifest.root

    @property
    def title(self) -> Text:
        return self.manifest.title

    @property
    def solutions_dir(self) -> Path | None:
        """The reference solutions, when this copy of the course has them (a release has none)."""
        return self.manifest.solutions_dir if self.manifest.solutions_dir.is_dir() else None

    @property
    def expected_dir(self) -> Path:
        """Where a learner release keeps the answers its public checks ask of the reference."""
        return self.root / "expected"

    # ------------------------------------------------------------------ exercises

    def exercise_names(self) -> list[str]:
        return list(self.manifest.exercises)

    def load_exercise(self, name: str) -> Exercise:
        canonical = self.canonical_name(name)
        exercise = checks_loader.load(self.manifest, canonical)
        chosen = self.manifest.settings_of(canonical)
        if not chosen.points and chosen.timeout is None:
            return exercise
        points = dict(chosen.points)
        checks = [replace(c, points=points.get(c.name, c.points)) for c in exercise.checks]
        return replace(exercise, checks=checks, timeout=chosen.timeout or exercise.timeout)

    def checks_module(self, name: str) -> types.ModuleType:
        """The loaded checks module of ``name`` (its constants: ``THRESHOLD``, ``BUDGET``...)."""
        canonical = self.canonical_name(name)
        checks_loader.load(self.manifest, canonical)
        return sys.modules[f"{checks_loader.package_name(self.manifest)}.{canonical}"]

    def all_exercises(self) -> list[Exercise]:
        return [self.load_exercise(name) for name in self.exercise_names()]

    def canonical_name(self, name: str) -> str:
        """``exercise3``, ``3`` and ``ex3`` all name exercise3 (of a course whose names end in numbers)."""
        names = self.exercise_names()
        if name in names:
            return name
        match = re.fullmatch(r"(?:ex(?:ercise)?)?0*(\d+)(?:\.py|\.ipynb)?", name.strip().lower())
        if match and f"exercise{match.group(1)}" in names:
            return f"exercise{match.group(1)}"
        stem = re.sub(r"\.(py|ipynb)$", "", name.strip())
        if stem in names:
            return stem
        owner = next((n for n in names if name in self.load_exercise(n).functions), None)
        if owner is not None:
            raise CourseError(usage.FUNCTION_OF.format(name=name, owner=owner))
        close = difflib.get_close_matches(name, names, n=1)
        hint = usage.DID_YOU_MEAN.format(close=close[0]) if close else Text("", "")
        raise CourseError(usage.UNKNOWN_EXERCISE.format(name=name, hint=hint))

    # ------------------------------------------------------------------ files

    def solution_path(self, name: str) -> Path:
        directory = self.solutions_dir
        if directory is None or not (directory / f"{name}.py").is_file():
            where = "install the grader from the course's checkout with `pip install --editable`, or set " \
                    "GRADER_SOLUTIONS" if self.builtin else f"{self.root / FILE} paths.solutions"
            raise CourseError(f"the reference solution for {name} is not available "
                              f"(looked in {self.manifest.solutions_dir}: {where})")
        return directory / f"{name}.py"

    def known_wrong_path(self, name: str) -> Path:
        return self.manifest.known_wrong_dir / f"{name}.py"

    def stub_path(self, name: str) -> Path:
        """The course's stub of ``name`` as the pack holds it (for the built-in course, the copy the
        package ships, never the working copy in the checkout's exercises/)."""
        return self.manifest.stubs_dir / f"{name}.py"

    def is_untouched_stub(self, path: Path, name: str) -> bool:
        """True when ``path`` holds exactly the course's stub of ``name``."""
        stub = self.stub_path(name)
        try:
            if not stub.is_file():
                return False
            given = stub.read_bytes()
        except OSError:
            return False
        from grader import learner_files  # bounded: a learner's 2 GB file is read no further than the stub's size

        return learner_files.size(path) == len(given) and learner_files.read_head(path, len(given) + 1) == given

    def data_path(self, name: str) -> Path:
        """A data file the pack declares (``[data] files`` or ``judged``), e.g. ``data/sales.csv``."""
        if name not in self.manifest.data_files + self.manifest.judged_files:
            raise CourseError(f"{self.root / FILE}: [data] does not list {name!r}")
        return self.root / name

    def learner_data(self) -> tuple[tuple[str, str], ...]:
        """(file, name in the learner's folder) of each public data file: copied beside the submission."""
        return tuple((str(self.root / f), Path(f).name) for f in self.manifest.data_files)

    # ------------------------------------------------------------------ what learner code may see

    def secret_paths(self) -> list[Path]:
        """The reference solutions and the known-wrong variants (and the built-in course's, always)."""
        paths = {self.manifest.solutions_dir, self.manifest.known_wrong_dir}
        configured = os.environ.get("GRADER_SOLUTIONS")
        if configured:
            paths.add(Path(configured).resolve())
        paths.add(REPO_DIR / "solutions")
        return sorted(p for p in paths if p.is_dir())

    def links_to_secret(self, path: Path) -> bool:
        """True when ``path`` reaches a reference solution by a link: a symbolic link on the way, or a
        hard link (the same file under another name).  Grading ``solutions/exercise3.py`` itself is fine."""
        try:
            given, real, stat = Path(os.path.abspath(path)), Path(path).resolve(), Path(path).stat()
        except OSError:
            return False
        for secret in self.secret_paths():
            secret_real = secret.resolve()
            if given.is_relative_to(secret) or given.is_relative_to(secret_real):
                continue  # named as what it is
            if real.is_relative_to(secret_real):
                return True
            if stat.st_nlink > 1 and any(os.path.samestat(stat, c.stat()) for c in secret_real.rglob("*.py")):
                return True
        return False

    def forbidden_paths(self) -> tuple[str, ...]:
        """What a learner's process must never see, nor any folder holding it: the solutions and the
        known-wrong variants, and the grader's checkout (its ``.git`` holds them too; a bundle or a
        release copy is a checkout as well)."""
        paths = [str(p) for p in self.secret_paths()]
        if any((REPO_DIR / marker).exists() for marker in ("pyproject.toml", ".git", "solutions")):
            paths.append(str(REPO_DIR))
        return tuple(dict.fromkeys(paths))

    def readable_paths(self) -> tuple[str, ...]:
        """Folders a learner's process may read (beside the Python runtime): the grader package, and
        for the built-in course its public data (``grader_course/data/course``: what
        ``grader.data.load_iris`` and the course's URLs read)."""
        if self.builtin:
            return (str(PACKAGE_DIR), str(self.root / "data" / "course"))
        return (str(PACKAGE_DIR),)

    def hidden_paths(self) -> tuple[str, ...]:
        """Folders inside readable ones that a learner's process must not read: the grader's fixed splits
        (``grader/data/judged``), and the pack itself (its checks, its judged data; its public data is
        copied beside the submission); of the built-in course, its judged data
        (``grader_course/data/judged``: its public data is read where it is)."""
        if self.builtin:
            return (str(PACKAGE_DIR / "data" / "judged"), str(self.root / "data" / "judged"))
        runtime = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, PACKAGE_DIR)]
        if any(r.is_relative_to(self.root.resolve()) for r in runtime):
            # A pack folder holding the Python runtime (a .venv inside it) is not bound as a whole
            # anyway: hiding it would hide the runtime.  Its solutions stay forbidden.
            return (str(PACKAGE_DIR / "data" / "judged"),)
        return (str(PACKAGE_DIR / "data" / "judged"), str(self.root))


def names_in_order(names: list[str]) -> list[str]:
    """Exercise names by the number they end with (how the built-in course is ordered)."""
    return sorted(names, key=_number)
