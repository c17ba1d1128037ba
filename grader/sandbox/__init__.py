"""Running code in other processes.

- :mod:`~grader.sandbox.fork_server`: a fork server that imports TensorFlow once and forks workers
  (its three processes: client, server, guardian).
- :mod:`~grader.sandbox.confine`: what a learner's process may see and do (namespaces, limits).
- :mod:`~grader.sandbox.worker`: the child side: load a submission, serve calls.
- :mod:`~grader.sandbox.session`: the parent side: a handle on one worker.
- :mod:`~grader.sandbox.channel`: framed plain-data messages between them.
"""
