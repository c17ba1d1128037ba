"""A notebook's top-level tables, as it left them, or as it leaves them when it re-runs on a
course file drawn at grading time (a notebook has no function the grader could call with new data:
it reads the course's URL, so the URL serves the drawn table instead).  The LEARNER's worker."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from grader.harness.operation import HarnessReply, HarnessRequest, count, label, record, sequence

MAX_TABLES = 200


@dataclass(frozen=True)
class NotebookTable:
    """A top-level DataFrame of the notebook: its variable's name, which of the asked column sets it
    holds (``part``) and those columns (as plain data: the learner's, judged by the check)."""

    name: str
    part: int
    frame: Any


@dataclass(frozen=True)
class NotebookTableList(HarnessReply):
    tables: tuple[NotebookTable, ...]

    def to_plain(self) -> list:
        return [{"name": t.name, "part": t.part, "frame": t.frame} for t in self.tables]

    @classmethod
    def from_plain(cls, data: Any) -> "NotebookTableList":
        tables = []
        for item in sequence(data, "tables", MAX_TABLES):
            item = record(item, "table")
            tables.append(NotebookTable(label(item.get("name"), "table name", 200),
                                        count(item.get("part"), "part", 100), item.get("frame")))
        return cls(tuple(tables))


def _tables(namespace: dict, columns: list[list[str]]) -> list[NotebookTable]:
    """Each top-level DataFrame holding all of one of ``columns``: those columns, as floats
    (0/1 and True/False alike), with the variable's name and which of ``columns`` it holds."""
    import pandas as pd

    found = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or not isinstance(value, pd.DataFrame):
            continue
        for part, wanted in enumerate(columns):
            if all(c in value.columns for c in wanted):
                try:
                    frame = value[list(wanted)].astype(float)
                except (TypeError, ValueError):
                    frame = value[list(wanted)]  # text left in: the judge says so
                found.append(NotebookTable(str(name), part, frame))
    return found[:MAX_TABLES]


@dataclass(frozen=True)
class NotebookTables(HarnessRequest):
    """The notebook's top-level DataFrames with any of ``columns`` (the LEARNER's worker); with
    ``dataset`` and ``table`` (a dataframe recipe), those of a fresh run of the notebook in which the
    course URL of ``dataset`` serves ``table`` (what it prints then is not shown twice)."""

    name: ClassVar[str] = "notebook_tables"
    reply: ClassVar[type] = NotebookTableList

    columns: list
    dataset: str | None = None
    table: dict | None = None

    def to_kwargs(self) -> dict:  # as a check asks: the drawn table's keywords only when there is one
        kwargs: dict[str, Any] = {"columns": self.columns}
        if self.dataset is not None and self.table is not None:
            kwargs.update(dataset=self.dataset, table=self.table)
        return kwargs

    def run(self, namespace: dict) -> NotebookTableList:
        return NotebookTableList(tuple(_notebook_tables(namespace, self.columns, self.dataset, self.table)))


def _notebook_tables(namespace: dict, columns: list[list[str]], dataset: str | None,
                     table: dict | None) -> list[NotebookTable]:
    if dataset is None or table is None:
        return _tables(namespace, columns)
    from grader.harness import course_urls, recipes
    from grader.sandbox import loader

    frame, _ = recipes.build(table)
    folder = Path(tempfile.mkdtemp(prefix="drawn-", dir=os.getcwd()))
    name = Path(dataset).name
    frame.to_csv(folder / name, index=False)
    source = str(namespace.get("__file__") or "")
    quiet = io.StringIO()
    with course_urls.serving_instead(name, folder / name), contextlib.redirect_stdout(quiet), \
            contextlib.redirect_stderr(quiet):
        rerun: Any = loader.load(source, os.path.basename(source), "__graded_rerun__")
    return _tables(rerun.namespace, columns)
OPERATIONS = (NotebookTables,)
