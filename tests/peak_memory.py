"""Peak resident memory of a ``grade`` command run as a process of its own (tests/test_batch_memory.py,
bench/batch.py).

:func:`grade_command` is the command line: Python runs the grader's CLI in a wrapper that writes, when
the command ends, its own peak (``ru_maxrss`` of ``RUSAGE_SELF``) and the largest peak of the processes
it waited for (``RUSAGE_CHILDREN``: its fork servers, with TensorFlow imported, and the learners'
processes under them), in KiB, to a file.  ``RUSAGE_CHILDREN`` read by whoever starts the command
would mix the two, and every other child that caller ever had.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

WRAPPER = """
import resource, sys
from grader.cli import main
report = sys.argv.pop(1)
try:
    main(sys.argv[1:], prog_name="grade")
finally:
    with open(report, "w") as f:
        f.write(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} "
                f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


@dataclass(frozen=True)
class Peaks:
    grade_kib: int  # the grade process itself
    largest_child_kib: int  # the largest process it waited for (a fork server or a learner's process)


def grade_command(report: Path, *args: str) -> list[str]:
    """``grade ARGS...`` as a command that writes its :class:`Peaks` to ``report``."""
    return [sys.executable, "-c", WRAPPER, str(report), *args]


def read_peaks(report: Path) -> Peaks:
    own, child = (int(word) for word in Path(report).read_text().split())
    return Peaks(own, child)
