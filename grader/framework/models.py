"""Judging a model a learner's function returned, from its plain description.

The learner's process sends the architecture (Keras config) and compile
settings, never weights; the *judge* (a confined worker holding no submission
and no solutions) rebuilds it afresh with built-in layers only and reports its
structure.  These helpers compare
that structure with what the exercise asks for.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from grader.framework import expect
from grader.framework.failures import CheckFailed, Ungradable
from grader.harness.architecture_check import EmbeddedData, parse_architecture, refuse_embedded_data
from grader.harness.model_contract import ModelDescription, canonical_loss
from grader.harness.judged_model import Refused, judged_architecture
from grader.harness.operation import ReplyMalformed
from grader.harness.ops.inspection import LayerInfo, ModelStructure
from grader.text import Text

NOT_A_MODEL = Text("{call} returned {got}; expected a compiled keras.Model",
                   "{call} 이(가) {got} 을(를) 돌려주었습니다. 컴파일된 keras.Model이 필요합니다")
NOT_SERIALIZABLE = Text("{call} returned a model whose architecture cannot be read ({detail}); build it "
                        "with keras.Sequential or the functional API (keras.Input ... keras.Model)",
                        "{call} 이(가) 돌려준 모델의 구조를 읽을 수 없습니다 ({detail}). keras.Sequential이나 "
                        "함수형 API (keras.Input ... keras.Model)로 만드세요")
UNSAFE = Text("the model from {call} cannot be rebuilt from built-in Keras layers ({detail}); "
              "Lambda and custom layers are not allowed here",
              "{call}의 모델을 케라스 기본 층만으로 다시 만들 수 없습니다 ({detail}). Lambda나 사용자 정의 층은 "
              "쓸 수 없습니다")
EMBEDDED = Text("the model from {call} cannot be graded as it is: {detail}",
                "{call}의 모델은 이대로 채점할 수 없습니다: {detail}")
LAYERS = Text("{call} has layers {got}; expected {expected}",
              "{call}의 층 구성이 {got}입니다. 기대: {expected}")
INPUT = Text("{call} takes inputs of shape {got}; expected {expected}",
             "{call}의 입력 모양이 {got}입니다. 기대: {expected}")
PARAMS = Text("{call} has {got} parameters; expected {expected}",
              "{call}의 파라미터 수가 {got} 개입니다. 기대: {expected} 개")
NOT_COMPILED = Text("{call} returned a model that is not compiled: call model.compile(loss=...) before "
                    "returning it", "{call} 이(가) 컴파일하지 않은 모델을 돌려주었습니다. 돌려주기 전에 "
                    "model.compile(loss=...)를 호출하세요")
LOSS = Text("{call} compiles with loss {got}; expected {expected}",
            "{call}의 손실 함수가 {got}입니다. 기대: {expected}")


def described(value: Any, call: str) -> ModelDescription:
    """The learner's returned value as the model description the judge builds, or a failure (it is
    not a model, its architecture cannot be read, is too large, carries data or is outside the
    vocabulary of judged models: :mod:`grader.harness.vocabulary`).  What is returned has the
    architecture as the judge builds it (no seed of the learner's, no compile config inside it)."""
    expect.plain_or_fail(value, call, "a keras.Model")
    if isinstance(value, ModelDescription):  # already read (a notebook's model)
        info = value
    else:
        try:  # what a function returned: a learner's value, read bounded (a forged dict is no model)
            info = ModelDescription.from_value(value)
        except ReplyMalformed:
            raise Ungradable(NOT_A_MODEL.format(call=call, got=expect.show(value, 60))) from None
    if info.architecture is None:
        raise Ungradable(NOT_SERIALIZABLE.format(call=call, detail=str(info.error or "?")[:200]))
    try:
        architecture = judged_architecture(parse_architecture(info.architecture, call))
        refuse_embedded_data(info.compile, call)
    except (EmbeddedData, Refused) as exc:
        raise Ungradable(EMBEDDED.format(call=call, detail=Text(str(exc)[:600], exc.ko[:600]))) from None
    except ValueError:
        raise Ungradable(NOT_SERIALIZABLE.format(call=call, detail="not JSON")) from None
    return replace(info, architecture=json.dumps(architecture))


def layer_label(layer: LayerInfo) -> str:
    if layer.class_name == "Dense":
        return f"Dense({layer.units}, {layer.activation})"
    return layer.class_name


def body(info: ModelStructure) -> list[LayerInfo]:
    """The layers after the input."""
    return [layer for layer in info.layers if layer.class_name != "InputLayer"]


ACTIVATION_LAYERS = frozenset({"ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"})


def effective_activation(layers: list[LayerInfo], index: int) -> str | None:
    """The activation a Dense layer's output goes through before the next Dense layer: its own, or,
    when its own is linear, that of an Activation (or ReLU, ...) layer after it, e.g.
    Dense → BatchNormalization → Activation('swish') is a swish layer."""
    own = layers[index].activation
    if own not in (None, "linear"):
        return own
    for layer in layers[index + 1:]:
        if layer.class_name == "Dense":
            break
        if layer.class_name in ACTIVATION_LAYERS:
            return layer.class_name.lower()
        if layer.class_name == "Activation" and layer.activation not in (None, "linear"):
            return layer.activation
    return own


def expect_layers(info: ModelStructure, expected: list[str], call: str) -> None:
    got = [layer_label(layer) for layer in body(info)]
    if got != expected:
        raise CheckFailed(LAYERS.format(call=call, got=" → ".join(got) or "none",
                                        expected=" → ".join(expected)))


def expect_input(info: ModelStructure, features: int, call: str) -> None:
    shape = info.input_shape or ()
    if list(shape[1:]) != [features]:
        raise CheckFailed(INPUT.format(call=call, got=tuple(shape), expected=(None, features)))


def expect_params(info: ModelStructure, count: int, call: str) -> None:
    if info.params != count:
        raise CheckFailed(PARAMS.format(call=call, got=info.params, expected=count))


def expect_linear_unit(info: ModelStructure, inputs: int, call: str) -> None:
    """One linear Dense unit on ``inputs`` features: (inputs + 1) parameters (exercises 11, 15, 16)."""
    expect_input(info, inputs, call)
    expect_layers(info, ["Dense(1, linear)"], call)
    expect_params(info, inputs + 1, call)


def expect_loss(info: ModelStructure, loss: str, call: str) -> None:
    if not info.compiled:
        raise CheckFailed(NOT_COMPILED.format(call=call))
    if info.loss != canonical_loss(loss):
        raise CheckFailed(LOSS.format(call=call, got=info.loss, expected=loss))
