"""An autograder for deep-learning courses taught with TensorFlow/Keras.

Learner code runs in a confined child process; only plain data crosses back
(see :mod:`grader.plaindata`); checks compare and score in the grading process.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``grader.check`` (:mod:`grader.jupyter`), imported on first use so ``import grader`` stays cheap."""
    if name == "check":
        from grader.jupyter import check
        return check
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
