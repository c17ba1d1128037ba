"""Running code in other processes.

- :mod:`~grader.sandbox.fork_server`: a fork server that imports TensorFlow once and forks workers
  (its three processes: client, server, guardian).
- :mod:`~grader.sandbox.confine`: what a learner's process may see and do (namespaces, limits).
- :mod:`~grader.sandbox.environment`: the allow-listed environment the fork server starts with.
- :mod:`~grader.sandbox.worker`: the child side: load a submission, serve calls; it loads the file with
  :mod:`~grader.sandbox.loader`, describes the learner's errors with :mod:`~grader.sandbox.diagnose`
  and bounds what it prints with :mod:`~grader.sandbox.output`.
- :mod:`~grader.sandbox.session`: the parent side: a handle on one worker;
  :mod:`~grader.sandbox.learner`: the learner's process (restarted when it ends) and lazy workers.
- :mod:`~grader.sandbox.channel`: framed plain-data messages between them, whose types are in
  :mod:`~grader.sandbox.protocol`.
"""
