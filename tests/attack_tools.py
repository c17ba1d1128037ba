"""Helpers for the attack suite (tests/test_attack_*.py).

Every attack runs the real ``grade`` command in a subprocess, with real learner
processes, and the tests look only at what a user would notice: the exit code,
the report, files on disk and their owners, processes left behind, bytes on a
terminal.  Nothing here imports the grader's internals, so the tests stay valid
whatever the grader's sandbox becomes.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
NOBODY = 65534
SOFTMAX_CHECKS = {"softmax_small_example", "softmax_huge_logits", "softmax_rows_of_a_batch",
                  "softmax_large_random_logits"}
DENSE_CHECKS = {"dense_softmax_iris_note", "dense_softmax_batch"}

#: A correct softmax / dense_softmax that does not need the solution file.
HONEST_SOFTMAX = '''
import numpy as _np


def _honest_softmax(z):
    z = _np.asarray(z, dtype=_np.float64)
    e = _np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def dense_softmax(x, kernel, bias):
    return softmax(_np.asarray(x) @ _np.asarray(kernel) + _np.asarray(bias))
'''

def solution_source(exercise: str) -> str:
    return (SOLUTIONS / f"{exercise}.py").read_text(encoding="utf-8")


def grade_command() -> list[str]:
    """The ``grade`` command of this environment (the venv's script, else ``python -m grader``)."""
    script = Path(sys.executable).with_name("grade")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "grader"]


def base_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "PYTEST_"))}
    env.update(extra)
    return env


# --------------------------------------------------------------------------- running grade


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    @property
    def out_text(self) -> str:
        return self.stdout.decode("utf-8", "replace") if isinstance(self.stdout, bytes) else self.stdout

    @property
    def err_text(self) -> str:
        return self.stderr.decode("utf-8", "replace") if isinstance(self.stderr, bytes) else self.stderr

    def report(self) -> dict:
        try:
            return json.loads(self.out_text)
        except ValueError:
            raise AssertionError(f"grade printed no JSON report (exit {self.returncode}); "
                                 f"stderr: {self.err_text[-3000:]}") from None

    def describe(self) -> str:
        return f"exit {self.returncode}; stderr tail: {self.err_text[-2000:]}"


def run_grade(args: list[str], cwd: Path | str, env: dict | None = None, timeout: float = 120,
              command: list[str] | None = None, user: str | None = None,
              binary: bool = False) -> Run:
    """Run ``grade ARGS`` from ``cwd`` (as ``user`` 'nobody' when asked) and wait for it."""
    cmd = list(command or grade_command()) + [str(a) for a in args]
    if user == "nobody":
        cmd = as_nobody_prefix() + cmd
    proc = subprocess.run(cmd, cwd=str(cwd), env=env if env is not None else base_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                          text=not binary)
    return Run(proc)


def grade_json(exercise: str, submission: Path, cwd: Path, *extra: str, env: dict | None = None,
               timeout: float = 120, command: list[str] | None = None, user: str | None = None) -> tuple[Run, dict]:
    run = run_grade([exercise, "--file", submission, "--format", "json", *extra], cwd, env=env,
                    timeout=timeout, command=command, user=user)
    assert run.returncode in (0, 1), run.describe()
    return run, run.report()


def checks_by_name(report: dict) -> dict[str, dict]:
    return {c["name"]: c for c in report["checks"]}


def statuses(report: dict, names=None) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"] if names is None or c["name"] in names}


def no_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" not in text


def batch(source: Path, out: Path, cwd: Path, *extra: str, env: dict | None = None, timeout: float = 180,
          command: list[str] | None = None, user: str | None = None) -> Run:
    return run_grade(["batch", source, "--out", out, *extra], cwd, env=env, timeout=timeout,
                     command=command, user=user)


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig", errors="replace") as f:
        return {row["learner"]: row for row in csv.DictReader(f)}


# --------------------------------------------------------------------------- places outside /tmp


HOST_BASES = ("/run", "/var/lib", "/srv", "/opt", "/home")


@contextlib.contextmanager
def host_dir(prefix: str = "grader-attack-", mode: int = 0o755, owner: int = 0):
    """A fresh directory outside /tmp (a learner's private /tmp would hide anything in tmp_path).

    Removed afterwards, whatever the test did.
    """
    base = next((b for b in HOST_BASES if os.path.isdir(b) and not os.path.islink(b)
                 and os.access(b, os.W_OK)), None)
    if base is None:
        import pytest

        pytest.skip("no writable directory outside /tmp for a decoy")
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    try:
        os.chmod(path, mode)
        os.chown(path, owner, owner)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def shared_tmp_dir(prefix: str = "grader-attack-", owner: int = NOBODY):
    """A directory directly in /tmp owned by ``owner`` (pytest's tmp_path is root-only, 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    try:
        os.chmod(path, 0o755)
        os.chown(path, owner, owner)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def chown_tree(path: Path, uid: int) -> None:
    os.chown(path, uid, uid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, uid)


# --------------------------------------------------------------------------- an unprivileged caller


def as_nobody_prefix() -> list[str]:
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "nobody", "--"]
    return []


@functools.lru_cache(maxsize=1)
def nobody_python() -> tuple[list[str], dict] | None:
    """(command for ``python -m grader``, env additions) that 'nobody' can run, or None.

    The venv's interpreter may live under /root (0700); any interpreter of the same
    version works with this checkout and the venv's site-packages on PYTHONPATH.
    """
    if os.geteuid() != 0 or not as_nobody_prefix():
        return None
    import sysconfig

    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, os.path.realpath(sys.executable), f"/usr/bin/python{version}",
                  f"/usr/local/bin/python{version}", "/usr/bin/python3"]
    pythonpath = os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    for candidate in dict.fromkeys(candidates):
        if not os.path.isfile(candidate):
            continue
        env = base_env(PYTHONPATH=pythonpath, HOME="/tmp")
        try:
            # the fork server is started as [sys.executable, ...] from inside: that must work too
            check = (f"import subprocess, sys; assert sys.version.startswith('{version}'); "
                     "subprocess.run([sys.executable, '-c', 'import numpy, click, grader'], check=True)")
            probe = subprocess.run(as_nobody_prefix() + [candidate, "-c", check],
                                   cwd="/tmp", env=env, capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return [candidate, "-m", "grader"], {"PYTHONPATH": pythonpath}
    return None


# --------------------------------------------------------------------------- processes


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def kill_pids(pids: list[int]) -> None:
    """End processes this suite's attacks started (found by their unique marker), by pid."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wait_for_no_processes(marker: str, seconds: float = 2.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while True:
        left = processes_with(marker)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


# --------------------------------------------------------------------------- SysV shared memory


def shm_segments() -> dict[int, dict]:
    """{shmid: row} of /proc/sysvipc/shm."""
    try:
        lines = Path("/proc/sysvipc/shm").read_text().splitlines()
    except OSError:
        return {}
    if not lines:
        return {}
    header = lines[0].split()
    rows = {}
    for line in lines[1:]:
        values = line.split()
        if len(values) >= len(header) - 2:
            row = dict(zip(header, values))
            rows[int(row["shmid"])] = row
    return rows


def remove_shm(shmid: int) -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmctl(int(shmid), 0, None)  # IPC_RMID


def mem_available_kib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    return 0


# --------------------------------------------------------------------------- text


def control_characters(text: str, allowed: str = "\n\t") -> list[str]:
    """C0 controls (but ``allowed``), DEL and C1 controls found in ``text``."""
    found = []
    for ch in text:
        code = ord(ch)
        if (code < 0x20 and ch not in allowed) or code == 0x7F or 0x80 <= code <= 0x9F:
            found.append(repr(ch))
    return sorted(set(found))


import pytest  # noqa: E402  (after the helpers: only marks)

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (grading as root: the 'full' isolation level)")
