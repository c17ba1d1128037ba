"""README.md's commands work as written, in a fresh clone, in a new shell (issue 16, item 2).

Every command line of every ```bash block runs literally with ``bash -c`` in a fresh ``git clone``
of this repository, from the clone's root, with no activated environment.  The clone's ``.venv`` is
this checkout's (the install line itself is what ``.ci/run`` runs on a fresh machine), and the files
the commands name as the user's own (``my_work.ipynb``, a class folder, a zip, an LMS export) are
made first.  Left out: the install line and the test-suite line of the first block (``.ci/run``
runs them) and the benchmarks (minutes each; run separately).  A command may exit 0 or 1 (1: a
check did not pass, e.g. a stub); never 2 (usage error) or 127 (command not found).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import REPO
from grader.reports import json_report
from grader.results import CheckResult, ExerciseReport, Isolation, Measurement, Status
from grader.text import Text

README = REPO / "README.md"


def bash_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    commands = []
    for number, block in enumerate(blocks):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if not line or line.startswith("#"):
                continue
            if number == 0 or "bench/" in line:
                continue
            commands.append(line)
    return commands


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if not (REPO / ".git").exists() or not (REPO / ".venv" / "bin" / "grade").exists():
        pytest.skip("needs a git checkout with its .venv (as .ci/run makes)")
    where = tmp_path_factory.mktemp("readme") / "course"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(where)], check=True)
    for changed in ("README.md",):  # the README as it is now, committed or not
        shutil.copy(REPO / changed, where / changed)
    (where / ".venv").symlink_to(REPO / ".venv")
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell((REPO / "solutions" / "exercise3.py").read_text(encoding="utf-8"))]
    nbformat.write(book, str(where / "my_work.ipynb"))
    for learner in ("kim", "lee"):
        (where / "submissions" / learner).mkdir(parents=True)
        shutil.copy(REPO / "solutions" / "exercise3.py", where / "submissions" / learner / "exercise3.py")
    with zipfile.ZipFile(where / "class.zip", "w") as archive:
        archive.write(where / "submissions" / "kim" / "exercise3.py", "class/kim/exercise3.py")
    (where / "moodle-export").mkdir()
    shutil.copy(REPO / "solutions" / "exercise3.py",
                where / "moodle-export" / "learner07_12345_assignsubmission_file_exercise3.py")
    return where


def test_the_readme_has_commands_to_run():
    commands = bash_commands()
    assert any(c.startswith(".venv/bin/grade batch") for c in commands)
    assert all(not c.startswith("grade ") for c in commands), "write .venv/bin/grade: it works in a new shell"


@pytest.mark.slow
@pytest.mark.parametrize("command", bash_commands())
def test_a_readme_command_runs_as_written(clone, command):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(clone.parent), "LANG": "C.UTF-8"}
    run = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                         timeout=600, stdin=subprocess.DEVNULL)
    assert run.returncode in (0, 1), f"{command!r} exited {run.returncode}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, run.stderr[-2000:]


def test_the_json_table_names_every_key_a_report_has():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The JSON report"):text.index("## For course platforms")]
    check = CheckResult("c", Text("d", "d"), Status.PASSED, 1, 1, "hidden", "f",
                        measurements=(Measurement("accuracy", 0.9, 0.8, ">=", 1, "CPU"),), curve=(1.0, 0.5))
    report = ExerciseReport("exercise12", Text("t", "t"), (check,), 1.0, "0", 0, "f.py",
                            isolation=Isolation("full", True, True, True))
    plain = json.loads(json_report.render(report, "en"))
    keys = set(plain) | set(plain["checks"][0]) | set(plain["checks"][0]["measurements"][0]) | set(plain["isolation"])
    missing = sorted(k for k in keys if f"`{k}`" not in section and not re.search(rf"[{{, ]{k}[,}}]", section))
    assert not missing, f"README's JSON table does not document: {missing}"
