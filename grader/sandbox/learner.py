"""Workers as the checks see them: the learner's process (restarted when it ends) and lazy workers.

If the learner's code ends its process (``os._exit``, a crash, the memory
limit) during one check, the next check gets a fresh process, within the same
wall-time budget; a timeout uses that budget up, so later checks do not run.
"""

from __future__ import annotations

import os
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

    def run_parallel(self, requests: list[tuple[Op, str, dict, int]],
                     workers: int | None = None) -> list[Outcome]:
        """Run independent requests (op, name, kwargs, seed) in this and sibling processes at once.

        Training under several seeds is dominated by Keras' per-epoch overhead in Python, so two
        confined processes on two cores take about half the time of one.
        """
        workers = max(1, min(workers or os.cpu_count() or 1, len(requests)))
        extra = [self._start() for _ in range(workers - 1)]
        sessions: list[LearnerProcess | WorkerSession] = [self] + [s for s in extra if s.start().ok]
        results: list[Outcome | None] = [None] * len(requests)
        try:
            for first in range(0, len(requests), len(sessions)):
                batch = list(enumerate(requests))[first:first + len(sessions)]
                tickets = [(i, session, session.send(op, name, (), kwargs, seed))
                           for (i, (op, name, kwargs, seed)), session in zip(batch, sessions)]
                for i, session, ticket in tickets:
                    results[i] = self._note(session.receive(ticket))
        finally:
            for session in extra:
                session.close()
        return [r if r is not None else Outcome(OutcomeKind.DIED) for r in results]


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
