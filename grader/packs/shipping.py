"""What a copy of a pack carries: a learner release (stubs, public data, checks, stored answers:
never solutions, known-wrong variants or judged data) and a Gradescope bundle (all of it).

Either copy puts the pack in ``grader_course/`` beside the package, where the grader finds its
default course: learners type nothing extra.  Its ``course.toml`` is written anew, with the paths of
the copy (and, in a release, without the judged data).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from grader.packs.course import Course
from grader.packs.manifest import FILE

FOLDER = "grader_course"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"not a course.toml value: {value!r}")


def course_toml(course: Course, judged: bool, solutions: bool) -> str:
    """The ``course.toml`` of a copy of ``course``: checks in ``checks/``, stubs in ``stubs/``."""
    m = course.manifest
    lines = ["# Written by the grader: the course pack this copy carries (grader/packs/__init__.py).", "",
             "[course]", f"title = {{ en = {_value(m.title.en)}, ko = {_value(m.title.ko)} }}",
             f"languages = {_value(m.languages)}", f"exercises = {_value(m.exercises)}", "",
             "[paths]", 'checks = "checks"', 'stubs = "stubs"',
             'solutions = "solutions"' if solutions else 'solutions = "no-solutions"', "",
             "[data]", f"files = {_value(m.data_files)}", f"judged = {_value(m.judged_files if judged else ())}"]
    for name, chosen in m.overrides:
        lines += ["", f"[exercises.{name}]"]
        if chosen.points:
            lines.append("points = { " + ", ".join(f"{k} = {_value(v)}" for k, v in chosen.points) + " }")
        if chosen.settings:
            lines.append("settings = { " + ", ".join(f"{k} = {_value(v)}" for k, v in chosen.settings) + " }")
        if chosen.timeout is not None:
            lines.append(f"timeout = {_value(chosen.timeout)}")
    return "\n".join(lines) + "\n"


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def write(course: Course, target: Path, judged: bool, solutions: bool) -> None:
    """Copy ``course`` into ``target`` (a new folder): its checks, stubs and public data; its judged
    data and its solutions with their known-wrong variants only when asked (official grading)."""
    m = course.manifest
    target.mkdir(parents=True)
    (target / "__init__.py").write_text('"""The course pack this copy of the grader carries (course.toml)."""\n',
                                        encoding="utf-8")
    for name in m.exercises:
        _copy(m.checks_dir / f"{name}.py", target / "checks" / f"{name}.py")
        if (m.stubs_dir / f"{name}.py").is_file():
            _copy(m.stubs_dir / f"{name}.py", target / "stubs" / f"{name}.py")
        if solutions:
            for source in (m.solutions_dir / f"{name}.py", m.known_wrong_dir / f"{name}.py"):
                if source.is_file():
                    _copy(source, target / "solutions" / source.relative_to(m.solutions_dir))
    helpers = [p for p in m.checks_dir.glob("*.py") if p.stem not in m.exercises and not p.is_symlink()]
    for helper in helpers:  # modules the checks import beside them (from . import helpers)
        _copy(helper, target / "checks" / helper.name)
    for name in m.data_files + (m.judged_files if judged else ()):
        _copy(course.root / name, target / name)
    if course.builtin:  # the built-in course's data: its public files read in place, its judged ones
        for part in ("course", "judged") if judged else ("course",):
            shutil.copytree(course.root / "data" / part, target / "data" / part,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))
    (target / FILE).write_text(course_toml(course, judged, solutions), encoding="utf-8")
