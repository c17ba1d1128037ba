"""What a learner's process sends costs ``grade`` bounded work: linear time, memory in proportion.

Two attacks through the real ``grade`` command: a model description of megabytes of nested empty
lists (the embedded-data check once walked every list's subtree again for each list: quadratic, 191 s
under ``--timeout 20``), and frames of tens of megabytes of empty lists written straight onto the
result channel (each ``[]`` of 3 bytes became a Python list of 56: 2.3 GiB in ``grade``).  Both
are the learner's error, reported as such, in a bounded time and memory.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from attack_tools import base_env, checks_by_name, grade_command, no_traceback, solution_source

pytestmark = pytest.mark.slow

NESTED_DESCRIPTION = '''
FIT = {"epochs": 1}
_CHAIN = "[" * 400 + "]" * 400
NESTED = "[" + ",".join([_CHAIN] * 5000) + "]"          # 4 MB of empty lists, 400 deep


def build_iris_model():
    return {"__keras_model__": {"class": "Functional", "input_shape": [None, 4], "output_shape": [None, 3],
                                "architecture": NESTED, "compile": {"loss": "categorical_crossentropy"}}}
'''

EMPTY_LIST_FRAMES = '''
import os as _os, struct as _struct

_BODY = b"[" + b"[]," * (50_000_000 // 3) + b"[]]"     # 50 MB: 16.7 million empty lists


def _send(data):
    view = memoryview(_struct.pack(">I", len(data)) + data)
    while view:
        try:
            view = view[_os.write(3, view):]
        except OSError:
            return


def softmax(z):
    _send(_BODY)
    return _honest(z)
'''


def _run(tmp_path: Path, exercise: str, source: str, *extra: str, timeout: float):
    """``grade`` on ``source``, its exit code, report, wall time and peak resident memory (VmHWM)."""
    path = tmp_path / f"{exercise}.py"
    path.write_text(source, encoding="utf-8")
    command = grade_command() + [exercise, "--file", str(path), "--format", "json", *extra]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=tmp_path, env=base_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_kib = 0
    try:
        import threading

        out: dict[str, bytes] = {}
        reader = threading.Thread(target=lambda: out.update(zip(("stdout", "stderr"), proc.communicate())))
        reader.start()
        while reader.is_alive() and time.monotonic() - started < timeout:
            try:
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            reader.join(0.1)
        if reader.is_alive():
            proc.kill()
            reader.join()
            pytest.fail(f"grade was still running after {timeout:.0f} s (peak {peak_kib // 1024} MiB)")
    finally:
        if proc.poll() is None:
            proc.kill()
    import json

    seconds = time.monotonic() - started
    stderr = out.get("stderr", b"").decode("utf-8", "replace")
    assert no_traceback(stderr), stderr[-2000:]
    assert proc.returncode in (0, 1), (proc.returncode, stderr[-2000:])
    return json.loads(out["stdout"]), seconds, peak_kib


def test_a_description_of_megabytes_of_nested_lists_is_refused_in_linear_time(tmp_path):
    report, seconds, _peak = _run(tmp_path, "exercise12", NESTED_DESCRIPTION, "--timeout", "20", timeout=240)
    checks = checks_by_name(report)
    structure = checks["iris_model_structure"]  # refused once, where the model is first judged
    assert structure["status"] == "failed" and structure["points"] == 0, structure
    assert "too large" in structure["message"] and "grader itself" not in structure["message"], structure
    for name in ("iris_model_compiled", "iris_accuracy_on_held_out_flowers"):  # skipped, naming that check
        assert checks[name]["status"] == "skipped" and checks[name]["points"] == 0, checks[name]
        assert checks[name]["needs"] == "iris_model_structure", checks[name]
        assert "too large" not in checks[name]["message"], checks[name]
    assert report["score"] <= 1  # FIT alone
    assert seconds < 120, seconds  # about the time of starting TensorFlow, not minutes of checking


def test_frames_of_empty_lists_cost_grade_memory_in_proportion_to_the_frame(tmp_path):
    source = solution_source("exercise3").replace("def softmax(", "def _honest(", 1) + EMPTY_LIST_FRAMES
    report, _seconds, peak_kib = _run(tmp_path, "exercise3", source, "--timeout", "60", timeout=300)
    softmax_checks = [c for c in report["checks"] if c["function"] == "softmax"]
    assert softmax_checks and all(c["status"] in ("error", "failed") for c in softmax_checks), softmax_checks
    assert all(c["message"] for c in softmax_checks)
    assert peak_kib < 512 * 1024, f"grade peaked at {peak_kib // 1024} MiB for frames of 50 MB"
