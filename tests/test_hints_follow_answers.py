"""A hint follows from what the answer shows (issue 23, item 6): a softmax summed over axis 0 is
told its columns sum to 1 instead of its rows and gets no overflow hint; dense_softmax, which calls
it, is told the fault is in softmax; an overflow still gets the overflow hint."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import solution_source
from grader.cli import main

AXIS_0 = '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
'''
NO_MAX = '''
def softmax(z):
    import numpy as np
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
'''


def _checks(tmp_path, source, lang="en"):
    path = tmp_path / "exercise3.py"
    path.write_text(solution_source("exercise3") + source, encoding="utf-8")
    done = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--format", "json", "--lang", lang])
    return {c["name"]: c for c in json.loads(done.output)["checks"]}


def test_a_softmax_over_the_columns_is_told_so_and_gets_no_overflow_hint(tmp_path):
    checks = _checks(tmp_path, AXIS_0)
    rows, large = checks["softmax_rows_of_a_batch"], checks["softmax_large_random_logits"]
    assert rows["status"] == large["status"] == "failed"
    for check in (rows, large):
        assert "columns" in check["message"] and "rows" in check["message"], check["message"]
        assert "axis=-1" in check["hint"] and "subtract the largest" not in check["hint"], check["hint"]
    ko = _checks(tmp_path, AXIS_0, "ko")["softmax_rows_of_a_batch"]
    assert "열" in ko["message"] and "행" in ko["message"], ko["message"]


def test_dense_softmax_says_the_fault_is_in_softmax(tmp_path):
    checks = _checks(tmp_path, AXIS_0)
    batch = checks["dense_softmax_batch"]
    # dense_softmax needs softmax's check (issue 25): not run, and the reason names the check to fix
    assert batch["status"] == "skipped" and batch["needs"].startswith("softmax_"), batch
    assert checks[batch["needs"]]["status"] == "failed"
    assert f"needs the check `{batch['needs']}`" in batch["message"], batch["message"]
    assert "Dense layer computes" not in (batch["hint"] or ""), batch["hint"]


def test_an_overflow_still_gets_the_overflow_hint_and_a_wrong_dense_layer_the_dense_hint(tmp_path):
    large = _checks(tmp_path, NO_MAX)["softmax_large_random_logits"]
    assert large["status"] == "failed" and "subtract the largest" in large["hint"]
    no_bias = _checks(tmp_path, '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    return softmax(np.asarray(x, dtype=float) @ np.asarray(kernel, dtype=float))
''')["dense_softmax_batch"]
    assert no_bias["status"] == "failed" and "Dense layer computes" in no_bias["hint"]
    assert "your softmax" not in no_bias["message"]
