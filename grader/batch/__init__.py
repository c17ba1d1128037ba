"""Grading a whole class: find each learner's files, grade them in parallel, write the outputs.

- :mod:`~grader.batch.layouts`: the accepted layouts (a folder per learner, a zip, a flat LMS export).
- :mod:`~grader.batch.store`: one learner's results on disk (atomic; what ``--resume`` reads).
- :mod:`~grader.batch.grading`: the parallel run, its progress line and Ctrl-C.
- :mod:`~grader.batch.outputs`: the class outputs (gradebook, JUnit, summary page, learner pages).
"""
