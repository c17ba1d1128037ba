"""Resource limits hold against memory outside the address space, disk, and fork sprees.

- memory: ``--memory 1G`` caps the learner's address space, but memory in a
  ``memfd`` (written with ``write``, never mapped) or in /dev/shm is not address
  space.  Defended: the learner cannot hold 3 GB (its softmax is correct only if
  it did) and the machine's available memory never drops by much more than the cap.
- SysV shared memory segments do not outlive the grading.
- disk: 5 GB written to the scratch, the working directory and /tmp are stopped,
  and nothing is left on the host's disk after grading.
- a fork spree in one learner does not make a concurrent honest classmate fail.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid

import pytest

from attack_tools import (HONEST_SOFTMAX, SOFTMAX_CHECKS, batch, gradebook, grade_json, mem_available_kib,
                          remove_shm, shm_segments, solution_source, statuses)

GiB = 1 << 30


class Sampler:
    """Polls a number (MemAvailable, free disk) while a grading runs; keeps the lowest."""

    def __init__(self, measure, interval=0.05):
        self.measure, self.interval = measure, interval
        self.before = measure()
        self.lowest = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.lowest = min(self.lowest, self.measure())
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


MEMFD = HONEST_SOFTMAX + r'''
import os
HELD = []
TOTAL = [0]
GOAL = 3 << 30


def _hold():
    chunk = b"\1" * (16 << 20)
    while TOTAL[0] < GOAL:
        try:
            fd = os.memfd_create("held")
        except (OSError, AttributeError):
            break
        HELD.append(fd)
        size = 0
        try:
            while size < (256 << 20) and TOTAL[0] < GOAL:    # under the file-size cap, per file
                n = os.write(fd, chunk)
                size += n
                TOTAL[0] += n
        except OSError:
            break
    for i in range(64):                                        # and /dev/shm, if it is there
        if TOTAL[0] >= GOAL:
            break
        try:
            with open("/dev/shm/held-%%d-%%d" %% (os.getpid(), i), "wb") as f:
                for _ in range(16):
                    f.write(chunk)
                    TOTAL[0] += len(chunk)
        except OSError:
            break
    print("held", TOTAL[0])


def softmax(z):
    if not HELD:
        _hold()
    if TOTAL[0] >= GOAL:
        return _honest_softmax(z)     # it really held 3 GB outside its address space
    return [0.0]
'''


def test_memory_outside_the_address_space_is_capped_too(tmp_path):
    submission = tmp_path / "exercise3.py"
    submission.write_text(MEMFD % ())
    with Sampler(mem_available_kib) as memory:
        _, report = grade_json("exercise3", submission, tmp_path, "--memory", "1G", timeout=180)
    drop = (memory.before - memory.lowest) * 1024
    problems = []
    passed = [n for n, s in statuses(report, SOFTMAX_CHECKS).items() if s == "passed"]
    if passed:
        problems.append(f"the learner held 3 GB with --memory 1G ({passed} passed)")
    if drop > 2 * GiB:
        problems.append(f"the machine's available memory dropped by {drop / GiB:.1f} GiB with --memory 1G")
    assert not problems, "; ".join(problems)


SYSV = HONEST_SOFTMAX + r'''
import ctypes
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
_libc.shmdt.argtypes = [ctypes.c_void_p]
CREATED = []
for i in range(3):
    shmid = _libc.shmget(%(key)d + i, 64 << 20, 0o1000 | 0o666)     # IPC_CREAT, never IPC_RMID
    if shmid >= 0:
        address = _libc.shmat(shmid, None, 0)
        if address not in (None, ctypes.c_void_p(-1).value):
            ctypes.memset(address, 1, 64 << 20)
            _libc.shmdt(address)
        CREATED.append(shmid)
print("created", CREATED)


def softmax(z):
    return _honest_softmax(z)
'''


def test_sysv_shared_memory_does_not_outlive_grading(tmp_path):
    key = 0x5A000000 + (os.getpid() & 0xFFFF) * 16
    before = set(shm_segments())
    submission = tmp_path / "exercise3.py"
    submission.write_text(SYSV % {"key": key})
    try:
        grade_json("exercise3", submission, tmp_path)
        left = {shmid: row for shmid, row in shm_segments().items() if shmid not in before}
        assert not left, "shared memory segments outlived the grading: " + ", ".join(
            f"id {shmid} ({int(row['size']) >> 20} MiB, uid {row['uid']})" for shmid, row in left.items())
    finally:
        for shmid, row in shm_segments().items():
            if shmid not in before and key <= int(row["key"]) < key + 3:
                remove_shm(shmid)


DISK = HONEST_SOFTMAX + r'''
import os
WRITTEN = [0]
GOAL = 5 << 30
TAG = %(tag)r


def _fill():
    for folder in (os.getcwd(), %(cwd)r, "/tmp", os.environ.get("TMPDIR") or "/tmp", "/var/tmp"):
        for i in range(40):
            if WRITTEN[0] >= GOAL:
                return
            path = os.path.join(folder, "%%s-%%d-%%d" %% (TAG, os.getpid(), i))
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
            except OSError:
                break
            try:
                os.posix_fallocate(fd, 0, 256 << 20)      # real blocks, under the file-size cap
                WRITTEN[0] += 256 << 20
            except OSError:
                break
            finally:
                os.close(fd)


def softmax(z):
    if not WRITTEN[0]:
        _fill()
        print("wrote", WRITTEN[0])
    if WRITTEN[0] >= GOAL:
        return _honest_softmax(z)     # it really put 5 GB on the disk
    return [0.0]
'''


def _free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def _leftovers(tag, roots):
    found = []
    for root in roots:
        for base, dirs, files in os.walk(root):
            found += [os.path.join(base, n) for n in files if tag in n]
    return found


def test_filling_the_disk_is_stopped_and_leaves_nothing(tmp_path):
    tag = f"diskfill-{uuid.uuid4().hex[:8]}"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    os.chmod(cwd, 0o777)  # writable even by nobody: the limit must not depend on permissions
    submission = tmp_path / "exercise3.py"
    submission.write_text(DISK % {"tag": tag, "cwd": str(cwd)})
    probe = "/tmp"
    try:
        with Sampler(lambda: _free_bytes(probe), interval=0.1) as disk:
            _, report = grade_json("exercise3", submission, cwd, timeout=180)
        time.sleep(0.5)
        after = _free_bytes(probe)
        problems = []
        passed = [n for n, s in statuses(report, SOFTMAX_CHECKS).items() if s == "passed"]
        if passed:
            problems.append(f"the learner wrote 5 GB ({passed} passed; lowest free space during grading "
                            f"{(disk.before - disk.lowest) / GiB:.1f} GiB below the start)")
        for check in report["checks"]:
            if check["status"] != "passed" and not check["message"]:
                problems.append(f"{check['name']} did not pass without a message")
        if disk.before - after > GiB // 4:
            problems.append(f"{(disk.before - after) / GiB:.2f} GiB of the host's disk stayed used")
        left = _leftovers(tag, ["/tmp", "/var/tmp", "/dev/shm"])
        if left:
            problems.append(f"files left on the host: {left[:3]}")
        assert not problems, "; ".join(problems)
    finally:
        for path in _leftovers(tag, ["/tmp", "/var/tmp", "/dev/shm"]):
            os.unlink(path)


FORKER = r'''
import os
# Forking this process (TensorFlow loaded) is slow; a small shell forks 2000 sleepers in a second.
if os.fork() == 0:
    try:
        os.execv("/bin/sh", ["sh", "-c", "i=0; while [ $i -lt 2000 ]; do sleep 60 & i=$((i+1)); done; "
                                         "echo forked $i; wait"])
    finally:
        os._exit(1)
'''


@pytest.mark.slow
def test_a_fork_spree_does_not_make_a_concurrent_honest_classmate_fail(tmp_path):
    """Bob forks 2000 sleepers and keeps them while Alice (exercise 3, then TensorFlow's exercise 7)
    is graded beside him (--workers 2): Alice must get full marks."""
    classroom = tmp_path / "class"
    (classroom / "alice").mkdir(parents=True)
    (classroom / "bob").mkdir(parents=True)
    (classroom / "alice" / "exercise3.py").write_text(solution_source("exercise3"))
    (classroom / "alice" / "exercise7.py").write_text(solution_source("exercise7"))
    (classroom / "bob" / "exercise3.py").write_text(FORKER + "import time\ntime.sleep(60)\n")
    out = tmp_path / "graded"
    run = batch(classroom, out, tmp_path, "--exercises", "exercise3,exercise7", "--workers", "2",
                "--timeout", "15")
    assert run.returncode in (0, 1), run.describe()
    rows = gradebook(out)
    report = json.loads((out / "learners" / "alice" / "report.json").read_text())
    failing = [(e["exercise"], c["name"], c["status"], (c["message"] or "")[:100]) for e in report["exercises"]
               for c in e["checks"] if c["status"] != "passed"]
    assert not failing, f"a classmate's fork spree made honest work fail: {failing[:3]}"
    assert float(rows["alice"]["total"]) == float(rows["alice"]["max_total"]), rows["alice"]
