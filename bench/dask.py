"""`grade batch --scheduler` on a real Dask cluster against a local batch, on one class.

Run from the repository root with the grader's venv (and the [dask] extra):

    .venv/bin/python bench/dask.py [--learners 100] [--class softmax|mixed] > bench/dask.md

1. The class: ``softmax`` (default) is the 100-learner class of bench/vs_nbgrader.py (exercise-3
   notebooks, bench/softmax_class.py); ``mixed`` is tests/class_factory.py's learners x exercises 1-3.
2. Local: `grade batch --workers 1` (one worker's throughput) and `--workers 2`, each timed as a whole
   command in a subprocess, as an instructor waits for it.
3. A cluster of separate programs on 127.0.0.1: `dask scheduler` and two `dask worker --nthreads 1`.
   Once both are listed: the same class through `grade batch --scheduler` three times:
   - *cold*: the workers' first batch (each starts its fork server, TensorFlow imported, at its first task);
   - *warm*: a second batch, same settings (the workers kept their fork servers and the class's answers);
   - *killed*: a third batch into a fresh folder with the workers cold again (restarted), one worker
     SIGKILLed (nanny and worker, for good) once a third of the class is stored; the other finishes.
   Every gradebook must equal the local `--workers 1` gradebook byte for byte.
4. Where the time goes: wall time, time to the first stored result (start-up: the client's start,
   and on cold workers their fork servers importing TensorFlow), learners/min after it (the
   workers' throughput), and the learners' grading time (the reports' durations summed).

Prints markdown; the load average before and after is part of it.  Exit 1 if a gradebook differs
or a learner has no result.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
# This file is named dask.py: with bench/ on sys.path, `import dask` (by distributed) would find it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(REPO / "tests"))

SEED = "20261204"
MIXED_EXERCISES = ["exercise1", "exercise2", "exercise3"]
MIXED_KINDS = ("correct", "correct", "correct", "partial", "partial", "partial", "stub", "syntax", "crash",
               "missing")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load() -> str:
    return os.popen("uptime").read().strip()


@dataclass(frozen=True)
class Run:
    name: str
    seconds: float
    first_result_s: float  # wall time until the first learner's result was on disk
    graded_s: float  # the learners' grading time, the reports' durations summed
    learners: int
    same_gradebook: bool
    note: str = ""

    @property
    def per_min(self) -> float:
        return 60.0 * self.learners / self.seconds

    @property
    def steady_per_min(self) -> float:
        """Learners/min once the first result is in (start-up left out: the workers' throughput)."""
        return 60.0 * (self.learners - 1) / max(1e-9, self.seconds - self.first_result_s)


def make_class(kind: str, folder: Path, learners: int) -> list[str]:
    if kind == "softmax":
        import importlib.util

        spec = importlib.util.spec_from_file_location("softmax_class", BENCH / "softmax_class.py")
        sc = importlib.util.module_from_spec(spec)
        sys.modules["softmax_class"] = sc  # its dataclasses look their module up
        spec.loader.exec_module(sc)

        sc.write_class(folder, sc.plan(learners))
        return ["exercise3"]
    from class_factory import make_class as factory

    factory(folder, learners, MIXED_EXERCISES, kinds=MIXED_KINDS)
    return MIXED_EXERCISES


def graded_seconds(out: Path) -> float:
    total = 0.0
    for path in out.glob("learners/*/result.json"):
        total += sum(r["duration_s"] for r in json.loads(path.read_text(encoding="utf-8"))["reports"])
    return total


def stored(out: Path) -> int:
    return len(list(out.glob("learners/*/result.json")))


def timed(command: list[str], out: Path, learners: int, want: bytes | None, name: str,
          during=None) -> tuple[Run, bytes]:
    """Run ``command`` (a `grade batch`), polling ``out`` for the first result; ``during(stored)`` is
    called while it runs (the killed run kills a worker from there)."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    first = None
    with open(out.parent / f"{out.name}.log", "w") as logfile:
        process = subprocess.Popen(command, cwd=REPO, stdout=logfile, stderr=subprocess.STDOUT)
        note = ""
        while process.poll() is None:
            count = stored(out)
            if first is None and count:
                first = time.perf_counter() - started
            if during is not None:
                note = during(count) or note
            time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{name}: grade batch exited {process.returncode}: "
                         f"{(out.parent / f'{out.name}.log').read_text()[-1500:]}")
    book = (out / "gradebook.csv").read_bytes()
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig") as handle:
        rows = len(list(csv.DictReader(handle)))
    if rows != learners:
        raise SystemExit(f"{name}: {rows} learners in the gradebook, not {learners}")
    return Run(name, seconds, first or seconds, graded_seconds(out), learners,
               want is None or book == want, note), book


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """`dask scheduler` and `dask worker` as separate programs, each in a session of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: list[str]) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("GRADER_SOLUTIONS", "PYTHONPATH")}
        with open(self.folder / f"{name}.log", "wb") as logfile:
            self.processes[name] = subprocess.Popen(command, cwd=self.folder, env=env, stdout=logfile,
                                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                    start_new_session=True)

    def scheduler(self) -> None:
        self._start("scheduler", [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                  "--no-dashboard"])
        deadline = time.monotonic() + 120
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if time.monotonic() > deadline:
                raise SystemExit("the scheduler did not start")
            time.sleep(0.2)

    def worker(self, name: str) -> None:
        self._start(name, [str(BIN / "dask"), "worker", self.address, "--nthreads", "1", "--no-dashboard",
                           "--host", "127.0.0.1", "--name", name])

    def names(self) -> list[str]:
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout="20s") as client:
            return sorted(str(w.get("name")) for w in client.scheduler_info(n_workers=-1)["workers"].values())

    def wait_for(self, names: list[str]) -> None:
        deadline = time.monotonic() + 180
        while self.names() != sorted(names):
            if time.monotonic() > deadline:
                raise SystemExit(f"workers {names} did not join: {self.names()}")
            time.sleep(0.3)

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.processes)[::-1]:
            self.kill(name)


def row(run: Run, base: Run) -> str:
    return (f"| {run.name} | {run.seconds:.1f} | {run.per_min:.0f} | {run.per_min / base.per_min:.2f}x | "
            f"{run.first_result_s:.1f} | {run.steady_per_min:.0f} | {run.steady_per_min / base.steady_per_min:.2f}x | "
            f"{run.graded_s:.1f} | {'yes' if run.same_gradebook else '**no**'} |"
            f" {run.note} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--class", dest="kind", choices=("softmax", "mixed"), default="softmax")
    args = parser.parse_args()
    before = load()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "class"
        exercises = make_class(args.kind, folder, args.learners)
        base = [str(BIN / "grade"), "batch", str(folder), "--exercises", ",".join(exercises), "--lang", "en",
                "--seed", SEED]
        log("local --workers 1")
        one, want = timed(base + ["--out", str(tmp / "local1"), "--workers", "1"], tmp / "local1", args.learners,
                          None, "local, --workers 1")
        log("local --workers 2")
        two, _ = timed(base + ["--out", str(tmp / "local2"), "--workers", "2"], tmp / "local2", args.learners,
                       want, "local, --workers 2")
        (tmp / "cluster").mkdir()
        cluster = Cluster(tmp / "cluster")
        runs = []
        try:
            cluster.scheduler()
            cluster.worker("w1")
            cluster.worker("w2")
            cluster.wait_for(["w1", "w2"])
            scheduled = base + ["--scheduler", cluster.address]
            log("dask cold")
            runs.append(timed(scheduled + ["--out", str(tmp / "cold")], tmp / "cold", args.learners, want,
                              "Dask, 2 workers, cold")[0])
            log("dask warm")
            runs.append(timed(scheduled + ["--out", str(tmp / "warm")], tmp / "warm", args.learners, want,
                              "Dask, 2 workers, warm")[0])
            cluster.kill("w1")
            cluster.kill("w2")
            cluster.worker("w3")
            cluster.worker("w4")
            cluster.wait_for(["w3", "w4"])
            killed = {"done": False}

            def kill_one(count: int) -> str | None:
                if not killed["done"] and count >= args.learners // 3:
                    cluster.kill("w3")
                    killed["done"] = True
                    return f"w3 SIGKILLed at {count} stored"
                return None

            log("dask with a worker killed")
            runs.append(timed(scheduled + ["--out", str(tmp / "killed")], tmp / "killed", args.learners, want,
                              "Dask, 2 workers, one killed", kill_one)[0])
        finally:
            cluster.stop()
    after = load()
    what = ("exercise-3 notebooks (bench/softmax_class.py, the class of bench/vs_nbgrader.py)" if args.kind == "softmax"
            else f"learners x {', '.join(MIXED_EXERCISES)} (tests/class_factory.py)")
    print(f"# `grade batch --scheduler` on a Dask cluster: {args.learners} {what}\n")
    print(f"{os.cpu_count()} cores; scheduler and two `dask worker --nthreads 1` as separate programs on 127.0.0.1; "
          f"seed {SEED}.\n")
    print(f"- load before: `{before}`\n- load after: `{after}`\n")
    print("| run | seconds | learners/min | vs local 1 worker | first result (s) | after it, learners/min | "
          "vs local 1 worker | learners' grading (s) | gradebook = local | note |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run in (one, two, *runs):
        print(row(run, one))
    ok = all(r.same_gradebook for r in (two, *runs))
    print(f"\nEvery gradebook byte for byte the local `--workers 1` one: {'yes' if ok else 'NO'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
