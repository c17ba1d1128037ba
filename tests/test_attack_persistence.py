"""Nothing persists between gradings, and honest gradings still work after an attack round.

A first hostile grading leaves files in /run, /var/lock, /run/lock, /var/tmp,
/dev/shm, $HOME, ~/.keras and /tmp, and a SysV shared memory segment with a
known key; a second grading's learner code looks for them (its softmax answers
correctly only when it found none).  Defended: the second learner sees none of
them and none remain on the host.

Then several hostile gradings in a row (a bounded fork bomb, leftover shared
memory, files in /dev/shm, processes that setsid and sleep, a filled /tmp), at
the default level and with GRADER_NAMESPACES=0: the reference solution still
gets full marks and no learner process is left running.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest

from attack_tools import (HONEST_SOFTMAX, SOFTMAX_CHECKS, SOLUTIONS, base_env, grade_json, kill_pids,
                          processes_with, remove_shm, shm_segments, solution_source, statuses)

PLACES = ["/run", "/var/lock", "/run/lock", "/var/tmp", "/dev/shm", "/tmp", "~", "~/.keras", "/root", "/home"]

SHM = r'''
import ctypes
_libc = ctypes.CDLL(None, use_errno=True)
'''

LEAVE = HONEST_SOFTMAX + SHM + r'''
import os
TOKEN = %(token)r
LEFT = []
for place in %(places)r:
    folder = os.path.expanduser(place.replace("KERAS", "ker" + "as"))   # (spelt so: no TensorFlow preload)
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, TOKEN), "w") as f:
            f.write("left by the first grading")
        LEFT.append(folder)
    except OSError:
        pass
shmid = _libc.shmget(%(key)d, 1 << 20, 0o1000 | 0o666)
print("left", LEFT, "shm", shmid)


def softmax(z):
    return _honest_softmax(z)
'''

LOOK = HONEST_SOFTMAX + SHM + r'''
import os
TOKEN = %(token)r
FOUND = []
for place in %(places)r:
    if os.path.exists(os.path.join(os.path.expanduser(place.replace("KERAS", "ker" + "as")), TOKEN)):
        FOUND.append(place)
if _libc.shmget(%(key)d, 0, 0) >= 0:
    FOUND.append("shm key")
print("found", FOUND)


def softmax(z):
    return [0.0] if FOUND else _honest_softmax(z)
'''


def _host_leftovers(token):
    found = []
    for place in PLACES:
        folder = os.path.expanduser(place)
        if os.path.lexists(os.path.join(folder, token)):
            found.append(os.path.join(folder, token))
    return found


def _clean(token, key, before_shm):
    for path in _host_leftovers(token):
        try:
            os.unlink(path)
        except OSError:
            pass
    for shmid, row in shm_segments().items():
        if shmid not in before_shm and int(row["key"]) == key:
            remove_shm(shmid)


def test_nothing_one_grading_leaves_is_visible_to_the_next_or_stays_on_the_host(tmp_path):
    token = f"left-by-grading-{uuid.uuid4().hex[:10]}"
    key = 0x5B000000 + (os.getpid() & 0xFFFF)
    before_shm = set(shm_segments())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    places = [p.replace("keras", "KERAS") for p in PLACES]
    (first / "exercise3.py").write_text(LEAVE % {"token": token, "places": places, "key": key})
    (second / "exercise3.py").write_text(LOOK % {"token": token, "places": places, "key": key})
    try:
        grade_json("exercise3", first / "exercise3.py", tmp_path)
        _, report = grade_json("exercise3", second / "exercise3.py", tmp_path)
        problems = []
        if set(statuses(report, SOFTMAX_CHECKS).values()) != {"passed"}:
            found = [l for l in report["output"].splitlines() if l.startswith("found")]
            problems.append(f"the second grading saw what the first left: {found[:1]}")
        left = _host_leftovers(token)
        if left:
            problems.append(f"left on the host: {left}")
        segments = [shmid for shmid, row in shm_segments().items() if shmid not in before_shm and int(row["key"]) == key]
        if segments:
            problems.append(f"a shared memory segment stayed: {segments}")
        assert not problems, "; ".join(problems)
    finally:
        _clean(token, key, before_shm)


def _hostile_round(marker: str, key: int) -> list[str]:
    return [
        # a bounded fork bomb: every child forks until the limit
        r'''
import os, time
child = False
for _ in range(9):              # up to 511 processes, each forking further
    try:
        if os.fork() == 0:
            child = True
    except OSError:
        break
if child:
    time.sleep(3)
    os._exit(0)
''' + solution_source("exercise3"),
        # shared memory and /dev/shm left behind
        SHM + r'''
for i in range(4):
    _libc.shmget(%d + i, 8 << 20, 0o1000 | 0o666)
for i in range(4):
    try:
        open("/dev/shm/%s-%%d" %% i, "wb").write(b"x" * (1 << 20))
    except OSError:
        pass
''' % (key, marker) + solution_source("exercise3"),
        # processes that leave the process group and sleep on
        r'''
import os
def softmax(z):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "%s"])
        os._exit(0)
    return [0.0]
def dense_softmax(x, kernel, bias):
    return softmax(x)
''' % marker,
        # /tmp and the scratch filled (bounded at 300 MB each)
        r'''
import os
for folder in ("/tmp", os.environ.get("TMPDIR", "/tmp"), os.getcwd()):
    for i in range(3):
        try:
            with open(os.path.join(folder, "%s-%%d" %% i), "wb") as f:
                f.write(b"\0" * (100 << 20))
        except OSError:
            break
''' % marker + solution_source("exercise3"),
    ]


@pytest.mark.parametrize("level", ["default", "GRADER_NAMESPACES=0"])
def test_after_an_attack_round_honest_grading_still_works_and_nothing_is_left(tmp_path, level):
    env = base_env(**({"GRADER_NAMESPACES": "0"} if level != "default" else {}))
    marker = f"3599.{os.getpid()}{uuid.uuid4().int % 10**6}"
    key = 0x5C000000 + (os.getpid() & 0xFFFF) * 16
    before_shm = set(shm_segments())
    try:
        for number, source in enumerate(_hostile_round(marker, key)):
            submission = tmp_path / f"hostile{number}" / "exercise3.py"
            submission.parent.mkdir()
            submission.write_text(source)
            grade_json("exercise3", submission, tmp_path, "--timeout", "15", env=env)
        _, report = grade_json("exercise3", SOLUTIONS / "exercise3.py", tmp_path, env=env)
        time.sleep(0.5)
        problems = []
        if report["score"] != report["max_score"]:
            problems.append(f"the reference got {report['score']}/{report['max_score']} after the attacks: "
                            + str({c['name']: c['status'] for c in report['checks'] if c['status'] != 'passed'}))
        left = processes_with(marker)
        if left:
            problems.append(f"{len(left)} learner processes still running")
        segments = [s for s, row in shm_segments().items() if s not in before_shm and key <= int(row["key"]) < key + 4]
        if segments:
            problems.append(f"{len(segments)} shared memory segments stayed")
        files = [os.path.join(d, n) for d in ("/tmp", "/dev/shm", "/var/tmp") if os.path.isdir(d)
                 for n in os.listdir(d) if marker in n]
        if files:
            problems.append(f"files stayed: {files[:3]}")
        assert not problems, "; ".join(problems)
    finally:
        kill_pids(processes_with(marker))
        for shmid, row in shm_segments().items():
            if shmid not in before_shm and key <= int(row["key"]) < key + 4:
                remove_shm(shmid)
        for d in ("/tmp", "/dev/shm", "/var/tmp"):
            if os.path.isdir(d):
                for n in os.listdir(d):
                    if marker in n:
                        try:
                            os.unlink(os.path.join(d, n))
                        except OSError:
                            pass
