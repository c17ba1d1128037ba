"""A Gradescope autograder zip: ``setup.sh``, ``run_autograder`` and the grader's source.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once
when it builds the image and ``run_autograder`` for each submission (see
``examples/ci/README.md``).  The zip holds:

- ``setup.sh`` and ``run_autograder`` from ``examples/ci/gradescope/``;
- ``autograder.env``: the exercises to grade, the report's language, the seed (a secret one
  drawn for the bundle unless one is given) and how hidden checks are shown;
- the grader's source: ``pyproject.toml``, ``README.md``, ``grader/`` and
  ``solutions/`` (Gradescope autograders are visible to instructors only, and
  checks compare with the reference solutions), nothing from ``.git``,
  ``.venv`` or caches.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader import packs
from grader.packs import shipping

SCRIPTS = Path("examples") / "ci" / "gradescope"
EXECUTABLE = ("setup.sh", "run_autograder")
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE")
SOURCE_DIRS = ("grader", "grader_course", "solutions")
SKIPPED_PARTS = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                 ".ipynb_checkpoints", "build", "dist"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".egg-info", ".swp", "~")
CONFIG = "autograder.env"
_STAMP = (2020, 1, 1, 0, 0, 0)  # fixed times: the same source gives the same zip


class BundleError(Exception):
    """The bundle cannot be built (no source checkout, a script missing): a usage problem."""


@dataclass(frozen=True)
class Settings:
    exercises: tuple[str, ...]
    lang: str
    seed: int  # the hidden inputs' seed: learners must never have graded with it (grader.seeds)
    hidden: str = "after-due-date"  # how Gradescope shows hidden checks (grader.reports.gradescope)


def _skipped(relative: Path) -> bool:
    return any(part in SKIPPED_PARTS or part.endswith(SKIPPED_SUFFIXES) for part in relative.parts)


def source_files(repo: Path, directories: tuple[str, ...] = SOURCE_DIRS) -> list[tuple[str, Path]]:
    """(name in the zip, file) for the grader's source under ``repo``."""
    found = [(name, repo / name) for name in SOURCE_FILES if (repo / name).is_file()]
    for directory in directories:
        for path in sorted((repo / directory).rglob("*")):
            relative = path.relative_to(repo)
            if path.is_file() and not path.is_symlink() and not _skipped(relative):
                found.append((relative.as_posix(), path))
    return found


def config_text(settings: Settings, title: str = "") -> str:
    """``autograder.env``: shell assignments that keep a value already set in the environment."""
    for name in settings.exercises:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise BundleError(f"not an exercise name: {name!r}")
    carried = re.sub(r"[^\w .,:()/-]", "?", title)[:200]
    return ("# Written by `grade gradescope-bundle`; read by run_autograder. The environment wins.\n"
            f"# The course pack it grades by: grader_course/ ({carried})\n"
            f': "${{GRADER_EXERCISES:={",".join(settings.exercises)}}}"\n'
            f': "${{GRADER_LANG:={settings.lang}}}"\n'
            f': "${{GRADER_SEED:={int(settings.seed)}}}"\n'
            f': "${{GRADER_HIDDEN:={settings.hidden}}}"\n')


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
    archive.writestr(info, data)


def build(out: Path, settings: Settings, repo: Path | None = None, course_: packs.Course | None = None) -> list[str]:
    """Write the zip to ``out``, grading by ``course_`` (default: the built-in course); return the
    names it holds.  A pack is carried in ``grader_course/`` with its solutions and judged data."""
    course_ = course_ or packs.builtin()
    repo = (repo or packs.REPO_DIR).resolve()
    if not (repo / "pyproject.toml").is_file() or not (repo / "grader").is_dir():
        raise BundleError(f"the grader's source is not at {repo} (build the bundle from a checkout)")
    solutions = (repo / "solutions") if course_.builtin else course_.solutions_dir
    if solutions is None or not solutions.is_dir():
        raise BundleError(f"no solutions/ in {repo if course_.builtin else course_.root}: the autograder needs "
                          "the reference solutions")
    missing = [s for s in settings.exercises if not (solutions / f"{s}.py").is_file()]
    if missing:
        raise BundleError(f"no reference solution for {', '.join(missing)} in {solutions}")
    if course_.builtin:
        return _write(out, settings, repo, source_files(repo), course_.title.en)
    with tempfile.TemporaryDirectory(prefix="grader-bundle-") as work:
        shipping.write(course_, Path(work) / shipping.FOLDER, judged=True, solutions=True)
        carried = source_files(Path(work), (shipping.FOLDER,))
        return _write(out, settings, repo, source_files(repo, ("grader",)) + carried,
                      course_.title.en)


def _write(out: Path, settings: Settings, repo: Path, files: list[tuple[str, Path]], title: str) -> list[str]:
    scripts = [(name, repo / SCRIPTS / name) for name in EXECUTABLE]
    absent = [str(path) for _, path in scripts if not path.is_file()]
    if absent:
        raise BundleError(f"missing {', '.join(absent)}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        names = []
        with zipfile.ZipFile(out, "w") as archive:
            for name, path in scripts:
                _add(archive, name, path.read_bytes(), executable=True)
                names.append(name)
            _add(archive, CONFIG, config_text(settings, title).encode())
            names.append(CONFIG)
            for name, path in files:
                _add(archive, name, path.read_bytes())
                names.append(name)
    except OSError as exc:
        raise BundleError(f"cannot write {out}: {exc}") from None
    return names
