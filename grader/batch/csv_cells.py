"""Cells of the CSV files ``grade batch`` writes, safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (CSV injection; a learner id comes from a folder name the
learner chose).  As OWASP's CSV-injection guidance says, such a text cell is written with a leading
``'`` (shown as text, never evaluated), and the ``csv`` module quotes every cell holding a comma, a
quote or a line break.  Numbers are written as numbers: they are the grader's, never a learner's.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a spreadsheet shows it as text: a formula-like text gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render(rows: Iterable[Iterable[object]]) -> str:
    """The CSV text of ``rows`` (``\\n`` line ends), every cell through :func:`cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
