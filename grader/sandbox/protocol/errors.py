"""A learner's errors and how loading its submission went, as a worker describes them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from grader.sandbox.protocol.reading import (TEXT_LIMIT, mapping, member, number, whole, items,
                                             opt_whole, opt_text, text, texts)


@dataclass(frozen=True)
class Frame:
    """A line of the learner's code on the way to an error or an exit."""

    file: str
    line: int
    code: str = ""
    function: str = ""

    def to_plain(self) -> dict:
        return {"file": self.file, "line": self.line, "code": self.code, "function": self.function}

    @classmethod
    def from_plain(cls, data: Any) -> "Frame":
        data = mapping(data, "frame")
        return cls(text(data, "file", 300, ""), max(whole(data, "line", 0), 0), text(data, "code", 300, ""),
                   text(data, "function", 100, ""))


def frames_of(data: dict, key: str = "frames") -> tuple[Frame, ...]:
    return tuple(Frame.from_plain(f) for f in items(data, key, 1000))[-20:]


@dataclass(frozen=True)
class LearnerError:
    """An exception raised in a worker, as described by it (untrusted, display only)."""

    type: str
    message: str
    mro: tuple[str, ...] = ()
    frames: tuple[Frame, ...] = ()
    suggestion: str | None = None  # "did you mean": the name it may have meant
    misspelt: str | None = None  # the name that does not exist
    owner: str | None = None  # in ``tf.keras.Models(x)``: ``tf.keras``
    offset: int = 0  # column of a syntax error

    def is_a(self, name: str) -> bool:
        return name in self.mro or name == self.type

    @property
    def line(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def to_plain(self) -> dict:
        return {"type": self.type, "message": self.message, "mro": list(self.mro),
                "frames": [f.to_plain() for f in self.frames], "suggestion": self.suggestion,
                "misspelt": self.misspelt, "owner": self.owner, "offset": self.offset}

    @classmethod
    def from_plain(cls, data: Any) -> "LearnerError":
        data = mapping(data, "error")
        return cls(type=text(data, "type", 100), message=text(data, "message", TEXT_LIMIT, ""),
                   mro=texts(data, "mro", 30, 100), frames=frames_of(data)[-10:],
                   suggestion=opt_text(data, "suggestion"), misspelt=opt_text(data, "misspelt"),
                   owner=opt_text(data, "owner"), offset=max(whole(data, "offset", 0), 0))


class ProblemKind(str, enum.Enum):
    """Something that went wrong while a submission loaded, without stopping the grading."""

    MAGICS = "magics"  # IPython-only lines skipped in a notebook cell
    CHECK_CALLS = "check_calls"  # grader.check(...) calls skipped in a notebook cell (graded from disk)
    SYNTAX = "syntax"  # a notebook cell that does not parse (skipped)
    EXIT = "exit"  # sys.exit() at import
    EXCEPTION = "exception"  # an exception at import (a cell, or the file)


@dataclass(frozen=True)
class LoadProblem:
    kind: ProblemKind
    cell: int | None = None  # the notebook cell, as Jupyter numbers it (None for a .py file)
    count: int = 0  # MAGICS: lines skipped; CHECK_CALLS: calls skipped
    code: str = ""  # EXIT: the exit code, as text
    error: LearnerError | None = None  # SYNTAX, EXCEPTION
    frames: tuple[Frame, ...] = ()  # EXIT: where

    @property
    def stopped_loading(self) -> bool:
        """True when the rest of the file (or cell) did not run."""
        return self.kind in (ProblemKind.EXIT, ProblemKind.EXCEPTION)

    def to_plain(self) -> dict:
        return {"kind": self.kind.value, "cell": self.cell, "count": self.count, "code": self.code,
                "error": None if self.error is None else self.error.to_plain(),
                "frames": [f.to_plain() for f in self.frames]}

    @classmethod
    def from_plain(cls, data: Any) -> "LoadProblem":
        data = mapping(data, "load problem")
        error = data.get("error")
        return cls(kind=member(ProblemKind, data, "kind"), cell=opt_whole(data, "cell"),
                   count=whole(data, "count", 0), code=text(data, "code", 100, ""),
                   error=None if error is None else LearnerError.from_plain(error), frames=frames_of(data))


class FatalKind(str, enum.Enum):
    """Why nothing of a submission could be loaded."""

    SYNTAX = "syntax"  # a .py file that does not parse
    NOTEBOOK = "notebook"  # JSON, but not a readable notebook
    NOT_JSON = "not_json"  # a .ipynb that is not JSON at all
    UNREADABLE = "unreadable"  # not readable at all


@dataclass(frozen=True)
class LoadFatal:
    kind: FatalKind
    message: str = ""
    error: LearnerError | None = None  # SYNTAX

    def to_plain(self) -> dict:
        return {"kind": self.kind.value, "message": self.message,
                "error": None if self.error is None else self.error.to_plain()}

    @classmethod
    def from_plain(cls, data: Any) -> "LoadFatal":
        data = mapping(data, "fatal")
        error = data.get("error")
        return cls(member(FatalKind, data, "kind"), text(data, "message", 500, ""),
                   None if error is None else LearnerError.from_plain(error))


@dataclass(frozen=True)
class LoadReport:
    """How loading the submission went, as the worker described it."""

    fatal: LoadFatal | None = None
    problems: tuple[LoadProblem, ...] = ()
    defined: tuple[str, ...] = ()
    duration: float = 0.0
    imported: tuple[str, ...] = ()  # heavy modules the submission imported (the fork server can preload them)

    @property
    def stopped(self) -> bool:
        """True when loading stopped early (an error or sys.exit at import)."""
        return any(p.stopped_loading for p in self.problems)

    def to_plain(self) -> dict:
        return {"fatal": None if self.fatal is None else self.fatal.to_plain(),
                "problems": [p.to_plain() for p in self.problems], "defined": list(self.defined),
                "duration": self.duration, "imported": list(self.imported)}

    @classmethod
    def from_plain(cls, data: Any) -> "LoadReport":
        data = mapping(data, "load report")
        fatal = data.get("fatal")
        return cls(fatal=None if fatal is None else LoadFatal.from_plain(fatal),
                   problems=tuple(LoadProblem.from_plain(p) for p in items(data, "problems", 50)),
                   defined=texts(data, "defined", 500), duration=number(data, "duration"),
                   imported=texts(data, "imported", 10))
