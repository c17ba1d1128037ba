"""Issue 22, weakness: learner code that breaks the worker is the learner's fault.

The worker's own code (``Worker.handle``, the load report, ``os._exit`` with the grader's exit
statuses) runs in the same process as learner code, which can patch or imitate any of it.  Once
learner code has run in a process, whatever that process sends or fails at is the learner's: a
clear message, the check an error, never "the grader itself failed" (exit 2 of ``grade``, which a
platform reads as a grader outage).  Each attack runs through ``grade`` with real processes.
"""

from __future__ import annotations

import json

import pytest

from attack_tools import HONEST_SOFTMAX, base_env, batch, gradebook, run_grade, solution_source

PATCH_HANDLE = '''
import grader.sandbox.worker as _w

def _broken(self, request):
    raise RuntimeError("patched by the learner")

_w.Worker.handle = _broken
'''

PATCH_LOAD_REPORT = '''
import grader.sandbox.loader as _l

def _broken(self, *args, **kwargs):
    raise RuntimeError("load report patched by the learner")

_l.Loaded.report = _broken
'''

PATCH_SERVE_TO_EXIT_AS_WORKER_FAULT = '''
import os, sys
import grader.sandbox.worker as _w
from grader.sandbox.protocol import WORKER_FAULT_EXIT

def _broken(self, request):
    os.write(2, b"grader: the worker failed: KeyError: forged by the learner\\n")
    import ctypes
    ctypes.CDLL(None)._exit(WORKER_FAULT_EXIT)

_w.Worker.handle = _broken
'''

EXIT_AS_SETUP_FAILURE_AT_LOAD = '''
import os, ctypes
from grader.sandbox.protocol import SETUP_EXIT
os.write(2, b"grader: sandbox setup failed: forged by the learner\\n")
ctypes.CDLL(None)._exit(SETUP_EXIT)
'''

PATCH_HANDLE_TO_SEND_NONSENSE = '''
import grader.sandbox.worker as _w
from grader.sandbox.protocol import OutcomeKind, Reply

def _nonsense(self, request):
    return Reply(request.id, OutcomeKind.BAD_REQUEST, detail="forged by the learner")

_w.Worker.handle = _nonsense
'''

PATCH_HANDLE_TO_ANSWER_WRONG_KINDS = '''
import grader.sandbox.worker as _w
from grader.sandbox.protocol import OutcomeKind, Reply

def _odd(self, request):
    return Reply(request.id, OutcomeKind.VALUE, value={"not": ["what", {"was": "asked"}]}, captures={"0": "x"})

_w.Worker.handle = _odd
'''

ATTACKS = {
    "Worker.handle-raises": PATCH_HANDLE,
    "load-report-raises": PATCH_LOAD_REPORT,
    "exit-with-worker-fault-status": PATCH_SERVE_TO_EXIT_AS_WORKER_FAULT,
    "exit-with-setup-status-at-load": EXIT_AS_SETUP_FAILURE_AT_LOAD,
    "bad-request-replies": PATCH_HANDLE_TO_SEND_NONSENSE,
    "values-of-another-kind": PATCH_HANDLE_TO_ANSWER_WRONG_KINDS,
}
#: Attacks that end the process: the learner is told its code broke the grading process.
ENDS_THE_PROCESS = {"Worker.handle-raises", "load-report-raises", "exit-with-worker-fault-status",
                    "exit-with-setup-status-at-load"}


@pytest.mark.parametrize("namespaces", ["1", "0"], ids=["full", "landlock"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_learner_code_that_breaks_its_worker_is_the_learners_error(tmp_path, attack, namespaces):
    submission = tmp_path / "exercise3.py"
    submission.write_text("def softmax(z):\n    return _honest_softmax(z)\n" + HONEST_SOFTMAX + ATTACKS[attack])
    run = run_grade(["exercise3", "--file", submission, "--format", "json"], tmp_path,
                    env=base_env(GRADER_NAMESPACES=namespaces), timeout=300)
    assert run.returncode == 1, f"{attack}: grade must blame the learner (exit 1), not itself; {run.describe()}"
    report = run.report()
    assert report["score"] < report["max_score"]
    faulted = [c["name"] for c in report["checks"] if c.get("grader_fault")]
    assert not faulted, f"{attack}: checks reported as the grader's fault: {faulted}"
    statuses = {c["status"] for c in report["checks"]}
    assert statuses <= {"error", "failed", "passed", "skipped"}, statuses
    by_name = {c["name"]: c for c in report["checks"]}
    for check in report["checks"]:  # skipped only as a dependant of a check the attack broke (issue 25)
        assert check["status"] != "skipped" or by_name[check["needs"]]["status"] != "passed", check
    text = " ".join(c["message"] or "" for c in report["checks"])
    assert "the grader itself failed" not in text, text[:600]
    if attack in ENDS_THE_PROCESS:
        assert "broke the grading process" in text, text[:600]


def test_in_korean_the_learner_is_told_the_same(tmp_path):
    submission = tmp_path / "exercise3.py"
    submission.write_text("def softmax(z):\n    return _honest_softmax(z)\n" + HONEST_SOFTMAX + PATCH_HANDLE)
    run = run_grade(["exercise3", "--file", submission, "--format", "json", "--lang", "ko"], tmp_path, timeout=300)
    assert run.returncode == 1, run.describe()
    text = " ".join(c["message"] or "" for c in run.report()["checks"])
    assert "채점 프로세스" in text, text[:600]


def test_in_a_batch_a_worker_breaker_is_graded_and_honest_classmates_keep_full_marks(tmp_path):
    classroom, out = tmp_path / "class", tmp_path / "graded"
    for learner, source in (("alice", solution_source("exercise3")),
                            ("mallory", "def softmax(z):\n    return _honest_softmax(z)\n" + HONEST_SOFTMAX
                             + PATCH_HANDLE),
                            ("zoe", solution_source("exercise3"))):
        (classroom / learner).mkdir(parents=True)
        (classroom / learner / "exercise3.py").write_text(source)
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3", "--workers", "1", timeout=300)
    # exit 1 would mean "the grader itself failed for some learner: run again"
    assert run.returncode == 0, f"a learner's broken worker must not be a grader failure of the batch: {run.describe()}"
    assert "with errors" in run.err_text
    rows = gradebook(out)
    assert set(rows) == {"alice", "mallory", "zoe"}, rows
    assert float(rows["alice"]["exercise3"]) == float(rows["zoe"]["exercise3"]) == 10.0, rows
    assert float(rows["mallory"]["exercise3"]) < 10.0, rows
    for name in ("summary.html", "junit.xml"):
        assert (out / name).is_file(), name
    stored = json.dumps(json.loads((out / "learners" / "mallory" / "report.json").read_text(encoding="utf-8")))
    assert '"grader_fault": true' not in stored and "the grader itself failed" not in stored, stored[:1500]
    assert "broke the grading process" in stored, stored[:1500]


def test_a_failure_before_any_learner_code_runs_is_still_the_graders(fork_server, tmp_path):
    """The other side of the rule: a learner's process whose sandbox cannot be set up (here, the file
    to copy in is gone) never ran learner code, so that failure is the grader's, said as such."""
    import time

    from grader.sandbox.confine import SandboxSpec
    from grader.sandbox.protocol import OutcomeKind, Role, WorkerConfig
    from grader.sandbox.session import WorkerSession

    (tmp_path / "scratch").mkdir()
    spec = SandboxSpec(scratch=str(tmp_path / "scratch"), files=((str(tmp_path / "gone.py"), "exercise3.py"),))
    config = WorkerConfig(Role.LEARNER, "exercise3.py", "exercise3.py", "exercise3", 1, "auto")
    session = WorkerSession(fork_server, spec, config, str(tmp_path), time.monotonic() + 60)
    try:
        outcome = session.start()
    finally:
        session.close()
    assert outcome.kind is OutcomeKind.GRADER_FAULT and "sandbox setup failed" in outcome.detail, outcome
    assert not session.learner_code_ran
