"""What a new learner, instructor or platform runs into, each run as they would (issues found by trying it).

Each test runs `grade` the way a user does (a subprocess in a chosen folder, or click's CliRunner)
and looks only at what they would see: the report, the files written, the exit code.
"""

from __future__ import annotations

import csv
import re
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from conftest import REPO, SOLUTIONS, solution_source, statuses
from grader.cli import main
from grader.results import Status

GRADE = [sys.executable, "-m", "grader"]


def grade_in(folder: Path, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*GRADE, *args], cwd=folder, capture_output=True, text=True, timeout=timeout,
                          env=env or dict(os.environ))


@pytest.mark.parametrize("exercise", ["exercise3", "exercise6"])
def test_grading_works_from_any_working_directory_tmp_included(exercise, tmp_path):
    """CI runners and Gradescope work under /tmp; the caller's folder must not matter."""
    done = grade_in(tmp_path, exercise, "--file", str(SOLUTIONS / f"{exercise}.py"), "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 0, [c["message"] for c in report["checks"] if c["status"] != "passed"]
    assert report["score"] == report["max_score"]


def test_a_float64_binary_crossentropy_clipped_as_the_curriculum_says_is_correct(grade):
    code = solution_source("exercise5") + '''
def binary_crossentropy(y_true, p):
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.clip(np.asarray(p, dtype=float).ravel(), 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
'''
    report = grade("exercise5", code)
    bce = {name: s for name, s in statuses(report).items() if name.startswith("binary_crossentropy")}
    assert set(bce.values()) == {Status.PASSED}, bce


def _hangul_class(tmp_path: Path) -> tuple[Path, Path]:
    learner = "김 민수 & <b>"
    folder = tmp_path / "반 1 제출물" / learner
    folder.mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise3.py", folder / "exercise3.py")
    other = tmp_path / "반 1 제출물" / "이 영희"
    other.mkdir()
    shutil.copy(REPO / "exercises" / "exercise3.py", other / "exercise3.py")
    return folder / "exercise3.py", tmp_path / "반 1 제출물"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "gradescope", "markdown"])
def test_a_file_in_a_korean_path_with_spaces_grades_in_every_format(fmt, tmp_path):
    path, _ = _hangul_class(tmp_path)
    out = tmp_path / "보고서" / f"결과.{fmt}"
    result = CliRunner().invoke(main, ["exercise3", "--file", str(path), "--format", fmt, "--output", str(out),
                                       "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["submission"] == str(path)
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "gradescope":
        assert json.loads(text)["score"] == 10
    else:
        assert "10/10" in text


def test_a_class_with_korean_learner_ids_gets_working_links_and_intact_names(tmp_path):
    _, submissions = _hangul_class(tmp_path)
    out = tmp_path / "채점 결과"
    result = CliRunner().invoke(main, ["batch", str(submissions), "--out", str(out), "--exercises", "exercise3",
                                       "--workers", "1", "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (out / "gradebook.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads Hangul with the BOM
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as f:
        rows = {row["learner"]: row for row in csv.DictReader(f)}
    # Hangul and spaces kept; & < > written %XX, so the id stays faithful to the folder's name (issue 22)
    assert set(rows) == {"김 민수 %26 %3Cb%3E", "이 영희"}, rows
    page = (out / "summary.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(learners/[^"]+)"', page)
    assert len(links) == 2 and all(" " not in link and link.isascii() for link in links), links
    for link in links:  # each learner's page is one a browser shows
        target = out / unquote(link)
        assert target.suffix == ".html" and target.is_file(), link
        assert "<html" in target.read_text(encoding="utf-8")
        assert "Noto Sans KR" in target.read_text(encoding="utf-8")
    fonts = re.search(r"font-family:([^;}]+)", page).group(1)  # Korean fallbacks named, nothing downloaded
    assert all(name in fonts for name in ("Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo")), fonts
    assert "@import" not in page and "fonts.googleapis" not in page and "@font-face" not in page
