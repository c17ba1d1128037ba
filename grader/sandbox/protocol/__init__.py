"""Every message between the grader and its worker processes, typed on both sides.

Messages cross as plain data (:mod:`grader.plaindata`): each type here has a
``to_plain()`` used by its sender and a ``from_plain()`` used by its receiver.
``from_plain`` validates everything it reads and raises :class:`ProtocolError`
for anything else, so a forged or malformed message from a learner's process
becomes one clear outcome (``malformed``), never a grader crash.  Every string
is cut to a bound, every list to a length.

Two conversations use these types:

- grader ↔ fork server (:mod:`grader.sandbox.fork_server`, trusted): :class:`SpawnRequest`,
  :class:`WaitRequest`, :class:`PreloadRequest`, :class:`CloseRequest`; answers :class:`ForkServerReady`,
  :class:`SpawnReport`, :class:`SpawnFailed`, :class:`WaitAnswer`;
- grader ↔ worker (:mod:`~grader.sandbox.worker`, untrusted when it holds learner code):
  :class:`WorkerConfig` (how the worker was started), :class:`Request` / :class:`ExitRequest`;
  answers :class:`StartingMessage` (a learner's worker, before its first learner code),
  :class:`ReadyMessage` (with a :class:`LoadReport`), :class:`Reply` and, before the process
  ends on its own, :class:`ExitNote`.

What the grader makes of an answer is an :class:`Outcome` (its kind is an :class:`OutcomeKind`).

The modules: :mod:`~grader.sandbox.protocol.fork_server` and :mod:`~grader.sandbox.protocol.worker`
(one per conversation), :mod:`~grader.sandbox.protocol.errors` (a learner's errors and how loading
went) and :mod:`~grader.sandbox.protocol.reading` (the bounded, total readers they are built on).
"""

from grader.sandbox.protocol.errors import (FatalKind, Frame, LearnerError, LoadFatal, LoadProblem, LoadReport,
                                            ProblemKind)
from grader.sandbox.protocol.reading import ProtocolError
from grader.sandbox.protocol.worker import (SUCCEEDED, WORKER_KINDS, ExitNote, ExitRequest, Op, Outcome,
                                            OutcomeKind, ReadyMessage, Reply, Request, Role, StartingMessage,
                                            WorkerConfig, parse_from_worker, parse_to_worker)
from grader.sandbox.protocol.fork_server import (GRADER_FAULT_EXITS, OOM_EXIT, SETUP_EXIT, WORKER_FAULT_EXIT, PRELOADABLE, CloneReport, CloneRequest, CloseRequest, ExitStatus, PreloadRequest, SpawnFailed, SpawnReport,
                                            SpawnRequest, WaitAnswer, WaitRequest, ForkServerReady, parse_from_fork_server,
                                            parse_to_fork_server)

__all__ = ["GRADER_FAULT_EXITS", "OOM_EXIT", "SETUP_EXIT", "WORKER_FAULT_EXIT", "PRELOADABLE", "CloneReport", "CloneRequest", "CloseRequest", "ExitNote", "ExitRequest", "ExitStatus", "FatalKind", "Frame", "LearnerError",
           "LoadFatal", "LoadProblem", "LoadReport", "Op", "Outcome", "OutcomeKind", "PreloadRequest",
           "ProblemKind", "ProtocolError", "ReadyMessage", "Reply", "Request", "Role", "SUCCEEDED",
           "SpawnFailed", "SpawnReport", "SpawnRequest", "StartingMessage", "WORKER_KINDS", "WaitAnswer", "WaitRequest",
           "WorkerConfig", "ForkServerReady", "parse_from_worker", "parse_from_fork_server", "parse_to_worker",
           "parse_to_fork_server"]
