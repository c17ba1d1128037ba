"""Issue #8, item 2: learner code must not reach the terminal ``grade`` runs in.

``grade`` runs under a pseudo-terminal that is its controlling terminal (as in
an instructor's shell).  The learner's code opens ``/dev/tty``, writes a marker
to it and pushes ``echo INJECTED`` into the terminal's input queue with
``TIOCSTI`` (what the instructor's shell would run after ``grade`` exits); it
also tries ``TIOCSTI`` on fds 0, 1 and 2.  Defended: the marker never reaches
the terminal, nothing is pending in its input queue after ``grade`` exits, and
the learner's process could not open ``/dev/tty`` at all (its softmax answers
correctly only when that failed, so the score shows it).
"""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import termios
import time
import tty

from attack_tools import HONEST_SOFTMAX, SOFTMAX_CHECKS, base_env, grade_command, statuses

MARKER = b"TTY-MARKER-7731"

ATTACK = r'''
import fcntl, os, termios
OPENED_TTY = []


def _attack():
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        fd = None
    if fd is not None:
        OPENED_TTY.append(True)
        try:
            os.write(fd, b"\r\n%s\r\n")
        except OSError:
            pass
        for ch in b"echo INJECTED\n":
            try:
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch]))
            except OSError:
                break
    for target in (0, 1, 2):
        for ch in b"echo INJECTED\n":
            try:
                fcntl.ioctl(target, termios.TIOCSTI, bytes([ch]))
            except OSError:
                break


_attack()


def softmax(z):
    _attack()                      # again while a check runs
    if OPENED_TTY:
        return [0.0]               # the terminal was reachable: the score shows it
    return _honest_softmax(z)
''' % MARKER.decode()


def _run_under_pty(args, cwd, timeout=90.0):
    """Run grade with a pty as its controlling terminal; (exit code, bytes seen, bytes pending)."""
    master, slave = os.openpty()
    tty.setraw(slave)  # no echo, no line discipline: anything injected is readable at once

    def controlling_tty():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(grade_command() + [str(a) for a in args], cwd=str(cwd), env=base_env(TERM="xterm"),
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                            preexec_fn=controlling_tty)
    seen = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                continue
            if proc.poll() is not None or time.monotonic() > deadline:
                break
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        time.sleep(0.2)
        fcntl.fcntl(master, fcntl.F_SETFL, os.O_NONBLOCK)
        try:
            while chunk := os.read(master, 65536):
                seen += chunk
        except OSError:
            pass
        fcntl.fcntl(slave, fcntl.F_SETFL, os.O_NONBLOCK)
        pending = bytearray()
        try:
            while chunk := os.read(slave, 4096):
                pending += chunk
        except OSError:
            pass
        return proc.returncode, bytes(seen), bytes(pending)
    finally:
        os.close(master)
        os.close(slave)


def test_learner_code_cannot_write_to_or_inject_into_the_graders_terminal(tmp_path):
    submission = tmp_path / "exercise3.py"
    submission.write_text(HONEST_SOFTMAX + ATTACK)
    out = tmp_path / "report.json"
    code, seen, pending = _run_under_pty(["exercise3", "--file", submission, "--format", "json",
                                          "--output", out], tmp_path)
    assert code in (0, 1), seen[-2000:]
    import json

    report = json.loads(out.read_text())
    problems = []
    if MARKER in seen:
        problems.append("the learner's marker arrived on grade's terminal")
    if pending:
        problems.append(f"the learner injected input into grade's terminal: {pending!r}")
    if set(statuses(report, SOFTMAX_CHECKS).values()) != {"passed"}:
        problems.append("the learner's process opened /dev/tty (its softmax said so): "
                        + str(statuses(report, SOFTMAX_CHECKS)))
    assert not problems, "; ".join(problems)
