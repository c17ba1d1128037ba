"""The arithmetic the grader's own processes compute with, pinned so a file gets one score anywhere.

TensorFlow on x86-64 picks its kernels at run time: oneDNN's graph rewrites (``TF_ENABLE_ONEDNN_OPTS``),
the widest vector instructions the CPU has (AVX2, AVX-512, AMX: oneDNN's matrix products, also inside
Eigen's), and as many threads as the machine has cores (a product split over more threads adds in
another order).  Each choice changes the last bits of a matmul, and training amplifies them: the same
model trained on a 2-core AVX2 laptop and on a 64-core AVX-512 server ends with other weights, other
losses, and now and then another held-out accuracy (measured: bench/cross_machine.md).

So every process that trains or computes what a learner is judged against (the judge, the reference)
fixes all three before TensorFlow runs its first operation:

- oneDNN's graph rewrites off (read when TensorFlow is imported, so set for the fork server itself),
- oneDNN's instructions capped at AVX2, which every x86-64 CPU that runs TensorFlow's wheels since
  2013 has (read when oneDNN first runs; set for the fork server too, so learners compute alike),
- one thread per operation (read when TensorFlow's runtime starts, in each forked process).

Learner processes keep the machine's threads (a notebook that trains in its cells runs at full
speed); nothing a learner process computes is scored without a tolerance.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

# Read at import or at oneDNN's first call: set in the fork server's environment, inherited by all.
FORK_SERVER_ENV: tuple[tuple[str, str], ...] = (
    ("TF_ENABLE_ONEDNN_OPTS", "0"),
    ("ONEDNN_MAX_CPU_ISA", "AVX2"),
)

# Read when TensorFlow's runtime starts (the first operation): set in the judge's and reference's processes.
JUDGE_ENV: tuple[tuple[str, str], ...] = FORK_SERVER_ENV + (
    ("TF_NUM_INTRAOP_THREADS", "1"),
)

def for_fork_server(environ: MutableMapping[str, str]) -> None:
    """Pin what TensorFlow reads at import time (whatever the instructor's environment says)."""
    environ.update(FORK_SERVER_ENV)


def pin_this_process() -> None:
    """Pin this process's numerics; call before TensorFlow runs its first operation here (a forked
    worker's start: the fork server imports TensorFlow but runs nothing)."""
    os.environ.update(JUDGE_ENV)
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)  # raises if the runtime already started
