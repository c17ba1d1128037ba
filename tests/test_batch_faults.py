"""A grader fault in the middle of `grade batch` (the kernel's OOM killer or an operator SIGKILLs the
fork server while a learner is being graded) is never stored as that learner's finished result:
the batch exits 1 naming every learner it hit, and `--resume` grades them again, ending with the
gradebook of a run without the fault.  Real processes: the installed `grade` command, its real
fork server found in /proc and killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from class_factory import make_class
from grader.cli import main
from process_tree import fork_server_of, judge_of, workers_running

EXERCISES = ["exercise12"]  # the judge trains for seconds: a kill lands inside a learner's grading
SEED = "5"
GRADE = str(Path(sys.executable).parent / "grade")


def command(folder: Path, out: Path, *extra: str) -> list[str]:
    return [GRADE, "batch", str(folder), "--out", str(out), "--exercises", ",".join(EXERCISES), "--lang", "en",
            "--seed", SEED, "--workers", "1", *extra]


def stored(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("learners/*/result.json")}


def faulted(result: dict) -> bool:
    return any(c.get("grader_fault") for r in result["reports"] for c in r["checks"])


@pytest.mark.parametrize("victim", ["fork server", "judge"])
def test_a_grader_process_killed_mid_learner_is_never_a_finished_result_and_resume_grades_it_again(tmp_path, victim):
    folder = tmp_path / "class"
    make_class(folder, 4, EXERCISES, seed=2, kinds=("correct",))
    local = tmp_path / "local"
    assert CliRunner().invoke(main, command(folder, local)[1:], catch_exceptions=False).exit_code == 0
    out = tmp_path / "out"
    process = subprocess.Popen(command(folder, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:  # the second learner's grading is under way: its fork server has workers running
            server = fork_server_of(process.pid)
            targets = [] if server is None or not workers_running(server) else [server] if victim == "fork server" \
                else judge_of(server)
            if len(stored(out)) >= 1 and targets:
                break
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.02)
        hit = len(stored(out))
        for pid in targets:
            os.kill(pid, signal.SIGKILL)
        _, err = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    results = stored(out)
    incomplete = sorted(name for name, r in results.items() if not r["complete"])
    assert process.returncode == 1, err
    assert incomplete, err  # the learner being graded when its fork server died
    assert f"learner{hit + 1:02d}" in incomplete
    for name, result in results.items():
        assert not faulted(result) or not result["complete"], name  # a fault is never a finished result
    assert f"the grader failed for: {', '.join(incomplete)}" in err

    again = subprocess.run(command(folder, out, "--resume"), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"graded {len(incomplete)}, resumed {4 - len(incomplete)}" in again.stderr
    assert (out / "gradebook.csv").read_bytes() == (local / "gradebook.csv").read_bytes()


def test_grade_exercise_whose_judge_is_killed_exits_2_with_one_line_on_stderr(tmp_path):
    """`grade EXERCISE`: a grader fault is exit 2 and, as the README promises, one line on stderr."""
    from conftest import SOLUTIONS

    process = subprocess.Popen([GRADE, "exercise12", "--file", str(SOLUTIONS / "exercise12.py"), "--lang", "en",
                                "--seed", SEED], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            server = fork_server_of(process.pid)
            targets = judge_of(server, 3) if server is not None else []
            if targets:
                break
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.02)
        for pid in targets:
            os.kill(pid, signal.SIGKILL)
        out, err = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 2, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the grader itself failed on"), err
    assert "exercise12" in lines[0] and "Traceback" not in err
