"""The environment the fork server starts with: an allow-list of ``grade``'s, nothing else.

Every learner and judge process is a fork of the fork server, so the environment block it was
started with (the strings at the top of its stack, and ``/proc/self/environ``) is in their memory
whatever they do to ``os.environ`` afterwards.  So it starts with only what Python, TensorFlow,
CUDA and the numeric libraries read, and the locale: a CI token, an LMS key, ``GRADER_SEED`` or any
other variable of the instructor's never enters its memory (``tests/test_attack_environment.py``).
"""

from __future__ import annotations

from typing import Mapping

from grader.harness import numerics

#: The only variables of ``grade``'s environment the fork server starts with, by name and by prefix.
ENV_KEPT = ("PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR", "PYTHONPATH", "PYTHONHASHSEED", "PYTHONNOUSERSITE",
            "VIRTUAL_ENV", "LD_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES", "KERAS_BACKEND", "OMP_NUM_THREADS",
            "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
ENV_KEPT_PREFIXES = ("LC_", "TF_", "CUDA_", "NVIDIA_", "XLA_")
_ENV_VALUE_LIMIT = 4096


def fork_server_environment(environ: Mapping[str, str], home: str) -> dict[str, str]:
    """The fork server's environment: the allow-list of ``environ`` (values up to 4 KiB), ``HOME`` a
    fresh folder of its own, and the grader's own settings."""
    env = {name: value for name, value in environ.items()
           if (name in ENV_KEPT or name.startswith(ENV_KEPT_PREFIXES)) and len(value) <= _ENV_VALUE_LIMIT}
    env.update(HOME=home, TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1")
    numerics.for_fork_server(env)  # one score on every machine: grader/harness/numerics.py
    return env
