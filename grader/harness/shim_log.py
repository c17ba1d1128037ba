"""What the course shims did in a learner's process, as plain data for the report.

Each shim (``course_urls``, ``keras2_compat``) keeps one :class:`ShimLog`.  An
entry is a kind (a stable identifier), a note in both languages and a few plain
values (which URL, which argument); the same use twice is one entry with a
count, so a ``compile`` in a loop does not fill the report.
"""

from __future__ import annotations

from typing import Any

from grader.text import Text

MAX_ENTRIES = 50


class ShimLog:
    def __init__(self) -> None:
        self._entries: list[dict[str, Any]] = []

    def record(self, kind: str, note: Text, where: dict | None = None, **values: Any) -> None:
        for entry in self._entries:
            if entry["kind"] == kind and entry["values"] == values:
                entry["count"] += 1
                return
        if len(self._entries) < MAX_ENTRIES:
            self._entries.append({"kind": kind, "en": note.en, "ko": note.ko, "values": dict(values),
                                  "where": where, "count": 1})

    def records(self) -> list[dict[str, Any]]:
        """Plain copies of the entries, in the order they were first recorded."""
        return [{**e, "values": dict(e["values"]), "where": None if e["where"] is None else dict(e["where"])}
                for e in self._entries]

    def notes(self) -> list[Text]:
        return [Text(e["en"], e["ko"]) for e in self._entries]

    def clear(self) -> None:
        self._entries.clear()
