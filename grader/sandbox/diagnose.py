"""Turn a learner's exception into plain data a message can be made from.

Runs inside the worker, where the objects are; what it returns is untrusted
plain data that only ever ends up in the learner's own report.
"""

from __future__ import annotations

import builtins
import difflib
import linecache
import re
import traceback

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


def suggest(exc: BaseException) -> dict | None:
    """A "did you mean" for a misspelt attribute, name or module."""
    try:
        if isinstance(exc, AttributeError) and getattr(exc, "name", None):
            obj = getattr(exc, "obj", None)
            if obj is None:
                return None
            best = _closest(exc.name, dir(obj))
            return {"name": exc.name, "suggestion": best} if best else None
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            best = _closest(exc.name.split(".")[0], list(_COMMON_MODULES))
            return {"name": exc.name, "suggestion": best} if best else None
        if isinstance(exc, NameError) and getattr(exc, "name", None):
            best = _closest(exc.name, _frame_names(exc.__traceback__))
            return {"name": exc.name, "suggestion": best} if best else None
    except Exception:  # noqa: BLE001 - diagnostics must never fail the report
        return None
    return None


def _owner_expression(code: str, name: str) -> str | None:
    """In ``model = tf.keras.Models(x)``, the expression before ``.Models``: ``tf.keras``."""
    match = re.search(r"([A-Za-z_][\w.]*)\." + re.escape(name) + r"\b", code or "")
    return match.group(1) if match else None


def learner_frames(tb, learner_files: set[str]) -> list[dict]:
    frames = []
    for frame in traceback.extract_tb(tb):
        if frame.filename in learner_files:
            frames.append({"file": frame.filename, "line": frame.lineno or 0,
                           "code": _clip(frame.line or "", 300), "function": frame.name})
    return frames


def describe(exc: BaseException, learner_files: set[str]) -> dict:
    """Plain description of an exception raised by (or through) learner code."""
    if isinstance(exc, SyntaxError) and (exc.filename in learner_files or not exc.__traceback__):
        return describe_syntax_error(exc)
    frames = learner_frames(exc.__traceback__, learner_files)
    hint = suggest(exc)
    if hint and frames:
        owner = _owner_expression(frames[-1]["code"], hint["name"])
        if owner:
            hint["owner"] = owner
    where = traceback.extract_tb(exc.__traceback__)
    last = where[-1] if where else None
    return {
        "type": type(exc).__name__,
        "mro": [cls.__name__ for cls in type(exc).__mro__],
        "message": _safe_str(exc),
        "frames": frames,
        "raised_in": None if last is None else {"file": last.filename, "line": last.lineno or 0,
                                                 "function": last.name},
        "suggestion": hint,
    }


def describe_syntax_error(exc: SyntaxError) -> dict:
    text = exc.text or (linecache.getline(exc.filename or "", exc.lineno or 0) if exc.filename else "")
    return {
        "type": type(exc).__name__,
        "mro": [cls.__name__ for cls in type(exc).__mro__],
        "message": _clip(str(exc.msg)),
        "frames": [{"file": exc.filename or "", "line": exc.lineno or 0,
                    "code": _clip((text or "").rstrip("\n"), 300), "function": "<module>"}],
        "raised_in": None,
        "suggestion": None,
        "offset": exc.offset or 0,
    }

