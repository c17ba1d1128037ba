"""The worker side of ``grade batch --scheduler``: what runs inside a ``dask worker`` process.

Every task carries its batch's settings (:class:`TaskSettings`: the exercises, what the class's files
import, the grading options, the client's grader version and fingerprints, and the folder of its
course pack), so two batches on one cluster never see each other's settings.  The worker plugin
holds no batch's settings: only this worker's fork servers, keyed by the modules they preload, and
the class answers, keyed by course, exercises and options (:class:`ServerPool`: kept from task to
task and batch to batch, so TensorFlow is imported once per worker), its fingerprints (:class:`Fingerprints`, hashed again only
when a file's stat changed) and its scratch folder.  Before grading, a task compares the client's
version and fingerprints with this worker's own (its grader code; its course: checks, data and
reference solutions) and, when they differ, grades nothing and says what differs (a plain
``{"refused": ...}`` answer).  A course pack is read from the folder the task names: the
instructor's checkout of it at the same path on every worker (README: More than one machine).

Scratch: the worker's gradings make their temporary folders inside one folder of its own,
``grader-dask-worker-<pid>-*`` in the temporary directory, removed at teardown; a worker killed
with SIGKILL cannot remove it, so every worker plugin that starts removes the folders of workers
that no longer run (same owner, the pid gone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from distributed import get_worker

import grader
from grader import expected, packs
from grader.batch import grading, store
from grader.grading.fork_servers import SharedForkServer
from grader.grading.preload import preload_for
from grader.batch.layouts import LearnerFiles
from grader.packs.course import PACKAGE_DIR
from grader.runner import GradeOptions

PLUGIN = "tf-course-grader-worker"
SCRATCH_PREFIX = "grader-dask-worker-"
_SCRATCH = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-")
SET_UP = "README: More than one machine: Dask"


@dataclass(frozen=True)
class TaskSettings:
    """A batch's settings, carried by each of its tasks."""

    exercises: tuple[str, ...]
    preload: tuple[str, ...]  # what the class's files import (names of preloadable modules only)
    options: GradeOptions
    code: str  # the client's store.code_fingerprint()
    course: str  # the client's store.course_fingerprint(exercises, pack): code, checks, data, solutions
    version: str = grader.__version__  # the client's grader version
    pack: str | None = None  # the client's course pack folder (None: the built-in course)


def version_refusal(client: str | None) -> str | None:
    """Why this worker's grader version is not the client's, naming both, or None."""
    mine = grader.__version__
    if client is None or client == mine:
        return None
    return (f"runs grader {mine}, the client grader {client}: install grader {client} on this worker "
            f"(the same version on every machine; {SET_UP})")


def _stat(path: Path) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ino)


def _tree(root: str) -> list[tuple]:
    """The stat of every file :func:`grader.batch.store.code_files` lists under ``root`` (one
    ``scandir`` pass), and of each folder (a file added or removed changes its folder's)."""
    found = [_stat(Path(root))]
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                found += _tree(entry.path)
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            info = entry.stat()
            found.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
    return found


class Fingerprints:
    """This worker's fingerprints (its grader code; a course), hashed again only when a file's stat
    (size, mtime, inode) has changed, so a task costs a few stat calls, not hashing the files.

    The first stat of each file is kept: a file changed under a running worker (the grader or a
    pack's checks, which this process has already imported) makes :meth:`changed` name it, and the
    worker grades nothing until it is restarted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple, tuple[tuple, str]] = {}  # key -> (stats of its files, digest)
        self._first: dict[str, tuple] = {}  # file -> its stat when this worker first read it
        self.changed: str | None = None

    def _cached(self, key: tuple, stats: tuple, compute) -> str:
        with self._lock:
            for entry in stats:
                first = self._first.setdefault(entry[0], entry)
                if first != entry and self.changed is None:
                    self.changed = entry[0]
            known = self._known.get(key)
        if known is not None and known[0] == stats:
            return known[1]
        digest = compute()
        with self._lock:
            self._known[key] = (stats, digest)
        return digest

    def code(self) -> str:
        return self._cached(("code",), tuple(_tree(str(PACKAGE_DIR))), store.code_fingerprint)

    def course(self, exercises: tuple[str, ...], course_: packs.Course, code: str) -> str:
        files = store.course_files(list(exercises), course_)
        return self._cached(("course", str(course_.root), code, exercises), tuple(_stat(path) for path in files),
                            lambda: store.course_fingerprint(list(exercises), course_, code))


def course_of(pack: str | None) -> packs.Course:
    """The course a task names: the pack at ``pack`` (the instructor's folder, at the same path on
    every worker), or the built-in course."""
    return packs.builtin() if pack is None else packs.load(Path(pack))


def refusal(exercises: tuple[str, ...], code: str, course_print: str, pack: str | None = None,
            version: str | None = None, fingerprints: Fingerprints | None = None) -> str | None:
    """Why this worker must not grade for a client with these fingerprints, or None when it grades
    with the same grader version and code and the same course."""
    why = version_refusal(version)
    if why is not None:
        return why
    prints = fingerprints or Fingerprints()
    mine = prints.code()
    if mine != code:
        return (f"grades with other grader code (fingerprint {mine}, the client's {code}): install the "
                "same grader, TensorFlow, Keras and NumPy on every worker")
    if pack is not None and not (Path(pack) / packs.FILE).is_file():
        return (f"has no course pack at {pack}: check out the instructor's pack at this same path on every "
                f"worker ({SET_UP})")
    try:
        course_ = course_of(pack)
    except packs.CourseError as exc:
        return f"cannot read the course pack at {pack}: {str(exc)[:300]}"
    solutions = course_.solutions_dir
    missing = [n for n in exercises if solutions is None or not (solutions / f"{n}.py").is_file()]
    if missing:
        where = ("install the course's checkout editable, or set GRADER_SOLUTIONS for the worker" if pack is None
                 else f"the pack at {pack} on this worker has no solutions/")
        return f"has no reference solution for {', '.join(missing)} ({where})"
    mine = prints.course(tuple(exercises), course_, code)
    if mine != course_print:
        return (f"grades with another course: its checks, data or reference solutions ({course_.root}, "
                f"{solutions}) differ from the client's (fingerprint {mine}, the client's {course_print})")
    if prints.changed is not None:
        return (f"has files that changed since it started ({prints.changed}): it still runs what it imported "
                "then; restart the worker")
    return None


class TaskServers:
    """What :func:`grader.batch.grading.grade_learner` grades one task's learner with: a fork server
    checked out of the worker's :class:`ServerPool` (this task's alone while it runs), the batch's
    class answers and its course."""

    def __init__(self, exercises: list, preload: tuple[str, ...], server: SharedForkServer,
                 answers: expected.ClassAnswers | None, course_: packs.Course) -> None:
        self.exercises, self.preload, self.server, self.answers, self.course = (exercises, preload, server, answers,
                                                                                 course_)
        self.stopped = threading.Event()  # never set: a worker stops by ending its process

    def mine(self) -> SharedForkServer:
        return self.server

    def renew(self) -> None:
        """After a failure of the fork server: the next ``get`` starts a new one."""
        self.server.close()


class ServerPool:
    """This worker's fork servers and class answers, kept from task to task and batch to batch.

    A fork server is keyed by the modules it preloads, the only state it carries (every learner's
    and reference's process forked from it loads its files afresh), so a batch of other exercises or
    options that preload the same modules takes the one the last batch left, warm.  A running task
    has its fork server to itself; at most ``MAX_IDLE`` wait for the next task, the oldest closed.

    The class's reference answers are keyed by everything they depend on: the course (its folder and
    fingerprint), the exercises and the options (the seed among them), so a batch of another course,
    seed or options never reads another's answers; the ``MAX_BOOKS`` last used are kept."""

    MAX_IDLE = 2
    MAX_BOOKS = 2

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[tuple[tuple[str, ...], SharedForkServer]] = []  # oldest first
        self._books: dict[tuple, expected.ClassAnswers | None] = {}  # least recently used first

    def _answers(self, settings: TaskSettings) -> expected.ClassAnswers | None:
        key = (settings.pack, settings.course, settings.exercises, json.dumps(asdict(settings.options), sort_keys=True))
        book = self._books.pop(key, None) if key in self._books else (
            expected.ClassAnswers() if os.environ.get("GRADER_CLASS_ANSWERS", "1") != "0" else None)
        self._books[key] = book
        while len(self._books) > self.MAX_BOOKS:
            self._books.pop(next(iter(self._books)))
        return book

    def acquire(self, settings: TaskSettings, course_: packs.Course) -> TaskServers:
        exercises = [course_.load_exercise(n) for n in settings.exercises]
        preload = tuple(dict.fromkeys(preload_for(exercises, course_.solutions_dir, course_) + list(settings.preload)))
        with self._lock:
            answers = self._answers(settings)
            found = next((i for i, (key, _) in enumerate(self._idle) if key == preload), None)
            server = self._idle.pop(found)[1] if found is not None else SharedForkServer([], None, preload, course_)
        return TaskServers(exercises, preload, server, answers, course_)

    def release(self, servers: TaskServers) -> None:
        """The task's fork server back to the idle ones (the oldest idle closed past ``MAX_IDLE``)."""
        with self._lock:
            self._idle.append((servers.preload, servers.server))
            closing = self._idle[:-self.MAX_IDLE] if len(self._idle) > self.MAX_IDLE else []
            del self._idle[:len(closing)]
        for _, server in closing:
            server.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle, self._books = self._idle, [], {}
        for _, server in idle:
            server.close()


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
        self.fingerprints = Fingerprints()

    def close(self) -> None:
        self.pool.close()
        tempfile.tempdir = self._tempdir
        shutil.rmtree(self.scratch, ignore_errors=True)


def grade_remote(learner: str, files: tuple[tuple[str, str, bytes], ...], notes: tuple[str, ...],
                 settings: TaskSettings, fingerprint: str) -> dict:
    """On a worker: grade one learner from its files' bytes, as plain data (the stored-result format),
    or ``{"refused": why}`` when this worker does not grade with the client's grader and course."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    state = getattr(plugin, "state", None)
    state = state if isinstance(state, WorkerState) else None
    why = refusal(settings.exercises, settings.code, settings.course, settings.pack, settings.version,
                  state.fingerprints if state is not None else None)
    if why is not None:
        return {"refused": f"worker {worker.address} {why}"}
    if state is None:
        why = getattr(plugin, "error", None) or "it did not start: see the worker's log"
        return {"refused": f"worker {worker.address} has no grader plugin ({why})"}
    servers = state.pool.acquire(settings, course_of(settings.pack))
    try:
        with tempfile.TemporaryDirectory(prefix="grader-task-") as folder:
            paths = []
            for exercise, name, data in files:
                path = Path(folder) / exercise / Path(name).name
                path.parent.mkdir()
                path.write_bytes(data)
                paths.append((exercise, path))
            result = grading.grade_learner(LearnerFiles(learner, tuple(paths), notes), servers.exercises,
                                           settings.options, servers, fingerprint)
    finally:
        state.pool.release(servers)
    if result is None:
        raise RuntimeError("the worker was stopped")
    return store.result_to_plain(result)
