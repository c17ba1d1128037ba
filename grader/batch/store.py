"""One learner's results on disk: written atomically, read back for ``--resume``.

``DIR/learners/<id>/result.json`` holds every exercise's result with both
languages (see :mod:`grader.results_io`) and the *fingerprint* of how it was
graded: the grader's own code (a hash of every file of the ``grader``
package, with the versions of TensorFlow, Keras and NumPy), the course (checks
and reference solutions), the options, and the learner's files, so upgrading
the grader (even without a new ``__version__``) grades everybody again.  ``--resume`` keeps a learner whose stored
fingerprint equals the new one; anything else is graded again.  The file is
replaced with ``os.replace``, so it is either the old result or the new one,
never half of one, whatever interrupts the run.

:func:`result_to_plain` and :func:`result_from_plain` are the one plain form of a
:class:`LearnerResult`: what ``result.json`` holds and what a Dask worker sends back.  Reading is
total and bounded: a damaged, foreign or oversized file is "not stored" (the learner is graded
again), never an exception.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from grader import learner_files, packs
from grader.packs.course import PACKAGE_DIR
from grader.batch.layouts import LearnerFiles
from grader.results import ExerciseReport, totals
from grader.results_io import report_from_plain, report_to_plain
from grader.runner import GradeOptions

RESULT = "result.json"
LEARNERS = "learners"


@dataclass(frozen=True)
class LearnerResult:
    learner: str
    reports: tuple[ExerciseReport, ...]  # in course order, one per graded exercise (missing ones too)
    fingerprint: str
    complete: bool = True  # False when the grader itself failed on some exercise: graded again on --resume
    notes: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return totals(self.reports)[0]

    @property
    def max_score(self) -> float:
        return totals(self.reports)[1]

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


def finished(result: LearnerResult) -> bool:
    """A result ``--resume`` keeps: complete, and no check of it holds a grader fault."""
    return result.complete and not any(r.grader_fault for r in result.reports)


def _digest(parts: list[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()[:32]


LIBRARIES = ("tensorflow", "keras", "numpy")


def _library_versions() -> bytes:
    from importlib import metadata

    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return ";".join(versions).encode()


def code_files(root: Path | None = None) -> list[Path]:
    """The files :func:`code_fingerprint` reads: every file under the package folder, caches left out."""
    root = Path(root) if root is not None else PACKAGE_DIR
    return [path for path in sorted(root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts
            and path.suffix not in (".pyc", ".pyo")]


def code_fingerprint(root: Path | None = None) -> str:
    """A hash of the grader's code: every file under the package folder ``root`` (default: this
    package), by relative path and bytes, caches left out, with the versions of TensorFlow, Keras and
    NumPy."""
    root = Path(root) if root is not None else PACKAGE_DIR
    parts = [_library_versions()]
    for path in code_files(root):
        parts += [path.relative_to(root).as_posix().encode(), path.read_bytes()]
    return _digest(parts)


def course_files(exercises: list[str], course_: packs.Course | None = None) -> list[Path]:
    """The files :func:`course_fingerprint` reads besides the grader's code (some may not exist)."""
    course_ = course_ or packs.builtin()
    solutions = course_.solutions_dir
    files = []
    for name in exercises:
        files += [course_.manifest.checks_dir / f"{name}.py", course_.stub_path(name)]
        if solutions:
            files.append(solutions / f"{name}.py")
    return files + [course_.root / name for name in ("course.toml", *course_.manifest.data_files,
                                                      *course_.manifest.judged_files)]


def course_fingerprint(exercises: list[str], course_: packs.Course | None = None, code: str | None = None) -> str:
    """What the grader judges with: its own code (:func:`code_fingerprint`, or ``code`` when the caller
    has it), the checks modules and the reference solutions, the stubs, and the pack's course.toml and
    data."""
    course_ = course_ or packs.builtin()
    parts = [(code or code_fingerprint()).encode()]
    solutions = course_.solutions_dir
    for name in exercises:
        for path in (course_.manifest.checks_dir / f"{name}.py", course_.stub_path(name),
                     solutions / f"{name}.py" if solutions else None):
            parts.append(path.read_bytes() if path is not None and path.is_file() else b"")
    for name in ("course.toml", *course_.manifest.data_files, *course_.manifest.judged_files):
        parts += [name.encode(), (course_.root / name).read_bytes()]
    return _digest(parts)


def fingerprint(learner: LearnerFiles, exercises: list[str], options: GradeOptions, course_print: str) -> str:
    parts = [course_print.encode(), json.dumps(asdict(options), sort_keys=True).encode(),
             ",".join(exercises).encode()]
    for exercise, path in learner.files:  # read in chunks, no further than a hand-in may be
        parts += [exercise.encode(), learner_files.digest(path)]
    return _digest(parts)


def learner_dir(out: Path, learner: str) -> Path:
    return Path(out) / LEARNERS / learner


def _read_umask() -> int:
    """This process's umask, read once at import (os.umask alone would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_file(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file to write ``path`` through, in pieces: readers see the old or the whole new file,
    never a part (it replaces ``path`` only when the block ends without an exception)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # as any file the instructor writes (mkstemp makes it 0600)
        with os.fdopen(fd, "w", encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never a part."""
    with atomic_file(path, encoding) as f:
        f.write(text)


MAX_REPORTS = 1000  # exercises of one learner a stored result may hold
MAX_NOTES = 200
MAX_TEXT = 4000  # characters of a learner's note
MAX_STORED_BYTES = 64 << 20  # a result.json larger than this is not read (never one the grader wrote)


def result_to_plain(result: LearnerResult) -> dict:
    """``result`` as plain JSON data with both languages: what ``result.json`` holds and what a Dask
    worker sends back; :func:`result_from_plain` reads it."""
    return {"learner": result.learner, "fingerprint": result.fingerprint, "complete": result.complete,
            "notes": list(result.notes), "reports": [report_to_plain(r) for r in result.reports]}


def result_from_plain(data: object) -> LearnerResult | None:
    """The :class:`LearnerResult` of :func:`result_to_plain`'s data, or None for anything else: total
    (any value gives a result or None, never an exception) and bounded (so many reports or notes that
    no grading made them are refused, not read)."""
    try:
        if not isinstance(data, dict):
            return None
        learner, print_, complete = data["learner"], data["fingerprint"], data["complete"]
        reports, notes = data["reports"], data.get("notes", [])
        if not (isinstance(learner, str) and isinstance(print_, str) and isinstance(complete, bool)
                and isinstance(reports, list) and len(reports) <= MAX_REPORTS
                and isinstance(notes, list) and len(notes) <= MAX_NOTES
                and all(isinstance(n, str) and len(n) <= MAX_TEXT for n in notes)):
            return None
        return LearnerResult(learner, tuple(report_from_plain(r) for r in reports), print_, complete,
                             tuple(notes))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None


def save(out: Path, result: LearnerResult) -> None:
    write_atomic(learner_dir(out, result.learner) / RESULT, json.dumps(result_to_plain(result), ensure_ascii=False))


def load(out: Path, learner: str) -> LearnerResult | None:
    """The stored result of ``learner``, or None when there is none or it cannot be read (a malformed
    or oversized file is "not stored": ``--resume`` grades the learner again)."""
    path = learner_dir(out, learner) / RESULT
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_STORED_BYTES + 1)
        if len(raw) > MAX_STORED_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    result = result_from_plain(data)
    return result if result is not None and result.learner == learner else None


def stored(out: Path, learners: Iterable[str]) -> Iterator[LearnerResult]:
    """The stored results of these learners that exist, by learner id, read one at a time: whoever
    renders the class holds one learner's whole result at once, never the class's."""
    for learner in sorted(learners):
        result = load(out, learner)
        if result is not None:
            yield result
