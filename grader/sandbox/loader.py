"""Load a submission (a ``.py`` file or a Jupyter notebook) into a namespace.

Runs inside the worker.  Problems do not stop loading where a teacher would
go on: a notebook cell that raises is reported and the next cells still run;
``sys.exit()`` at import keeps what was defined before it.  Only a file that
cannot be read or parsed at all is fatal.
"""

from __future__ import annotations

import ast
import linecache
import re
import sys
import types
from dataclasses import dataclass, field
from typing import Callable

from grader.sandbox import diagnose
from grader.sandbox.protocol import FatalKind, LoadFatal, LoadProblem, LoadReport, ProblemKind

_CELL_MAGICS_RUN_BODY = ("time", "timeit", "capture", "prun")
_SHELL_ASSIGN = re.compile(r"^\s*[\w.,\s]+=\s*[!%]")
_HELP_LINE = re.compile(r"^\s*[\w.]+\?{1,2}\s*$")
#: ``grader.check(...)`` (or ``check(...)`` after ``from grader import check``) at the start of a line.
CHECK_CALL = re.compile(r"^(\s*)(?:[\w.]+\s*=\s*)?(?:grader\.)?check\(")
_IMPORTS_CHECK = re.compile(r"^\s*from\s+grader\s+import\s+[^\n]*\bcheck\b", re.M)


@dataclass
class Loaded:
    namespace: dict
    files: set[str]
    problems: list[LoadProblem] = field(default_factory=list)
    fatal: LoadFatal | None = None

    def report(self, duration: float, imported: tuple[str, ...] = ()) -> LoadReport:
        return LoadReport(self.fatal, tuple(self.problems),
                          tuple(sorted(k for k in self.namespace if not k.startswith("__"))), duration, imported)


def strip_magics(source: str) -> tuple[str, int]:
    """Replace IPython-only lines by ``pass`` (keeping line numbers); count them."""
    lines = source.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = lines[first].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _CELL_MAGICS_RUN_BODY:
            return "", len(lines)
        lines[first] = ""
    skipped = 0
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or _SHELL_ASSIGN.match(line) or _HELP_LINE.match(line):
            lines[i] = line[: len(line) - len(stripped)] + "pass"
            skipped += 1
    return "\n".join(lines) + "\n", skipped


def _is_check_call(node: ast.stmt, bare: bool) -> bool:
    value = node.value if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Attribute):
        return func.attr == "check" and isinstance(func.value, ast.Name) and func.value.id == "grader"
    return bare and isinstance(func, ast.Name) and func.id == "check"


def strip_check_calls(source: str, bare: bool) -> tuple[str, int]:
    """Replace each top-level ``grader.check(...)`` statement of a cell by ``pass`` (keeping line
    numbers); ``bare``: ``check(...)`` too (the notebook imports it from grader).  Count them.

    ``grader.check`` grades the cells a Jupyter kernel ran; a notebook graded from disk is
    graded as saved, so those calls would only raise.  A cell that does not parse is left as it is
    (its syntax error is reported as any other)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source, 0
    lines = source.splitlines()
    calls = [node for node in tree.body if _is_check_call(node, bare)]
    for node in calls:
        first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
        lines[first] = indent + "pass"
        for i in range(first + 1, last + 1):
            lines[i] = ""
    return ("\n".join(lines) + "\n", len(calls)) if calls else (source, 0)


class _NoIPython:
    """Stands in for ``get_ipython()`` so notebook code that calls it keeps going."""

    def __getattr__(self, _name):
        return lambda *args, **kwargs: None


def _new_module(name: str, path: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    return module


def _nothing() -> None:
    return None


def _run(code, namespace: dict, files: set[str], problems: list[LoadProblem], cell: int | None,
         starting: Callable[[], None]) -> bool:
    """Execute one unit of learner code (``starting()`` just before); False when it stopped with ``sys.exit``."""
    starting()
    try:
        exec(code, namespace)  # noqa: S102 - this is the learner's code, in its sandbox
    except SystemExit as exc:
        frames = diagnose.learner_frames(exc.__traceback__, files)
        problems.append(LoadProblem(ProblemKind.EXIT, cell, code=str(exc.code)[:100], frames=frames))
        return False
    except BaseException as exc:  # noqa: BLE001 - every error is reported, loading goes on
        problems.append(LoadProblem(ProblemKind.EXCEPTION, cell, error=diagnose.describe(exc, files)))
    return True


def load_python(path: str, display: str, module_name: str, starting: Callable[[], None] = _nothing) -> Loaded:
    module = _new_module(module_name, path)
    files = {display}
    loaded = Loaded(module.__dict__, files)
    try:
        with open(path, "rb") as f:
            source = f.read()
        code = compile(source, display, "exec", dont_inherit=True)
    except SyntaxError as exc:
        loaded.fatal = LoadFatal(FatalKind.SYNTAX, error=diagnose.describe_syntax_error(exc))
        return loaded
    except (OSError, ValueError) as exc:
        loaded.fatal = LoadFatal(FatalKind.UNREADABLE, str(exc)[:500])
        return loaded
    _run(code, loaded.namespace, files, loaded.problems, None, starting)
    return loaded


def _remember_source(label: str, source: str) -> None:
    """Let tracebacks quote a cell's lines (a cell is no file ``linecache`` could read)."""
    linecache.cache[label] = (len(source), None, source.splitlines(True), label)


def _notebook_fault(path: str) -> FatalKind:
    """Why a notebook could not be read, in words the report says in both languages: not JSON, or
    JSON that is not a Jupyter notebook (nbformat's own English message stays in the output only)."""
    import json

    try:
        with open(path, encoding="utf-8") as f:
            json.load(f)
    except RecursionError:  # JSON nested deeper than Python parses: not a notebook a learner can run
        return FatalKind.NOTEBOOK
    except (ValueError, UnicodeDecodeError, OSError):
        return FatalKind.NOT_JSON
    return FatalKind.NOTEBOOK


#: nbformat compiles its schema's validator once per format version (30 ms each): 4.4 and 4.5 are what
#: Jupyter has written since 2016 and 2021; a notebook of another version compiles its own when read.
_WARMED_MINORS = (4, 5)


def warm_notebooks() -> None:
    """Import nbformat and read empty notebooks of the grader's own, so its schema's validators are
    compiled before the fork server's first fork (no learner's file is read here)."""
    import nbformat

    for minor in _WARMED_MINORS:
        nbformat.reads('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": %d}' % minor, as_version=4)


def load_notebook(path: str, display: str, module_name: str, starting: Callable[[], None] = _nothing) -> Loaded:
    module = _new_module(module_name, path)
    loaded = Loaded(module.__dict__, set())
    try:
        import nbformat

        with open(path, encoding="utf-8") as f:
            notebook = nbformat.read(f, as_version=4)
        cells = list(notebook.cells)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a readable notebook"
        loaded.fatal = LoadFatal(_notebook_fault(path), f"{type(exc).__name__}: {exc}"[:500])
        return loaded
    loaded.namespace.update({"get_ipython": _NoIPython, "display": print})
    bare = any(cell.get("cell_type") == "code" and _IMPORTS_CHECK.search(str(cell.get("source", "")))
               for cell in cells)
    for number, cell in enumerate(cells, start=1):  # numbered as the notebook shows them, markdown too
        if cell.get("cell_type") != "code":
            continue
        source, skipped = strip_magics(str(cell.get("source", "")))
        source, checks = strip_check_calls(source, bare)
        label = f"{display} [cell {number}]"
        loaded.files.add(label)
        _remember_source(label, source)
        if skipped:
            loaded.problems.append(LoadProblem(ProblemKind.MAGICS, number, count=skipped))
        if checks:
            loaded.problems.append(LoadProblem(ProblemKind.CHECK_CALLS, number, count=checks))
        try:
            code = compile(source, label, "exec", dont_inherit=True)
        except SyntaxError as exc:
            loaded.problems.append(LoadProblem(ProblemKind.SYNTAX, number,
                                               error=diagnose.describe_syntax_error(exc)))
            continue
        _run(code, loaded.namespace, loaded.files, loaded.problems, number, starting)
    return loaded


def load(path: str, display: str, module_name: str, starting: Callable[[], None] = _nothing) -> Loaded:
    """The submission at ``path``, run; ``starting()`` is called before each unit of its code runs
    (a learner's worker says so to the grader: from then on its failures are the learner's)."""
    if not path:  # a judge: a worker that holds no submission, only the harness
        return Loaded({}, set())
    if path.endswith(".ipynb"):
        return load_notebook(path, display, module_name, starting)
    return load_python(path, display, module_name, starting)
