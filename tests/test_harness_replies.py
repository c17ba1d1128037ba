"""Every harness reply type reads plain data bounded and total: a reply, or ReplyMalformed.

What a harness operation answers crosses from a worker as plain data; from a learner's worker it is
the learner's.  For each reply type, a genuine reply survives the wire, and every reply mutated from
it (a value of the wrong type, a key missing, a huge number, NaN, a list far too long, nesting) gives
either a reply of that type or :class:`ReplyMalformed`, never another exception.  That these errors
become the learner's error in a real grading is tests/test_attack_forged_replies.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader import plaindata
from grader.harness import ops
from grader.harness.model_contract import (FIT_EPOCHS, FIT_NO_ROWS, FIT_VALUE, FitPlan, FitRejected,
                                           ModelDescription, RecordedFit, fit_plan, fit_problems)
from grader.harness.operation import ReplyMalformed
from grader.harness.ops.gradients import (NandCircuit, PerceptronTrace, PerceptronTraces, TapeGradients,
                                          TraceNandCircuit)
from grader.harness.ops.inspection import InspectModel, LayerInfo, ModelStructure, Trajectory
from grader.harness.ops.maths import KerasLoss, Number
from grader.harness.ops.notebooks import NotebookTable, NotebookTableList
from grader.harness.ops.training import (DeviceList, NotebookModel, NotebookModelList, Notes, SeedTraining,
                                         TrainedRuns, TrainModels)
from grader.text import Text

ARCHITECTURE = '{"class_name": "Sequential", "config": {"layers": []}}'
DESCRIPTION = ModelDescription("Sequential", (None, 4), (None, 3), ARCHITECTURE, None,
                               {"loss": "categorical_crossentropy", "optimizer": "adam"})

#: One genuine reply of each reply type.
GENUINE = {
    Number: Number(0.25),
    TapeGradients: TapeGradients(np.array([0.1, -0.2]), 0.05),
    NandCircuit: NandCircuit(True, (("a", "b"), ("n0", 1)), "n1"),
    PerceptronTraces: PerceptronTraces((PerceptronTrace(1, (((0.0, 1.0), (-1.0, -1.0), (1.5,)),)),
                                        PerceptronTrace(0, ((None, (1.0,), (0.5,)),)))),
    ModelStructure: ModelStructure((LayerInfo("InputLayer", 0), LayerInfo("Dense", 15, 3, "softmax")), 15,
                                   (None, 4), (None, 3), True, "categorical_crossentropy", "Adam"),
    Trajectory: Trajectory((np.array([1.0, 2.0]), np.array([0.9, 1.9]))),
    NotebookTableList: NotebookTableList((NotebookTable("x", 0, np.ones((3, 4))),
                                          NotebookTable("y", 1, np.zeros((3, 3))))),
    DeviceList: DeviceList(("/physical_device:GPU:0",), ()),
    TrainedRuns: TrainedRuns((SeedTraining(7, np.array([1.0, 0.5]), (np.ones((4, 3)), np.zeros(3)),
                                           np.full((5, 3), 0.2), 0.5, "CPU", 15, 0.3),)),
    NotebookModelList: NotebookModelList((NotebookModel(DESCRIPTION, ("model",), 4,
                                                        (RecordedFit(100, 16, True, 0.0, 4, 2),)),)),
    Notes: Notes((Text("served iris.csv from the course's copy", "강의의 iris.csv 사본을 썼습니다"),)),
}

HOSTILE = [None, True, "x" * 10_000, 10**400, -1, 2**70, float("nan"), float("inf"), [], [[[[[]]]]],
           {"a": 1}, ["x"] * 5, list(range(200_000)), np.array(["a"]), np.zeros(0), ("t",),
           plaindata.Unsupported("object", "<object>")]


def _wire(value):
    return plaindata.decode(plaindata.encode(plaindata.to_plain(value)))


def _mutations(value, depth=0):
    """``value`` with one part replaced by a hostile value, or one key dropped (a few hundred)."""
    yield from HOSTILE
    if depth > 5:
        return
    if isinstance(value, dict):
        for key in list(value):
            yield {k: v for k, v in value.items() if k != key}
            for mutated in _mutations(value[key], depth + 1):
                yield {**value, key: mutated}
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value[:3]):
            yield type(value)(list(value[:i]) + list(value[i + 1:]))
            for mutated in _mutations(item, depth + 1):
                yield type(value)(list(value[:i]) + [mutated] + list(value[i + 1:]))
        yield type(value)(list(value) * 30_000)


def test_every_operation_declares_a_reply_type_covered_here():
    declared = {ops.lookup(name).reply for name in ("keras_loss", "neuron_tape_gradients", "keras_r2_score",
                                                    "trace_nand_circuit", "trace_perceptron_calls",
                                                    "inspect_model", "keras_optimizer_steps", "notebook_tables",
                                                    "train_models", "notebook_models", "shim_notes", "devices")}
    assert declared == set(GENUINE)
    assert ops.lookup("open_a_shell") is None and ops.lookup("lookup") is None


@pytest.mark.parametrize("reply_type", list(GENUINE), ids=lambda t: t.__name__)
def test_a_genuine_reply_survives_the_wire(reply_type):
    genuine = GENUINE[reply_type]
    back = reply_type.from_plain(_wire(genuine.to_plain()))
    assert isinstance(back, reply_type)
    assert plaindata.encode(plaindata.to_plain(back.to_plain())) == \
        plaindata.encode(plaindata.to_plain(genuine.to_plain()))


@pytest.mark.parametrize("reply_type", list(GENUINE), ids=lambda t: t.__name__)
def test_a_mutated_reply_is_read_or_refused_never_a_crash(reply_type):
    plain = _wire(GENUINE[reply_type].to_plain())
    tried = refused = 0
    for mutated in _mutations(plain):
        tried += 1
        try:
            read = reply_type.from_plain(mutated)
        except ReplyMalformed:
            refused += 1
            continue
        assert isinstance(read, reply_type)
    assert tried > 15 and refused > 5, (tried, refused)


@pytest.mark.parametrize("forged", [
    {"seed": 1, "loss": "low", "weights": [], "predictions": [0.1]},
    {"seed": "7", "loss": [1.0], "weights": [], "predictions": [0.1]},
    {"seed": 1, "loss": [1.0], "weights": [], "predictions": [0.1], "seconds": float("nan")},
    {"seed": 1, "loss": [1.0], "weights": [], "predictions": [0.1], "trainable": 10**30},
    {"seed": 1, "loss": [1.0], "weights": [[1, "x"]], "predictions": [0.1]},
    {"loss": [1.0], "weights": [], "predictions": [0.1]},
])
def test_a_forged_training_is_refused(forged):
    with pytest.raises(ReplyMalformed):
        TrainedRuns.from_plain([forged])


def test_numbers_where_nan_is_allowed_and_where_not():
    assert math.isnan(Number.from_plain(float("nan")).value)  # what Keras computed, compared by the check
    with pytest.raises(ReplyMalformed):
        Number.from_plain("0.25")
    with pytest.raises(ReplyMalformed):
        Number.from_plain(10**400)
    assert math.isnan(SeedTraining.from_plain({**GENUINE[TrainedRuns].runs[0].to_plain(), "moved": float("nan")}).moved)


def test_a_forged_notebook_model_is_refused():
    good = _wire(GENUINE[NotebookModelList].to_plain())
    for bad in ({"trained_epochs": "1000"}, {"trained_epochs": 2**40}, {"trained_epochs": -1},
                {"batch_size": {"a": 1}}, {"cell": "4"}):
        forged = [{**good[0], "fits": [{**good[0]["fits"][0], **bad}]}]
        with pytest.raises(ReplyMalformed):
            NotebookModelList.from_plain(forged)
    with pytest.raises(ReplyMalformed):
        NotebookModelList.from_plain([{**good[0], "model": {"__keras_model__": {"compile": "adam"}}}])
    with pytest.raises(ReplyMalformed):
        NotebookModelList.from_plain([{**good[0], "model": {"__keras_model__": {"input_shape": [None, "4"]}}}])


def test_a_note_in_one_language_is_refused():
    with pytest.raises(ReplyMalformed):
        Notes.from_plain([{"en": "a note", "ko": ""}])


def test_requests_cross_as_the_keywords_the_worker_rebuilds_them_from():
    loss = KerasLoss("mse", [1.0], [2.0])
    assert loss.to_kwargs() == {"loss": "mse", "y_true": [1.0], "y_pred": [2.0]}
    assert KerasLoss.from_kwargs(loss.to_kwargs()) == loss
    assert TraceNandCircuit.from_kwargs({"gate": "xor_gate", "arity": 2}) == TraceNandCircuit("xor_gate", 2)
    inspect = InspectModel(DESCRIPTION, [4])
    assert InspectModel.from_kwargs(_wire(inspect.to_kwargs())) == inspect
    train = TrainModels(DESCRIPTION, FitPlan(3, 8), np.ones((4, 4)), np.ones(4), np.ones((2, 4)), [1, 2])
    back = TrainModels.from_kwargs(_wire(train.to_kwargs()))
    assert back.model == DESCRIPTION and back.fit == FitPlan(3, 8) and back.seeds == [1, 2]


# ------------------------------------------------------------------ the FIT contract, one definition


def test_the_fit_contract_says_every_problem_in_both_languages():
    problems = fit_problems({"epochs": 0, "batch_size": "32", "shuffle": "yes", "callbacks": []}, budget=10)
    assert len(problems) == 4 and all(isinstance(p, Text) and p.en and p.ko for p in problems)
    assert problems[1] == FIT_EPOCHS.format(got="0")
    assert FIT_VALUE.format(key="shuffle", got="'yes'") in problems
    with pytest.raises(FitRejected) as caught:
        fit_plan({"epochs": 2, "validation_split": 0.5}, rows=1)
    assert caught.value.text == FIT_NO_ROWS.format(split=0.5, rows=1)
    assert fit_plan({"epochs": 3, "shuffle": np.bool_(False)}) == FitPlan(3, 32, False, 0.0)
    assert fit_plan(None) == FitPlan()
