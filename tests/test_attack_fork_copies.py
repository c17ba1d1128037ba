"""``grade batch`` with two grading threads: each thread's fork server is a copy of the run's first,
and a closed learner's guardian is not waited for (the next learner of that copy starts while it
tears the last one down).  Each learner leaves behind what outlives a process elsewhere (a
daemon in a session of its own listening on an abstract Unix socket, files in ``/tmp``,
``/dev/shm`` and its home, a System V segment, a key in its session keyring) and first looks for
what the learner before it left.  Defended: no learner finds anything, every one keeps full marks,
and nothing of them is left on the host.

Then, at ``landlock``, two learners graded at the same time by two copies share the machine's IPC
namespace: one writes its answers in a System V segment, the other looks (it found them; now both
calls fail).
"""

from __future__ import annotations

import re
import uuid

import pytest

from attack_tools import (base_env, batch, gradebook, kill_pids, processes_with, remove_shm, shm_segments,
                          solution_source, wait_for_no_processes)

LEAVE_AND_LOOK = r'''
import ctypes, os, socket, subprocess, sys
TOKEN = %(token)r
KEY = %(key)d
_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
FOUND = []
probe = socket.socket(socket.AF_UNIX)
try:
    probe.connect(b"\0" + TOKEN.encode())
    FOUND.append("socket")
except OSError:
    pass
for place in ("/tmp", "/dev/shm", os.path.expanduser("~")):
    if os.path.exists(os.path.join(place, TOKEN)):
        FOUND.append(place)
if _libc.shmget(KEY, 0, 0) >= 0:
    FOUND.append("shm")
if _libc.syscall(249, b"user", TOKEN.encode(), None, 0) > 0:  # request_key
    FOUND.append("key")
print("LOOKED", TOKEN, "FOUND" if FOUND else "nothing", FOUND)
for place in ("/tmp", "/dev/shm", os.path.expanduser("~")):
    try:
        open(os.path.join(place, TOKEN), "w").write("left")
    except OSError:
        pass
_libc.shmget(KEY, 4096, 0o1666)  # IPC_CREAT | 0666
_libc.syscall(248, b"user", TOKEN.encode(), b"left", 4, -3)  # add_key to the session keyring
subprocess.Popen([sys.executable, "-c", "import socket, time\ns = socket.socket(socket.AF_UNIX)\n"
                  f"s.bind(b'\\0{TOKEN}')\ns.listen()\ntime.sleep(120)  # {TOKEN}"],
                 start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL)
'''


def test_nothing_a_learner_leaves_reaches_the_next_learner_of_a_fork_server_copy(tmp_path):
    token = f"grader-copies-{uuid.uuid4().hex[:12]}"
    key = int(uuid.uuid4().hex[:7], 16)
    src = tmp_path / "class"
    learners = [f"l{i}" for i in range(6)]
    for learner in learners:
        (src / learner).mkdir(parents=True)
        (src / learner / "exercise3.py").write_text(LEAVE_AND_LOOK % {"token": token, "key": key}
                                                    + solution_source("exercise3"), encoding="utf-8")
    out = tmp_path / "out"
    try:
        run = batch(src, out, tmp_path, "--exercises", "exercise3", "--workers", "2")
        assert run.returncode == 0, run.describe()
        book = gradebook(out)
        assert {l: float(book[l]["exercise3"]) for l in learners} == {l: 10.0 for l in learners}
        said = [(out / "learners" / l / "result.json").read_text(encoding="utf-8") for l in learners]
        assert all(f"LOOKED {token} nothing" in text for text in said), [t[-600:] for t in said]
        assert wait_for_no_processes(token) == []
        assert not [s for s in shm_segments().values() if int(s.get("key", "0")) == key]
    finally:
        kill_pids(processes_with(token))


SHARE = r'''
import ctypes, os, time
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
KEY = %(key)d
if %(writer)r:
    shmid = _libc.shmget(KEY, 4096, 0o1666)  # IPC_CREAT | 0666
    if shmid >= 0:
        ctypes.memmove(_libc.shmat(shmid, None, 0), b"ANSWERS-OF-THE-WRITER", 21)
    time.sleep(6)  # while the reader, graded at the same time, looks
else:
    found = None
    for _ in range(60):
        shmid = _libc.shmget(KEY, 0, 0)
        if shmid >= 0:
            found = ctypes.string_at(_libc.shmat(shmid, None, 0), 21)
            break
        time.sleep(0.1)
    print("READER FOUND", found)
'''


def test_learners_graded_at_once_without_an_ipc_namespace_share_no_system_v_memory(tmp_path):
    """At ``landlock`` (``GRADER_NAMESPACES=0``) two learners of a two-thread batch are graded at the
    same time in one IPC namespace, the machine's: the writer used to leave its answers in a
    System V segment the reader read (as any uid, mode 0666; here both kept uid 0)."""
    from grader.sandbox.confine import landlock

    if not landlock.abi():
        pytest.skip("no Landlock: the 'none' level promises no isolation between learners")
    key = int(uuid.uuid4().hex[:7], 16)
    src = tmp_path / "class"
    for learner, writer in (("reader", False), ("writer", True)):
        (src / learner).mkdir(parents=True)
        (src / learner / "exercise3.py").write_text(SHARE % {"key": key, "writer": writer}
                                                    + solution_source("exercise3"), encoding="utf-8")
    out = tmp_path / "out"
    before = set(shm_segments())
    try:
        run = batch(src, out, tmp_path, "--exercises", "exercise3", "--workers", "2",
                    env=base_env(GRADER_NAMESPACES="0"))
        assert run.returncode == 0, run.describe()
        said = (out / "learners" / "reader" / "result.json").read_text(encoding="utf-8")
        line = re.search(r"READER FOUND [^\\\"]*", said)
        assert line is not None and line.group() == "READER FOUND None", line and line.group()
    finally:
        for shmid, row in shm_segments().items():
            if shmid not in before and int(row.get("key", "0")) == key:
                remove_shm(shmid)


QUEUE = r'''
import ctypes, os
_rt = ctypes.CDLL("librt.so.1", use_errno=True)
_fd = _rt.mq_open(%(name)r, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o666, None)
_buf = ctypes.create_string_buffer(8192)
_n = _rt.mq_receive(_fd, _buf, 8192, None) if _fd >= 0 else -1
print("QUEUE GOT", _buf.raw[:_n] if _n > 0 else None)
if _fd >= 0:
    _rt.mq_send(_fd, b"LEFT-BY-A-LEARNER", 17, 0)
'''


def test_a_posix_message_queue_is_neither_left_on_the_host_nor_read_by_the_next_learner(tmp_path):
    """A POSIX message queue lives in the IPC namespace, not in the learner's scratch: at ``landlock``
    (no IPC namespace) the first learner of a batch leaves one, the next looks for it.  Landlock
    refused opening it, but only once the kernel had made it: an empty queue of the learner's name
    stayed on the host (a name the next learner can probe, ``O_EXCL``).  Now ``mq_open`` fails."""
    from grader.sandbox.confine import landlock

    if not landlock.abi():
        pytest.skip("no Landlock: the 'none' level promises no isolation between learners")
    name = f"/grader-queue-{uuid.uuid4().hex[:12]}".encode()
    src = tmp_path / "class"
    for learner in ("first", "second"):
        (src / learner).mkdir(parents=True)
        (src / learner / "exercise3.py").write_text(QUEUE % {"name": name} + solution_source("exercise3"),
                                                    encoding="utf-8")
    out = tmp_path / "out"
    import ctypes
    import os

    rt = ctypes.CDLL("librt.so.1", use_errno=True)
    try:
        run = batch(src, out, tmp_path, "--exercises", "exercise3", "--workers", "1",
                    env=base_env(GRADER_NAMESPACES="0"))
        assert run.returncode == 0, run.describe()
        said = (out / "learners" / "second" / "result.json").read_text(encoding="utf-8")
        assert "QUEUE GOT None" in said
        assert rt.mq_open(name, os.O_RDONLY, 0, None) == -1  # none left on the host
    finally:
        rt.mq_unlink(name)
