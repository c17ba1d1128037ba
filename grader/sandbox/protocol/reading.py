"""Reading untrusted plain data: each helper returns a value of the expected type, cut to a bound
(texts made inert: no terminal control), or raises :class:`ProtocolError`."""

from __future__ import annotations

import enum
import math
from typing import Any

from grader.text import inert


class ProtocolError(ValueError):
    """A message that is not what the protocol allows (from an untrusted process: its fault)."""


# ---------------------------------------------------------------- reading untrusted plain data

TEXT_LIMIT = 2000
NAME_LIMIT = 200


def mapping(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ProtocolError(f"{what}: expected a mapping, got {type(value).__name__}")
    return value


def text(data: dict, key: str, limit: int = TEXT_LIMIT, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None and default is not None:
        value = default
    if not isinstance(value, str):
        raise ProtocolError(f"{key}: expected text")
    return inert(value[: 4 * limit])[:limit]


def opt_text(data: dict, key: str, limit: int = NAME_LIMIT) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProtocolError(f"{key}: expected text or nothing")
    return inert(value[: 4 * limit])[:limit]


def whole(data: dict, key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(f"{key}: expected a whole number")
    return value


def opt_whole(data: dict, key: str) -> int | None:
    return None if data.get(key) is None else whole(data, key)


def number(data: dict, key: str, default: float = 0.0) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ProtocolError(f"{key}: expected a finite number")
    return float(value)


def flag(data: dict, key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ProtocolError(f"{key}: expected true or false")
    return value


def items(data: dict, key: str, limit: int) -> list:
    value = data.get(key, [])
    if not isinstance(value, (list, tuple)):
        raise ProtocolError(f"{key}: expected a list")
    return list(value)[:limit]


def texts(data: dict, key: str, limit: int, each: int = NAME_LIMIT) -> tuple[str, ...]:
    values = items(data, key, limit)
    if not all(isinstance(item, str) for item in values):
        raise ProtocolError(f"{key}: expected a list of text")
    return tuple(inert(item[: 4 * each])[:each] for item in values)


def member(cls: type[enum.Enum], data: dict, key: str):
    try:
        return cls(data.get(key))
    except ValueError:
        raise ProtocolError(f"{key}: not a known {cls.__name__}") from None
