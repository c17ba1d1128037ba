"""What grade batch and the learner's reports say, checked as the instructor and learner read it
(issue 23, item 13)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import REPO, solution_source
from grader.batch.progress import Progress
from grader.cli import main


def _class(tmp_path):
    folder = tmp_path / "class"
    for learner, source in {"kim": solution_source("exercise3"), "lee": "def softmax(:\n",
                            "park": None}.items():
        (folder / learner).mkdir(parents=True)
        if source is not None:
            (folder / learner / "exercise3.py").write_text(source, encoding="utf-8")
    (folder / "park" / "exercise4.py").write_text(solution_source("exercise4"), encoding="utf-8")
    return folder


def test_a_batch_ends_with_the_mean_the_errors_the_missing_files_and_the_summary_page(tmp_path):
    out = tmp_path / "graded"
    done = CliRunner().invoke(main, ["batch", str(_class(tmp_path)), "--out", str(out), "--exercises",
                                     "exercise3,exercise4", "--workers", "1", "--lang", "en"])
    assert done.exit_code == 0, done.output
    last = done.stdout.strip().splitlines()[-1]
    # kim 10/23, lee 0/23, park 13/23: a mean of 33%; lee had an error; kim and lee miss exercise 4, park exercise 3.
    assert re.search(r"3 learners, mean 33(\.\d)?%", last), last
    assert "1 with errors" in last and "3 missing files" in last, last
    assert str(out / "summary.html") in last, last


def test_the_gradebook_statuses_are_written_as_the_readme_says():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `gradebook.csv` |"))
    assert "`not_attempted`" in row and "`not attempted`" not in row


def test_the_text_report_numbers_its_checks_as_grade_hint_does(tmp_path):
    path = tmp_path / "exercise3.py"
    path.write_text(solution_source("exercise3").replace("axis=-1", "axis=0"), encoding="utf-8")
    report = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--lang", "en"]).output
    hint = CliRunner().invoke(main, ["hint", "exercise3", "2", "--lang", "en"]).output
    description = hint.splitlines()[0].split(". ", 1)[1]
    assert re.search(r"^\s+\S+\s+2\.\s+\S+/\S+\s+" + re.escape(description[:30]), report, re.M), report


def test_one_printed_line_is_not_said_to_be_cut(tmp_path):
    path = tmp_path / "exercise3.py"
    path.write_text("print('hello')\n" + solution_source("exercise3"), encoding="utf-8")
    text = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--lang", "en"]).output
    md = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--lang", "en", "--format", "markdown"]).output
    for shown in (text, md):
        assert "hello" in shown and "cut" not in shown, shown
    many = tmp_path / "many.py"
    many.write_text("for i in range(100):\n    print(i)\n" + solution_source("exercise3"), encoding="utf-8")
    text = CliRunner().invoke(main, ["exercise3", "--file", str(many), "--lang", "en"]).output
    assert "cut to the first and last lines" in text


def test_the_first_eta_leaves_the_start_up_out(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("grader.batch.progress.time.monotonic", lambda: now[0])
    lines = []

    class Stream:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    progress = Progress(10, stream=Stream())
    progress.start()
    now[0] += 8.0  # 7 s of TensorFlow's start-up, then the first learner in 1 s
    progress.finished("kim", False, seconds=1.0)
    assert "ETA 9s" in lines[-1], lines[-1]
