"""docs/write-your-own-exercise.md works as written (issue 26, items 3 to 5, and its "done when").

Every command of the page's ```bash blocks runs literally, in order, with ``bash -c``, in an empty
folder outside the checkout, with this environment's ``grade`` first on ``PATH`` and no solutions
or course set in the environment: the pack the page writes (a function exercise and a
trained-model exercise on the pack's own CSV) passes ``grade validate --course``, grades a
learner's files, a class and a Gradescope bundle (whose ``run_autograder`` then grades a
submission), and its learner release holds no solution.  A heredoc (``<<'EOF'`` ... ``EOF``) is
part of the command it ends.  A command may exit 0 or 1 (1: a check did not pass, e.g. a stub);
``grade validate`` must exit 0.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_ci_examples import _autograder_root, _run_autograder

PAGE = REPO / "docs" / "write-your-own-exercise.md"
VENV_BIN = Path(sys.executable).parent


def page_commands(text: str | None = None) -> list[str]:
    """The page's commands: each line of each ```bash block, a heredoc joined to its command."""
    text = PAGE.read_text(encoding="utf-8") if text is None else text
    commands: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        lines = iter(block.splitlines())
        for line in lines:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            heredoc = re.search(r"<<'?(\w+)'?", line)
            if heredoc:
                body = []
                for more in lines:
                    body.append(more)
                    if more == heredoc.group(1):
                        break
                commands.append("\n".join([line, *body]))
            else:
                commands.append(line)
    return commands


def test_the_page_is_linked_from_the_readme_and_walks_from_new_to_validate():
    assert "docs/write-your-own-exercise.md" in (REPO / "README.md").read_text(encoding="utf-8")
    commands = page_commands()
    first_new = next(i for i, c in enumerate(commands) if c.startswith("grade new "))
    first_validate = next(i for i, c in enumerate(commands) if c.startswith("grade validate "))
    assert first_new < first_validate
    assert any("--kind model" in c for c in commands)
    assert all(c.startswith(("grade ", "mkdir ", "cat ", "cp ")) for c in commands), commands


def test_a_heredoc_is_one_command():
    text = "```bash\ncat > a <<'EOF'\nx\n# not a comment here\nEOF\ngrade list\n```\n"
    assert page_commands(text) == ["cat > a <<'EOF'\nx\n# not a comment here\nEOF", "grade list"]


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    """The folder the page's commands ran in, and what each printed."""
    where = tmp_path_factory.mktemp("authoring-page")
    assert not where.resolve().is_relative_to(REPO.resolve())
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin", "HOME": str(where), "LANG": "C.UTF-8"}
    runs = []
    for command in page_commands():
        run = subprocess.run(["bash", "-c", command], cwd=where, env=env, capture_output=True, text=True,
                             timeout=900, stdin=subprocess.DEVNULL)
        runs.append((command, run))
        assert run.returncode in (0, 1), f"{command!r} exited {run.returncode}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
        if command.startswith("grade validate"):
            assert run.returncode == 0 and "exercises valid" in run.stdout, run.stdout[-3000:]
    return where, runs


@pytest.mark.slow
def test_the_page_makes_a_pack_that_validates_and_grades(walked):
    where, runs = walked
    outputs = {command: run for command, run in runs}
    pack = where / "my-course"
    assert {"scale", "price"} <= set(re.findall(r'"(\w+)"', (pack / "course.toml").read_text()))
    validated = "\n".join(run.stdout for command, run in runs if command.startswith("grade validate"))
    assert "hidden check scale_drawn_numbers: its draw changes with the grading seed" in validated
    assert re.search(r"r2_on_held_out_rows: r2 >= 0\.95: worst 0\.9\d+ over 6 training\(s\), margin \+", validated)
    kim = [run for command, run in runs if "--file class/kim/" in command]
    assert [run.returncode for run in kim] == [0, 0] and all("All checks passed." in r.stdout for r in kim)
    lee = outputs["grade --course my-course scale --file class/lee/scale.py   # the untouched stub: 0 points, exit 1"]
    assert lee.returncode == 1 and "Score 0/3" in lee.stdout
    with open(where / "results" / "gradebook.csv", encoding="utf-8-sig", newline="") as f:
        rows = {row["learner"]: row for row in csv.DictReader(f)}
    assert rows["kim"]["percentage"] == "100.0" and rows["lee"]["total"] == "0.0"
    release = where / "learners-copy"
    names = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert any(n.endswith("exercises/price.py") for n in names) and any(n.endswith("price.csv") for n in names)
    assert not [n for n in names if "solutions" in n.split("/")]
    secrets = {(pack / "solutions" / f).read_bytes() for f in ("scale.py", "price.py")}
    secrets |= {(pack / "solutions" / "known_wrong" / f).read_bytes() for f in ("scale.py", "price.py")}
    assert not [n for n in names if (release / n).read_bytes() in secrets]


@pytest.mark.slow
def test_the_pages_gradescope_bundle_grades_a_submission(walked, tmp_path):
    where, _ = walked
    root = _autograder_root(where / "autograder.zip", tmp_path)
    (root / "submission").mkdir()
    for name in ("scale.py", "price.py"):
        (root / "submission" / name).write_text((where / "class" / "kim" / name).read_text())
    done = _run_autograder(root)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) == 7
    assert {t["extra_data"]["exercise"] for t in results["tests"]} == {"scale", "price"}
