"""Trusted code that runs inside worker processes on the grader's behalf.

- :mod:`~grader.harness.recipes`: objects (models, losses, functions) passed to learner code.
- :mod:`~grader.harness.models`: Keras models as plain data; safe rebuilding and inspection.
- :mod:`~grader.harness.ops`: named operations a check may ask a worker to run.
"""
