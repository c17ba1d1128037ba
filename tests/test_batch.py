"""`grade batch`: a class folder, a zip and a flat LMS export give the same gradebook; one
learner's hostile code changes nobody else's row; --resume finishes an interrupted run."""

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner

from class_factory import make_class
from conftest import REPO, SOLUTIONS, ctrl_c_reaches_me
from grader.batch.layouts import discover
from grader.cli import main

EXERCISES = ["exercise1", "exercise3"]
KINDS = ("correct", "partial", "stub", "syntax", "crash", "missing")


SEED = "5"  # one seed for every run compared here (without --seed, each --out folder draws its own)


def batch(source, out, *args):
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(out), "--exercises",
                                       ",".join(EXERCISES), "--lang", "en", "--seed", SEED, *args],
                                catch_exceptions=False)
    return result


def gradebook(out):
    return list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8-sig"))))


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "class"
    plan = make_class(folder, 6, EXERCISES, kinds=KINDS)
    return folder, plan


@pytest.fixture(scope="module")
def graded(classroom, tmp_path_factory):
    folder, plan = classroom
    out = tmp_path_factory.mktemp("out")
    result = batch(folder, out, "--workers", "2")
    assert result.exit_code == 0, result.output
    return out


def test_gradebook_has_a_row_per_learner_and_a_column_per_exercise(graded, classroom):
    _, plan = classroom
    rows = gradebook(graded)
    assert [r["learner"] for r in rows] == sorted(plan)
    assert list(rows[0]) == ["learner", "exercise1", "exercise1 status", "exercise3", "exercise3 status",
                             "total", "max_total", "percentage"]
    expected_status = {"correct": "passed", "stub": "not_attempted", "syntax": "error", "crash": "error",
                       "missing": "missing"}
    for row in rows:
        for exercise in EXERCISES:
            kind = plan[row["learner"]][exercise]
            score = float(row[exercise])
            if kind in expected_status:  # a syntax error is not an empty hand-in: the status tells them apart
                assert row[f"{exercise} status"] == expected_status[kind], (row["learner"], exercise, kind)
            if kind == "correct":
                assert score == {"exercise1": 12, "exercise3": 10}[exercise]
            elif kind in ("stub", "syntax", "crash", "missing"):
                assert score == 0, (row["learner"], exercise, kind)
        assert float(row["total"]) == sum(float(row[e]) for e in EXERCISES)
        assert float(row["percentage"]) == pytest.approx(100 * float(row["total"]) / 22, abs=0.01)


def test_a_missing_exercise_is_status_missing_not_an_error(graded, classroom):
    _, plan = classroom
    learner, exercise = next((l, e) for l, kinds in plan.items() for e, k in kinds.items() if k == "missing")
    report = json.loads((graded / "learners" / learner / "report.json").read_text())
    entry = next(r for r in report["exercises"] if r["exercise"] == exercise)
    assert entry["score"] == 0 and {c["status"] for c in entry["checks"]} == {"missing"}


def test_every_learner_gets_json_markdown_and_gradescope_reports(graded, classroom):
    _, plan = classroom
    for learner in plan:
        folder = graded / "learners" / learner
        report = json.loads((folder / "report.json").read_text())
        assert [r["exercise"] for r in report["exercises"]] == EXERCISES
        assert {"score", "max_score", "checks", "grader_version"} <= set(report["exercises"][0])
        assert learner in (folder / "report.md").read_text()
        gradescope = json.loads((folder / "results.json").read_text())
        assert gradescope["score"] == pytest.approx(report["score"])
    junit = (graded / "junit.xml").read_text()
    assert junit.count("<testsuite ") == len(plan)


def test_zip_and_flat_lms_export_give_the_same_gradebook(graded, classroom, tmp_path):
    folder, plan = classroom
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.rglob("*.py"):
            zf.write(path, "2026-fall/" + str(path.relative_to(folder)))
    flat = tmp_path / "flat"
    flat.mkdir()
    for number, path in enumerate(sorted(folder.rglob("*.py"))):
        learner = path.parent.name
        shutil.copy(path, flat / f"{learner}_{1000 + number}_assignsubmission_file_{path.name}")
    expected = gradebook(graded)
    for source in (archive, flat):
        out = tmp_path / f"out-{source.name}"
        assert batch(source, out, "--workers", "1").exit_code == 0
        assert gradebook(out) == expected


def test_layouts_read_learner_ids_from_lms_file_names(tmp_path):
    for name in ("learner07_12345_assignsubmission_file_exercise3.ipynb", "kimminsu_12345_67890_exercise1.py",
                 "kimminsu_LATE_12345_67890_exercise3-1.py", "notes.txt", "readme.py"):
        (tmp_path / name).write_text("x = 1\n")
    found = discover(tmp_path, EXERCISES, tmp_path / "work")
    assert found.layout == "flat"
    assert {l.learner: [e for e, _ in l.files] for l in found.learners} == {
        "kimminsu": ["exercise1", "exercise3"], "learner07": ["exercise3"]}
    assert found.ignored == ("readme.py",)


def test_a_learner_with_an_empty_folder_is_in_the_class_as_a_folder_and_as_a_zip(tmp_path):
    folder = tmp_path / "class"
    for learner in ("alice", "bob", "dave"):
        (folder / learner).mkdir(parents=True)
    (folder / "alice" / "exercise1.py").write_text("x = 1\n")
    (folder / "bob" / "exercise3.py").write_text("x = 1\n")
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # as a file manager zips a folder: its folders are entries
        for path in sorted(folder.rglob("*")):
            zf.write(path, str(path.relative_to(tmp_path)) + ("/" if path.is_dir() else ""))
    for source in (folder, archive):
        found = discover(source, EXERCISES, tmp_path / f"work-{source.name}")
        assert [l.learner for l in found.learners] == ["alice", "bob", "dave"], source
        assert next(l for l in found.learners if l.learner == "dave").files == ()


def test_a_notebook_handed_in_beside_the_untouched_stub_is_the_one_graded(tmp_path):
    learner = tmp_path / "class" / "kim"
    learner.mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "exercise3.py", learner / "exercise3.py")
    (learner / "exercise3.ipynb").write_text("{}")
    (learner / "exercise1.py").write_text("x = 1\n")  # edited: as before, .py before .ipynb
    (learner / "exercise1.ipynb").write_text("{}")
    found = discover(tmp_path / "class", EXERCISES, tmp_path / "work").learners[0]
    assert found.file_for("exercise3").name == "exercise3.ipynb"
    assert found.file_for("exercise1").name == "exercise1.py"
    assert any("graded exercise3.ipynb; also handed in: exercise3.py" in note for note in found.notes)


HOSTILE = '''
import os, glob, signal, threading
for path in glob.glob("/tmp/**/*.py", recursive=True) + glob.glob("/tmp/**/gradebook.csv", recursive=True):
    try:
        open(path, "w").write("raise SystemExit('overwritten by a hostile learner')\\n")
    except OSError:
        pass
for pid in range(2, 4000):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
def spin():
    while True:
        pass
threading.Thread(target=spin, daemon=True).start()
'''


def test_a_hostile_learner_changes_nobody_elses_row(graded, classroom, tmp_path):
    folder, plan = classroom
    hostile_class = tmp_path / "class"
    shutil.copytree(folder, hostile_class)
    (hostile_class / "zz_hostile").mkdir()
    for exercise in EXERCISES:
        (hostile_class / "zz_hostile" / f"{exercise}.py").write_text(
            HOSTILE + (SOLUTIONS / f"{exercise}.py").read_text())
    out = tmp_path / "out"
    result = batch(hostile_class, out, "--workers", "2")
    assert result.exit_code == 0, result.output
    rows = {r["learner"]: r for r in gradebook(out)}
    assert [rows[r["learner"]] for r in gradebook(graded)] == gradebook(graded)
    assert "zz_hostile" in rows
    for path in hostile_class.rglob("*.py"):  # nobody's files were overwritten
        assert "hostile learner" not in path.read_text() or path.parent.name == "zz_hostile"


def _run_batch_process(source, out, *extra):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "grader", "batch", str(source), "--out", str(out),
                             "--exercises", ",".join(EXERCISES), "--workers", "1", "--lang", "en", "--seed", SEED,
                             *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=ctrl_c_reaches_me)


def test_ctrl_c_leaves_a_consistent_gradebook_and_resume_finishes_it(graded, classroom, tmp_path):
    folder, plan = classroom
    slow = tmp_path / "class"
    shutil.copytree(folder, slow)  # the class, and a last learner who is still being graded at Ctrl-C
    (slow / "zz_slow").mkdir()
    (slow / "zz_slow" / "exercise3.py").write_text("import time\ntime.sleep(20)\n")
    folder = slow
    out = tmp_path / "out"
    process = _run_batch_process(folder, out)
    deadline = time.monotonic() + 120
    while len(list(out.glob("learners/*/result.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "--resume" in err
    counts = re.search(r"graded (\d+), resumed 0, (\d+)/\d+ learners", err)
    assert counts and counts.group(1) == counts.group(2), err  # every learner on disk was graded by this run
    partial = gradebook(out)
    full = {r["learner"]: r for r in gradebook(graded)}
    assert 2 <= len(partial) < len(plan)
    assert all(full[row["learner"]] == row for row in partial)  # finished learners only, each complete
    done = _run_batch_process(folder, out, "--resume")
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert f"resumed {len(partial)}" in err
    assert [r for r in gradebook(out) if r["learner"] != "zz_slow"] == gradebook(graded)


def test_resume_regrades_a_learner_whose_files_changed(graded, classroom, tmp_path):
    folder, plan = classroom
    copy, out = tmp_path / "class", tmp_path / "out"
    shutil.copytree(folder, copy)
    assert batch(copy, out, "--workers", "2").exit_code == 0
    (copy / "learner01" / "exercise3.py").write_text((SOLUTIONS / "exercise3.py").read_text())
    result = batch(copy, out, "--resume")
    assert "graded 1, resumed 5" in result.output
    assert float({r["learner"]: r for r in gradebook(out)}["learner01"]["exercise3"]) == 10


def test_progress_shows_learners_done_errors_and_eta(classroom, tmp_path):
    folder, plan = classroom
    result = batch(folder, tmp_path / "out", "--workers", "2")
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert lines[-1].startswith(f"[{len(plan)}/{len(plan)}]")
    assert "with errors" in lines[-1] and "ETA" in lines[1]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM and os.environ.get("GRADER_REQUIRE_CHROMIUM") != "1",
                    reason="no Chromium here (CI installs it and sets GRADER_REQUIRE_CHROMIUM=1)")
def test_summary_html_draws_its_charts_in_headless_chromium(graded, tmp_path):
    assert CHROMIUM, "GRADER_REQUIRE_CHROMIUM=1 but no chromium on PATH"
    page = graded / "summary.html"
    text = page.read_text()
    assert "<script src" not in text and "<link" not in text and "http" not in text.replace(
        "http://www.w3.org/2000/svg", "")  # self-contained
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    assert 'data-charts-drawn="3"' in done.stdout, done.stderr[-2000:]


def _exercise3_reports(classroom, out):
    """Each learner's report.json of a one-worker batch of exercise 3 (the batch must end with exit 0)."""
    result = CliRunner().invoke(main, ["batch", str(classroom), "--out", str(out), "--exercises", "exercise3",
                                       "--seed", SEED, "--workers", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {folder.name: json.loads((out / "learners" / folder.name / "report.json").read_text(encoding="utf-8"))
            for folder in sorted(classroom.iterdir())}


def test_a_class_whose_files_import_tensorflow_has_it_imported_before_its_first_learner(tmp_path):
    """Otherwise the first learner's own process imports TensorFlow (seconds), and the fork server
    imports it again after it: the first learner of every worker paid for the import twice."""
    solution = (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")
    probe = 'import sys\nprint("TensorFlow before my import:", "tensorflow" in sys.modules)\nimport tensorflow as tf\n'
    for learner in ("ann", "bob"):
        (tmp_path / "class" / learner).mkdir(parents=True)
        (tmp_path / "class" / learner / "exercise3.py").write_text(probe + solution, encoding="utf-8")
    for learner, report in _exercise3_reports(tmp_path / "class", tmp_path / "out").items():
        assert "TensorFlow before my import: True" in report["exercises"][0]["output"], learner


def test_a_class_of_notebooks_has_nbformat_and_its_validators_ready_before_its_first_learner(tmp_path):
    """A learner's process reads its notebook with nbformat: imported (40 ms) and its schema's validator
    compiled (30 ms) in the fork server once, not again in every learner's process."""
    import nbformat

    solution = (SOLUTIONS / "exercise3.py").read_text(encoding="utf-8")
    probe = ('import sys\n'
             'print("validators before mine:", sorted({key[2] for key in sys.modules["nbformat.validator"].validators}))\n')
    for learner in ("ann", "bob"):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe + solution)])
        notebook.nbformat_minor = 4  # what Jupyter wrote before 2021: its validator is compiled for the 4.4 schema
        for cell in notebook.cells:
            cell.pop("id", None)  # no cell ids before 4.5
        (tmp_path / "class" / learner).mkdir(parents=True)
        nbformat.write(notebook, tmp_path / "class" / learner / "exercise3.ipynb")
    for learner, report in _exercise3_reports(tmp_path / "class", tmp_path / "out").items():
        # 4.5 too, which no notebook of this class needs: compiled before the fork, not by this read
        assert "validators before mine: [4, 5]" in report["exercises"][0]["output"], learner
        assert report["score"] == report["max_score"], learner


def test_the_import_scan_reads_text_only_and_never_waits_on_a_fifo(tmp_path):
    from grader.grading.preload import imported_by

    (tmp_path / "a.ipynb").write_text(json.dumps({"cells": [{"source": ["import pandas as pd\n",
                                                                         "from keras import layers\n"]}]}))
    (tmp_path / "b.py").write_text("x = 1  # nothing to preload\n")
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "link.py").symlink_to(tmp_path / "c.py")
    (tmp_path / "c.py").write_text("import tensorflow\n")
    assert imported_by([tmp_path / "fifo.py", tmp_path / "a.ipynb", tmp_path / "b.py"]) == ["keras", "pandas",
                                                                                          "nbformat"]
    assert imported_by([tmp_path / "link.py", tmp_path / "missing.py"]) == []
    assert imported_by([tmp_path / "c.py"]) == ["tensorflow"]
