"""The house's map holds: the grader's imports, read file by file, make no circle, and no module imports
one that stands above it in the declared layering (the one exception is named with its reason).

Every ``import`` and ``from ... import`` of a module counts, at its top or inside a function, under
``if TYPE_CHECKING:`` too (a type from a layer above is knowledge of that layer).  ``from grader.a
import b`` is an import of ``grader.a.b`` when that is a module, else of ``grader.a``; the parent
packages Python runs on the way are not counted (a package's ``__init__`` importing its own modules
is not a circle with them).
"""

from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "grader"

#: From the bottom up: a module may import its own layer and those below, never one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("words and data", ("grader", "grader.korean", "grader.text", "grader.usage", "grader.plaindata",
                        "grader.seeds", "grader.learner_files", "grader.data", "grader.results",
                        "grader.results_io")),
    ("messages between processes", ("grader.sandbox.protocol", "grader.sandbox.channel", "grader.messages")),
    ("loading a learner's file", ("grader.sandbox.loader", "grader.sandbox.diagnose", "grader.sandbox.output")),
    ("trusted code in workers", ("grader.harness",)),
    ("processes and their confinement", ("grader.sandbox",)),
    ("the checks' framework", ("grader.framework",)),
    ("the course", ("grader.packs", "grader.course", "grader.recognise", "grader.authoring", "grader.skeleton")),
    ("grading", ("grader.grading", "grader.runner", "grader.expected", "grader.release", "grader.validation",
                 "grader.validation_texts", "grader.draws", "grader.gradescope_bundle", "grader.gradescope_submission")),
    ("reports", ("grader.reports",)),
    ("a class", ("grader.batch",)),
    ("entries", ("grader.cli", "grader.__main__", "grader.jupyter")),
)

#: (importer, imported) -> why it may import upwards.
EXCEPTIONS = {
    ("grader", "grader.jupyter"): "grader.check, the Jupyter entry: imported on first use (the package's "
                                  "__getattr__) so `import grader` stays cheap and imports no grading code",
}


#: Packages whose modules are found, never named: listing them in the docstring would be one more place.
FOUND_NOT_LISTED = {
    "grader.harness.ops": "operations found by their module's OPERATIONS (grader.harness.ops.lookup)",
}


@lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str) -> set[str]:
    """The grader modules ``name``'s file imports (anywhere in the file)."""
    path, known = modules()[name], modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    found.add(f"{base}.{alias.name}")
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def layer_of(name: str) -> int | None:
    best, best_length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = name == prefix or (prefix != "grader" and name.startswith(prefix + "."))
            if matches and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def graph() -> dict[str, set[str]]:
    return {name: {t for t in imports_of(name) if (name, t) not in EXCEPTIONS} for name in modules()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_reader_sees_top_level_function_level_relative_and_type_checking_imports(tmp_path, monkeypatch):
    fake = tmp_path / "grader"
    (fake / "sub").mkdir(parents=True)
    for name in ("__init__", "a", "b", "c", "d", "sub/__init__", "sub/e"):
        (fake / f"{name}.py").write_text("")
    (fake / "sub" / "f.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import grader.a\n"
        "from grader import b, __version__\n"
        "from . import e\n"
        "from ..c import something\n"
        "if TYPE_CHECKING:\n    from grader.d import T\n"
        "def later():\n    import grader.sub.e.nothing_here\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    modules.cache_clear()
    try:
        assert imports_of("grader.sub.f") == {"grader", "grader.a", "grader.b", "grader.c", "grader.d",
                                              "grader.sub.e"}
    finally:
        modules.cache_clear()


def test_a_circle_is_found_and_named():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_every_module_has_a_layer():
    unplaced = [name for name in modules() if layer_of(name) is None]
    assert not unplaced, f"place these modules in a layer of LAYERS: {unplaced}"


def test_no_module_imports_one_that_stands_above_it():
    upward = []
    for name, targets in graph().items():
        for target in sorted(targets):
            if layer_of(target) > layer_of(name):
                upward.append(f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} "
                              f"({LAYERS[layer_of(target)][0]})")
    assert not upward, "\n".join(upward)


def test_the_imports_make_no_circle():
    assert circles(graph()) == []


def test_each_exception_is_an_import_that_exists_and_goes_upwards():
    for (importer, imported), reason in EXCEPTIONS.items():
        assert imported in imports_of(importer), (importer, imported)
        assert layer_of(imported) > layer_of(importer), (importer, imported)
        assert reason


def test_every_package_docstring_names_each_of_its_modules():
    """A new maintainer reads a package's docstring to find their way: it names every module in it."""
    missing = []
    for name, path in modules().items():
        if path.name != "__init__.py" or name in FOUND_NOT_LISTED:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for child in sorted(path.parent.iterdir()):
            module = child.stem if child.suffix == ".py" else child.name if (child / "__init__.py").is_file() else None
            if module in (None, "__init__", "__main__"):
                continue
            if not re.search(rf"\b{re.escape(name)}\.{module}\b", doc):
                missing.append(f"{name}: {module}")
    assert not missing, "package docstrings that omit a module:\n" + "\n".join(missing)
