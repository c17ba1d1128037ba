"""``grade new NAME``: a working skeleton of a new exercise in a course pack, which ``grade validate``
passes as it stands.

It writes the four files of the exercise (the checks module, the stub, the reference solution and
its known-wrong variants; a trained-model exercise also writes its CSV, ``data/NAME.csv``) where
the pack's ``course.toml`` puts them, and adds NAME to the pack's ``course.exercises`` (and the CSV
to ``[data] files``).  A folder without ``course.toml`` gets one.  Nothing is overwritten: an
existing file, or a name the pack already lists, is refused before anything is written.

The files are :mod:`grader.skeleton.function_templates` (the learner writes a function) and
:mod:`grader.skeleton.model_templates` (the learner describes a Keras model the grader trains).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.skeleton import function_templates, model_templates
from grader.text import BilingualError, Text

FILE = "course.toml"
KINDS = ("function", "model")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class SkeletonError(BilingualError):
    """The skeleton cannot be written (a usage problem, exit 2)."""


@dataclass(frozen=True)
class Written:
    """What ``grade new`` wrote, and whether it made the pack file."""

    files: tuple[Path, ...]
    pack_file: Path
    created_pack: bool


@dataclass(frozen=True)
class Layout:
    """Where the pack keeps each kind of file (``[paths]`` of its course.toml, else the defaults)."""

    checks: Path
    stubs: Path
    solutions: Path
    known_wrong: Path

    @classmethod
    def of(cls, root: Path, document: dict) -> "Layout":
        paths = document.get("paths", {}) if isinstance(document.get("paths", {}), dict) else {}
        solutions = root / str(paths.get("solutions", "solutions"))
        known_wrong = root / str(paths["known_wrong"]) if "known_wrong" in paths else solutions / "known_wrong"
        return cls(root / str(paths.get("checks", "checks")), root / str(paths.get("stubs", "exercises")),
                   solutions, known_wrong)


def new_pack_text(title: str, name: str, data: str | None) -> str:
    """A fresh ``course.toml`` listing one exercise."""
    files = f'files = ["{data}"]' if data else "files = []"
    title = json.dumps(title, ensure_ascii=False)  # a TOML basic string
    return (f'# The course pack: grade --course . (or GRADER_COURSE) grades with it; grade validate --course .\n'
            f'[course]\n'
            f'title = {{ en = {title}, ko = {title} }}\n'
            f'languages = ["ko", "en"]\n'
            f'exercises = ["{name}"]  # in the course\'s order\n\n'
            f'[data]\n'
            f'{files}  # shipped to learners by grade release and the Gradescope bundle\n')


def _append_to_list(text: str, section: str, key: str, item: str) -> str | None:
    """``text`` with ``item`` appended to the array ``key`` of ``[section]`` (None: not found there)."""
    header = re.search(rf"(?m)^\[{re.escape(section)}\]\s*(#.*)?$", text)
    if header is None:
        return None
    following = re.search(r"(?m)^\[", text[header.end():])
    end = header.end() + following.start() if following else len(text)
    array = re.compile(rf"(?ms)^(\s*{re.escape(key)}\s*=\s*\[)(.*?)(\])").search(text, header.end(), end)
    if array is None:
        return text[:header.end()] + f'\n{key} = ["{item}"]' + text[header.end():]
    inside = array.group(2).rstrip()
    joined = (inside.rstrip(",") + ", " if inside.strip() else "") + f'"{item}"'
    return text[:array.start(2)] + joined + text[array.end(2):]


def added_to_pack(text: str, name: str, data: str | None) -> str:
    """``course.toml``'s ``text`` with exercise ``name`` (and its data file) added, or a SkeletonError."""
    changed = _append_to_list(text, "course", "exercises", name)
    if changed is None:
        raise SkeletonError(Text(f"{FILE} has no [course] section with exercises = [...]: add \"{name}\" by hand",
                                 f"{FILE}에 exercises = [...] 가 있는 [course] 절이 없습니다: \"{name}\"을(를) 직접 "
                                 f"추가하세요"))
    if data:
        with_data = _append_to_list(changed, "data", "files", data)
        changed = with_data if with_data is not None else changed.rstrip("\n") + f'\n\n[data]\nfiles = ["{data}"]\n'
    try:
        document = tomllib.loads(changed)
    except tomllib.TOMLDecodeError:
        document = {}
    if name not in document.get("course", {}).get("exercises", []) or \
            (data and data not in document.get("data", {}).get("files", [])):
        raise SkeletonError(Text(f"could not add {name} to {FILE} (its layout is unusual): add it to "
                                 f"course.exercises by hand" + (f", and {data} to [data] files" if data else ""),
                                 f"{FILE}에 {name}을(를) 추가할 수 없습니다 (형식이 특이합니다): course.exercises에 직접 "
                                 f"추가하세요" + (f". [data] files에는 {data}를" if data else "")))
    return changed


def _templates(kind: str):
    return model_templates if kind == "model" else function_templates


def write(folder: Path, name: str, kind: str = "function") -> Written:
    """Write the skeleton of exercise ``name`` into the pack in ``folder`` (see the module docstring)."""
    if not NAME.fullmatch(name):
        raise SkeletonError(Text(f"{name!r} is not an exercise name: letters, digits and _, not starting with a "
                                 f"digit (at most 64)",
                                 f"{name!r}은(는) 연습 이름이 될 수 없습니다: 글자, 숫자, _ (숫자로 시작하지 않음, 최대 64자)"))
    if kind not in KINDS:
        raise SkeletonError(Text(f"--kind is one of {', '.join(KINDS)}", f"--kind는 {', '.join(KINDS)} 중 하나입니다"))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pack_file = folder / FILE
    text = pack_file.read_text(encoding="utf-8") if pack_file.is_file() else None
    try:
        document = tomllib.loads(text) if text is not None else {}
    except tomllib.TOMLDecodeError as exc:
        raise SkeletonError(Text(f"{pack_file}: not TOML ({exc})", f"{pack_file}: TOML이 아닙니다 ({exc})")) from None
    if name in document.get("course", {}).get("exercises", []):
        raise SkeletonError(Text(f"{pack_file} already lists {name}", f"{pack_file}에 {name}이(가) 이미 있습니다"))
    layout = Layout.of(folder, document)
    templates = _templates(kind)
    data = f"data/{name}.csv" if kind == "model" else None
    planned = {layout.checks / f"{name}.py": templates.CHECKS, layout.stubs / f"{name}.py": templates.STUB,
               layout.solutions / f"{name}.py": templates.SOLUTION,
               layout.known_wrong / f"{name}.py": templates.KNOWN_WRONG}
    if data:
        planned[folder / data] = model_templates.csv_text()
    existing = [path for path in planned if path.exists() or path.is_symlink()]
    if existing:
        raise SkeletonError(Text(f"{existing[0]} exists: grade new writes no file over another",
                                 f"{existing[0]}이(가) 이미 있습니다: grade new는 있는 파일을 덮어쓰지 않습니다"))
    pack_text = added_to_pack(text, name, data) if text is not None else \
        new_pack_text(folder.resolve().name or "course", name, data)
    for path, content in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content.replace("__NAME__", name), encoding="utf-8")
    pack_file.write_text(pack_text, encoding="utf-8")
    return Written(tuple(planned), pack_file, text is None)
