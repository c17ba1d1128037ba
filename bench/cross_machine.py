"""One score per file on every machine: the trained-model exercises' reports under other machines' settings.

Part 1 writes the JSON report (durations removed: tools/snapshot_reports.py) of every reference
solution, stub and known-wrong variant of exercises 11-16 under each setting a machine or an
instructor's shell may bring: the CPU's widest oneDNN kernels (as-is), oneDNN capped at AVX2, oneDNN
capped at AVX-512 with AMX, oneDNN's graph rewrites forced off and forced on, and one CPU instead of
all.  Each setting's reports are compared with the first's, file by file, and any check whose points
differ is named.

Part 2 measures what the pin costs: the reference models of exercises 12-14 trained as the judge
trains them (fitloop.train, the exercise's seeds), in a fresh process under the judge's pinned
numerics (grader/harness/numerics.py) and in one with TensorFlow's defaults; median of --repeats.

Run from the repository root: `python bench/cross_machine.py > bench/cross_machine.md`
(progress on stderr; about 15 minutes on two cores).  `--label` names the checkout in the output, so a
run on an older commit (before the pin) can stand beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXERCISES = ["exercise11", "exercise12", "exercise13", "exercise14", "exercise15", "exercise16"]
SETTINGS = [  # (name, environment changes, one CPU only)
    ("as-is", {}, False),
    ("ONEDNN_MAX_CPU_ISA=AVX2", {"ONEDNN_MAX_CPU_ISA": "AVX2"}, False),
    ("ONEDNN_MAX_CPU_ISA=AVX512_CORE_AMX", {"ONEDNN_MAX_CPU_ISA": "AVX512_CORE_AMX"}, False),
    ("TF_ENABLE_ONEDNN_OPTS=0", {"TF_ENABLE_ONEDNN_OPTS": "0"}, False),
    ("TF_ENABLE_ONEDNN_OPTS=1", {"TF_ENABLE_ONEDNN_OPTS": "1"}, False),
    ("one CPU", {}, True),
]

TRAIN = r"""
import importlib.util, json, os, sys, time
if sys.argv[2] == "pinned":
    from grader.harness import numerics
    numerics.pin_this_process()
import numpy as np
import keras
from grader.data import judged
from grader.harness import fitloop
name, seeds = sys.argv[1], {"exercise12": 3, "exercise13": 1, "exercise14": 5}
spec = importlib.util.spec_from_file_location(name, os.path.join(sys.argv[3], "solutions", name + ".py"))
solution = importlib.util.module_from_spec(spec); spec.loader.exec_module(solution)
split = {"exercise12": judged.iris, "exercise13": judged.digits, "exercise14": judged.housing}[name]()
x, x_test = split.x_train, split.x_test
if name == "exercise13":
    x, x_test = solution.preprocess(x), solution.preprocess(x_test)
model = getattr(solution, {"exercise12": "build_iris_model", "exercise13": "build_mnist_model",
                           "exercise14": "build_housing_bn_model"}[name])()
wall, cpu = time.perf_counter(), time.process_time()
fitloop.train(model.to_json(), model.get_compile_config(), solution.FIT, x, split.y_train,
              list(range(seeds[name])), x_test=x_test)
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))
"""


def _env(changes: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ONEDNN_MAX_CPU_ISA", "TF_ENABLE_ONEDNN_OPTS")}
    env.update(changes, TF_CPP_MIN_LOG_LEVEL="3")
    return env


def _one_cpu():
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def snapshot(out: Path, changes: dict[str, str], one_cpu: bool) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "tools" / "snapshot_reports.py"), str(out), *EXERCISES],
                   check=True, env=_env(changes), cwd=REPO, stdout=subprocess.DEVNULL,
                   preexec_fn=_one_cpu if one_cpu else None)
    return time.perf_counter() - start


def compare(first: Path, other: Path) -> tuple[int, int, list[str]]:
    files = sorted(p.name for p in first.glob("*.json"))
    differ, points = 0, []
    for name in files:
        a, b = (json.loads((d / name).read_text(encoding="utf-8"))["en"] for d in (first, other))
        if a != b:
            differ += 1
            for x, y in zip(a["checks"], b["checks"]):
                if (x["points"], x["status"]) != (y["points"], y["status"]):
                    points.append(f"{name[:-5]} {x['name']}: {x['points']} vs {y['points']}")
    return len(files), differ, points


def training_cost(repeats: int) -> list[tuple[str, str, float, float]]:
    rows = []
    for name in ("exercise12", "exercise13", "exercise14"):
        for mode in ("pinned", "defaults"):
            runs = []
            for _ in range(repeats):
                done = subprocess.run([sys.executable, "-c", TRAIN, name, mode, str(REPO)], check=True,
                                      capture_output=True, text=True, env=_env({}), cwd="/")
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            rows.append((name, mode, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)))
            print(f"{name} {mode}: {rows[-1][2]:.2f} s", file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=REPO).stdout.strip()
    print(f"# Reports across machine settings ({args.label or commit})\n")
    print(f"Run of {time.strftime('%Y-%m-%d %H:%M')} at {commit}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f} at the start.\n")
    print("| setting | reports | differ from as-is | checks whose points differ | time |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        first = None
        for name, changes, one_cpu in SETTINGS:
            out = Path(work) / name.replace("=", "_").replace(" ", "_")
            seconds = snapshot(out, changes, one_cpu)
            print(f"{name}: {seconds:.0f} s", file=sys.stderr, flush=True)
            if first is None:
                first = out
                total = len(list(out.glob("*.json")))
                print(f"| {name} | {total} | (the reference) | | {seconds:.0f} s |", flush=True)
                continue
            total, differ, points = compare(first, out)
            print(f"| {name} | {total} | {differ} | {'; '.join(points) or 'none'} | {seconds:.0f} s |", flush=True)
    if args.skip_cost:
        return
    print("\n## What the pin costs: the judge's training of the reference models\n")
    print(f"Median of {args.repeats} fresh processes each; wall and CPU seconds of `fitloop.train` alone.\n")
    print("| exercise | numerics | wall | CPU |")
    print("|---|---|---|---|")
    for name, mode, wall, cpu in training_cost(args.repeats):
        print(f"| {name} | {mode} | {wall:.2f} s | {cpu:.2f} s |", flush=True)
    print(f"\nLoad at the end: {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
