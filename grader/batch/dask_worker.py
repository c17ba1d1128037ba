"""The worker side of ``grade batch --scheduler``: what runs inside a ``dask worker`` process.

Every task carries its batch's settings (:class:`TaskSettings`: the exercises, what the class's files
import, the grading options and the client's fingerprints), so two batches on one cluster never see
each other's settings.  The worker plugin holds no batch's settings: only this worker's fork servers,
one set per (exercises, preload) that a running task needs (:class:`ServerPool`), and its scratch
folder.  Before grading, a task compares the client's fingerprints with this worker's own (its
grader code; its course: checks, data and reference solutions) and, when they differ, grades
nothing and says what differs (a plain ``{"refused": ...}`` answer).

Scratch: the worker's gradings make their temporary folders inside one folder of its own,
``grader-dask-worker-<pid>-*`` in the temporary directory, removed at teardown; a worker killed
with SIGKILL cannot remove it, so every worker plugin that starts removes the folders of workers
that no longer run (same owner, the pid gone).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from distributed import get_worker

from grader import packs
from grader.batch import grading, store
from grader.batch.layouts import LearnerFiles
from grader.runner import GradeOptions

PLUGIN = "tf-course-grader-worker"
SCRATCH_PREFIX = "grader-dask-worker-"
_SCRATCH = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-")


@dataclass(frozen=True)
class TaskSettings:
    """A batch's settings, carried by each of its tasks."""

    exercises: tuple[str, ...]
    preload: tuple[str, ...]  # what the class's files import (names of preloadable modules only)
    options: GradeOptions
    code: str  # the client's store.code_fingerprint()
    course: str  # the client's store.course_fingerprint(exercises): code, checks, data, solutions


def refusal(exercises: tuple[str, ...], code: str, course_print: str) -> str | None:
    """Why this worker must not grade for a client with these fingerprints, or None when it grades
    with the same grader code and the same course."""
    mine = store.code_fingerprint()
    if mine != code:
        return (f"grades with other grader code (fingerprint {mine}, the client's {code}): install the "
                "same grader, TensorFlow, Keras and NumPy on every worker")
    solutions = packs.builtin().solutions_dir
    missing = [n for n in exercises if solutions is None or not (solutions / f"{n}.py").is_file()]
    if missing:
        return (f"has no reference solution for {', '.join(missing)} (install the course's checkout editable, "
                "or set GRADER_SOLUTIONS for the worker)")
    mine = store.course_fingerprint(list(exercises))
    if mine != course_print:
        return (f"grades with another course: its checks, data or reference solutions ({solutions}) differ from "
                f"the client's (fingerprint {mine}, the client's {course_print})")
    return None


class ServerPool:
    """This worker's fork servers, one :class:`grading._Servers` per (exercises, preload) in use.

    A set no running task uses is closed when a task needs another one, so a worker keeps the fork
    servers of the batches it is grading now, and no others."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sets: dict[tuple, grading._Servers] = {}
        self._users: dict[tuple, int] = {}

    def acquire(self, exercises: tuple[str, ...], preload: tuple[str, ...]) -> tuple[tuple, grading._Servers]:
        key = (exercises, preload)
        idle = []
        with self._lock:
            for other in [k for k in self._sets if k != key and not self._users.get(k)]:
                idle.append(self._sets.pop(other))
                self._users.pop(other, None)
            if key not in self._sets:
                self._sets[key] = grading._Servers([packs.builtin().load_exercise(n) for n in exercises], preload)
            self._users[key] = self._users.get(key, 0) + 1
            servers = self._sets[key]
        for old in idle:
            old.close()
        return key, servers

    def release(self, key: tuple) -> None:
        with self._lock:
            self._users[key] = max(0, self._users.get(key, 0) - 1)

    def close(self) -> None:
        with self._lock:
            sets, self._sets, self._users = list(self._sets.values()), {}, {}
        for servers in sets:
            servers.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead_scratch(base: Path) -> list[str]:
    """Remove the scratch folders of this user's workers that no longer run; their names."""
    removed = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        match = _SCRATCH.match(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.name)
    return removed


class WorkerState:
    """What a worker keeps for the batches it grades: its fork servers and its scratch folder.

    Made by the worker plugin (:func:`grader.batch.dask_probe.make_plugin`, sent by value so that
    a worker without the grader still starts and can say so), closed at its teardown."""

    def __init__(self) -> None:
        base = Path(tempfile.gettempdir())
        remove_dead_scratch(base)
        self.scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=base)
        self._tempdir = tempfile.tempdir
        tempfile.tempdir = self.scratch  # every grading's folders, inside this worker's own
        self.pool = ServerPool()

    def close(self) -> None:
        self.pool.close()
        tempfile.tempdir = self._tempdir
        shutil.rmtree(self.scratch, ignore_errors=True)


def grade_remote(learner: str, files: tuple[tuple[str, str, bytes], ...], notes: tuple[str, ...],
                 settings: TaskSettings, fingerprint: str) -> dict:
    """On a worker: grade one learner from its files' bytes, as plain data (the stored-result format),
    or ``{"refused": why}`` when this worker does not grade with the client's course."""
    worker = get_worker()
    why = refusal(settings.exercises, settings.code, settings.course)
    if why is not None:
        return {"refused": f"worker {worker.address} {why}"}
    state = getattr(worker.plugins.get(PLUGIN), "state", None)
    if not isinstance(state, WorkerState):
        why = getattr(worker.plugins.get(PLUGIN), "error", None) or "it did not start: see the worker's log"
        return {"refused": f"worker {worker.address} has no grader plugin ({why})"}
    key, servers = state.pool.acquire(settings.exercises, settings.preload)
    try:
        with tempfile.TemporaryDirectory(prefix="grader-task-") as folder:
            paths = []
            for exercise, name, data in files:
                path = Path(folder) / exercise / Path(name).name
                path.parent.mkdir()
                path.write_bytes(data)
                paths.append((exercise, path))
            result = grading.grade_learner(LearnerFiles(learner, tuple(paths), notes), list(servers._exercises),
                                           settings.options, servers, fingerprint)
    finally:
        state.pool.release(key)
    if result is None:
        raise RuntimeError("the worker was stopped")
    return store.result_to_plain(result)
