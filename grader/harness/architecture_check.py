"""What a learner's model description may not carry, checked in linear time under a size bound.

Pure Python on plain JSON (no Keras), so the grading process checks a description before any
process of the grader deserialises it, and the judge checks it again.  A description is read only
when it is small (:data:`MAX_ARCHITECTURE_CHARS` of JSON text, :data:`MAX_VALUES` values nested at
most :data:`MAX_DEPTH` deep); every walk below visits each value once.  What the architecture may be
made of is decided positively by :mod:`grader.harness.vocabulary`; here, whatever else a
description holds (the compile settings) may not bring values: no layer passes ``weights``, no
``Constant`` initializer holds an array and no list holds more than :data:`MAX_NUMBERS` numbers.
"""

from __future__ import annotations

import json
from typing import Any

MAX_NUMBERS = 64  # an Input shape, a Normalization of 13 features: far below any trained weight matrix
MAX_ARCHITECTURE_CHARS = 1 << 20  # the course's models are 2-10 KB of JSON; 100 Dense layers about 150 KB
MAX_VALUES = 50_000  # values (numbers, strings, lists, dicts) in one description
MAX_DEPTH = 40  # a Keras config nests about 8 deep


class UnsafeModel(ValueError):
    """A model config that needs code the judge will not run (Lambda, custom layers), or holds data."""


class EmbeddedData(ValueError):
    """A model description that carries data (weights, tables) the grader would not have trained,
    or that is too large or too deeply nested to be a description at all."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.ko = ko


def too_large(where: str, what: str, limit: str) -> EmbeddedData:
    return EmbeddedData(f"the description of {where} is too large ({what}; at most {limit}): a model is "
                        "described by its layers and settings, the grader trains its weights",
                        f"{where}의 설명이 너무 큽니다 ({what}, 최대 {limit}). 모델은 층과 설정으로만 전달되고 "
                        "가중치는 채점기가 학습합니다")


def parse_architecture(text: Any, where: str = "the model") -> Any:
    """``model.to_json()`` as JSON data, read only when it is at most :data:`MAX_ARCHITECTURE_CHARS`
    long; :class:`ValueError` when it is not JSON, :class:`EmbeddedData` when it is too large."""
    if not isinstance(text, str):
        raise ValueError("the architecture is not text")
    if len(text) > MAX_ARCHITECTURE_CHARS:
        raise too_large(where, f"{len(text):,} characters of JSON", f"{MAX_ARCHITECTURE_CHARS:,}")
    try:
        config = json.loads(text)
    except RecursionError:
        raise too_large(where, "nested too deeply", f"{MAX_DEPTH} levels") from None
    bounded(config, where)
    return config


def bounded(config: Any, where: str = "the model") -> None:
    """Raise :class:`EmbeddedData` when ``config`` holds more than :data:`MAX_VALUES` values or nests
    deeper than :data:`MAX_DEPTH`; stops at the first value over a bound (linear, no recursion)."""
    stack, seen = [(config, 0)], 0
    while stack:
        item, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise too_large(where, f"more than {MAX_VALUES:,} values", f"{MAX_VALUES:,}")
        if depth > MAX_DEPTH:
            raise too_large(where, f"nested more than {MAX_DEPTH} levels deep", f"{MAX_DEPTH}")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)


def _number_counts(config: Any) -> int:
    """The largest count of numbers any one list holds, nested lists included (each value once)."""
    # (item, its list's index in counts): counts[i] is how many numbers list i holds so far.
    counts: list[int] = []
    parents: list[int] = []
    stack: list[tuple[Any, int]] = [(config, -1)]
    while stack:
        item, parent = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, (int, float)):
            if parent >= 0:
                counts[parent] += 1
            continue
        if isinstance(item, dict):
            stack.extend((v, -1) for v in item.values())  # a dict starts a new count
        elif isinstance(item, list):
            counts.append(0)
            parents.append(parent)
            stack.extend((v, len(counts) - 1) for v in item)
    largest = 0
    for index in range(len(counts) - 1, -1, -1):  # a list is numbered after its parent: add up once
        largest = max(largest, counts[index])
        if parents[index] >= 0:
            counts[parents[index]] += counts[index]
    return largest


def refuse_embedded_data(config: Any, where: str = "the model") -> None:
    """Raise :class:`EmbeddedData` when ``config`` (a Keras config as JSON data) carries values."""
    bounded(config, where)
    numbers = _number_counts(config)
    if numbers > MAX_NUMBERS:
        raise EmbeddedData(f"{where} carries a list of {numbers} numbers: a model is described "
                           "by its layers and settings, the grader trains its weights",
                           f"{where}에 숫자 {numbers}개짜리 목록이 들어 있습니다. 모델은 층과 설정으로만 "
                           "전달되고 가중치는 채점기가 학습합니다")
    stack = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if item.get("class_name") == "Constant":
            value = item["config"].get("value") if isinstance(item.get("config"), dict) else None
            if isinstance(value, (list, dict)):
                raise EmbeddedData(f"{where} initialises weights with a Constant array: the grader starts "
                                   "every model from its initializers and trains it",
                                   f"{where} 이(가) Constant 배열로 가중치를 초기화합니다. 채점기는 모든 모델을 초기화 "
                                   "설정에서 시작해 직접 학습합니다")
        if item.get("weights") not in (None, [], ()):
            raise EmbeddedData(f"{where} passes weights to a layer: the grader trains every model itself",
                               f"{where} 이(가) 층에 가중치를 넘깁니다. 채점기는 모든 모델을 직접 학습합니다")
        stack.extend(item.values())
