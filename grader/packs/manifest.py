"""``course.toml``, read and validated totally: every error is a :class:`CourseError` naming the
file and the key, and nothing unbounded is accepted (see :mod:`grader.packs` for the format)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from grader.text import BilingualError, Text

FILE = "course.toml"
MAX_BYTES = 256 << 10
MAX_EXERCISES = 500
MAX_DATA_FILES = 1000
MAX_TEXT = 2000
LANGUAGES = ("ko", "en")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
SETTING = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
DEFAULT_PATHS = {"checks": "checks", "stubs": "exercises", "solutions": "solutions"}
SECTIONS = ("course", "paths", "exercises", "data")


class CourseError(BilingualError):
    """Something the course needs is not where it should be, or a pack is malformed (exit 2)."""


@dataclass(frozen=True)
class ExerciseSettings:
    """What ``[exercises.NAME]`` may change of an exercise, as its instructor chose."""

    points: tuple[tuple[str, float], ...] = ()  # (check name, points)
    settings: tuple[tuple[str, float | int | str | bool], ...] = ()  # module constants read by setting()
    timeout: float | None = None


@dataclass(frozen=True)
class Manifest:
    """A pack's ``course.toml``, every path resolved against the pack's folder."""

    root: Path
    title: Text
    languages: tuple[str, ...]
    exercises: tuple[str, ...]  # in the course's order
    checks_dir: Path
    stubs_dir: Path
    solutions_dir: Path
    known_wrong_dir: Path  # always <solutions>/known_wrong (grader.framework.known_wrong)
    data_files: tuple[str, ...]  # public: shipped to learners, copied into a learner's scratch folder
    judged_files: tuple[str, ...]  # official grading only: never in a release, never seen by learner code
    overrides: tuple[tuple[str, ExerciseSettings], ...] = ()

    def settings_of(self, name: str) -> ExerciseSettings:
        return dict(self.overrides).get(name, ExerciseSettings())


def _fail(where: str, message: str) -> CourseError:
    return CourseError(f"{where}: {message}")


def _table(value: Any, where: str, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, "must be a table")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise _fail(f"{where}.{unknown[0]}", f"unknown key (allowed: {', '.join(allowed)})")
    return value


def _mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict) or len(value) > MAX_EXERCISES:
        raise _fail(where, f"must be a table of at most {MAX_EXERCISES} keys")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise _fail(where, f"must be a non-empty string of at most {MAX_TEXT} characters")
    return value


def _names(value: Any, where: str, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not 0 < len(value) <= limit:
        raise _fail(where, f"must be a list of 1 to {limit} names")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not NAME.fullmatch(item):
            raise _fail(f"{where}[{index}]", f"{item!r} is not a name (letters, digits, _; at most 64)")
    if len(set(value)) != len(value):
        raise _fail(where, "names the same exercise twice")
    return tuple(value)


def _relative(value: Any, where: str) -> PurePosixPath:
    text = _text(value, where)
    path = PurePosixPath(text)
    if path.is_absolute() or "\\" in text or "\0" in text:
        raise _fail(where, f"{text!r} must be a path relative to the pack's folder, with /")
    return path


def _inside(value: Any, where: str) -> str:
    """A data file: relative, inside the pack (no ``..``), as written."""
    path = _relative(value, where)
    if ".." in path.parts or path.parts[:1] == (".",) and len(path.parts) == 1:
        raise _fail(where, f"{str(path)!r} must lie inside the pack's folder")
    return path.as_posix()


def _data_files(value: Any, where: str, root: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_DATA_FILES:
        raise _fail(where, f"must be a list of at most {MAX_DATA_FILES} paths")
    files = tuple(_inside(item, f"{where}[{i}]") for i, item in enumerate(value))
    for i, name in enumerate(files):
        path = root / name
        if path.is_symlink() or not path.is_file():
            raise _fail(f"{where}[{i}]", f"{root / name} is not a file in the pack (a link is not accepted)")
        if not path.resolve().is_relative_to(root.resolve()):
            raise _fail(f"{where}[{i}]", f"{name} leaves the pack's folder")
    if len({PurePosixPath(f).name for f in files}) != len(files):
        raise _fail(where, "names two files of the same name (a learner's folder holds them side by side)")
    return files


def _number(value: Any, where: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) > 1e9:
        raise _fail(where, "must be a number")
    if positive and value <= 0:
        raise _fail(where, "must be more than 0")
    return float(value)


def _exercise_settings(value: Any, where: str) -> ExerciseSettings:
    table = _table(value, where, ("points", "settings", "timeout"))
    points = _mapping(table.get("points", {}), f"{where}.points")
    for check in points:
        if not NAME.fullmatch(str(check)):
            raise _fail(f"{where}.points.{check}", "is not a check name")
    settings = _mapping(table.get("settings", {}), f"{where}.settings")
    for key, setting in settings.items():
        if not SETTING.fullmatch(key):
            raise _fail(f"{where}.settings.{key}", "a setting is a module constant in capitals (THRESHOLD)")
        if isinstance(setting, str):
            _text(setting, f"{where}.settings.{key}")
        elif not isinstance(setting, bool):
            _number(setting, f"{where}.settings.{key}", positive=False)
    timeout = _number(table["timeout"], f"{where}.timeout") if "timeout" in table else None
    if timeout is not None and timeout > 3600:
        raise _fail(f"{where}.timeout", "must be at most 3600 seconds")
    return ExerciseSettings(tuple((k, _number(v, f"{where}.points.{k}")) for k, v in points.items()),
                            tuple(settings.items()), timeout)


def read(root: Path) -> Manifest:
    """The pack in folder ``root``; a :class:`CourseError` names what is wrong and where."""
    root = Path(root).absolute()
    path = root / FILE
    if not root.is_dir():
        raise CourseError(f"{root}: no such folder (a course pack is a folder holding {FILE})")
    if path.is_symlink() or not path.is_file():
        raise CourseError(f"{path}: not found (a course pack is a folder holding {FILE})")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CourseError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise CourseError(f"{path}: larger than {MAX_BYTES >> 10} KiB")
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"{path}: not TOML ({exc})") from None
    top = _table(document, str(path), SECTIONS)
    course = _table(top.get("course"), f"{path}: [course]", ("title", "languages", "exercises"))
    title = _table(course.get("title"), f"{path}: course.title", LANGUAGES)
    if set(title) != set(LANGUAGES):
        raise _fail(f"{path}: course.title", "needs both en and ko")
    languages = course.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages or any(lang not in LANGUAGES for lang in languages):
        raise _fail(f"{path}: course.languages", f"must be a list of {', '.join(LANGUAGES)}")
    exercises = _names(course.get("exercises"), f"{path}: course.exercises", MAX_EXERCISES)
    paths = _table(top.get("paths", {}), f"{path}: [paths]", tuple(DEFAULT_PATHS))
    located = {key: (root / _relative(paths.get(key, default), f"{path}: paths.{key}")).resolve()
               for key, default in DEFAULT_PATHS.items()}
    known_wrong = located["solutions"] / "known_wrong"
    data = _table(top.get("data", {}), f"{path}: [data]", ("files", "judged"))
    files = _data_files(data.get("files", []), f"{path}: data.files", root)
    judged = _data_files(data.get("judged", []), f"{path}: data.judged", root)
    if set(files) & set(judged):
        raise _fail(f"{path}: data.judged", f"{sorted(set(files) & set(judged))[0]} is also in data.files")
    table = _table(top.get("exercises", {}), f"{path}: [exercises]", exercises)
    overrides = tuple((name, _exercise_settings(value, f"{path}: exercises.{name}")) for name, value in table.items())
    return Manifest(root, Text(_text(title["en"], f"{path}: course.title.en"), _text(title["ko"], f"{path}: course.title.ko")),
                    tuple(languages), exercises, located["checks"], located["stubs"], located["solutions"],
                    known_wrong, files, judged, overrides)
