"""A fork server's copies (grader/sandbox/fork_server: CloneRequest), what `grade batch` gives each
grading thread so TensorFlow is imported once per run: a copy starts confined workers as its origin
does, with the origin's imports, and nothing outlives the origin."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from class_factory import make_class
from grader.cli import main
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.fork_server import ForkServer
from grader.sandbox.protocol import Op, OutcomeKind, Role, WorkerConfig
from grader.sandbox.session import WorkerSession
from process_tree import children

PROBE = "import sys\n\ndef seen():\n    return [m for m in ('numpy', 'json') if m in sys.modules]\n"


def _ask(server: ForkServer, tmp_path: Path, name: str) -> WorkerSession:
    (tmp_path / name).mkdir()
    source = tmp_path / f"{name}.py"
    source.write_text(PROBE)
    spec = SandboxSpec(scratch=str(tmp_path / name), files=((str(source), "probe.py"),))
    config = WorkerConfig(Role.LEARNER, "probe.py", "probe.py", "probe", 1, "auto")
    return WorkerSession(server, spec, config, str(tmp_path / name), time.monotonic() + 60)


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_a_copy_starts_confined_workers_with_its_origins_imports(tmp_path):
    with ForkServer(["numpy"]) as origin:
        copy = origin.clone()
        try:
            assert copy.preloaded == origin.preloaded == ["numpy"]
            session = _ask(copy, tmp_path, "learner")
            try:
                assert session.start().ok
                outcome = session.receive(session.send(Op.CALL, "seen"))
            finally:
                session.close()
            assert outcome.kind is OutcomeKind.VALUE and outcome.value == ["numpy", "json"], outcome
            assert session.isolation.level == "full", session.isolation
        finally:
            copy.close()
        assert not copy.alive and origin.alive  # closing a copy leaves its origin serving


def test_a_copy_and_its_learner_processes_end_with_their_origin(tmp_path):
    origin = ForkServer(["numpy"])
    copy = origin.clone()
    session = _ask(copy, tmp_path, "learner")
    assert session.start().ok
    guardian, learner = session.spawned.pid, session.spawned.init_pid
    origin.kill()  # as the OOM killer or an operator would
    try:
        assert _gone(copy.pid) and not copy.alive
        assert _gone(guardian) and _gone(learner)
    finally:
        session.kill()
        copy.close()
        origin.close()


def test_a_batch_with_two_workers_imports_tensorflow_in_one_fork_server(tmp_path):
    """Its two threads' fork servers are copies of one (named grader-forkcopy): two Python processes
    importing TensorFlow side by side cost a second import on a core the learners need."""
    folder = tmp_path / "class"
    make_class(folder, 4, ["exercise3"], seed=2, kinds=("correct",))
    (folder / "learner01" / "exercise3.py").write_text("import tensorflow as tf\n" + (
        folder / "learner01" / "exercise3.py").read_text())
    command = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(tmp_path / "out"),
               "--exercises", "exercise3", "--workers", "2", "--seed", "3"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    seen: dict[int, dict[int, str]] = {}  # fork server -> {child: its name, as last seen}
    try:
        while process.poll() is None:
            for server in children(process.pid):
                try:
                    if b"grader.sandbox.fork_server" not in Path(f"/proc/{server}/cmdline").read_bytes():
                        continue
                    names = {c: Path(f"/proc/{c}/comm").read_text().strip() for c in children(server)}
                except OSError:
                    continue
                seen.setdefault(server, {}).update(names)  # a copy names itself just after its fork
            time.sleep(0.02)
        _, err = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, err
    assert len(seen) == 1, seen  # one Python started by grade imported TensorFlow
    copies = seen[next(iter(seen))]
    assert len(copies) == 2 and set(copies.values()) == {"grader-forkcopy"}, seen  # it forked its copies only


def test_the_gradebook_is_the_same_with_one_and_two_workers(tmp_path):
    folder = tmp_path / "class"
    make_class(folder, 6, ["exercise3"], seed=4)
    books = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--exercises", "exercise3",
                                           "--workers", workers, "--seed", "3"], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        books.append((out / "gradebook.csv").read_bytes())
    assert books[0] == books[1]
