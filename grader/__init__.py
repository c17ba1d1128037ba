"""An autograder for deep-learning courses taught with TensorFlow/Keras.

Learner code runs in a confined child process; only plain data crosses back
(see :mod:`grader.plaindata`); checks compare and score in the grading process.
CONTRIBUTING.md follows one ``grade`` through these modules; from the bottom layer up
(``tests/test_layering.py`` holds every import to this order):

- words and data: :mod:`grader.text` (two-language :class:`Text`), :mod:`grader.korean`,
  :mod:`grader.usage` (usage errors), :mod:`grader.plaindata`, :mod:`grader.seeds`,
  :mod:`grader.learner_files` (reading a learner's file, bounded), :mod:`grader.data` (the course's
  datasets), :mod:`grader.results` and :mod:`grader.results_io` (what grading produces);
- :mod:`grader.messages`: the messages made from a worker's outcomes;
- :mod:`grader.harness` (trusted code inside workers) and :mod:`grader.sandbox` (the processes);
- :mod:`grader.framework`: declaring and running checks;
- the course: :mod:`grader.packs` (a course pack, ``course.toml`` and its checks modules, read into a
  ``Course``: its exercises, stubs, solutions, data; the built-in course is the pack
  ``grader_course/``), :mod:`grader.course` (which of a learner's files is graded),
  :mod:`grader.recognise` (which exercise a file is), :mod:`grader.authoring` (the public API a
  checks module imports from) and :mod:`grader.skeleton` (``grade new``: a new exercise's files);
- grading: :mod:`grader.runner` (one submission, step by step in :mod:`grader.grading`),
  :mod:`grader.expected` (stored reference answers), :mod:`grader.release`, :mod:`grader.validation`
  (``grade validate``, with its texts in :mod:`grader.validation_texts` and :mod:`grader.draws`, what
  each check asked),
  :mod:`grader.gradescope_bundle` and :mod:`grader.gradescope_submission`;
- :mod:`grader.reports`: every output format;
- :mod:`grader.batch`: a whole class;
- entries: :mod:`grader.cli` (the ``grade`` command) and :mod:`grader.jupyter` (``grader.check``).
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``grader.check`` (:mod:`grader.jupyter`), imported on first use so ``import grader`` stays cheap."""
    if name == "check":
        from grader.jupyter import check
        return check
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
