"""Forged and malformed messages on the result channel get a clear, bounded outcome.

The learner's process talks to the grader over a socket (fd 3 in the learner's
process today: a 4-byte big-endian length, then the message).  Learner code
writes frames of its own there: a bad "ready", fields of the wrong types, two
answers, a giant header, garbage.  Defended: ``grade`` exits 0 or 1 (never 2,
never a traceback), the affected checks are error/failed with a message, and in
``grade batch`` the classmate's row is right and the batch completes.

If a rewritten grader no longer has a channel on fd 3 the frames go nowhere and
the tests still hold (they only look at what the user sees).
"""

from __future__ import annotations

import json

import pytest

from attack_tools import batch, gradebook, no_traceback, run_grade, solution_source

FORGE = r'''
import json as _json, os as _os, struct as _struct


def _frame(obj):
    try:
        from grader import plaindata             # the worker's own encoding, when it is importable
        data = plaindata.encode(obj)
    except Exception:
        data = _json.dumps(obj).encode()
    return _struct.pack(">I", len(data)) + data


def _raw(data):
    try:
        _os.write(3, data)
    except OSError:
        pass
'''

CASES = {
    "ready_with_a_text_duration": "_raw(_frame({'op': 'ready', 'load': {'duration': 'soon', 'problems': [], 'defined': []}}))\n",
    "ready_with_a_number_for_defined": "_raw(_frame({'op': 'ready', 'load': {'duration': 1.0, 'problems': [], 'defined': 5}}))\n",
    "ready_with_a_list_duration": "_raw(_frame({'op': 'ready', 'load': {'duration': [1], 'problems': 7, 'defined': [1, None]}}))\n",
    "ready_with_bad_fatal_and_problems": (
        "_raw(_frame({'op': 'ready', 'load': {'fatal': {'kind': 'syntax', 'error': 'x'}, 'problems': "
        "[{'kind': 'exception', 'error': 5}, {'kind': 'exit', 'code': None, 'frames': 'x'}, "
        "{'kind': 'magics', 'cell': 'a', 'count': 'b'}], 'defined': []}}))\n"),
    "ready_that_is_a_list": "_raw(_frame(['ready']))\n",
    "giant_header": "_raw(_struct.pack('>I', 2 ** 31))\n",
    "garbage": "_raw(b'\\x00\\x00\\x00\\x10' + bytes(range(16)))\n",
    "answers_of_wrong_types": r'''
_count = [0]
_real = softmax
def softmax(z):
    _count[0] += 1
    _raw(_frame({'id': _count[0], 'ok': False, 'error': {'type': 5, 'message': {'a': 1}, 'mro': 'x',
                 'frames': [{'file': 7, 'line': 'x', 'code': None, 'function': []}],
                 'suggestion': {'suggestion': 3, 'name': 4, 'owner': 5}}, 'duration': 'long'}))
    return _real(z)
''',
    "two_answers": r'''
_count = [0]
def softmax(z):
    _count[0] += 1
    _raw(_frame({'id': _count[0], 'ok': True, 'value': {'a': [1, 'x']}, 'captures': 'no', 'warnings': 'abc',
                 'duration': 1}))
    _raw(_frame({'id': _count[0], 'ok': True, 'value': [1.0], 'duration': 'x'}))
    return [0.0]
''',
    "exit_notes_of_wrong_types": r'''
def softmax(z):
    _raw(_frame({'op': 'exiting', 'how': 5, 'code': [1], 'where': 'here'}))
    _raw(_frame({'op': 'exiting', 'how': None, 'code': {'a': 1}, 'where': [{'file': None, 'line': []}]}))
    os._exit(0)
''',
    "flags_of_wrong_types": r'''
def softmax(z):
    _raw(_frame({'id': 1, 'ok': False, 'memory': 'yes', 'duration': float('nan')}))
    _raw(_frame({'id': 2, 'ok': False, 'unconvertible': 5}))
    _raw(_frame({'id': 3, 'ok': False, 'not_callable': ['x']}))
    _raw(_frame({'id': 4, 'ok': False, 'missing': 1}))
    os._exit(0)
''',
    "garbage_then_keeps_running": r'''
def softmax(z):
    _raw(b'\xff' * 64)
    import time
    time.sleep(1)
    return [0.0]
''',
}


def _forged(case: str) -> str:
    return solution_source("exercise3") + "\nimport os\n" + FORGE + CASES[case]


@pytest.mark.parametrize("case", list(CASES))
def test_a_forged_frame_gets_a_clear_bounded_outcome(tmp_path, case):
    submission = tmp_path / "exercise3.py"
    submission.write_text(_forged(case))
    run = run_grade(["exercise3", "--file", submission, "--format", "json", "--timeout", "20"], tmp_path)
    crashed = not no_traceback(run.err_text)
    assert not crashed, f"grade crashed with a traceback: {run.err_text[-600:]}"
    assert run.returncode in (0, 1), run.describe()
    report = json.loads(run.out_text)
    not_passed = [c for c in report["checks"] if c["status"] != "passed"]
    assert not_passed, "forged frames changed nothing?"  # every case sabotages some check
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    for check in not_passed:
        if check["status"] == "skipped":  # a dependant of a sabotaged check: says which one
            assert check["needs"] and statuses[check["needs"]] != "passed", check
        else:
            assert check["status"] in ("error", "failed", "timeout"), check
        assert check["message"], check


@pytest.mark.parametrize("case", ["ready_with_a_text_duration", "ready_with_a_number_for_defined", "giant_header"])
def test_a_forged_frame_in_batch_changes_nobody_elses_row(tmp_path, case):
    classroom = tmp_path / "class"
    (classroom / "alice").mkdir(parents=True)
    (classroom / "mallory").mkdir(parents=True)
    (classroom / "alice" / "exercise3.py").write_text(solution_source("exercise3"))
    (classroom / "mallory" / "exercise3.py").write_text(_forged(case))
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3", "--workers", "2")
    crashed = not no_traceback(run.err_text)
    assert not crashed, f"grade batch crashed with a traceback: {run.err_text[-600:]}"
    assert run.returncode in (0, 1), run.describe()
    rows = gradebook(out)
    assert set(rows) == {"alice", "mallory"}, rows
    assert float(rows["alice"]["total"]) == 10.0, rows["alice"]
    assert float(rows["mallory"]["total"]) < 10.0, rows["mallory"]
