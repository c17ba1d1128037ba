"""``grade release OUT``: what learners get, with no solution code in it.

The release holds the stubs (``exercises/``), the grader package and its
data, ``pyproject.toml`` and a learners' ``README.md`` (Korean and English);
the stubs are the course's, as its pack holds them (the built-in course's:
``grader_course/stubs/``; :meth:`grader.packs.Course.stub_path`), never the working copy in ``exercises/``, where an
instructor may have tried a solution: a working copy that differs is named
(:attr:`Release.edited`) and left out, and a shipped stub that does not score 0 with
every check not attempted stops the release; nor ``grader/data/judged/`` and
``grader_course/data/judged/`` (the
judged copies of iris, housing and the digits, and the fixed splits drawn from them:
only hidden checks use them, and those are left to official grading);
never ``solutions/`` (nor the known-wrong variants beside them), tests,
benchmarks or the instructors' README.  So that learners can
still run the public checks, the reference solutions are graded once here and
the answers their public checks asked of the reference are stored in
``grader_course/expected/<exercise>.json`` (see :mod:`grader.expected`).  The release carries its
pack in ``grader_course/`` (:mod:`grader.packs.shipping`): the grader there grades by it with no
option.  In the
release, hidden checks say "checked at official grading"; none is ever passed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from grader import course, expected, packs
from grader.grading.fork_servers import SharedForkServer
from grader.packs import shipping
from grader.results import Status
from grader.runner import GradeOptions, grade_submission
from grader.text import Text

COPIED = ("grader", "pyproject.toml")
LEARNER_README = """# 딥러닝 실습 채점기 / The course's grader

```bash
python3 -m venv .venv && .venv/bin/pip install -e .
.venv/bin/grade exercise3          # exercises/exercise3.py를 채점 / grades exercises/exercise3.py
```

- `exercises/exerciseN.py`를 고친 뒤 `grade exerciseN`으로 채점합니다 (`--file 내파일.ipynb`로 노트북도 됩니다).
  Edit `exercises/exerciseN.py`, then run `grade exerciseN` (`--file my_work.ipynb` for a notebook).
- `grade list` 연습 목록 / the exercises; `grade hint exerciseN` 힌트 / the hints; `grade all` 전부 / everything;
  `--lang ko` 또는 `--lang en`으로 언어를 고릅니다 / picks the language.
- 공개 검사는 여기서 바로 결과가 나옵니다. 비공개 검사는 "공식 채점 때 검사합니다"로 표시되며 여기서는 0점입니다.
  Public checks run here. Hidden checks say "checked at official grading" and score 0 here.
- 데이터 / data: `from grader.data import load_iris, load_housing, load_digits`.

## Jupyter에서 / In Jupyter

한 번만 / once:

```bash
.venv/bin/pip install notebook ipykernel
.venv/bin/python -m ipykernel install --user --name tf-course --display-name "TF course (.venv)"
.venv/bin/jupyter notebook
```

노트북의 커널을 "TF course (.venv)"로 고른 뒤 (Kernel → Change kernel), 셀에서 / choose the kernel
"TF course (.venv)", then in a cell:

```python
import grader
grader.check("exercise3")          # 이 커널이 실행한 셀을 채점 / grades the cells this kernel has run
grader.check("exercise3", lang="ko")
```

`grade exercise3 --file 내노트북.ipynb`는 저장된 노트북을 채점하며, 그 안의 `grader.check(...)` 셀은 건너뜁니다.
`grade exercise3 --file my_notebook.ipynb` grades the notebook as saved and skips its `grader.check(...)` cells.
"""
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*")


@dataclass(frozen=True)
class Release:
    folder: Path
    exercises: tuple[str, ...]
    answers: int  # stored answers of public checks, over all exercises
    public_points: float  # what learners can check themselves
    hidden_points: float  # checked at official grading only
    edited: tuple[str, ...] = ()  # exercises/ files that differ from the course's stub (not released)
    course: "Text | None" = None  # the title of the pack it carries (in grader_course/)


def edited_stubs(names: list[str], course_: packs.Course) -> tuple[str, ...]:
    """The working copies ``exercises/<name>.py`` of the grader's checkout that are not the built-in
    course's stub, byte for byte (a pack's stubs are its own files: there is no working copy)."""
    if not course_.builtin:
        return ()
    working = packs.REPO_DIR / "exercises"
    return tuple(name for name in names if (working / f"{name}.py").is_file()
                 and not course_.is_untouched_stub(working / f"{name}.py", name))


def _copy_stubs(names: list[str], target: Path, course_: packs.Course) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        stub = course_.stub_path(name)
        if not stub.is_file():
            raise course.CourseError(f"the course ships no stub of {name} ({stub})" +
                                     ("; run python tools/sync_stubs.py" if course_.builtin else ""))
        shutil.copyfile(stub, target / f"{name}.py")
    for source, name in course_.learner_data():  # beside the stubs, where a learner's code reads them
        shutil.copyfile(source, target / name)


def build(out: Path, options: GradeOptions = GradeOptions(), course_: packs.Course | None = None) -> Release:
    """Write the learner release of ``course_`` (default: the built-in course) into ``out`` (which
    must not exist or be empty); on failure nothing of it is left."""
    course_ = course_ or packs.builtin()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise course.CourseError(f"{out} is not empty; choose a new folder for the release")
    solutions = course_.solutions_dir
    if solutions is None:
        raise course.CourseError("a release is built from a course with its solutions (set GRADER_SOLUTIONS)")
    out.mkdir(parents=True, exist_ok=True)
    try:
        return _build(out, options, solutions, course_)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise


def _build(out: Path, options: GradeOptions, solutions: Path, course_: packs.Course) -> Release:
    for name in COPIED:
        source = packs.REPO_DIR / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=IGNORED)
        elif source.is_file():
            shutil.copy2(source, out / name)
    shutil.rmtree(out / "grader" / "expected", ignore_errors=True)
    shutil.rmtree(out / "grader" / "data" / "judged", ignore_errors=True)  # what is judged stays with official grading
    # The course it carries, where the grader finds its default course: checks, stubs, public data.
    shipping.write(course_, out / shipping.FOLDER, judged=False, solutions=False)
    (out / "README.md").write_text(LEARNER_README, encoding="utf-8")
    exercises = course_.all_exercises()
    names = [e.name for e in exercises]
    _copy_stubs(names, out / "exercises", course_)
    answers = 0
    with SharedForkServer(exercises, solutions, course_=course_) as shared:
        for exercise in exercises:
            stub = grade_submission(exercise, out / "exercises" / f"{exercise.name}.py", options, solutions /
                                    f"{exercise.name}.py", shared.get(), course_=course_)
            if any(c.status is not Status.NOT_ATTEMPTED and not (c.status is Status.SKIPPED and c.needs)
                   for c in stub.checks):  # a dependant of a not-attempted check is skipped, naming it
                raise course.CourseError(f"the course's stub of {exercise.name} ({course_.stub_path(exercise.name)}) "
                                         "is not a stub: some check of it is not 'not attempted' (every function "
                                         "must raise NotImplementedError); fix it, or run grade validate")
            reference = solutions / f"{exercise.name}.py"
            recorder = expected.Recorder()
            report = grade_submission(exercise, reference, options, reference, shared.get(), recorder,
                                      course_=course_)
            if not report.all_passed:  # its public checks (hidden ones are not run here)
                raise course.CourseError(f"the reference solution of {exercise.name} does not pass its "
                                         f"own checks ({report.score:g}/{report.max_score:g}); run grade validate")
            expected.save(exercise.name, recorder.answers, out / shipping.FOLDER / "expected")
            answers += len(recorder.answers)
    public = sum(c.points for e in exercises for c in e.checks if c.visibility == "public")
    hidden = sum(c.points for e in exercises for c in e.checks if c.visibility == "hidden")
    return Release(out, tuple(names), answers, public, hidden, edited_stubs(names, course_), course_.title)
