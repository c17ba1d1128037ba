"""The course's own notebooks graded as an instructor would: ``grade NOTEBOOK.ipynb`` (the exercise
it is recognised as) and, where it fits several, ``grade EXERCISE --file NOTEBOOK.ipynb``.

Run from the repository root::

    .venv/bin/python bench/course_grades.py --repo /path/to/blackdew/tensorflow1/.git [--seeds 0,1,2,3]

The notebooks are read from a git clone of ``blackdew/tensorflow1`` into a scratch folder (never
copied into this repository) and graded with the installed ``grade`` command, one process per
grading, as a user would.  Prints a Markdown table: notebook, what ``grade NOTEBOOK.ipynb`` said,
and the score under each seed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NAMED = {"practice5-multilayer.ipynb": "exercise12", "appendix2-model.ipynb": "exercise14"}


def grade(args: list[str], cwd: Path) -> tuple[int, dict | None, str]:
    grade_bin = Path(sys.executable).with_name("grade")
    done = subprocess.run([str(grade_bin), *args, "--format", "json"], cwd=cwd, capture_output=True, text=True)
    try:
        return done.returncode, json.loads(done.stdout), done.stderr.strip()
    except ValueError:
        return done.returncode, None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=os.environ.get("COURSE_REPO_GIT"), required=False)
    parser.add_argument("--seeds", default="0,1,2,3")
    options = parser.parse_args()
    if not options.repo:
        parser.error("--repo (the git directory of a clone of blackdew/tensorflow1) is required")
    seeds = [s.strip() for s in options.seeds.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        names = subprocess.run(["git", "--git-dir", options.repo, "ls-tree", "--name-only", "HEAD"],
                               capture_output=True, text=True, check=True).stdout.split()
        notebooks = sorted(n for n in names if n.endswith(".ipynb"))
        for name in notebooks:
            (folder / name).write_bytes(subprocess.run(["git", "--git-dir", options.repo, "show", f"HEAD:{name}"],
                                                       capture_output=True, check=True).stdout)
        print(f"| notebook | grade NOTEBOOK.ipynb | graded as | {' | '.join(f'seed {s}' for s in seeds)} |")
        print(f"|---|---|---|{'---|' * len(seeds)}")
        for name in notebooks:
            code, report, error = grade([name, "--seed", seeds[0]], folder)
            said = report["notes"][0] if report else error.removeprefix("Error: ")[:160]
            command = [name] if report else ([NAMED[name]] + ["--file", name] if name in NAMED else None)
            scores = []
            for seed in seeds:
                if command is None:
                    scores.append("")
                    continue
                _, graded, error = grade([*command, "--seed", seed], folder)
                scores.append(f"{graded['score']:g}/{graded['max_score']:g}" if graded else error[:60])
            exercise = (report or {}).get("exercise") or (NAMED.get(name) or "")
            print(f"| {name} | {said} | {exercise} | {' | '.join(scores)} |")


if __name__ == "__main__":
    main()
