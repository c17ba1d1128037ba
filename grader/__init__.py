"""An autograder for deep-learning courses taught with TensorFlow/Keras.

Learner code runs in a confined child process; only plain data crosses back
(see :mod:`grader.plaindata`); checks compare and score in the grading process.
"""

__version__ = "0.1.0"
