"""Shared fixtures: one fork server for the whole run, and a `grade` helper."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from grader import packs
from grader.results import ExerciseReport, Status
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.fork_server import ForkServer

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = Path(os.environ.get("GRADER_SOLUTIONS", REPO / "solutions"))
STUBS = REPO / "exercises"


def ctrl_c_reaches_me() -> None:
    """``preexec_fn`` of a test's child that is sent Ctrl-C: it sets SIGINT's handler itself, since a
    child started with SIGINT ignored (a background job, some CI runners) would keep ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="session")
def fork_server():
    with ForkServer(["numpy", "pandas", "tensorflow", "keras"]) as server:
        yield server


@pytest.fixture
def grade(fork_server, tmp_path):
    """grade(exercise, source_or_path, **options) -> ExerciseReport."""

    def run(exercise: str, submission: str | Path, name: str | None = None, **options) -> ExerciseReport:
        if isinstance(submission, str):
            path = tmp_path / (name or f"{exercise}.py")
            path.write_text(submission, encoding="utf-8")
        else:
            path = Path(submission)
        return grade_submission(packs.builtin().load_exercise(exercise), path, GradeOptions(**options),
                                fork_server=fork_server)

    return run


def statuses(report: ExerciseReport) -> dict[str, Status]:
    return {c.name: c.status for c in report.checks}


def solution_source(exercise: str) -> str:
    return (SOLUTIONS / f"{exercise}.py").read_text(encoding="utf-8")
