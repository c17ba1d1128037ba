"""One score per file on every machine: the judge's numerics are pinned (grader/harness/numerics.py).

Each test grades a file through the `grade` command twice, as two machines would (another oneDNN
setting in the instructor's environment, another number of CPUs), and compares the JSON reports
without their durations.  Unpinned, both pairs differ (measured on main before the pin: exercise 15's
reference under ``TF_ENABLE_ONEDNN_OPTS=1``, exercise 13's no-softmax learner on one CPU instead of
two, whose held-out accuracy was 0.161 on two CPUs and 0.125 on one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.framework.known_wrong import load

from conftest import SOLUTIONS

pytestmark = pytest.mark.numeric


def _without_durations(value):
    if isinstance(value, dict):
        return {k: _without_durations(v) for k, v in value.items() if k != "duration_s"}
    if isinstance(value, list):
        return [_without_durations(v) for v in value]
    return value


def _report(exercise: str, path: Path, env_changes: dict[str, str], cpus: set[int] | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA")}
    env.update(env_changes)

    def on_those_cpus():
        if cpus is not None:
            os.sched_setaffinity(0, cpus)

    done = subprocess.run([sys.executable, "-m", "grader", exercise, "--file", str(path), "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=path.parent, timeout=600,
                          preexec_fn=on_those_cpus)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    return _without_durations(json.loads(done.stdout))


def test_an_instructor_s_onednn_settings_do_not_change_a_trained_model_s_report(tmp_path):
    path = tmp_path / "exercise15.py"
    path.write_text((SOLUTIONS / "exercise15.py").read_text(encoding="utf-8"), encoding="utf-8")
    plain = _report("exercise15", path, {})
    other = _report("exercise15", path, {"TF_ENABLE_ONEDNN_OPTS": "1", "ONEDNN_MAX_CPU_ISA": "AVX512_CORE"})
    assert plain["score"] == plain["max_score"]
    assert plain == other


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to compare with one")
def test_the_number_of_cpus_does_not_change_a_trained_model_s_report(tmp_path):
    reference = (SOLUTIONS / "exercise13.py").read_text(encoding="utf-8")
    variant = next(v for v in load(SOLUTIONS, "exercise13") if v.name == "no_softmax")
    path = tmp_path / "exercise13.py"
    path.write_text(variant.source(reference), encoding="utf-8")
    two = _report("exercise13", path, {}, cpus=set(sorted(os.sched_getaffinity(0))[:2]))
    one = _report("exercise13", path, {}, cpus={min(os.sched_getaffinity(0))})
    accuracy = next(c for c in two["checks"] if c["name"] == "mnist_accuracy_on_held_out_digits")
    assert accuracy["status"] == "failed"  # the variant is caught, on either machine
    assert two == one
