"""The architecture a learner described, as the judge builds it: walked against the vocabulary.

:func:`judged_architecture` reads a ``Functional`` or ``Sequential`` config (``model.to_json()`` as
JSON data) layer by layer, each layer's arguments by :data:`grader.harness.vocabulary.ARGUMENTS`,
each functional node as one tensor passed on, and returns it with the learner's seeds dropped and
its compile config left out.  Pure Python, one visit per value; :class:`Refused` (both languages)
for anything outside the vocabulary.
"""

from __future__ import annotations

from typing import Any

from grader.harness.vocabulary import (ARGUMENTS, FLOAT_DTYPES, LAYERS, MAX_LAYERS, MODELS, Refused, _Bad,
                                       _name, _policy, _shape, _show)

__all__ = ["Refused", "judged_architecture"]

def _layer_config(kind: str, name: str, config: Any) -> dict:
    if not isinstance(config, dict):
        raise Refused(f"layer {name} ({kind}) has no config", f"층 {name} ({kind})에 설정이 없습니다")
    checked = {}
    for key, value in config.items():
        check = ARGUMENTS[kind].get(key)
        if check is None:
            raise Refused(f"layer {name} ({kind}) sets {_show(key)}, which the grader does not allow here: "
                          f"the arguments allowed are {', '.join(ARGUMENTS[kind])}",
                          f"층 {name} ({kind}) 이(가) {_show(key)} 을(를) 정합니다. 여기서 쓸 수 있는 인자는 "
                          f"{', '.join(ARGUMENTS[kind])}입니다")
        try:
            checked[key] = check(value)
        except _Bad as bad:
            raise Refused(f"layer {name} ({kind}) sets {key} = {_show(value)}; allowed: {bad.en}. Every number "
                          "of a judged model comes from the grader's seeded initialisation or its training",
                          f"층 {name} ({kind}) 이(가) {key} = {_show(value)}입니다. 허용: {bad.ko}. 판정하는 모델의 "
                          "모든 숫자는 채점기의 시드 초기화나 학습에서 나와야 합니다") from None
    return checked


def _history(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and len(value[0]) <= 200
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_LAYERS for v in value[1:]))


def _tensor(value: Any) -> bool:
    if not (isinstance(value, dict) and set(value) == {"class_name", "config"}
            and value["class_name"] == "__keras_tensor__" and isinstance(value["config"], dict)):
        return False
    config = value["config"]
    try:
        _shape(config.get("shape"))
    except _Bad:
        return False
    return (set(config) <= {"shape", "dtype", "keras_history"} and _history(config.get("keras_history"))
            and config.get("dtype") in (None, *FLOAT_DTYPES))


def _nodes(kind: str, name: str, nodes: Any) -> list:
    """A functional layer's calls: each passes one tensor (a layer's output), with no numbers."""
    fine = isinstance(nodes, list) and len(nodes) <= MAX_LAYERS
    for node in nodes if fine else []:
        kwargs = node.get("kwargs", {}) if isinstance(node, dict) else None
        fine = fine and isinstance(node, dict) and set(node) <= {"args", "kwargs"} and isinstance(
            node.get("args"), list) and len(node["args"]) == 1 and _tensor(node["args"][0]) and isinstance(
            kwargs, dict) and set(kwargs) <= {"training", "mask"} and kwargs.get("mask") is None and kwargs.get(
            "training") in (None, True, False)
    if not fine:
        raise Refused(f"layer {name} ({kind}) is called with something other than one layer's output: "
                      "a judged model passes only tensors from layer to layer",
                      f"층 {name} ({kind}) 이(가) 다른 층의 출력 하나가 아닌 것으로 호출됩니다. 판정하는 모델은 층에서 "
                      "층으로 텐서만 전달합니다")
    return nodes


def _layer(entry: Any, functional: bool) -> dict:
    if not isinstance(entry, dict):
        raise Refused("a layer of the model is not a Keras layer config", "모델의 층 하나가 케라스 층 설정이 아닙니다")
    kind = entry.get("class_name")
    config = entry.get("config")
    name = _show(config.get("name") if isinstance(config, dict) else "?")
    if kind not in ARGUMENTS:
        raise Refused(f"the model uses {_show(kind)} (layer {name}), which is not one of the layers a judged model "
                      f"is made of here: {', '.join(LAYERS)}. Every number of a judged model comes from the "
                      "grader's seeded initialisation or its training, so layers that bring numbers or code of "
                      "their own (Rescaling, Normalization, Lambda, cropping layers, nested models) are not allowed",
                      f"모델이 {_show(kind)} (층 {name}) 을(를) 씁니다. 여기서 판정하는 모델은 다음 층으로만 만듭니다: "
                      f"{', '.join(LAYERS)}. 판정하는 모델의 모든 숫자는 채점기의 시드 초기화나 학습에서 나와야 하므로, "
                      "자기 숫자나 코드를 가져오는 층 (Rescaling, Normalization, Lambda, 자르는 층, 중첩 모델)은 쓸 수 "
                      "없습니다")
    allowed = {"module", "class_name", "config", "registered_name", "build_config"}
    allowed |= {"name", "inbound_nodes"} if functional else set()
    if not set(entry) <= allowed or entry.get("module") not in (None, "keras.layers") or entry.get(
            "registered_name") is not None:
        raise Refused(f"layer {name} ({kind}) is not described as a built-in Keras layer",
                      f"층 {name} ({kind}) 이(가) 케라스 기본 층으로 기술되어 있지 않습니다")
    checked = {**entry, "config": _layer_config(kind, name, config)}
    if "build_config" in entry:
        build = entry["build_config"]
        if not (isinstance(build, dict) and set(build) <= {"input_shape"} and _fine_shape(build.get("input_shape"))):
            raise Refused(f"layer {name} ({kind}) has a build config that is not a shape",
                          f"층 {name} ({kind})의 build 설정이 모양이 아닙니다")
    if functional:
        _name(entry.get("name"))
        checked["inbound_nodes"] = _nodes(kind, name, entry.get("inbound_nodes", []))
    return checked


def _fine_shape(value: Any) -> bool:
    try:
        _shape(value)
    except _Bad:
        return False
    return True


def _endpoints(value: Any) -> bool:
    """``input_layers`` / ``output_layers``: one [name, 0, 0] or a short list of them."""
    return _history(value) or (isinstance(value, list) and 1 <= len(value) <= 16 and all(_history(v) for v in value))


def judged_architecture(config: Any) -> dict:
    """``config`` (a learner's ``model.to_json()`` as JSON data) as the judge builds it: checked against
    the vocabulary (:class:`Refused` otherwise), every seed it names dropped, its compile config dropped."""
    top = {"module", "class_name", "config", "registered_name", "build_config", "compile_config"}
    if not isinstance(config, dict) or not set(config) <= top or config.get("class_name") not in MODELS or not (
            isinstance(config.get("module"), str) and config["module"].startswith("keras")) or config.get(
            "registered_name") not in (None, config.get("class_name")) or not isinstance(config.get("config"), dict):
        kind = config.get("class_name") if isinstance(config, dict) else type(config).__name__
        raise Refused(f"the model is a {_show(kind)}: a judged model is a keras.Sequential or a functional "
                      "keras.Model (keras.Input ... keras.Model(inputs, outputs))",
                      f"모델이 {_show(kind)}입니다. 판정하는 모델은 keras.Sequential이나 함수형 keras.Model "
                      "(keras.Input ... keras.Model(inputs, outputs)) 이어야 합니다")
    functional = config["class_name"] == "Functional"
    body = config["config"]
    keys = {"name", "trainable", "layers", "input_layers", "output_layers"} if functional else {
        "name", "trainable", "dtype", "layers", "build_input_shape"}
    layers = body.get("layers")
    fine = set(body) <= keys and isinstance(layers, list) and len(layers) <= MAX_LAYERS and _fine_shape(
        body.get("build_input_shape")) and isinstance(body.get("trainable", True), bool) and isinstance(
        body.get("name", ""), str)
    if fine and functional:
        fine = _endpoints(body.get("input_layers")) and _endpoints(body.get("output_layers"))
    if fine and "build_config" in config:
        build = config["build_config"]
        fine = isinstance(build, dict) and set(build) <= {"input_shape"} and _fine_shape(build.get("input_shape"))
    if not fine:
        raise Refused(f"the model's config is not one Keras writes for a {config['class_name']} of at most "
                      f"{MAX_LAYERS} layers", f"모델 설정이 층 최대 {MAX_LAYERS}개인 {config['class_name']}에 대해 "
                      "케라스가 쓰는 설정이 아닙니다")
    try:
        _policy(body.get("dtype"))
    except _Bad as bad:
        raise Refused(f"the model's dtype: {bad.en}", f"모델의 dtype: {bad.ko}") from None
    judged = {key: value for key, value in config.items() if key != "compile_config"}
    judged["config"] = {**body, "layers": [_layer(entry, functional) for entry in layers]}
    return judged
