"""`grade batch` against `nbgrader autograde` on one class of exercise-3 notebooks.

Run from the repository root with the grader's venv:

    .venv/bin/python bench/vs_nbgrader.py [--learners 20] [--keep] [--skip-nbgrader]

1. Generates N learners' notebooks for exercise 3 (bench/softmax_class.py): each
   imports TensorFlow in its first cell; ~60% correct in eight styles, ~20% with
   one mistake, ~10% the untouched stub, ~10% a syntax error or a crash.
2. nbgrader (bench/nbgrader_course.py, in its own venv bench/.venv-nbgrader,
   created on first run): a course directory with the instructor's notebook
   (solution cells, six autograded test cells = the grader's six checks, same
   points), `nbgrader generate_assignment ps1`, the learners' code pasted into
   the release's solution cells under submitted/<learner>/ps1/, then
   `nbgrader autograde ps1`, timed.  Every learner must be in its gradebook with
   all six test cells scored.
3. `grade batch <class> --out <dir> --exercises exercise3 --workers 1`, then
   `--workers 2` (fresh out dirs), each timed as a whole command in a subprocess.
   Every learner must be in gradebook.csv.
4. Both tools: correct learners full marks, stubs and broken ones 0, learners
   with a mistake in between.  Then one table: tool, workers, seconds,
   learners/min, and the ratios ours(2 workers)/nbgrader and ours 2/1 workers.

Wall times include each tool's start-up (Python, TensorFlow import, nbgrader's
database), as a user running the command waits for them.  Exit 1 if a check of
the gradebooks failed (the table is printed anyway).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import nbgrader_course as ng  # noqa: E402
import softmax_class as sc  # noqa: E402

EXERCISE = "exercise3"
# TensorFlow's C++ runtime logs "failed call to cuInit" to stderr at the first TF op on a
# machine without a GPU.  nbgrader scores a test cell that printed anything to stderr as 0
# (nbgrader.utils.determine_grade), so a correct learner whose first TF op runs inside a
# test cell would lose that cell's points.  An instructor of a TF course with nbgrader has to
# silence it; this does, for nbgrader's kernels only (the grader needs nothing of the kind).
NBGRADER_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3"}
# Both `grade batch` runs draw their hidden inputs from this seed, so their gradebooks can be
# compared byte for byte: what differs between them is the number of workers only.
GRADING_SEED = "20261204"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def grade_command() -> list[str]:
    """The `grade` console script beside this Python, as a user of the venv runs it."""
    script = Path(sys.executable).parent / "grade"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "grader"]


def plausible(tool: str, learners: list[sc.Learner], scores: dict[str, float], max_score: float) -> list[str]:
    """Problems with a tool's scores: missing learners, correct ones not full, and so on."""
    problems = []
    for learner in learners:
        kind, got = learner.style.kind, scores.get(learner.id)
        where = f"{tool}: {learner.id} ({learner.style.name})"
        if got is None:
            problems.append(f"{where} is not in the gradebook")
        elif kind == "correct" and got != max_score:
            problems.append(f"{where} is correct but got {got:g}/{max_score:g}")
        elif kind in ("stub", "broken") and got != 0:
            problems.append(f"{where} should get 0, got {got:g}/{max_score:g}")
        elif kind == "mistake" and not 0 < got < max_score:
            problems.append(f"{where} has one mistake but got {got:g}/{max_score:g}")
    extra = set(scores) - {learner.id for learner in learners}
    if extra:
        problems.append(f"{tool}: unknown learners in the gradebook: {sorted(extra)}")
    return problems


def run_nbgrader(tmp: Path, learners: list[sc.Learner], timeout: int
                 ) -> tuple[float, dict[str, float], list[str], dict[str, dict]]:
    ng.ensure_venv(log)
    log(f"nbgrader venv: {ng.versions()}")
    root = tmp / "nbgrader-course"
    env = ng.environment(tmp / "nbgrader-home")
    env.update(NBGRADER_ENV)
    ng.make_course(root, timeout)
    seconds = ng.generate(root, env)
    log(f"nbgrader generate_assignment ps1: {seconds:.1f} s (not counted)")
    for learner in learners:
        ng.submit(root, learner.id, sc.notebook(learner.style))
    log(f"nbgrader autograde ps1: {len(learners)} submissions ...")
    seconds, stderr = ng.autograde(root, env)
    (tmp / "nbgrader-autograde.log").write_text(stderr)
    graded = ng.scores(root)
    problems = []
    for learner in learners:
        entry = graded.get(learner.id)
        if entry is not None and (entry["scored"] != len(ng.TESTS) or entry["max_score"] != ng.MAX_POINTS):
            problems.append(f"nbgrader: {learner.id} has {entry['scored']}/{len(ng.TESTS)} test cells scored "
                            f"of {entry['max_score']:g} points")
    totals = {learner: entry["score"] for learner, entry in graded.items()}
    exported = ng.export(root, env)
    if exported != totals:
        problems.append(f"nbgrader: `nbgrader export` disagrees with the gradebook: {exported} vs {totals}")
    cells = {learner: entry["cells"] for learner, entry in graded.items()}
    return seconds, totals, problems, cells


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's reaped children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of each `grade batch` run (grade and every process it started), by worker count.
CPU: dict[int, float] = {}
LOAD_AT_START = 0.0


def run_grade_batch(tmp: Path, folder: Path, workers: int) -> tuple[float, dict[str, float], float, list[str]]:
    out = tmp / f"graded-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    command = [*grade_command(), "batch", str(folder), "--out", str(out), "--exercises", EXERCISE,
               "--workers", str(workers), "--seed", GRADING_SEED]
    log(f"grade batch --workers {workers} ...")
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    CPU[workers] = children_cpu() - cpu
    (tmp / f"grade-batch-{workers}.log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr)
    problems = []
    if done.returncode != 0:
        problems.append(f"grade batch --workers {workers} exited {done.returncode}: {done.stderr[-800:]}")
    scores: dict[str, float] = {}
    max_score = 0.0
    gradebook = out / "gradebook.csv"
    if gradebook.is_file():
        with open(gradebook, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                scores[row["learner"]] = float(row[EXERCISE])
                max_score = max(max_score, float(row["max_total"]))
    else:
        problems.append(f"grade batch --workers {workers} wrote no gradebook.csv")
    return seconds, scores, max_score, problems


def check_statuses(out: Path) -> dict[str, dict[str, str]]:
    """{learner: {check: status}} from grade batch's per-learner report.json."""
    statuses = {}
    for report in sorted(out.glob("learners/*/report.json")):
        data = json.loads(report.read_text())
        statuses[data["learner"]] = {c["name"]: c["status"] for e in data["exercises"] for c in e["checks"]}
    return statuses


def grader_faults(out: Path) -> list[str]:
    """Learners whose process died while loading (a crash of the grading process, not a score)."""
    found = []
    for report in sorted(out.glob("learners/*/report.json")):
        data = json.loads(report.read_text())
        for exercise in data["exercises"]:
            messages = {c.get("message") or "" for c in exercise["checks"]}
            died = sorted(m for m in messages if "ended its process" in m)
            if died:
                tail = [line for line in exercise.get("output", "").splitlines() if line.startswith("F0000")]
                found.append(f"{data['learner']}: {died[0][:120]}" + (f" [{tail[0][:160]}]" if tail else ""))
    return found


def imported_tf_themselves(out: Path) -> tuple[int, int]:
    """(learners whose own process imported TensorFlow, learners): TensorFlow logs
    "cudart_stub.cc ... Could not find cuda drivers" when it is imported on a machine
    without a GPU, and a learner's output holds it only if the import happened in the
    learner's process rather than in the fork server before the fork."""
    reports = sorted(out.glob("learners/*/report.json"))
    mine = sum(1 for r in reports
               if any("cudart_stub.cc" in e.get("output", "") for e in json.loads(r.read_text())["exercises"]))
    return mine, len(reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=20, help="class size (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders and print where")
    parser.add_argument("--skip-nbgrader", action="store_true", help="time only grade batch")
    parser.add_argument("--cell-timeout", type=int, default=120,
                        help="nbgrader's ExecutePreprocessor timeout per cell, seconds (default 120)")
    args = parser.parse_args()

    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-vs-nbgrader-"))
    try:
        learners = sc.plan(args.learners)
        folder = tmp / "class"
        sc.write_class(folder, learners)
        kinds: dict[str, int] = {}
        for learner in learners:
            kinds[learner.style.kind] = kinds.get(learner.style.kind, 0) + 1
        print(f"# grade batch vs nbgrader autograde, {dt.date.today().isoformat()}")
        print()
        print(f"{args.learners} learners, exercise 3 (softmax by hand) as notebooks importing TensorFlow, "
              f"on {os.cpu_count()} cores: " + ", ".join(f"{k} {kinds[k]}" for k in sc.GROUPS if k in kinds))
        print()

        rows: list[tuple[str, str, float]] = []
        problems: list[str] = []
        all_scores: dict[str, dict[str, float]] = {}
        if not args.skip_nbgrader:
            seconds, scores, found, nb_cells = run_nbgrader(tmp, learners, args.cell_timeout)
            rows.append(("nbgrader autograde", "1", seconds))
            problems += found + plausible("nbgrader", learners, scores, ng.MAX_POINTS)
            all_scores["nbgrader"] = scores
        ours: dict[int, float] = {}
        for workers in (1, 2):
            seconds, scores, max_score, found = run_grade_batch(tmp, folder, workers)
            ours[workers] = seconds
            rows.append(("grade batch", str(workers), seconds))
            problems += found + plausible(f"grade batch -w{workers}", learners, scores, sc.MAX_POINTS)
            if max_score and max_score != sc.MAX_POINTS:
                problems.append(f"grade batch -w{workers}: max_total {max_score:g}, expected {sc.MAX_POINTS:g}")
            all_scores[f"grade batch -w{workers}"] = scores
        if all_scores["grade batch -w1"] != all_scores["grade batch -w2"]:
            problems.append("grade batch: the gradebooks of 1 and 2 workers differ")
        for workers in (1, 2):
            problems += [f"grade batch -w{workers}: {fault}" for fault in grader_faults(tmp / f"graded-{workers}")]

        print("| tool | workers | seconds | learners/min |")
        print("|---|---:|---:|---:|")
        for tool, workers, seconds in rows:
            print(f"| {tool} | {workers} | {seconds:.1f} | {args.learners / seconds * 60:.1f} |")
        print()
        if not args.skip_nbgrader:
            nb_seconds = rows[0][2]
            print(f"ours (2 workers) / nbgrader, learners/min: {nb_seconds / ours[2]:.2f}x")
        print(f"ours 2 workers / 1 worker, learners/min: {ours[1] / ours[2]:.2f}x")
        print("CPU time of grade batch and every process it started (getrusage): "
              + ", ".join(f"{w} worker(s) {CPU[w]:.1f} s, {CPU[w] / args.learners * 1000:.0f} ms a learner"
                          for w in sorted(CPU)))
        print(f"load average at the start: {LOAD_AT_START:.2f}")
        print()

        print("Scores (of 10) per learner:")
        print()
        tools = list(all_scores)
        print("| learner | kind | style | " + " | ".join(tools) + " |")
        print("|---|---|---|" + "---:|" * len(tools))
        for learner in learners:
            cells = [f"{all_scores[t][learner.id]:g}" if learner.id in all_scores[t] else "—" for t in tools]
            print(f"| {learner.id} | {learner.style.kind} | {learner.style.name} | " + " | ".join(cells) + " |")
        print()
        if "nbgrader" in all_scores:
            differ = [learner.id for learner in learners
                      if all_scores["nbgrader"].get(learner.id) != all_scores["grade batch -w2"].get(learner.id)]
            print(f"nbgrader and grade batch agree on {len(learners) - len(differ)} of {len(learners)} learners"
                  + (f"; differ on {', '.join(differ)}" if differ else "") + ".")
        statuses = check_statuses(tmp / "graded-2")
        if "nbgrader" in all_scores:
            for learner in differ:
                theirs = nb_cells.get(learner, {})
                print(f"- {learner}: nbgrader " + ", ".join(f"{k} {v:g}" if v is not None else f"{k} -"
                                                             for k, v in theirs.items())
                      + "; grade batch " + ", ".join(f"{k} {v}" for k, v in statuses.get(learner, {}).items()))
        own, total = imported_tf_themselves(tmp / "graded-2")
        print()
        print(f"grade batch: {own} of {total} learners' processes imported TensorFlow themselves "
              "(its start-up logs are in their output), instead of forking from a server that had.")
        print(f"nbgrader ran with {' '.join(f'{k}={v}' for k, v in NBGRADER_ENV.items())} in its environment "
              "(see NBGRADER_ENV in bench/vs_nbgrader.py).")
        if problems:
            print()
            print("CHECKS FAILED:")
            for problem in problems:
                print(f"- {problem}")
        else:
            print("Checks: every learner in every gradebook; correct learners full, stubs and broken 0, "
                  "one-mistake learners in between, in both tools.")
        return 1 if problems else 0
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
