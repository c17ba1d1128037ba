"""Where a class's submissions are: the layouts ``grade batch`` accepts.

- **A folder per learner** holding ``exerciseN.py`` and/or ``exerciseN.ipynb``
  (at any depth inside it); the folder's name is the learner id, every character outside letters,
  digits, space and ``. _ -`` written ``%XX`` (:func:`safe_id`: two folders never share an id).
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

import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from grader import learner_files
from grader import packs
from grader.course import SUFFIXES
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
    for exercise in sorted(exercises, key=len, reverse=True):  # a pack's names (sales1), as written
        if stem.lower() == exercise.lower() or stem.lower().endswith(tuple(c + exercise.lower() for c in "_- ")):
            return exercise
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


_KEPT = re.compile(r"[\w .-]", flags=re.UNICODE)
MAX_ID_BYTES = 200  # an id is a folder name (255 bytes at most) in learners/<id>/


def safe_id(learner: str) -> str:
    """The learner id of a folder or LMS name: the name itself, readable and reversible (see
    :func:`raw_name`).  Letters and digits of any script (Hangul too), spaces and ``. _ -`` are kept;
    every other character (``! & / %``, a control character, a byte that is not UTF-8) is written
    ``%XX`` per byte of its UTF-8 (its raw byte for a file name's surrogate escape), and so are a
    leading or trailing space or dot (no hidden folder, no ``..``).  Two different names never give one
    id.  A name whose id would be longer than ``MAX_ID_BYTES`` keeps its first part and ends with
    ``~`` and 16 hex digits of its SHA-256 (still one id per name)."""
    parts = []
    for i, ch in enumerate(learner):
        edge = (i == 0 or i == len(learner) - 1) and ch in " ."
        if _KEPT.match(ch) and not edge:
            parts.append(ch)
        else:
            parts.append("".join(f"%{b:02X}" for b in _utf8(ch)))
    encoded = "".join(parts) or "%00"
    if len(encoded.encode("utf-8")) <= MAX_ID_BYTES:
        return encoded
    digest = hashlib.sha256(learner.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    head = encoded.encode("utf-8")[:MAX_ID_BYTES - 17].decode("utf-8", "ignore")
    head = re.sub(r"%[0-9A-F]?$", "", head)  # never half of a %XX
    return f"{head}~{digest}"


def _utf8(ch: str) -> bytes:
    if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogate escape)
        return bytes([ord(ch) - 0xDC00])
    return ch.encode("utf-8", "surrogatepass")


def raw_name(learner_id: str) -> str:
    """The folder or LMS name an id was made from (the inverse of :func:`safe_id` for every id not
    shortened with ``~``): ``%XX`` runs decoded as UTF-8, a byte that is not UTF-8 as its surrogate
    escape."""
    return re.sub(r"(?:%[0-9A-F]{2})+", lambda m: bytes.fromhex(m.group().replace("%", "")).decode(
        "utf-8", "surrogateescape"), learner_id)


def _visible(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") or p in _SKIP_PARTS for p in parts)


def _resubmission(path: Path) -> int:
    match = re.search(r"-(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


def _choose(candidates: list[Path], exercise: str, course_: packs.Course) -> tuple[Path, str | None]:
    preference = {suffix: -i for i, suffix in enumerate(SUFFIXES)}  # .py first
    edited = [p for p in candidates if not course_.is_untouched_stub(p, exercise)] or candidates
    chosen = max(edited, key=lambda p: (preference[p.suffix.lower()], _resubmission(p), p.name))
    if len(candidates) == 1:
        return chosen, None
    others = ", ".join(sorted(printable(p.name) for p in candidates if p != chosen))
    return chosen, f"graded {printable(chosen.name)}; also handed in: {others}"


def _learner(learner: str, found: dict[str, list[Path]], exercises: list[str],
             other: dict[str, list[Path]] | None = None, course_: packs.Course | None = None) -> LearnerFiles:
    course_ = course_ or packs.builtin()
    files, notes = [], []
    for exercise in exercises:
        if found.get(exercise):
            chosen, note = _choose(found[exercise], exercise, course_)
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
    """Learner ids made folder-safe (:func:`safe_id`), sorted.  Ids are faithful to the names, so two
    names never share one; should they ever (an id shortened with a hash), grading stops naming both,
    never renumbering one of them."""
    by_id: dict[str, LearnerFiles] = {}
    for item in sorted(learners, key=lambda l: l.learner):
        name = safe_id(item.learner)
        if name in by_id:
            raise LayoutError(f"two learners would get the id {name!r}: {printable(by_id[name].learner)!r} and "
                              f"{printable(item.learner)!r}; rename one of them")
        by_id[name] = LearnerFiles(name, item.files, item.notes)
    return tuple(by_id[name] for name in sorted(by_id))


def _submission_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.is_symlink() and _visible(p, folder))


def _from_folders(root: Path, exercises: list[str], course_: packs.Course) -> ClassSubmissions:
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
        learners.append(_learner(folder.name, found, exercises, other, course_))
    return ClassSubmissions("folders", _unique(learners), tuple(ignored), tuple(not_gradable))


def _from_flat(root: Path, exercises: list[str], course_: packs.Course) -> ClassSubmissions:
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
    learners = [_learner(learner, by_learner.get(learner, {}), exercises, other.get(learner), course_) for learner in names]
    not_gradable = [printable(p.name) for learner in names for paths in other.get(learner, {}).values()
                    for p in paths]
    return ClassSubmissions("flat", _unique(learners), tuple(ignored), tuple(not_gradable))


def _member_path(member: zipfile.ZipInfo, target: Path) -> Path | None:
    """Where ``member`` goes under ``target`` (as ``zipfile`` names it: no absolute path, no ``..``)."""
    parts = [p for p in member.filename.split("/") if p not in ("", ".", "..")]
    return target.joinpath(*parts) if parts else None


def _extract_bounded(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Write ``member`` under ``target``, streamed in chunks: a submission file's first
    ``MAX_SUBMISSION_BYTES + 1`` bytes (one more than a hand-in may be, so an oversized one is still
    reported as the learner's), any other file empty (only its folder matters).  Returns the bytes
    written, never more than ``budget``; a member that cannot be read or written is skipped."""
    path = _member_path(member, target)
    if path is None:
        return 0
    wanted = learner_files.MAX_SUBMISSION_BYTES + 1 if path.suffix.lower() in SUFFIXES else 0
    left, written, created = min(wanted, budget), 0, False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(member) as source, open(path, "xb") as sink:
            created = True
            while left > 0:
                chunk = source.read(min(learner_files.CHUNK, left))
                if not chunk:
                    break
                sink.write(chunk)
                left -= len(chunk)
                written += len(chunk)
    except (OSError, ValueError, zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
        # a name the file system cannot hold, a damaged or encrypted member, a second member of the same
        # name: skipped, and no part of it kept
        if created:
            path.unlink(missing_ok=True)
    return written


def _unzip(archive: Path, target: Path) -> Path:
    """Extract ``archive`` safely (no paths outside ``target``, no links, no bombs: each file at most
    ``MAX_SUBMISSION_BYTES + 1`` bytes, the whole at most ``MAX_UNZIPPED_BYTES`` actually written,
    whatever the archive declares); return its root folder."""
    try:
        with zipfile.ZipFile(archive) as zf:
            folders = [m for m in zf.infolist() if m.is_dir()]
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                raise LayoutError(f"{archive.name} holds {len(members)} files; at most {MAX_ZIP_MEMBERS}")
            written = 0
            for member in members:
                if (member.external_attr >> 16) & 0o170000 == 0o120000:
                    continue  # a symlink: never followed
                written += _extract_bounded(zf, member, target, MAX_UNZIPPED_BYTES - written)
                if written >= MAX_UNZIPPED_BYTES:
                    raise LayoutError(f"{archive.name} unpacks to more than {MAX_UNZIPPED_BYTES / 2**30:.0f} GiB")
            for folder in folders[:MAX_ZIP_MEMBERS]:
                try:
                    zf.extract(folder, target)  # an empty learner folder is a learner who handed in nothing
                except OSError:
                    continue  # a name this file system cannot hold: skipped
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
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


def discover(source: Path, exercises: list[str], work: Path, course_: packs.Course | None = None) -> ClassSubmissions:
    """The learners and their files in ``source`` (a folder or a .zip; ``work`` is scratch space)."""
    course_ = course_ or packs.builtin()
    source = Path(source)
    if source.is_file() and source.suffix.lower() == ".zip":
        inner = discover(_unzip(source, work / "unzipped"), exercises, work, course_)
        return ClassSubmissions(f"zip/{inner.layout}", inner.learners, inner.ignored, inner.not_gradable)
    if not source.is_dir():
        raise LayoutError(f"{source} is neither a folder nor a .zip file")
    has_folders = any(p.is_dir() and _visible(p, source) and _submission_files(p) for p in source.iterdir())
    flat = _from_flat(source, exercises, course_)
    if has_folders and not flat.learners:
        return _from_folders(source, exercises, course_)
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
