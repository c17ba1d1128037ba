"""Issue #8, item 1: an ownership race must never give a learner a file outside its scratch.

As root, the grader hands the learner's scratch folder to ``nobody`` each time a
learner process starts.  Several learner processes work on one scratch (sibling
processes train seeds in parallel in exercises 12 and 14; a process that calls
``os._exit`` is restarted on the same scratch).  Learner code that keeps
swapping directories of its scratch with symlinks to a folder outside it
(``renameat2(RENAME_EXCHANGE)``), while the next process start hands the
scratch over, can get a root-owned file outside the scratch handed to nobody,
which is root on the host one step later.

The decoy is a root-owned file in a folder we create outside /tmp (the learner's
/tmp is private, so a decoy in tmp_path could not be reached at all) and remove
afterwards.  Defended: whatever the learner does, the decoy stays root:root.
"""

from __future__ import annotations

import os
import stat
import time

import pytest

from attack_tools import host_dir, root_only, run_grade

PAIRS = 8  # directories raced at every process start
FILES = 300  # files in each: the handover walks them one by one while the swapper flips the folder

SWAPPER = r'''
import ctypes, os
DECOY_DIR = {decoy_dir!r}
PAIRS = {pairs}
FILES = {files}
_libc = ctypes.CDLL(None, use_errno=True)
_SYS_RENAMEAT2, _AT_FDCWD, _RENAME_EXCHANGE = 316, -100, 2   # x86_64


def _prepare():
    # In the scratch (the learner's working directory): d<i>/x<j>, a real folder with files named as
    # the decoys, and l<i> -> the decoys' folder.  Exchanging them makes d<i>/x<j> a decoy.
    for i in range(PAIRS):
        d, l = "d%d" % i, "l%d" % i
        if not os.path.lexists(d) and not os.path.lexists(l):
            os.mkdir(d)
            for j in range(FILES):
                open(os.path.join(d, "x%d" % j), "w").close()
            os.symlink(DECOY_DIR, l)


def _swap_forever():
    names = [(("d%d" % i).encode(), ("l%d" % i).encode()) for i in range(PAIRS)]
    while True:
        for a, b in names:
            _libc.syscall(_SYS_RENAMEAT2, _AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)


try:
    _prepare()
    for _ in range(2):          # swappers that live as long as this learner process
        if os.fork() == 0:
            try:
                _swap_forever()
            finally:
                os._exit(0)
except Exception as exc:       # noqa: BLE001
    print("swapper not started:", exc)
'''

EXERCISE12 = r'''
from tensorflow import keras

FIT = {"epochs": 1, "batch_size": 120, "verbose": 0}


def build_iris_model():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(4, activation="relu")(x)
    y = keras.layers.Dense(3, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model
'''

EXERCISE3_RESTARTS = r'''
import numpy as np


def softmax(z):
    os._exit(0)   # the grader restarts the learner's process on the same scratch for the next check


def dense_softmax(x, kernel, bias):
    os._exit(0)
'''


def _decoys(folder):
    decoys = []
    for j in range(FILES):
        decoy = folder / f"x{j}"
        decoy.write_text("root's file: must stay root's\n")
        os.chown(decoy, 0, 0)
        os.chmod(decoy, 0o644)
        decoys.append(decoy)
    return decoys


def _owners(folder):
    paths = [folder, *sorted(folder.iterdir())]
    return {p.name: (os.lstat(p).st_uid, os.lstat(p).st_gid, stat.S_IMODE(os.lstat(p).st_mode)) for p in paths}


def _changed(before, after):
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    return f"{len(changed)} of {len(before)} decoys, e.g. " + ", ".join(
        f"{name}: (uid, gid, mode) {after.get(name)}" for name in changed[:3]) if changed else ""


@root_only
@pytest.mark.slow
def test_sibling_training_processes_cannot_race_the_scratch_handover_onto_a_root_file(tmp_path):
    """Exercise 12 trains 3 seeds in 2 processes at once: each start races PAIRS directories."""
    with host_dir(prefix="grader-attack-decoy-", mode=0o700) as folder:
        _decoys(folder)
        before = _owners(folder)
        submission = tmp_path / "exercise12.py"
        submission.write_text(SWAPPER.format(decoy_dir=str(folder), pairs=PAIRS, files=FILES) + EXERCISE12)
        started, attempt = time.monotonic(), 0
        while attempt < 2 or time.monotonic() - started < 20:  # every grading races several process starts
            attempt += 1
            run = run_grade(["exercise12", "--file", submission, "--format", "json"], tmp_path, timeout=200)
            assert run.returncode in (0, 1), run.describe()
            changed = _changed(before, _owners(folder))
            assert not changed, (f"grading #{attempt} handed root-owned files outside the scratch to the "
                                 f"learner: {changed}")


@root_only
def test_restarted_processes_cannot_race_the_scratch_handover_onto_a_root_file(tmp_path):
    """Exercise 3: every check kills the learner's process (os._exit); each restart races again."""
    with host_dir(prefix="grader-attack-decoy-", mode=0o700) as folder:
        _decoys(folder)
        before = _owners(folder)
        submission = tmp_path / "exercise3.py"
        submission.write_text(SWAPPER.format(decoy_dir=str(folder), pairs=PAIRS, files=FILES) + EXERCISE3_RESTARTS)
        for attempt in range(3):
            run = run_grade(["exercise3", "--file", submission, "--format", "json"], tmp_path)
            assert run.returncode in (0, 1), run.describe()
            changed = _changed(before, _owners(folder))
            assert not changed, f"grading #{attempt + 1}: decoys changed owner: {changed}"
