"""``grade EXERCISE --watch``: a real ``grade`` process regrades a saved file and ends on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, SOLUTIONS, ctrl_c_reaches_me
from grader.cli.watch import changed, state

GRADE = Path(sys.executable).with_name("grade")


def _wait_for(proc: subprocess.Popen, err: Path, text: str, count: int, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while err.read_text(encoding="utf-8").count(text) < count:
        assert proc.poll() is None, err.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"no {text!r} x{count}: {err.read_text(encoding='utf-8')}"
        time.sleep(0.2)


def _children(pid: int) -> set[int]:
    return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def test_watch_regrades_on_save_with_one_fork_server_and_ends_on_ctrl_c(tmp_path):
    work = tmp_path / "mine.py"
    work.write_text((SOLUTIONS / "exercise3.py").read_text(encoding="utf-8"), encoding="utf-8")
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen([str(GRADE), "exercise3", "--file", str(work), "--watch", "--format", "json",
                                 "--lang", "en"], cwd=tmp_path, stdout=o, stderr=e,
                                preexec_fn=ctrl_c_reaches_me)
    try:
        _wait_for(proc, err, "Watching", 1)
        server = _children(proc.pid)
        assert len(server) == 1  # the fork server
        work.write_text(work.read_text(encoding="utf-8") + "\ndef softmax(z):\n    return z\n", encoding="utf-8")
        _wait_for(proc, err, "Watching", 2)
        assert "changed: grading again" in err.read_text(encoding="utf-8")
        assert _children(proc.pid) == server  # the same fork server graded again
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
    decoder, text, reports = json.JSONDecoder(), out.read_text(encoding="utf-8").strip(), []
    while text:
        report, end = decoder.raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    assert [r["passed"] for r in reports] == [True, False]
    assert reports[1]["score"] < reports[0]["score"]
    assert "Traceback" not in err.read_text(encoding="utf-8")
    assert "Stopped watching" in err.read_text(encoding="utf-8")


def test_a_save_with_the_same_bytes_is_not_a_change(tmp_path):
    f = tmp_path / "a.py"
    f.write_text("x = 1\n")
    before = state(f)
    os.utime(f, ns=(before.mtime_ns + 10**9, before.mtime_ns + 10**9))
    assert not changed(before, state(f))
    f.write_text("x = 2\n")
    assert changed(before, state(f))
    assert not changed(before, state(tmp_path / "gone.py"))
