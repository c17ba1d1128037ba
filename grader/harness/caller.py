"""Where in the learner's code a call came from: file, line and notebook cell.

Notebook cells are compiled with the filename ``"<file> [cell N]"``
(:mod:`grader.sandbox.loader`), so the cell is read from the filename of the
first frame that is not library code (Keras, TensorFlow, pandas, NumPy, the
standard library's machinery, or this grader).
"""

from __future__ import annotations

import os
import re
import sys
from types import FrameType

_CELL = re.compile(r"\[cell (\d+)\]$")
_LIBRARY_PACKAGES = ("keras", "tensorflow", "tf_keras", "pandas", "numpy", "optree", "namex", "grader")


def _library_dirs() -> tuple[str, ...]:
    dirs = []
    for name in _LIBRARY_PACKAGES:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None) if module else None
        if path:
            dirs.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    return tuple(dirs)


def is_library(frame: FrameType, library_dirs: tuple[str, ...] | None = None) -> bool:
    filename = frame.f_code.co_filename
    if filename.startswith("<frozen ") or filename.startswith("<string>"):
        return True
    if _CELL.search(filename) or filename.startswith("<"):
        return False  # a notebook cell or code the learner exec'd
    dirs = _library_dirs() if library_dirs is None else library_dirs
    return os.path.abspath(filename).startswith(dirs)


def learner_frame(start: FrameType | None) -> tuple[FrameType | None, FrameType | None]:
    """The first non-library frame from ``start`` outwards, and the frame it called (or None)."""
    dirs = _library_dirs()
    inner, frame = None, start
    while frame is not None:
        if not is_library(frame, dirs):
            return frame, inner
        inner, frame = frame, frame.f_back
    return None, inner


def where(frame: FrameType | None) -> dict | None:
    """``{"file", "line", "cell"}`` of a frame (``cell`` is None outside a notebook)."""
    if frame is None:
        return None
    filename = frame.f_code.co_filename
    match = _CELL.search(filename)
    return {"file": filename, "line": int(frame.f_lineno or 0), "cell": int(match.group(1)) if match else None}


def caller(depth: int = 1) -> dict | None:
    """Where the learner's code called into the library (``depth`` frames above the caller of this)."""
    frame, _ = learner_frame(sys._getframe(depth + 1))
    return where(frame)
