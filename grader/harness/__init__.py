"""Trusted code that runs inside worker processes on the grader's behalf.

- :mod:`~grader.harness.recipes`: objects (models, losses, functions) passed to learner code.
- :mod:`~grader.harness.models`: Keras models as plain data; safe rebuilding and inspection.
- :mod:`~grader.harness.architecture_check` (what a description may not carry, pure Python),
  :mod:`~grader.harness.vocabulary` (what a judged model may be made of) and
  :mod:`~grader.harness.judged_model` (the architecture as the judge builds it);
  :mod:`~grader.harness.safe_models`: rebuilding a learner's model, built-in Keras only.
- :mod:`~grader.harness.fitloop`: a training loop with ``fit``'s semantics for several seeds at once
  (stacked by :mod:`~grader.harness.stacked_loop`).
- :mod:`~grader.harness.ops`: named operations a check may ask a worker to run.
- :mod:`~grader.harness.numerics`: the kernels and threads the judge and the reference compute with,
  pinned so a file gets one score on every x86-64 machine.
- :mod:`~grader.harness.course_urls`, :mod:`~grader.harness.keras2_compat`,
  :mod:`~grader.harness.fit_recorder`: installed in a learner's worker before a course notebook runs
  (by :mod:`~grader.harness.shims`):
  the course's CSV URLs served offline, its Keras 2 idioms under Keras 3 (with notes), ``fit`` recorded
  instead of run and the learner's models described as plain data
  (:mod:`~grader.harness.shim_log` and :mod:`~grader.harness.caller` serve them).
"""
