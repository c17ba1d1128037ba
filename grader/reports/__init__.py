"""Writing reports: one module per output format, each a plain function of a report.

- formats: :mod:`~grader.reports.text_report` (the terminal), :mod:`~grader.reports.json_report`,
  :mod:`~grader.reports.markdown`, :mod:`~grader.reports.junit`, :mod:`~grader.reports.gradescope`,
  :mod:`~grader.reports.learner_html` (one learner's page), :mod:`~grader.reports.summary_html` (a
  class's page) and :mod:`~grader.reports.course_table` (several exercises' results);
- what they share: :mod:`~grader.reports.policy` (``view``: what a report shows, decided once; every format only formats it),
  :mod:`~grader.reports.marks` (status marks) and :mod:`~grader.reports.official` (what a learner is
  shown of an official grading).
"""
