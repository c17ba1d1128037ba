"""Starting fork servers for grading: one for a call, or one shared by many gradings and started
again when it has ended."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from grader import packs
from grader.framework import Exercise
from grader.grading.options import GradingError
from grader.grading.preload import preload_for
from grader.sandbox.fork_server import ForkServer, ForkServerError


def start_fork_server(preload: list[str]) -> ForkServer:
    """A fork server that has imported ``preload``; its failure to start is a :class:`GradingError`."""
    try:
        return ForkServer(preload)
    except (ForkServerError, OSError) as exc:
        raise GradingError(f"could not start the grading processes: {exc}") from None


class SharedForkServer:
    """A fork server started on first need with every module the given exercises need."""

    def __init__(self, exercises: list[Exercise], solutions: Path | None = None,
                 also: Sequence[str] = (), course_: "packs.Course | None" = None,
                 start: Callable[[list[str]], ForkServer] | None = None) -> None:
        self._preload = list(dict.fromkeys(preload_for(exercises, solutions, course_) + list(also)))
        self._fork_server: ForkServer | None = None
        self._start = start or start_fork_server  # given what to preload; a batch copies one server

    @property
    def preload(self) -> list[str]:
        """What this fork server imports before its first worker."""
        return list(self._preload)

    def get(self) -> ForkServer:
        """The running fork server; a new one when there is none or the last one has ended."""
        if self._fork_server is not None and not self._fork_server.alive:
            self._fork_server.close()
            self._fork_server = None
        if self._fork_server is None:
            self._fork_server = self._start(self._preload)
        return self._fork_server

    def kill(self) -> None:
        """Stop the fork server now, from any thread: every worker it started ends with it."""
        if self._fork_server is not None:
            self._fork_server.kill()

    def close(self) -> None:
        if self._fork_server is not None:
            self._fork_server.close()
            self._fork_server = None

    def __enter__(self) -> "SharedForkServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
