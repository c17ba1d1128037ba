"""Which exercise a file is (``grade NOTEBOOK.ipynb``): read as text, never run.

A file that defines an exercise's functions is that exercise.  A notebook in the course's style
defines none: it is recognised by the cues its exercise declares (``Exercise.recognised_by``: the
course CSV it reads, the layer it uses; all of them must appear).  An exercise whose cues are a
part of another's that also matched gives way to it (housing with BatchNormalization is exercise
14, not 16).  Where two remain, or none, the learner is asked to name the exercise.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from grader import course, learner_files, packs
from grader.framework import Exercise
from grader.text import Text, printable

MAX_BYTES = 20_000_000  # a notebook larger than this is not read to guess its exercise

RECOGNISED = Text("graded as {exercise} because {why}", "{exercise} (으)로 채점했습니다: {why}")
DEFINES = Text("it defines {names}", "{names} 을(를) 정의합니다")
READS = Text("it reads {names}", "{names} 을(를) 읽습니다")
USES = Text("uses {names}", "{names} 을(를) 씁니다")
USES_ALONE = Text("it uses {names}", "{names} 을(를) 씁니다")
AND = Text(" and ", ", 그리고 ")


TOO_LARGE = Text("{name} is larger than {mb} MB; name its exercise: grade EXERCISE --file {name}",
                 "{name} 이(가) {mb} MB보다 큽니다. 연습을 지정하세요: grade EXERCISE --file {name}")
UNREADABLE = Text("cannot read {name}: {error}", "{name} 을(를) 읽을 수 없습니다: {error}")
NOT_JSON = Text("{name} is not a readable notebook (not JSON, or nested too deeply to read)",
                "{name} 은(는) 읽을 수 있는 노트북이 아닙니다 (JSON이 아니거나 너무 깊게 중첩됨)")
NONE_FITS = Text(
    "cannot tell which exercise {name} is: it defines none of the exercises' functions and has none of "
    "their cues (the course CSV it reads with the layer it uses). Name it: grade EXERCISE --file {name} "
    "(grade list shows the exercises)",
    "{name} 이(가) 어느 연습인지 알 수 없습니다: 연습의 함수를 하나도 정의하지 않고, 단서 (읽는 강의 CSV와 "
    "쓰는 층)도 없습니다. 지정하세요: grade EXERCISE --file {name} (연습 목록: grade list)")
SEVERAL = Text("{name} fits more than one exercise: {found}. Name the one to grade: grade {first} --file {name}",
               "{name} 은(는) 여러 연습에 맞습니다: {found}. 채점할 연습을 지정하세요: grade {first} --file {name}")


class NotRecognised(course.CourseError):
    """The file fits no exercise, or more than one: the message says which and how to choose."""

    def __init__(self, text: Text) -> None:
        super().__init__(text)


@dataclass(frozen=True)
class Recognition:
    exercise: str
    why: Text  # "graded as exercise15 because it reads lemonade.csv and uses Dense"


def _code(path: Path) -> str:
    """The file's code: a notebook's code cells joined, a .py file's text (read at most ``MAX_BYTES``,
    parsed by :func:`grader.learner_files.notebook_code`, which never raises)."""
    found = learner_files.size(path)
    if found is None:
        try:
            os.stat(path)
            error = "not a regular file"
        except OSError as exc:
            error = exc.strerror or str(exc)
        raise NotRecognised(UNREADABLE.format(name=printable(str(path)), error=error))
    if found > MAX_BYTES:
        raise NotRecognised(TOO_LARGE.format(name=printable(path.name), mb=MAX_BYTES // 1_000_000))
    data = learner_files.read_head(path, MAX_BYTES) or b""
    text = data.decode("utf-8", errors="replace")
    if path.suffix.lower() != ".ipynb":
        return text
    code = learner_files.notebook_code(text)
    if code is None:
        raise NotRecognised(NOT_JSON.format(name=printable(path.name)))
    return code


def _defined(code: str, names: tuple[str, ...]) -> list[str]:
    return [n for n in names if re.search(rf"^(?:def\s+{re.escape(n)}\s*\(|{re.escape(n)}\s*=)", code, re.M)]


def _cue_text(cues: tuple[str, ...]) -> Text:
    files = [c for c in cues if c.endswith(".csv")]
    others = [c for c in cues if not c.endswith(".csv")]
    parts = [template.format(names=", ".join(group)) for template, group in ((READS, files), (USES, others)) if group]
    if not files:
        parts[0] = USES_ALONE.format(names=", ".join(others))
    return Text(AND.en.join(p.en for p in parts), AND.ko.join(p.ko for p in parts))


BY_NAME = Text("graded as {exercise} because of its file name (its content could not be read as a notebook)",
               "파일 이름에 따라 {exercise} (으)로 채점했습니다 (내용을 노트북으로 읽을 수 없습니다)")


def _named(path: Path, course_: packs.Course) -> str | None:
    """The exercise a file's own name names (``exercise3.ipynb``, ``ex03.ipynb``), if any."""
    try:
        return course_.canonical_name(path.stem)
    except course.CourseError:
        return None


def recognise(path: Path, course_: packs.Course | None = None,
              exercises: list[Exercise] | None = None) -> Recognition:
    """The exercise ``path`` is, and why; :class:`NotRecognised` when none or several fit.  A
    notebook that is not JSON but whose name names an exercise is that exercise (it is then graded,
    and scores 0 with the same note as ``grade EXERCISE --file``)."""
    course_ = course_ or packs.builtin()
    try:
        code = _code(path)
    except NotRecognised:
        named = _named(path, course_)
        if named is None or not path.is_file():
            raise
        return Recognition(named, BY_NAME.format(exercise=named))
    exercises = exercises if exercises is not None else course_.all_exercises()
    by_functions = []
    for exercise in exercises:
        wanted = tuple(f for f in exercise.functions if f != "FIT")
        defined = _defined(code, wanted)
        if defined:
            by_functions.append((len(defined) / len(wanted), exercise, defined))
    if by_functions:
        best = max(score for score, _, _ in by_functions)
        top = [(e, d) for score, e, d in by_functions if score == best]
        if len(top) == 1:
            exercise, defined = top[0]
            why = DEFINES.format(names=", ".join(defined))
            return Recognition(exercise.name, RECOGNISED.format(exercise=exercise.name, why=why))
        raise _several(path, [(e.name, DEFINES.format(names=", ".join(d))) for e, d in top])
    matched = [e for e in exercises if e.recognised_by and all(cue in code for cue in e.recognised_by)]
    matched = [e for e in matched
               if not any(set(e.recognised_by) < set(other.recognised_by) for other in matched)]
    if len(matched) == 1:
        exercise = matched[0]
        return Recognition(exercise.name, RECOGNISED.format(exercise=exercise.name,
                                                            why=_cue_text(exercise.recognised_by)))
    if matched:
        raise _several(path, [(e.name, _cue_text(e.recognised_by)) for e in matched])
    raise NotRecognised(NONE_FITS.format(name=path.name))


def _several(path: Path, found: list[tuple[str, Text]]) -> NotRecognised:
    listed = Text("; ".join(f"{name} ({why.en})" for name, why in found),
                  "; ".join(f"{name} ({why.ko})" for name, why in found))
    return NotRecognised(SEVERAL.format(name=path.name, found=listed, first=found[0][0]))
