"""Grading a whole class: find each learner's files, grade them in parallel, write the outputs.

- :mod:`~grader.batch.run`: the flow of ``grade batch``, top to bottom (find the class, plan, grade,
  store, write the outputs, the exit code); the CLI only parses options for it.
- :mod:`~grader.batch.layouts`: the accepted layouts (a folder per learner, a zip, a flat LMS export).
- :mod:`~grader.batch.store`: one learner's results on disk (atomic; what ``--resume`` reads), and the
  one plain form of a result (also what a Dask worker sends back).
- :mod:`~grader.batch.grading`: the plan and the parallel run, its progress line
  (:mod:`~grader.batch.progress`) and Ctrl-C (:mod:`~grader.batch.interrupt`: a press Python swallowed
  in a finaliser still stops the batch).
- :mod:`~grader.batch.dask_backend`: the same run on a dask.distributed cluster; what runs in a dask
  worker is :mod:`~grader.batch.dask_worker`, what the client sends by value :mod:`~grader.batch.dask_probe`.
- :mod:`~grader.batch.outputs`: the class outputs (gradebook, JUnit, summary page, learner pages), read
  from the store one learner at a time, with :mod:`~grader.batch.lms_gradebooks` (the platforms' column
  layouts), :mod:`~grader.batch.csv_cells` (spreadsheet-safe cells) and :mod:`~grader.batch.similarity`
  (hand-ins to look at side by side).
"""
