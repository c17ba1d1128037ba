"""A real dask.distributed cluster for tests: `dask scheduler` and `dask worker` started as separate
programs on 127.0.0.1, as a site starts them, each in a session of its own, every one of them
killed (with its whole process group) when the block ends, whatever happened.

``cluster(tmp_path)`` yields a :class:`Cluster`; ``cluster.worker(...)`` starts one more worker
with its own environment (another ``GRADER_SOLUTIONS``, a Python without the grader).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_SECONDS = 120  # a worker on a loaded 2-core machine imports dask and the grader in ~10 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker machine that installed the grader: this venv, no course variable."""
    env = {k: v for k, v in os.environ.items() if k not in ("GRADER_SOLUTIONS", "PYTHONPATH")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@dataclass
class Cluster:
    address: str
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self, command: list[str], env: dict[str, str], name: str, cwd: Path | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        process = subprocess.Popen(command, cwd=cwd or self.folder, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.processes.append(process)
        return process

    def worker(self, *args: str, env: dict[str, str] | None = None, python: Path | None = None,
               wait: bool = True, name: str | None = None, prefix: list[str] = ()) -> subprocess.Popen:
        """``dask worker ADDRESS --nthreads 1 ...`` (``python``: run as ``python -m dask worker`` with
        another Python, e.g. one without the grader; ``prefix``: the command it runs under, e.g.
        ``unshare -m ...``); with ``wait``, returns once the scheduler lists a worker of that name."""
        name = name or f"worker{len(self.processes)}"
        program = [str(python), "-m", "dask"] if python is not None else [str(BIN / "dask")]
        command = [*prefix, *program, "worker", self.address, "--nthreads", "1", "--no-dashboard",
                   "--host", "127.0.0.1", "--name", name, *args]
        process = self.start(command, env or worker_env(), name)
        if wait:
            deadline = time.monotonic() + START_SECONDS
            while name not in self.workers():
                assert process.poll() is None, self.log(name)
                assert time.monotonic() < deadline, f"worker did not join in {START_SECONDS} s: {self.log(name)}"
                time.sleep(0.3)
        return process

    def workers(self) -> list[str]:
        """The names of the workers the scheduler lists."""
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout="20s") as client:
            return [str(w.get("name")) for w in client.scheduler_info(n_workers=-1)["workers"].values()]

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL a started program and everything in its process group (a nanny and its worker)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)


@contextlib.contextmanager
def cluster(tmp_path: Path, scheduler: list[str] | None = None, port: int | None = None,
            cwd: Path | None = None) -> Iterator[Cluster]:
    """``dask scheduler --host 127.0.0.1 --port P`` (or the command ``scheduler``, listening on
    ``port``, run in ``cwd``), stopped at the end."""
    folder = tmp_path / "cluster"
    folder.mkdir(exist_ok=True)
    port = port or free_port()
    made = Cluster(f"tcp://127.0.0.1:{port}", folder)
    command = scheduler or [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                            "--no-dashboard"]
    try:
        process = made.start(command, worker_env(), "scheduler", cwd)
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, made.log("scheduler")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, made.log("scheduler")
            time.sleep(0.2)
        yield made
    finally:
        made.stop()


def client_command(folder: Path, out: Path, address: str, exercises: list[str], seed: str, *extra: str) -> list[str]:
    """``grade batch`` as an instructor runs it against the cluster (the installed command)."""
    return [str(BIN / "grade"), "batch", str(folder), "--out", str(out), "--exercises", ",".join(exercises),
            "--lang", "en", "--seed", seed, "--scheduler", address, *extra]


def scratch_left(folder: Path) -> list[str]:
    """The grader's scratch folders left in a temporary directory."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("grader-"))


def stored(out: Path) -> int:
    return len(list(out.glob("learners/*/result.json")))


def result_of(out: Path, learner: str) -> dict:
    return json.loads((out / "learners" / learner / "result.json").read_text(encoding="utf-8"))


def python_without_the_grader(folder: Path) -> Path:
    """A Python with dask and the grader's dependencies but not the grader: a worker machine on which
    the grader was never installed (the dependencies come from this venv through a .pth file)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=300)
    site = subprocess.run([str(folder / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(deps + "\n")
    return folder / "bin" / "python"


def listening(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp{,6} write them) of sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, state = fields[1], fields[3]
            if state == "0A" and int(address.rsplit(":", 1)[1], 16) == port:
                found.append(address.rsplit(":", 1)[0])
    return found
