"""The steps of grading one submission, a module each; :func:`grader.runner.grade_submission` is the
flow that takes them in order.

- :mod:`~grader.grading.options`: :class:`GradeOptions` (seed, limits, device) and :class:`GradingError`.
- :mod:`~grader.grading.handin`: the learner's file is one that can be graded.
- :mod:`~grader.grading.plan`: what one grading runs (:class:`GradingPlan`: the reference, the limits).
- :mod:`~grader.grading.preload`: what a fork server imports before its first worker.
- :mod:`~grader.grading.fork_servers`: starting fork servers, one per call or one shared.
- :mod:`~grader.grading.scratch`: a private folder per party.
- :mod:`~grader.grading.worker_specs`: what each party's worker may see and do, and how it starts.
- :mod:`~grader.grading.parties`: the learner's, the reference's and the judge's processes.
- :mod:`~grader.grading.check_loop`: every check, in order, in the grading process.
- :mod:`~grader.grading.notes`: notes about the file as a whole (shims, isolation, the file chosen).
- :mod:`~grader.grading.unchecked`: the report of a submission whose checks did not run.
- :mod:`~grader.grading.many`: grading several submissions with one fork server (``grade all``).
"""
