"""Loading a pack's checks modules by their file path, under a synthetic package name.

``checks/NAME.py`` of the pack in folder ``ROOT`` is executed as ``grader_pack_<digest>.NAME``, where
the digest is of the checks folder's real path and of what its modules read of ``course.toml``
(:func:`package_name`): two packs never share a module, and nothing is
found through ``sys.path`` or the current directory.  The synthetic package's ``__path__`` is the
checks folder, so a checks module may import a helper beside it (``from . import helpers``).
A module is executed once per process (``sys.modules``, as any import).

A checks module reads the settings its instructor may change with :func:`setting` and the pack's
data files with :func:`data_path`, passing its own ``__name__``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import TypeVar

from grader.framework import Exercise
from grader.framework.dependencies import DependencyError, running_order
from grader.packs.manifest import FILE, CourseError, Manifest

PREFIX = "grader_pack_"
MANIFEST = "__grader_manifest__"
V = TypeVar("V", float, int, str, bool)


def package_name(manifest: Manifest) -> str:
    """The synthetic package of a pack's checks: one per checks folder and what the modules read of
    ``course.toml`` (its settings and data), so a changed ``course.toml`` is a new package."""
    read = (str(manifest.checks_dir.resolve()), str(manifest.root), manifest.overrides, manifest.data_files,
            manifest.judged_files)
    return PREFIX + hashlib.sha256(repr(read).encode()).hexdigest()[:16]


def _package(manifest: Manifest) -> str:
    name = package_name(manifest)
    if name not in sys.modules:
        package = types.ModuleType(name, f"the checks of the course pack in {manifest.root}")
        package.__path__ = [str(manifest.checks_dir)]
        package.__package__ = name
        setattr(package, MANIFEST, manifest)
        sys.modules[name] = package
    return name


def module_names(manifest: Manifest) -> tuple[str, ...]:
    return manifest.exercises


def load(manifest: Manifest, exercise_name: str) -> Exercise:
    """The :class:`Exercise` that ``checks/<exercise_name>.py`` defines, its instructor's settings applied."""
    path = manifest.checks_dir / f"{exercise_name}.py"
    shown = _shown(manifest, path)
    full_name = f"{_package(manifest)}.{exercise_name}"
    module = sys.modules.get(full_name)
    if module is None:
        if path.is_symlink() or not path.is_file():
            raise CourseError(f"{shown}: not found ({manifest.root / FILE} lists {exercise_name} in course.exercises)")
        spec = importlib.util.spec_from_file_location(full_name, path)
        if spec is None or spec.loader is None:
            raise CourseError(f"{shown}: cannot be loaded as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[full_name] = module
        try:
            spec.loader.exec_module(module)
        except CourseError:
            del sys.modules[full_name]
            raise
        except Exception as exc:  # noqa: BLE001 - an instructor's module: its error, named with its file
            del sys.modules[full_name]
            raise CourseError(f"{shown}: {type(exc).__name__}: {exc}") from exc
    return _checked(manifest, module, exercise_name, shown)


def _shown(manifest: Manifest, path: Path) -> str:
    try:
        return str(path.relative_to(manifest.root))
    except ValueError:
        return str(path)


def _checked(manifest: Manifest, module: types.ModuleType, name: str, shown: str) -> Exercise:
    exercise = getattr(module, "exercise", None)
    if not isinstance(exercise, Exercise):
        raise CourseError(f"{shown} does not define an `exercise` (exercise = Exercise(name={name!r}, ...))")
    if exercise.name != name:
        raise CourseError(f"{shown} defines Exercise(name={exercise.name!r}); the name must be the file's, {name!r}")
    try:
        running_order(exercise.name, exercise.checks)  # the checks' needs= can be honoured
    except DependencyError as exc:
        raise CourseError(f"{shown}: {exc}") from None
    chosen = manifest.settings_of(name)
    where = f"{manifest.root / FILE}: exercises.{name}"
    for key, value in chosen.settings:
        if getattr(module, key, None) != value:
            raise CourseError(f"{where}.settings.{key}: {shown} does not read it "
                              f"({key} = setting(__name__, {key!r}, DEFAULT))")
    checks = {c.name for c in exercise.checks}
    for check, _ in chosen.points:
        if check not in checks:
            raise CourseError(f"{where}.points.{check}: {name} has no such check (it has {', '.join(sorted(checks))})")
    return exercise


def _manifest_of(module_name: str) -> tuple[Manifest, str]:
    package, _, exercise = str(module_name).rpartition(".")
    manifest = getattr(sys.modules.get(package), MANIFEST, None)
    if not isinstance(manifest, Manifest):
        raise CourseError(f"{module_name} is not a checks module of a course pack (pass __name__)")
    return manifest, exercise


def setting(module_name: str, key: str, default: V) -> V:
    """The value of ``key`` that ``course.toml`` sets for this exercise (``[exercises.NAME.settings]``),
    else ``default``; of the default's type (an int setting may be given for a float)."""
    manifest, exercise = _manifest_of(module_name)
    value = dict(manifest.settings_of(exercise).settings).get(key, default)
    if isinstance(default, bool) or isinstance(default, str):
        if type(value) is type(default):
            return value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(default, float):
            return float(value)
        if float(value).is_integer():
            return int(value)
    raise CourseError(f"{manifest.root / FILE}: exercises.{exercise}.settings.{key}: must be a "
                      f"{type(default).__name__}, like its default {default!r}")


def data_path(module_name: str, name: str) -> Path:
    """The file ``name`` of the pack (as ``course.toml``'s ``[data]`` lists it, e.g. ``data/sales.csv``)."""
    manifest, _ = _manifest_of(module_name)
    if name not in manifest.data_files + manifest.judged_files:
        raise CourseError(f"{manifest.root / FILE}: data.files does not list {name!r} "
                          f"(it lists {', '.join(manifest.data_files + manifest.judged_files) or 'nothing'})")
    return manifest.root / name
