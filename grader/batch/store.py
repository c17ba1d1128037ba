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
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

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


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # as any file the instructor writes (mkstemp makes it 0600)
        with os.fdopen(fd, "w", encoding=encoding) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save(out: Path, result: LearnerResult) -> None:
    data = {"learner": result.learner, "fingerprint": result.fingerprint, "complete": result.complete,
            "notes": list(result.notes), "reports": [report_to_plain(r) for r in result.reports]}
    write_atomic(learner_dir(out, result.learner) / RESULT, json.dumps(data, ensure_ascii=False))


def load(out: Path, learner: str) -> LearnerResult | None:
    """The stored result of ``learner``, or None when there is none or it cannot be read."""
    path = learner_dir(out, learner) / RESULT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LearnerResult(str(data["learner"]), tuple(report_from_plain(r) for r in data["reports"]),
                             str(data["fingerprint"]), bool(data["complete"]),
                             tuple(str(n) for n in data.get("notes", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_all(out: Path, learners: list[str]) -> list[LearnerResult]:
    """The stored results of these learners that exist, sorted by learner id."""
    found = [load(out, learner) for learner in sorted(learners)]
    return [r for r in found if r is not None]
