"""Write the JSON report of every reference solution, stub and known-wrong variant to a folder.

For refactors that must not change behaviour: run before and after, then
``diff -r BEFORE AFTER``.  Durations are removed (they change every run).

    python tools/snapshot_reports.py OUT [EXERCISE...]
    python tools/snapshot_reports.py --course PACK OUT [EXERCISE...]   # a course pack's
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from grader import packs
from grader.framework.known_wrong import load
from grader.grading.fork_servers import SharedForkServer
from grader.reports.json_report import report_to_dict
from grader.runner import GradeOptions, grade_submission


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("duration_s", "submission")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def main(out: Path, names: list[str], folder: str | None = None) -> None:
    course = packs.load(folder) if folder else packs.builtin()
    solutions = course.solutions_dir
    exercises = [course.load_exercise(n) for n in names or course.exercise_names()]
    out.mkdir(parents=True, exist_ok=True)
    with SharedForkServer(exercises, solutions, course_=course) as shared, \
            tempfile.TemporaryDirectory() as work:
        for exercise in exercises:
            reference = solutions / f"{exercise.name}.py"
            stub = packs.REPO_DIR / "exercises" / f"{exercise.name}.py" if course.builtin else \
                course.stub_path(exercise.name)
            files = {"solution": reference, "stub": stub}
            for variant in load(solutions, exercise.name):
                path = Path(work) / exercise.name / variant.name / f"{exercise.name}.py"
                path.parent.mkdir(parents=True)
                path.write_text(variant.source(reference.read_text(encoding="utf-8")), encoding="utf-8")
                files[f"variant-{variant.name}"] = path
            for label, path in files.items():
                report = grade_submission(exercise, path, GradeOptions(), reference, shared.get(), course_=course)
                data = {lang: _strip(report_to_dict(report, lang)) for lang in ("en", "ko")}
                (out / f"{exercise.name}.{label}.json").write_text(
                    json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
                print(exercise.name, label, report.score, "/", report.max_score, flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    pack = None
    if args[:1] == ["--course"]:
        pack, args = args[1], args[2:]
    main(Path(args[0]), args[1:], pack)
