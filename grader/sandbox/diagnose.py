"""Turn a learner's exception into a :class:`LearnerError` a message can be made from.

Runs inside the worker, where the objects are; what it makes is untrusted
and only ever ends up in the learner's own report.
"""

from __future__ import annotations

import builtins
import difflib
import linecache
import re
import traceback

from grader.sandbox.protocol import Frame, LearnerError

_MAX_TEXT = 2000
_COMMON_MODULES = ("tensorflow", "numpy", "pandas", "keras", "math", "random", "nbformat")


def _clip(text: str, limit: int = _MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _safe_str(exc: BaseException) -> str:
    try:
        return _clip(str(exc))
    except Exception:  # noqa: BLE001 - a learner's __str__ may raise
        return f"<{type(exc).__name__}>"


def _closest(name: str, candidates: list[str]) -> str | None:
    public = [c for c in candidates if isinstance(c, str) and not c.startswith("__")]
    matches = difflib.get_close_matches(name, public, n=1, cutoff=0.7)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in public}
    return lowered.get(name.lower())


def _frame_names(tb) -> list[str]:
    names: list[str] = list(dir(builtins))
    while tb is not None:
        if tb.tb_next is None:
            names += list(tb.tb_frame.f_locals) + list(tb.tb_frame.f_globals)
        tb = tb.tb_next
    return names


def suggest(exc: BaseException) -> tuple[str, str] | None:
    """A "did you mean" for a misspelt attribute, name or module: (the name, the suggestion)."""
    try:
        if isinstance(exc, AttributeError) and getattr(exc, "name", None):
            obj = getattr(exc, "obj", None)
            if obj is None:
                return None
            best = _closest(exc.name, dir(obj))
            return (exc.name, best) if best else None
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            best = _closest(exc.name.split(".")[0], list(_COMMON_MODULES))
            return (exc.name, best) if best else None
        if isinstance(exc, NameError) and getattr(exc, "name", None):
            best = _closest(exc.name, _frame_names(exc.__traceback__))
            return (exc.name, best) if best else None
    except Exception:  # noqa: BLE001 - diagnostics must never fail the report
        return None
    return None


def _owner_expression(code: str, name: str) -> str | None:
    """In ``model = tf.keras.Models(x)``, the expression before ``.Models``: ``tf.keras``."""
    match = re.search(r"([A-Za-z_][\w.]*)\." + re.escape(name) + r"\b", code or "")
    return match.group(1) if match else None


def learner_frames(tb, learner_files: set[str]) -> tuple[Frame, ...]:
    return tuple(Frame(frame.filename, frame.lineno or 0, _clip(frame.line or "", 300), frame.name)
                 for frame in traceback.extract_tb(tb) if frame.filename in learner_files)


def _mro(exc: BaseException) -> tuple[str, ...]:
    return tuple(cls.__name__ for cls in type(exc).__mro__)


def describe(exc: BaseException, learner_files: set[str]) -> LearnerError:
    """An exception raised by (or through) learner code."""
    if isinstance(exc, SyntaxError) and (exc.filename in learner_files or not exc.__traceback__):
        return describe_syntax_error(exc)
    frames = learner_frames(exc.__traceback__, learner_files)
    hint = suggest(exc)
    misspelt, suggestion = hint if hint else (None, None)
    owner = _owner_expression(frames[-1].code, misspelt) if hint and frames else None
    return LearnerError(type(exc).__name__, _safe_str(exc), _mro(exc), frames, suggestion, misspelt, owner)


def describe_syntax_error(exc: SyntaxError) -> LearnerError:
    text = exc.text or (linecache.getline(exc.filename or "", exc.lineno or 0) if exc.filename else "")
    frame = Frame(exc.filename or "", exc.lineno or 0, _clip((text or "").rstrip("\n"), 300), "<module>")
    return LearnerError(type(exc).__name__, _clip(str(exc.msg)), _mro(exc), (frame,), offset=exc.offset or 0)
