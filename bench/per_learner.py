"""Where one learner's grading goes: each part of `grade batch` on a class of exercise-3 notebooks.

Run from the repository root with the grader's venv, as root for the full sandbox:

    .venv/bin/python bench/per_learner.py [--learners 40]

Two measurements, neither of which changes the grader (no timer is left in production code):

1. **The grading process's side**, `grader.batch.grading.run` with one worker in this process, its
   functions wrapped here with ``time.perf_counter`` (and this process's CPU time, plus the CPU time
   of its reaped children, from ``getrusage``): the fork server's start-up, each worker's spawn round
   trip (the fork server forks a guardian, which enters the namespaces, makes the cgroup, forks the
   confined child and reports), the wait for the worker to be ready (the child's confinement, the
   worker's start-up, loading the notebook), the checks' round trips, stopping the processes (the
   guardian kills, sweeps, removes the cgroup and is reaped), the scratch folders, the per-learner
   reports (result.json, report.json/md/html, Gradescope's results.json), the class's outputs
   (gradebook, LMS gradebooks, junit.xml, summary.html).
2. **Inside the worker's processes**, which a wrapper in this process cannot see: a copy of the
   guardian's sequence (grader/sandbox/fork_server/guardian.py) run here, in a process that imported
   what a fork server imports (TensorFlow, the worker, nbformat warmed), each step timed: the two
   forks, ``enter_namespaces``, the cgroup, the confinement's steps (the root file system, the
   learner's identity, the environment and resource limits), the worker's start (output capture,
   shims) and loading each learner's notebook, then the teardown (kill, cgroup removal).  The grader
   has no seccomp filter (SECURITY.md); Landlock applies only where namespaces are refused, so at the
   full level (root) it is not on the path.

Prints a Markdown table per measurement: total, per learner and share of the run.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import softmax_class as sc  # noqa: E402

EXERCISE = "exercise3"
SEED = "20261204"


class Timers:
    """Wall seconds and calls per part, exclusive: a wrapped call inside another is not counted twice
    (the outer part is charged only for what is not in the inner one), per thread."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._local = threading.local()

    def _enter(self) -> None:
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        stack.append(0.0)  # time of the inner wrapped calls

    def _leave(self, part: str, seconds: float) -> None:
        stack = self._local.stack
        inner = stack.pop()
        self.wall[part] += seconds - inner
        if stack:
            stack[-1] += seconds

    def wrap(self, owner, name: str, part: str, generator: bool = False) -> None:
        original = getattr(owner, name)
        timers = self

        if generator:  # a @contextmanager's function: time its enter and its exit both, not the block
            @contextmanager
            def timed_cm(*args, **kwargs):
                timers._enter()
                started = time.perf_counter()
                cm = original(*args, **kwargs)
                value = cm.__enter__()
                timers._leave(part, time.perf_counter() - started)
                timers.calls[part] += 1
                try:
                    yield value
                except BaseException:
                    if not cm.__exit__(*sys.exc_info()):
                        raise
                else:
                    timers._enter()
                    started = time.perf_counter()
                    cm.__exit__(None, None, None)
                    timers._leave(part, time.perf_counter() - started)
            setattr(owner, name, timed_cm)
            return

        def timed(*args, **kwargs):
            timers._enter()
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timers._leave(part, time.perf_counter() - started)
                timers.calls[part] += 1
        setattr(owner, name, timed)


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure_grading(folder: Path, learners: int, workers: int) -> None:
    from grader import packs
    from grader.batch import grading, outputs, store
    from grader.batch.layouts import discover
    from grader.grading import check_loop, parties, scratch
    from grader.grading.options import GradeOptions
    from grader.sandbox import session
    from grader.sandbox.fork_server import client

    import grader.runner as runner

    t = Timers()
    t.wrap(client.ForkServer, "__init__", "fork server start-up (Python, TensorFlow, nbformat)")
    t.wrap(client.ClonedForkServer, "__init__", "fork server copies (one a thread, forked by the first)")
    t.wrap(client.ForkServer, "spawn", "spawn: fork, guardian, namespaces, cgroup, child")
    t.wrap(session.WorkerSession, "start", "ready: confinement, worker start, notebook loaded")
    t.wrap(session.WorkerSession, "close", "stop: exit, kill, sweep, cgroup removed, reaped")
    t.wrap(runner, "run_checks", "checks' round trips and verdicts")
    t.wrap(runner, "prepare_scratch", "scratch folders made and removed", generator=True)
    t.wrap(runner, "start_parties", "parties set up (less their spawns)", generator=True)
    t.wrap(runner, "grade_submission", "grade_submission's own (reading, plan, report)")
    t.wrap(store, "save", "result.json (store.save)")
    t.wrap(outputs, "write_learner", "learner's pages: report.json/md/html, results.json")
    t.wrap(outputs, "write_class", "class outputs: gradebooks, junit.xml, summary.html")

    pack = packs.builtin()
    with tempfile.TemporaryDirectory(prefix="per-learner-") as tmp:
        tmp = Path(tmp)
        classroom = discover(folder, [EXERCISE], tmp / "work", pack)
        out = tmp / "out"
        options = grading.BatchOptions((EXERCISE,), workers, False, GradeOptions(seed=SEED), None, pack)
        cpu_self, cpu_children = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        outcome = grading.run(classroom, out, options, on_result=lambda r: outputs.write_learner(out, r, "en"))
        graded = time.perf_counter()
        outputs.write_class(out, list(outcome.results), [EXERCISE], "en")
        wall = time.perf_counter() - started
        cpu_self = cpu_seconds(resource.RUSAGE_SELF) - cpu_self
        cpu_children = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_children
    accounted = sum(t.wall.values())
    print(f"## The grading process's side: {learners} learners, {workers} worker(s), in-process "
          f"`grading.run`\n")
    print(f"Whole run {wall:.2f} s (grading {graded - started:.2f} s); CPU: this process {cpu_self:.2f} s, "
          f"its reaped children (fork servers and all they forked) {cpu_children:.2f} s, "
          f"{(cpu_self + cpu_children) / learners * 1000:.0f} ms of CPU a learner.\n")
    print("| part | calls | total s | ms a learner | share of the run |")
    print("|---|---:|---:|---:|---:|")
    for part, seconds in sorted(t.wall.items(), key=lambda kv: -kv[1]):
        print(f"| {part} | {t.calls[part]} | {seconds:.2f} | {seconds / learners * 1000:.1f} | "
              f"{seconds / wall * 100:.0f}% |")
    rest = wall - accounted
    print(f"| the rest (threads, planning, the reference's answers, reading results back) | | {rest:.2f} | "
          f"{rest / learners * 1000:.1f} | {rest / wall * 100:.0f}% |")
    print()


def _child_steps(spec, notebook: str, write_fd: int, t0: float) -> None:
    """The confined child's steps (grader/sandbox/confine/__init__.py confine_child, full level), timed."""
    from grader.harness import shims
    from grader.sandbox import loader, output
    from grader.sandbox.confine import HOME, filesystem, process

    marks = [("child forked", time.perf_counter())]
    quiet = os.open(os.devnull, os.O_WRONLY)  # what the learners print is not this table
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    level = _child_steps.level
    filesystem.build_root(spec, level, list(spec.forbidden))
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    marks.append(("confine: root file system (mounts, pivot_root)", time.perf_counter()))
    process.become_learner(level)
    marks.append(("confine: identity (setsid, uid, capabilities)", time.perf_counter()))
    process.set_environment(spec, HOME)
    process.set_limits(spec, level)
    marks.append(("confine: environment and rlimits", time.perf_counter()))
    output.install(sys)
    shims.install()
    marks.append(("worker start: output capture, shims", time.perf_counter()))
    loader.load(os.path.join(HOME, "learner.ipynb"), "learner.ipynb", "learner")
    marks.append(("notebook loaded (nbformat read, cells run)", time.perf_counter()))
    os.write(write_fd, repr([(name, at - t0) for name, at in marks]).encode())
    os._exit(0)


def measure_inside(folder: Path, learners: int) -> None:
    import ast

    import tensorflow  # noqa: F401 - as the fork server has
    import keras  # noqa: F401
    import grader.sandbox.worker  # noqa: F401
    from grader import packs
    from grader.grading import scratch as scratch_mod
    from grader.grading.worker_specs import learner_spec
    from grader.grading.options import GradeOptions
    from grader.sandbox import confine, loader

    loader.warm_notebooks()
    import gc
    gc.freeze()  # as the fork server does before its first fork
    if os.geteuid() != 0:
        print("## Inside the worker's processes\n\nnot measured: needs root (the full level's namespaces)\n")
        return
    notebooks = sorted(folder.glob("*/*.ipynb"))[:learners]
    steps: dict[str, float] = defaultdict(float)
    for notebook in notebooks:
        with scratch_mod.prepare_scratch(notebook) as scratch:
            spec = learner_spec(scratch, GradeOptions(seed=SEED), packs.builtin())
            from dataclasses import replace
            spec = replace(spec, files=((str(notebook), "learner.ipynb"),))
            read_r, read_w = os.pipe()
            t0 = time.perf_counter()
            guardian = os.fork()
            if guardian == 0:  # the guardian's sequence
                os.close(read_r)
                marks = [("fork server → guardian fork", time.perf_counter())]
                level = confine.enter_namespaces(spec)
                marks.append(("guardian: enter_namespaces", time.perf_counter()))
                cgroup = confine.Cgroup.create(f"grader-bench-{os.getpid()}", spec.memory_bytes, spec.max_processes)
                level.cgroup = cgroup is not None
                marks.append(("guardian: cgroup made", time.perf_counter()))
                child_r, child_w = os.pipe()
                go_r, go_w = os.pipe()
                child = os.fork()
                if child == 0:
                    os.close(child_r)
                    os.close(go_w)
                    os.read(go_r, 1)
                    _child_steps.level = level
                    _child_steps(spec, str(notebook), child_w, t0)
                os.close(child_w)
                os.close(go_r)
                marks.append(("guardian: child forked (guardian's side)", time.perf_counter()))
                if cgroup is not None:
                    cgroup.add(child)
                os.write(go_w, b"x")
                marks.append(("guardian: child put in its cgroup", time.perf_counter()))
                raw = b""
                while chunk := os.read(child_r, 65536):
                    raw += chunk
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                killed = time.perf_counter()
                if cgroup is not None:
                    cgroup.remove()
                done = time.perf_counter()
                child_marks = ast.literal_eval(raw.decode()) if raw else []
                timeline = sorted([*[(n, a - t0) for n, a in marks], *child_marks], key=lambda m: m[1])
                timeline += [("teardown: child killed and reaped", killed - t0),
                             ("teardown: cgroup removed", done - t0)]
                os.write(read_w, repr(timeline).encode())
                os._exit(0)
            os.close(read_w)
            raw = b""
            while chunk := os.read(read_r, 65536):
                raw += chunk
            os.close(read_r)
            os.waitpid(guardian, 0)
            timeline = ast.literal_eval(raw.decode())
            previous = 0.0
            for name, at in timeline:
                steps[name] += max(at - previous, 0.0)
                previous = max(previous, at)
            steps["guardian reaped (its exit)"] += time.perf_counter() - t0 - previous
    total = sum(steps.values())
    print(f"## Inside the worker's processes: the guardian's sequence for {len(notebooks)} learners' notebooks\n")
    print(f"{total / len(notebooks) * 1000:.1f} ms a learner from the fork to the teardown's end.\n")
    print("| step | ms a learner | share |")
    print("|---|---:|---:|")
    for name, seconds in steps.items():
        print(f"| {name} | {seconds / len(notebooks) * 1000:.1f} | {seconds / total * 100:.0f}% |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--part", choices=("both", "grading", "inside"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="per-learner-class-") as tmp:
        folder = Path(tmp) / "class"
        sc.write_class(folder, sc.plan(args.learners))
        print(f"# Per-learner cost of `grade batch`, exercise 3 notebooks, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f} at the start\n")
        if args.part in ("both", "grading"):
            measure_grading(folder, args.learners, args.workers)
        if args.part in ("both", "inside"):
            pid = os.fork()  # TensorFlow imported in a process of its own, as a fork server's
            if pid == 0:
                try:
                    measure_inside(folder, args.learners)
                finally:
                    sys.stdout.flush()
                    os._exit(0)
            os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
