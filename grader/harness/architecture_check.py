"""What a learner's model description may not carry: data in place of what the grader trains.

Pure Python on plain JSON (no Keras), so the grading process checks a description before any
process of the grader deserialises it, and the judge checks it again.  An architecture may set
initializers (by name, with numbers as settings) but may not bring values: a ``Constant``
initializer holds one number, never an array (an array there would be pre-trained weights), no
layer passes ``weights``, and no list of more than :data:`MAX_NUMBERS` numbers appears anywhere.
"""

from __future__ import annotations

from typing import Any

MAX_NUMBERS = 64  # an Input shape, a Normalization of 13 features: far below any trained weight matrix


class EmbeddedData(ValueError):
    """A model description that carries data (weights, tables) the grader would not have trained."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.ko = ko


def _numbers(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)):
        return 1
    if isinstance(value, list):
        return sum(_numbers(v) for v in value)
    return 0


def refuse_embedded_data(config: Any, where: str = "the model") -> None:
    """Raise :class:`EmbeddedData` when ``config`` (a Keras config as JSON data) carries values."""
    stack = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            if _numbers(item) > MAX_NUMBERS:
                raise EmbeddedData(f"{where} carries a list of {_numbers(item)} numbers: a model is described "
                                   "by its layers and settings, the grader trains its weights",
                                   f"{where} 에 숫자 {_numbers(item)}개짜리 목록이 들어 있습니다. 모델은 층과 설정으로만 "
                                   "전달되고 가중치는 채점기가 학습합니다")
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if item.get("class_name") == "Constant":
            value = (item.get("config") or {}).get("value") if isinstance(item.get("config"), dict) else None
            if isinstance(value, (list, dict)):
                raise EmbeddedData(f"{where} initialises weights with a Constant array: the grader starts "
                                   "every model from its initializers and trains it",
                                   f"{where} 가 Constant 배열로 가중치를 초기화합니다. 채점기는 모든 모델을 초기화 "
                                   "설정에서 시작해 직접 학습합니다")
        if item.get("weights") not in (None, [], ()):
            raise EmbeddedData(f"{where} passes weights to a layer: the grader trains every model itself",
                               f"{where} 가 층에 가중치를 넘깁니다. 채점기는 모든 모델을 직접 학습합니다")
        stack.extend(item.values())
