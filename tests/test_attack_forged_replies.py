"""Issue 25: a harness reply forged by learner code is the learner's error, never the grader's.

Some harness operations run in the learner's own worker (a notebook's models and tables, the trace
of a logic gate, the course shims' notes), so what they answer is the learner's: its code can patch
the worker's reply path.  Here learner code replaces, in its own process, how each such reply type
is made plain (``to_plain``, the last step before the reply is sent) with values of the wrong types,
missing keys and huge values; one case writes a forged reply frame on the channel itself.  Through
``grade``, with real processes: exit code 1 (never 2, never a traceback), the checks that needed the
reply are errors with a readable message in both languages, the others unchanged.

The reply types of the trusted workers (the reference, the judge) cannot be reached by learner code;
their readers are proven total in tests/test_harness_replies.py, and a malformed one there is the
grader's own fault.  A model description, which a learner's FUNCTION returns as plain data, is forged
here too (a dict that only looks like a model): a failed check.
"""

from __future__ import annotations

import json

import pytest

from attack_tools import no_traceback, run_grade, solution_source

MALFORMED_EN = "the grader could not read what your code sent back"
MALFORMED_KO = "코드가 돌려준 값을 채점기가 읽을 수 없어"


def _patch(module: str, reply_type: str, forged: str) -> str:
    return (f"\nimport {module} as _ops\n"
            f"_ops.{reply_type}.to_plain = lambda self: {forged}\n")


NOTEBOOK_MODEL = '''
import numpy as np
import keras

x_train, y_train = np.zeros((12, 4), "float32"), np.eye(3, dtype="float32")[np.arange(12) % 3]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=50, verbose=0)
'''

NOTEBOOK_TABLES = '''
import pandas as pd

x = pd.DataFrame({"a": [1.0, 2.0]})
'''

#: case -> (exercise, the learner's file, the checks that need the forged reply)
CASES = {
    # NotebookModelList (notebook_models)
    "notebook_models_of_wrong_types": ("exercise12", NOTEBOOK_MODEL + _patch(
        "grader.harness.ops.training", "NotebookModelList",
        "[{'model': {'__keras_model__': {'architecture': 5}}, 'names': 'model', 'fits': 'many'}]"), None),
    "notebook_models_missing_keys": ("exercise12", NOTEBOOK_MODEL + _patch(
        "grader.harness.ops.training", "NotebookModelList", "[{'names': ['model']}]"), None),
    "notebook_models_of_huge_values": ("exercise12", NOTEBOOK_MODEL + _patch(
        "grader.harness.ops.training", "NotebookModelList",
        "[{'model': {'__keras_model__': {'architecture': '{}', 'input_shape': [None, 4], "
        "'output_shape': [None, 3]}}, 'names': ['model'], 'cell': 10**30, "
        "'fits': [{'trained_epochs': 10**40}] * 20000}]"), None),
    # NotebookTableList (notebook_tables)
    "notebook_tables_of_wrong_types": ("exercise17", NOTEBOOK_TABLES + _patch(
        "grader.harness.ops.notebooks", "NotebookTableList", "[{'name': 5, 'part': 'x', 'frame': None}]"), None),
    "notebook_tables_missing_keys": ("exercise17", NOTEBOOK_TABLES + _patch(
        "grader.harness.ops.notebooks", "NotebookTableList", "[{'frame': None}]"), None),
    "notebook_tables_of_huge_values": ("exercise17", NOTEBOOK_TABLES + _patch(
        "grader.harness.ops.notebooks", "NotebookTableList",
        "[{'name': 'x' * 10**4, 'part': 10**30, 'frame': None}] * 1000"), None),
    # NandCircuit (trace_nand_circuit)
    "nand_circuit_of_wrong_types": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "NandCircuit", "{'traced': 'yes', 'nodes': {'a': 1}, 'output': []}"),
        "_from_nand_only"),
    "nand_circuit_missing_keys": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "NandCircuit", "{'traced': True}"), "_from_nand_only"),
    "nand_circuit_of_huge_values": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "NandCircuit",
        "{'traced': True, 'nodes': [['a', 'b']] * 200000, 'output': 'n0'}"), "_from_nand_only"),
    # PerceptronTraces (trace_perceptron_calls)
    "perceptron_traces_of_wrong_types": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "PerceptronTraces", "[{'value': 1, 'calls': 'x'}] * 4"),
        "nand_is_a_perceptron"),
    "perceptron_traces_missing_keys": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "PerceptronTraces", "[{}] * 4"), "nand_is_a_perceptron"),
    "perceptron_traces_of_huge_values": ("exercise8", solution_source("exercise8") + _patch(
        "grader.harness.ops.gradients", "PerceptronTraces",
        "[{'value': 1, 'calls': [[[1e308] * 50000, [1.0], [1.0]]]}] * 4"), "nand_is_a_perceptron"),
    # A forged reply frame written on the channel itself, for the trace of a gate: the grader reads it
    # as the reply (the genuine one that follows answers nobody's question).
    "nand_circuit_as_a_forged_frame": ("exercise8", solution_source("exercise8") + r'''
import os as _os, struct as _struct
import grader.sandbox.worker as _w
from grader import plaindata as _plain

_handle = _w.Worker.handle

def _forging(self, request):
    if request.name == "trace_nand_circuit":
        data = _plain.encode({"op": "reply", "id": request.id, "kind": "value", "duration": 0.0,
                              "value": {"traced": True, "nodes": [[{"x": 1}, None]], "output": 10**30}})
        _os.write(3, _struct.pack(">I", len(data)) + data)
    return _handle(self, request)

_w.Worker.handle = _forging
''', "_from_nand_only"),
}


def _grade(tmp_path, exercise: str, source: str, *extra: str):
    submission = tmp_path / f"{exercise}.py"
    submission.write_text(source, encoding="utf-8")
    run = run_grade([exercise, "--file", submission, "--format", "json", "--timeout", "60", *extra], tmp_path,
                    timeout=300)
    assert no_traceback(run.err_text), f"grade crashed with a traceback: {run.err_text[-800:]}"
    assert run.returncode == 1, run.describe()  # the learner's fault: never 2 (the grader's)
    return json.loads(run.out_text)


OPERATION = {"notebook_models": "notebook_models", "notebook_tables": "notebook_tables",
             "nand_circuit": "trace_nand_circuit", "perceptron_traces": "trace_perceptron_calls"}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_a_forged_reply_is_the_learners_error(tmp_path, case):
    exercise, source, needing = CASES[case]
    operation = next(op for prefix, op in OPERATION.items() if case.startswith(prefix))
    report = _grade(tmp_path, exercise, source)
    errors = [c for c in report["checks"] if c["status"] == "error"]
    assert errors, [(c["name"], c["status"], c["message"]) for c in report["checks"]]
    # The first check that asked is an error saying the reply could not be read, and which one it was.
    assert MALFORMED_EN in errors[0]["message"] and f"({operation}: " in errors[0]["message"], errors[0]
    for check in errors:
        assert len(check["message"]) < 600, check
    if case.endswith("forged_frame"):  # the genuine reply then answers nobody's question: later checks err
        return
    for check in errors:
        assert MALFORMED_EN in check["message"], check
        if needing is not None:
            assert needing in check["name"], check
    if needing is not None:  # the checks that did not need the forged reply pass as with the solution
        others = [c for c in report["checks"] if needing not in c["name"]]
        assert others and all(c["status"] == "passed" for c in others), others


@pytest.mark.slow
def test_the_message_of_a_forged_reply_is_korean_too(tmp_path):
    exercise, source, _ = CASES["perceptron_traces_of_wrong_types"]
    report = _grade(tmp_path, exercise, source, "--lang", "ko")
    [check] = [c for c in report["checks"] if c["name"] == "nand_is_a_perceptron"]
    assert check["status"] == "error" and MALFORMED_KO in check["message"], check


@pytest.mark.slow
@pytest.mark.parametrize("forged", ["[{'en': 5, 'ko': None}]", "[{}]", "{'notes': 1}",
                                    "[{'en': 'x' * 10**6, 'ko': 'y' * 10**6}] * 5000"])
def test_forged_shim_notes_add_no_note_and_change_no_score(tmp_path, forged):
    """The shims' notes are no check's: forged, they are dropped (or cut), and the file still passes."""
    submission = tmp_path / "exercise8.py"
    submission.write_text(solution_source("exercise8") + _patch("grader.harness.ops.training", "Notes", forged))
    run = run_grade(["exercise8", "--file", submission, "--format", "json"], tmp_path, timeout=300)
    assert no_traceback(run.err_text), run.err_text[-800:]
    assert run.returncode == 0, run.describe()
    report = json.loads(run.out_text)
    assert all(c["status"] == "passed" for c in report["checks"])
    assert all(len(json.dumps(note)) < 2000 for note in report.get("notes", []))


@pytest.mark.slow
def test_a_function_returning_a_forged_model_description_fails_its_checks(tmp_path):
    source = solution_source("exercise12") + '''

def build_iris_model():
    return {"__keras_model__": {"class": "Functional", "architecture": ["not", "text"], "compile": 5,
                                "input_shape": [None, "4"]}}
'''
    report = _grade(tmp_path, "exercise12", source)
    model_checks = [c for c in report["checks"] if c["status"] not in ("passed", "skipped")]
    assert model_checks and all(c["status"] == "failed" for c in model_checks), model_checks
    assert any("expected a compiled keras.Model" in c["message"] for c in model_checks), model_checks
