"""The authoring API (``grader.authoring``), ``grade new`` and ``grade validate --course`` (issue 26,
items 3 to 5): every checks module imports from the API only, the skeleton passes ``grade validate``
as it stands, and a pack whose solution is not full, whose stub is not zero, whose check cannot fail,
whose hidden check draws nothing or whose threshold the reference does not clear is refused naming
the file to fix (exit 1); a folder that is no pack is a usage error (exit 2)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader.authoring
from grader import packs
from grader.cli import main

BUILTIN_CHECKS = sorted((packs.BUILTIN_DIR / "checks").glob("*.py"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def grader_imports(path: Path) -> list[str]:
    """Every module of the grader that ``path`` imports (at top level or inside a function)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name == "grader" or name.startswith("grader.")]


@pytest.fixture(scope="module")
def skeletons(tmp_path_factory) -> Path:
    """A pack of the two skeletons, as ``grade new`` writes them."""
    pack = tmp_path_factory.mktemp("skeletons") / "pack"
    for name, kind in (("double", "function"), ("fit", "model")):
        result = run("new", name, "--course", str(pack), "--kind", kind)
        assert result.exit_code == 0, result.output
    return pack


def test_every_checks_module_imports_from_the_authoring_api_only(skeletons):
    modules = BUILTIN_CHECKS + sorted((skeletons / "checks").glob("*.py"))
    assert len(modules) == 19
    for path in modules:
        assert set(grader_imports(path)) == {"grader.authoring"}, (path, grader_imports(path))
    variants = sorted((skeletons / "solutions" / "known_wrong").glob("*.py"))
    assert [set(grader_imports(p)) for p in variants] == [{"grader.authoring"}] * 2


def test_the_api_names_what_it_exports_and_promises_they_stay():
    for name in grader.authoring.__all__:
        assert getattr(grader.authoring, name) is not None, name
    doc = grader.authoring.__doc__
    assert "Stability" in doc and "DeprecationWarning" in doc
    from grader.authoring import judged  # lazy: official grading only

    assert hasattr(judged, "iris")


def test_grade_new_makes_a_pack_file_and_lists_the_exercise(skeletons):
    manifest = tomllib.loads((skeletons / "course.toml").read_text(encoding="utf-8"))
    assert manifest["course"]["exercises"] == ["double", "fit"]
    assert manifest["data"]["files"] == ["data/fit.csv"]
    assert packs.load(skeletons).exercise_names() == ["double", "fit"]
    for part in ("checks", "exercises", "solutions", "solutions/known_wrong"):
        assert (skeletons / part / "double.py").is_file()
    stub = (skeletons / "exercises" / "double.py").read_text(encoding="utf-8")
    assert "과제 (한국어)" in stub and "Task (English)" in stub and "raise NotImplementedError" in stub


def test_grade_new_writes_over_nothing_and_refuses_a_bad_name(tmp_path):
    assert run("new", "one", "--course", str(tmp_path)).exit_code == 0
    before = (tmp_path / "course.toml").read_text()
    again = run("new", "one", "--course", str(tmp_path))
    assert again.exit_code == 2 and "already lists one" in again.output
    (tmp_path / "checks" / "two.py").write_text("# mine\n")
    taken = run("new", "two", "--course", str(tmp_path))
    assert taken.exit_code == 2 and "exists" in taken.output
    assert (tmp_path / "checks" / "two.py").read_text() == "# mine\n" and not (tmp_path / "exercises" / "two.py").exists()
    beside = run("--course", str(tmp_path / "other"), "new", "three")  # grade --course DIR new NAME
    assert beside.exit_code == 0 and (tmp_path / "other" / "checks" / "three.py").is_file()
    bad = run("new", "2fast", "--course", str(tmp_path))
    assert bad.exit_code == 2 and "not an exercise name" in bad.output
    assert (tmp_path / "course.toml").read_text() == before


def test_grade_new_puts_the_files_where_the_pack_keeps_them(tmp_path):
    (tmp_path / "course.toml").write_text(
        '[course]\ntitle = { en = "Mine", ko = "내 강의" }\nexercises = [\n  "old",\n]\n\n'
        '[paths]\nstubs = "handout"\nsolutions = "../secret"\n')
    assert run("new", "fresh", "--course", str(tmp_path)).exit_code == 0
    assert (tmp_path / "handout" / "fresh.py").is_file()
    assert (tmp_path.parent / "secret" / "known_wrong" / "fresh.py").is_file()
    manifest = tomllib.loads((tmp_path / "course.toml").read_text())
    assert manifest["course"]["exercises"] == ["old", "fresh"] and manifest["paths"]["stubs"] == "handout"


@pytest.mark.slow
def test_the_skeletons_pass_validate_as_they_stand(skeletons):
    result = run("validate", "--course", str(skeletons), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2 of 2 exercises valid" in result.output
    for line in ("solution (seed 5)", "variant adds_instead_of_multiplying", "variant sigmoid_output",
                 "hidden check scale_drawn_numbers: its draw changes",
                 "hidden check r2_on_held_out_rows: its draw changes", "r2_on_held_out_rows: r2 >= 0.9: worst"):
        assert line in result.output, line


def _pack(tmp_path: Path, kind: str = "function") -> Path:
    pack = tmp_path / "pack"
    assert run("new", "ex", "--course", str(pack), "--kind", kind).exit_code == 0
    return pack


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_solution_that_is_not_full_is_refused_naming_its_file(tmp_path):
    pack = _pack(tmp_path)
    _edit(pack / "solutions" / "ex.py", "return [v * factor for v in values]", "return [v * factor for v in values][:2]")
    result = run("validate", "--course", str(pack), "--lang", "en")
    assert result.exit_code == 1 and "not valid: ex" in result.output
    assert "under grading seed 0, the reference does not pass scale_example: failed" in result.output
    assert "fix pack/solutions/ex.py so that it passes, or correct the check in pack/checks/ex.py" in \
        result.output.replace(str(tmp_path) + "/", "")


def test_a_stub_that_scores_is_refused_naming_its_file(tmp_path):
    pack = _pack(tmp_path)
    _edit(pack / "exercises" / "ex.py", "    raise NotImplementedError", "    return [2, 4, 6]")
    result = run("validate", "--course", str(pack), "--lang", "ko")
    assert result.exit_code == 1
    assert "스텁이 1점을 받습니다" in result.output and "exercises/ex.py" in result.output
    assert "raise NotImplementedError` 만 해야 합니다" in result.output


def test_a_check_that_cannot_fail_is_refused_naming_the_variants_file(tmp_path):
    pack = _pack(tmp_path)
    _edit(pack / "solutions" / "known_wrong" / "ex.py", "return [v + factor for v in values]",
          "return [v * factor for v in values]")
    result = run("validate", "--course", str(pack), "--lang", "en")
    assert result.exit_code == 1
    assert "not caught by scale_example: passed" in result.output
    assert "no known-wrong variant is caught by scale_drawn_numbers: nothing proves this check can fail" in result.output
    assert "solutions/known_wrong/ex.py" in result.output


def test_a_hidden_check_that_draws_nothing_is_refused_naming_the_checks_module(tmp_path):
    pack = _pack(tmp_path)
    _edit(pack / "checks" / "ex.py", "np.round(ctx.rng.normal(size=int(ctx.rng.integers(3, 9))), 3)",
          "[0.5, -1.25, 2.0]")
    _edit(pack / "checks" / "ex.py", "float(np.round(ctx.rng.uniform(-3, 3), 2))", "1.5")
    result = run("validate", "--course", str(pack), "--lang", "en")
    assert result.exit_code == 1
    assert "hidden check scale_drawn_numbers asks the same of the code under grading seeds 0 and 5" in result.output
    assert "draw scale_drawn_numbers's inputs from ctx.rng" in result.output and "checks/ex.py" in result.output


@pytest.mark.slow
def test_a_threshold_the_reference_does_not_clear_is_refused_with_its_value(tmp_path):
    pack = _pack(tmp_path, "model")
    with open(pack / "course.toml", "a", encoding="utf-8") as f:
        f.write('\n[exercises.ex]\nsettings = { THRESHOLD = 0.99999 }\n')
    result = run("validate", "--course", str(pack), "--lang", "en", "--seeds", "0")
    assert result.exit_code == 1
    assert "r2_on_held_out_rows: the reference's r2 is 0.99" in result.output
    assert "the threshold is >= 0.99999" in result.output and "lower the threshold" in result.output
    assert "one grading seed only" in result.output  # one seed: the hidden draws cannot be compared


def test_a_folder_that_is_no_pack_is_a_usage_error(tmp_path):
    result = run("validate", "--course", str(tmp_path), "--lang", "en")
    assert result.exit_code == 2 and "course.toml" in result.output and "Traceback" not in result.output


def test_a_class_folder_names_a_packs_own_exercises():
    from grader.batch.layouts import exercise_of

    assert exercise_of("sales.py", ["sales", "fit"]) == "sales"
    assert exercise_of("kim_12_assignsubmission_file_sales.ipynb", ["sales", "fit"]) == "sales"
    assert exercise_of("wholesales.py", ["sales"]) is None
    assert exercise_of("ex03.py", ["exercise3", "sales"]) == "exercise3"


def test_the_operations_checks_may_ask_for_are_the_ones_the_topic_modules_declare(monkeypatch):
    """One list: each topic module's ``OPERATIONS``.  ``grader.authoring.ops`` offers exactly those
    types, by class name, and the worker finds exactly those by operation name; a type a module adds
    is there at once, with nothing else to edit."""
    import importlib
    import pkgutil

    from grader.harness import ops as harness_ops
    from grader.harness.ops.maths import KerasLoss

    ops = grader.authoring.ops
    topics = [importlib.import_module(f"grader.harness.ops.{m.name}")
              for m in pkgutil.iter_modules(harness_ops.__path__) if m.name != "operations"]
    declared = [t for module in topics for t in getattr(module, "OPERATIONS", ())]
    assert len(declared) == 12 and len({t.name for t in declared}) == len({t.__name__ for t in declared}) == 12
    assert sorted(ops.__all__) == sorted(dir(ops)) == sorted(t.__name__ for t in declared)
    for request_type in declared:
        assert getattr(ops, request_type.__name__) is request_type
        assert harness_ops.lookup(request_type.name) is request_type
    for used in ("KerasLoss", "KerasOptimizerSteps", "KerasR2Score", "NeuronTapeGradients", "NotebookTables",
                 "TraceNandCircuit", "TracePerceptronCalls"):  # what the built-in checks modules ask for
        assert used in ops.__all__
    with pytest.raises(AttributeError):
        ops.OpenAShell  # noqa: B018 - not declared anywhere

    class KerasCube(KerasLoss):  # a new operation a topic module declares
        name = "keras_cube"

    maths = importlib.import_module("grader.harness.ops.maths")
    monkeypatch.setattr(maths, "OPERATIONS", maths.OPERATIONS + (KerasCube,))
    assert ops.KerasCube is KerasCube and harness_ops.lookup("keras_cube") is KerasCube
