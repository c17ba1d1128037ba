"""Where a class's submissions are: the layouts ``grade batch`` accepts.

- **A folder per learner** holding ``exerciseN.py`` and/or ``exerciseN.ipynb``
  (at any depth inside it); the folder's name is the learner id.
- **A .zip** of such folders (or of a flat export), optionally wrapped in one top folder.
- **A flat LMS export**: every file directly in the folder, its name carrying
  the learner and the exercise, e.g. Moodle's
  ``learner07_12345_assignsubmission_file_exercise3.ipynb``, Canvas's
  ``kimminsu_12345_67890_exercise3.py`` (``_LATE_`` too), Blackboard's
  ``Assignment_kimminsu_attempt_2026-11-20-10-00-00_exercise3.py``, or plainly
  ``kimminsu_exercise3.py``.

When a learner has several files for one exercise, a file that is the course's
untouched stub is left aside (a notebook handed in beside the stub is graded,
as ``grade exercise3`` does); then the ``.py`` is graded before the ``.ipynb``,
and of two with the same suffix the last by name (an LMS numbers resubmissions
``exercise3-1.py``, ``exercise3-2.py``); the report says which was chosen.
A learner folder with no file at all is still a learner of the class (every
exercise ``missing``), in a folder and in a zip alike.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader.course import SUFFIXES, is_untouched_stub
from grader.text import printable

MAX_UNZIPPED_BYTES = 2 << 30
MAX_ZIP_MEMBERS = 100_000
_SKIP_PARTS = ("__MACOSX", ".ipynb_checkpoints", "__pycache__")

_EXERCISE = re.compile(r"(?i)(?<![a-z0-9])ex(?:ercise)?[ _-]?0*(\d+)(?![0-9])")
_LMS_NAMES = (
    re.compile(r"^(?P<learner>.+?)_\d+_assignsubmission_[a-z]+_"),                # Moodle
    re.compile(r"^(?P<learner>[^_]+?)(?:_LATE)?_\d+_\d+_"),                        # Canvas
    re.compile(r"^.+?_(?P<learner>[^_]+)_attempt_\d{4}(?:-\d\d){5}_"),              # Blackboard
    re.compile(r"(?i)^(?P<learner>.+?)[ _-]+ex(?:ercise)?[ _-]?\d+"),              # learner_exercise3
)


class LayoutError(ValueError):
    """The submissions are not in a layout the batch grader reads."""


@dataclass(frozen=True)
class LearnerFiles:
    learner: str
    files: tuple[tuple[str, Path], ...]  # (exercise, file), one per exercise handed in
    notes: tuple[str, ...] = ()  # e.g. which of two files for one exercise was graded

    def file_for(self, exercise: str) -> Path | None:
        return next((path for name, path in self.files if name == exercise), None)


@dataclass(frozen=True)
class ClassSubmissions:
    layout: str  # "folders", "flat", "zip/folders" or "zip/flat"
    learners: tuple[LearnerFiles, ...]
    ignored: tuple[str, ...] = ()  # files that name no exercise or no learner
    not_gradable: tuple[str, ...] = ()  # files named for an exercise that are not .py or .ipynb (exercise3.txt)


def exercise_of(name: str, exercises: list[str]) -> str | None:
    """``exercise3`` for ``..._exercise3.ipynb`` or ``ex03.py``, if it is one of ``exercises``."""
    stem = Path(name).stem
    matches = list(_EXERCISE.finditer(stem))
    if not matches:
        return None
    candidate = f"exercise{int(matches[-1].group(1))}"
    return candidate if candidate in exercises else None


def learner_of(name: str) -> str | None:
    """The learner id an LMS export puts in a file name (None when there is none)."""
    for pattern in _LMS_NAMES:
        match = pattern.match(Path(name).name)
        if match and match.group("learner").strip(" _-."):
            return match.group("learner").strip(" _-.")
    return None


def safe_id(learner: str) -> str:
    """A learner id usable as a folder name: letters and digits of any script (Hangul too), spaces,
    ``. _ -`` kept; anything else (``& < >``, bytes that are not UTF-8) becomes ``_``."""
    cleaned = re.sub(r"[^\w .-]+", "_", printable(learner), flags=re.UNICODE).replace("\ufffd", "_")
    return cleaned.strip(" ._") or "learner"


def _visible(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") or p in _SKIP_PARTS for p in parts)


def _resubmission(path: Path) -> int:
    match = re.search(r"-(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


def _choose(candidates: list[Path], exercise: str) -> tuple[Path, str | None]:
    preference = {suffix: -i for i, suffix in enumerate(SUFFIXES)}  # .py first
    edited = [p for p in candidates if not is_untouched_stub(p, exercise)] or candidates
    chosen = max(edited, key=lambda p: (preference[p.suffix.lower()], _resubmission(p), p.name))
    if len(candidates) == 1:
        return chosen, None
    others = ", ".join(sorted(printable(p.name) for p in candidates if p != chosen))
    return chosen, f"graded {printable(chosen.name)}; also handed in: {others}"


def _learner(learner: str, found: dict[str, list[Path]], exercises: list[str],
             other: dict[str, list[Path]] | None = None) -> LearnerFiles:
    files, notes = [], []
    for exercise in exercises:
        if found.get(exercise):
            chosen, note = _choose(found[exercise], exercise)
            files.append((exercise, chosen))
            if note:
                notes.append(f"{exercise}: {note}")
        for path in sorted((other or {}).get(exercise, []))[:5]:
            notes.append(f"{exercise}: not graded: {printable(path.name)} is not a .py file or a Jupyter notebook "
                         "(.ipynb)")
    return LearnerFiles(learner, tuple(files), tuple(notes))


def _other_files(folder: Path, exercises: list[str]) -> dict[str, list[Path]]:
    """Files under ``folder`` named for an exercise that are not .py or .ipynb (a learner's exercise3.txt)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.rglob("*"))[:10_000]:
        if path.is_file() and not path.is_symlink() and path.suffix.lower() not in SUFFIXES \
                and _visible(path, folder):
            exercise = exercise_of(path.name, exercises)
            if exercise is not None:
                found.setdefault(exercise, []).append(path)
    return found


def _unique(learners: list[LearnerFiles]) -> tuple[LearnerFiles, ...]:
    """Learner ids made folder-safe and unique (a clash gets -2, -3 ...)."""
    seen: dict[str, int] = {}
    result = []
    for item in sorted(learners, key=lambda l: l.learner):
        base = safe_id(item.learner)
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(LearnerFiles(name, item.files, item.notes))
    return tuple(sorted(result, key=lambda l: l.learner))


def _submission_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.is_symlink() and _visible(p, folder))


def _from_folders(root: Path, exercises: list[str]) -> ClassSubmissions:
    learners, ignored, not_gradable = [], [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and _visible(p, root)):
        found: dict[str, list[Path]] = {}
        for path in _submission_files(folder):
            exercise = exercise_of(path.name, exercises)
            if exercise is None:
                ignored.append(printable(str(path.relative_to(root))))
            else:
                found.setdefault(exercise, []).append(path)
        other = _other_files(folder, exercises)
        not_gradable += [printable(str(p.relative_to(root))) for paths in other.values() for p in paths]
        learners.append(_learner(folder.name, found, exercises, other))
    return ClassSubmissions("folders", _unique(learners), tuple(ignored), tuple(not_gradable))


def _from_flat(root: Path, exercises: list[str]) -> ClassSubmissions:
    by_learner: dict[str, dict[str, list[Path]]] = {}
    other: dict[str, dict[str, list[Path]]] = {}
    ignored = []
    for path in sorted(p for p in root.iterdir() if p.is_file() and not p.is_symlink())[:100_000]:
        exercise, learner = exercise_of(path.name, exercises), learner_of(path.name)
        if path.suffix.lower() not in SUFFIXES:
            if exercise is not None and learner is not None:
                other.setdefault(learner, {}).setdefault(exercise, []).append(path)
            continue
        if exercise is None or learner is None:
            ignored.append(printable(path.name))
            continue
        by_learner.setdefault(learner, {}).setdefault(exercise, []).append(path)
    # A learner whose only hand-ins are not .py/.ipynb is still a learner of a flat export (every
    # exercise missing, the report saying why); a stray file beside learner folders makes none.
    names = list(by_learner) + [learner for learner in other if learner not in by_learner] if by_learner else []
    learners = [_learner(learner, by_learner.get(learner, {}), exercises, other.get(learner)) for learner in names]
    not_gradable = [printable(p.name) for learner in names for paths in other.get(learner, {}).values()
                    for p in paths]
    return ClassSubmissions("flat", _unique(learners), tuple(ignored), tuple(not_gradable))


def _unzip(archive: Path, target: Path) -> Path:
    """Extract ``archive`` safely (no paths outside ``target``, no bombs); return its root folder."""
    try:
        with zipfile.ZipFile(archive) as zf:
            folders = [m for m in zf.infolist() if m.is_dir()]
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                raise LayoutError(f"{archive.name} holds {len(members)} files; at most {MAX_ZIP_MEMBERS}")
            total = sum(m.file_size for m in members)
            if total > MAX_UNZIPPED_BYTES:
                raise LayoutError(f"{archive.name} unpacks to {total / 2**30:.1f} GiB; at most "
                                  f"{MAX_UNZIPPED_BYTES / 2**30:.0f} GiB")
            for member in members:
                if (member.external_attr >> 16) & 0o170000 == 0o120000:
                    continue  # a symlink: never followed
                zf.extract(member, target)  # zipfile drops absolute paths and '..'
            for folder in folders[:MAX_ZIP_MEMBERS]:
                zf.extract(folder, target)  # an empty learner folder is a learner who handed in nothing
    except zipfile.BadZipFile as exc:
        raise LayoutError(f"{archive.name} is not a readable zip file: {exc}") from None
    root = target
    while True:
        entries = [p for p in root.iterdir() if _visible(p, root)]
        if len(entries) != 1 or not entries[0].is_dir() or not _is_class(entries[0]):
            return root
        root = entries[0]  # a wrapper folder around the class


def _is_class(folder: Path) -> bool:
    """True when ``folder`` holds learner folders or files named for learners (not one learner's files)."""
    for entry in folder.iterdir():
        if not _visible(entry, folder):
            continue
        if entry.is_dir() and _submission_files(entry):
            return True
        if entry.is_file() and entry.suffix.lower() in SUFFIXES and learner_of(entry.name):
            return True
    return False


def discover(source: Path, exercises: list[str], work: Path) -> ClassSubmissions:
    """The learners and their files in ``source`` (a folder or a .zip; ``work`` is scratch space)."""
    source = Path(source)
    if source.is_file() and source.suffix.lower() == ".zip":
        inner = discover(_unzip(source, work / "unzipped"), exercises, work)
        return ClassSubmissions(f"zip/{inner.layout}", inner.learners, inner.ignored, inner.not_gradable)
    if not source.is_dir():
        raise LayoutError(f"{source} is neither a folder nor a .zip file")
    has_folders = any(p.is_dir() and _visible(p, source) and _submission_files(p) for p in source.iterdir())
    flat = _from_flat(source, exercises)
    if has_folders and not flat.learners:
        return _from_folders(source, exercises)
    if flat.learners and not has_folders:
        return flat
    if has_folders:
        folder = next(p for p in sorted(source.iterdir()) if p.is_dir() and _visible(p, source)
                      and _submission_files(p))
        named = next(path for learner in flat.learners for _, path in learner.files)
        raise LayoutError(f"{source} mixes learner folders (such as {printable(folder.name)}/) with files named for "
                          f"learners (such as {printable(named.name)}); use one layout")
    raise LayoutError(f"no submissions found in {source}: expected a folder per learner holding "
                      "exerciseN.py / exerciseN.ipynb, or files named like "
                      "learner07_12345_assignsubmission_file_exercise3.ipynb")
