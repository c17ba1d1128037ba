"""Workers as the checks see them: the learner's process (restarted when it ends) and lazy workers.

If the learner's code ends its process (``os._exit``, a crash, the memory
limit) during one check, the next check gets a fresh process, within the same
wall-time budget; a timeout uses that budget up, so later checks do not run.
"""

from __future__ import annotations

import time
from typing import Callable

from grader.sandbox.protocol import Op, Outcome, OutcomeKind
from grader.sandbox.session import Ticket, WorkerSession

MAX_RESTARTS = 5


class LearnerProcess:
    def __init__(self, start: Callable[[], WorkerSession], deadline: float, display: str) -> None:
        self._start = start
        self.display = display  # the submission's file name, as learner frames name it
        self.deadline = deadline
        self.restarts = 0
        self.session = start()
        self.first = self.session
        self.timed_out = False

    @property
    def load_stopped(self) -> bool:
        """True when loading the submission stopped early (an error or sys.exit at import)."""
        return bool(self.first.load and self.first.load.stopped)

    @property
    def out_of_time(self) -> bool:
        return self.timed_out or time.monotonic() >= self.deadline

    def _ensure_alive(self) -> Outcome | None:
        if self.session.alive:
            return None
        if self.out_of_time:
            return Outcome(OutcomeKind.TIMEOUT)
        if self.restarts >= MAX_RESTARTS:
            return Outcome(OutcomeKind.DIED, detail="the process ended too many times")
        self.restarts += 1
        self.session = self._start()
        started = self.session.start()
        if not started.ok:
            return self._note(started)
        return None

    def _note(self, outcome: Outcome) -> Outcome:
        if outcome.kind is OutcomeKind.TIMEOUT:
            self.timed_out = True
        return outcome

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        problem = self._ensure_alive()
        if problem is not None:
            return Ticket(settled=problem)
        return self.session.send(op, name, args, kwargs, seed)

    def receive(self, ticket: Ticket) -> Outcome:
        return self._note(self.session.receive(ticket))

    def close(self) -> None:
        self.session.close()


class LazyWorker:
    """A worker started on first use, such as the judge (confined, holding no submission)."""

    def __init__(self, start: Callable[[], WorkerSession]) -> None:
        self._start = start
        self.session: WorkerSession | None = None

    def send(self, op: Op, name: str, args: list | tuple = (), kwargs: dict | None = None,
             seed: int = 0) -> Ticket:
        if self.session is None:
            self.session = self._start()
            started = self.session.start()
            if not started.ok:
                return Ticket(settled=started)
        return self.session.send(op, name, args, kwargs, seed)

    def receive(self, ticket: Ticket) -> Outcome:
        if ticket.settled is not None or self.session is None:
            return ticket.settled or Outcome(OutcomeKind.DIED)
        return self.session.receive(ticket)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
