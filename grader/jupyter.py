"""``grader.check("exercise12")`` in a learner's notebook: grade what the notebook has run so far.

What is graded: the code cells this kernel has run, in the order they ran (IPython's ``In``
history), not the ``.ipynb`` on disk, which may be unsaved or out of step with the kernel.  The
cell that calls ``grader.check`` is left out, and so is every line of an earlier cell that calls it
(they become ``pass``), so grading never grades from inside itself.  The cells are written as a
notebook into a scratch folder and graded exactly as ``grade EXERCISE --file`` grades a notebook:
a fork server started for this call, the learner's code in a confined process
(:func:`grader.runner.grade_submission`).  Nothing of the learner's code is imported or run in
the kernel by the grader; the kernel only reads the text of its own history.

The result shows as HTML in the cell's output (``_repr_html_``) and as the text report anywhere
else (``print``, a terminal): both format one :class:`grader.reports.policy.ReportView`, so they say
the same (all passed, the points left to official grading in a learner release, the hidden-inputs
note, the hints).  Language: ``lang="ko"``/``"en"``, else from ``LANG``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from grader.results import ExerciseReport
from grader.text import Text
from grader.sandbox.loader import CHECK_CALL as _CALL  # one pattern: a notebook graded from disk skips them too
SUBMISSION = Text("this notebook's cells as run (In)", "이 노트북에서 실행한 셀 (In)")
NO_HISTORY = ("grader.check() reads the cells this Jupyter kernel has run; outside Jupyter use "
              "`grade EXERCISE --file FILE` / grader.check()는 Jupyter 커널이 실행한 셀을 읽습니다. "
              "Jupyter 밖에서는 `grade EXERCISE --file FILE`을 쓰세요")

if TYPE_CHECKING:
    from grader.reports.policy import ReportView


@dataclass(frozen=True)
class CheckResult:
    """The report of one ``grader.check``: HTML in a notebook, the text report elsewhere."""

    report: ExerciseReport
    lang: str

    @property
    def view(self) -> "ReportView":
        from grader.reports import policy
        return policy.view(self.report, self.lang)

    @property
    def score(self) -> float:
        return self.report.score

    @property
    def max_score(self) -> float:
        return self.report.max_score

    @property
    def all_passed(self) -> bool:
        return self.view.all_passed

    def _repr_html_(self) -> str:
        from grader.reports import learner_html
        return learner_html.format_fragment(self.view)

    def __str__(self) -> str:
        from grader.reports import text_report
        return text_report.format_view(self.view)

    __repr__ = __str__


def cells_from_history(history: list[str]) -> list[str]:
    """The cells to grade from IPython's ``In`` (``In[0]`` is empty, the last is the calling cell)."""
    cells = []
    for cell in history[1:-1]:
        lines = [_CALL.sub(lambda m: m.group(1) + "pass  # ", line) if _CALL.match(line) else line
                 for line in cell.splitlines()]
        cells.append("\n".join(lines))  # empty ones kept: the scratch notebook's cell k is In[k]
    return cells


def _history() -> list[str]:
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython is not None else None
    if shell is None or "In" not in shell.user_ns:
        raise RuntimeError(NO_HISTORY)
    return list(shell.user_ns["In"])


def check(exercise: str, lang: str | None = None, seed: int | None = None,
          timeout: float | None = None, course: str | None = None) -> CheckResult:
    """Grade the cells this kernel has run as ``exercise`` (e.g. ``"exercise12"`` or ``"12"``) of
    the course pack in folder ``course`` (default: ``$GRADER_COURSE``, else the course installed)."""
    import nbformat

    from grader import packs, seeds
    from grader.runner import GradeOptions, grade_submission
    from grader.text import language_from_env

    cells = cells_from_history(_history())
    pack = packs.selected(course)
    exercise_ = pack.load_exercise(exercise)
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    options = GradeOptions(seed=seeds.LEARNER_SEED if seed is None else seed, timeout=timeout)
    with tempfile.TemporaryDirectory(prefix="grader-check-") as scratch:
        path = Path(scratch) / f"{exercise_.name}.ipynb"
        nbformat.write(book, str(path))
        report = grade_submission(exercise_, path, options, course_=pack)
    lang = lang or language_from_env()
    return CheckResult(replace(report, submission=SUBMISSION(lang)), lang)
