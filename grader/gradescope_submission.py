"""The Gradescope autograder's choice of the file to grade, made in Python over names as data.

``run_autograder`` (``examples/ci/gradescope/``) used to choose the file with a line-based shell
pipeline (``find | awk | sort | head``): a folder whose name holds a newline followed by the
bundle's solutions path made one of its lines read ``.../source/solutions/exercise3.py``, and the
reference solution was copied in as the learner's file.  Here every name stays one value:

- the submission folder is walked with ``os.scandir`` without following any link (a link, to a
  file or a folder, is never a candidate nor entered), hidden entries and ``__MACOSX`` skipped,
  within a bound of entries and depth;
- a candidate is a regular file named ``exerciseN.py`` or ``exerciseN.ipynb`` (any case); the
  shallowest wins, ``.py`` before ``.ipynb``, then by path;
- a candidate whose path inside the submission holds a control character (a newline, a tab, a
  carriage return...) or bytes that are not UTF-8 is refused, with a bilingual note naming it;
- the chosen file is opened without following a link, must still be a regular file whose folder
  lies inside the submission, and is copied in chunks.

``python -m grader.gradescope_submission pick SUBMISSION INTO EXERCISES NOTES`` copies each
chosen file to ``INTO/exerciseN.py`` (or ``.ipynb``) and writes the notes (JSON);
``python -m grader.gradescope_submission annotate RESULTS NOTES LANG`` adds them to the
``output`` of ``results.json``, which the learner sees.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from grader import messages
from grader.text import Text

SUFFIXES = (".py", ".ipynb")  # in this order of preference at one depth
SKIPPED = ("__MACOSX",)
MAX_ENTRIES = 100_000  # entries looked at in one submission, at most
MAX_DEPTH = 32
MAX_NOTES = 20
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Candidate:
    parts: tuple[str, ...]  # the path inside the submission, one name per part

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.parts[-1])[1].lower()

    def order(self) -> tuple[int, int, str]:
        return len(self.parts), SUFFIXES.index(self.suffix), "/".join(self.parts)


@dataclass(frozen=True)
class Choice:
    exercise: str
    chosen: Candidate | None
    refused: tuple[Candidate, ...]


def unsafe(name: str) -> bool:
    """True for a name holding a control character, or bytes that were not UTF-8 (surrogates)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name)


def shown(parts: tuple[str, ...]) -> str:
    """A path as one line of text: control characters escaped (``\\n``), undecodable bytes as ``\\xNN``."""
    out = []
    for ch in "/".join(parts):
        if ch in "\n\t\r":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}[ch])
        elif unicodedata.category(ch) == "Cs" and 0xDC80 <= ord(ch) <= 0xDCFF:
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _walk(folder: str) -> list[tuple[str, ...]]:
    """Paths (as parts) of the regular files under ``folder``: no link followed or listed, hidden
    entries and ``__MACOSX`` skipped, at most :data:`MAX_ENTRIES` entries and :data:`MAX_DEPTH` levels."""
    found: list[tuple[str, ...]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(folder, ())]
    seen = 0
    while pending and seen < MAX_ENTRIES:
        path, parts = pending.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    seen += 1
                    if seen > MAX_ENTRIES:
                        break
                    if entry.name.startswith(".") or entry.name in SKIPPED:
                        continue
                    try:
                        if entry.is_symlink():
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            if len(parts) + 1 < MAX_DEPTH:
                                pending.append((entry.path, parts + (entry.name,)))
                        elif entry.is_file(follow_symlinks=False):
                            found.append(parts + (entry.name,))
                    except OSError:
                        continue
        except OSError:
            continue
    return found


def choose(folder: Path, exercises: list[str]) -> list[Choice]:
    """For each exercise, the file to grade under ``folder`` (or none) and the candidates refused."""
    files = _walk(str(folder))
    choices = []
    for exercise in exercises:
        wanted = {exercise.lower() + suffix for suffix in SUFFIXES}
        candidates = [Candidate(parts) for parts in files if parts[-1].lower() in wanted]
        refused = tuple(sorted((c for c in candidates if any(unsafe(p) for p in c.parts)), key=Candidate.order))
        fine = sorted((c for c in candidates if c not in refused), key=Candidate.order)
        choices.append(Choice(exercise, fine[0] if fine else None, refused))
    return choices


def copy(folder: Path, candidate: Candidate, into: Path, exercise: str) -> bool:
    """Copy ``candidate`` to ``into/EXERCISE.suffix``: a regular file reached through no link, whose
    folder lies inside ``folder``.  False (nothing copied) otherwise."""
    source = os.path.join(folder, *candidate.parts)
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(os.path.dirname(source))]) != real_folder:
        return False
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        target = os.open(into / f"{exercise}{candidate.suffix}",
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            while chunk := os.read(fd, _CHUNK):
                os.write(target, chunk)
        finally:
            os.close(target)
    finally:
        os.close(fd)
    return True


def pick(folder: Path, into: Path, exercises: list[str]) -> tuple[list[str], list[Text]]:
    """Copy each exercise's file into ``into``; the lines for the instructor's log, and the notes."""
    lines: list[str] = []
    notes: list[Text] = []
    for choice in choose(folder, exercises):
        for refused in choice.refused:
            notes.append(messages.REFUSED_NAME.format(exercise=choice.exercise, path=shown(refused.parts)))
        if choice.chosen is not None and copy(folder, choice.chosen, into, choice.exercise):
            lines.append(f"{choice.exercise}: {shown(choice.chosen.parts)}")
        else:
            lines.append(f"{choice.exercise}: no {choice.exercise}.py or {choice.exercise}.ipynb in the submission")
    return lines, notes[:MAX_NOTES]


def annotate(results: Path, notes: list[Text], lang: str) -> None:
    """Add ``notes`` to the ``output`` of Gradescope's ``results.json`` (what the learner reads)."""
    if not notes:
        return
    data = json.loads(results.read_text(encoding="utf-8"))
    said = "\n".join(f"- {note(lang)}" for note in notes)
    data["output"] = f"{said}\n{data.get('output', '')}".rstrip("\n")
    results.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _read_notes(path: Path) -> list[Text]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Text(str(n["en"]), str(n["ko"])) for n in raw if isinstance(n, dict) and "en" in n and "ko" in n]


def main(argv: list[str]) -> int:
    if len(argv) == 5 and argv[0] == "pick":
        folder, into, exercises, notes_path = Path(argv[1]), Path(argv[2]), argv[3].split(","), Path(argv[4])
        lines, notes = pick(folder, into, [e for e in exercises if e])
        notes_path.write_text(json.dumps([{"en": n.en, "ko": n.ko} for n in notes], ensure_ascii=False),
                              encoding="utf-8")
        for line in [*lines, *(note.en for note in notes)]:
            sys.stdout.buffer.write(line.encode("utf-8", "replace") + b"\n")
        sys.stdout.flush()
        return 0
    if len(argv) == 4 and argv[0] == "annotate":
        results, notes_path, lang = Path(argv[1]), Path(argv[2]), argv[3]
        annotate(results, _read_notes(notes_path), lang)
        return 0
    print("usage: python -m grader.gradescope_submission pick SUBMISSION INTO EXERCISES NOTES\n"
          "       python -m grader.gradescope_submission annotate RESULTS NOTES LANG", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
