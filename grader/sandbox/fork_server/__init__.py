"""A fork server: imports TensorFlow once, then forks a worker per request.

The grading process never imports TensorFlow.  It starts one fork server per run
(``python -c BOOT``) which imports the heavy modules and runs no TensorFlow op, so
forks of it start in milliseconds and build and fit models normally.

Three processes, a module each, and what they share:

- :mod:`~grader.sandbox.fork_server.client`: the grader's side, :class:`ForkServer`, a handle that
  starts the server and asks it for workers;
- :mod:`~grader.sandbox.fork_server.server`: the fork server's own loop (:func:`serve`); it can also
  fork a copy of itself serving another socket (:meth:`ForkServer.clone`): a batch's threads each get
  one without importing TensorFlow again;
- :mod:`~grader.sandbox.fork_server.guardian`: each worker is two processes.  The *guardian* (the
  server's child, our code) enters new namespaces and forks the *confined child* (init of its PID
  namespace, where learner code runs); the guardian only waits, mirrors the child's exit, and kills
  it if the server or the grader goes away;
- :mod:`~grader.sandbox.fork_server.sweep`: the guardian's clean-up when there is no PID or IPC
  namespace to end everything at once (process groups, descendants, the learner's uid, shared memory);
- :mod:`~grader.sandbox.fork_server.control`: control messages are plain data over a
  ``SOCK_SEQPACKET`` socket; the worker's channel and output files travel as file descriptors
  (``SCM_RIGHTS``).  Their types are in :mod:`grader.sandbox.protocol.fork_server`.
"""

from grader.sandbox.fork_server.client import ForkServer, ForkServerError

__all__ = ["ForkServer", "ForkServerError"]
