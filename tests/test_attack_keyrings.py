"""The kernel's keyrings (``add_key``, ``request_key``, ``keyctl``), which no file system, PID, IPC or
network namespace covers: a process inherits its parent's session keyring and *possesses* it (reads
and writes its keys whatever its uid), and a uid's user keyrings live in the kernel, not in any
process, until they are cleared.

- ``grade`` started in a session keyring (a login's ``pam_keyinit``, ``keyctl session``) that holds
  an instructor's key: learner code read it, and what one learner added to that keyring the next
  learner of ``grade batch`` read;
- what a learner put in its uid's user keyrings (user, user session, persistent) stayed in the kernel
  after grading, for the next learner that gets that uid (``1000000000 + the guardian's pid``: pids
  wrap at ``pid_max``, 32768 on many machines);
- at the ``landlock`` level, where the learner keeps uid 0 without capabilities (a Python runtime
  readable by root only), its user keyrings are root's: it wrote there, for every later learner
  and for root.  Defended: learner code makes no keyring call at all (a seccomp filter).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest

from attack_tools import base_env, batch, grade_command, run_grade, solution_source

KEYS = textwrap.dedent(r'''
    import ctypes as _c
    _libc = _c.CDLL(None, use_errno=True)
    _libc.syscall.restype = _c.c_long

    def add_key(desc, payload, ring):
        return _libc.syscall(248, b"user", desc, payload, _c.c_size_t(len(payload)), _c.c_int(ring))

    def search(ring, desc):
        return _libc.syscall(250, 10, _c.c_int(ring), b"user", desc, _c.c_int(0))

    def request_key(desc):
        return _libc.syscall(249, b"user", desc, None, _c.c_int(0))

    def read_key(key):
        buf = _c.create_string_buffer(4096)
        n = _libc.syscall(250, 11, _c.c_int(key), buf, _c.c_size_t(4096))
        return buf.raw[:n] if n >= 0 else b""

    def persistent(dest):
        return _libc.syscall(250, 22, _c.c_int(-1), _c.c_int(dest))

    def invalidate(key):
        return _libc.syscall(250, 21, _c.c_int(key))
''')

SECRET = b"instructor-key-7f3a9c"
LEFT = b"left-by-a-learner-41d2"

LEARNER = KEYS + textwrap.dedent(f'''
    import os as _os
    for _desc in (b"instructor-secret", b"left-behind"):
        _k = request_key(_desc)
        if _k > 0:
            print("FOUND", _desc, read_key(_k))
    print("LEARNER-UID", _os.getuid())
    for _ring in (-3, -4, -5):
        add_key(b"left-behind", {LEFT!r}, _ring)
    _p = persistent(-4)
    if _p > 0:
        add_key(b"left-behind", {LEFT!r}, _p)
''') + solution_source("exercise3")

#: Runs ``grade`` in a fresh session keyring holding the instructor's key.
IN_A_SESSION_KEYRING = KEYS + textwrap.dedent(f'''
    import os, sys
    if _libc.syscall(250, 1, b"grader-test-session") < 0:  # KEYCTL_JOIN_SESSION_KEYRING
        sys.exit(97)
    if add_key(b"instructor-secret", {SECRET!r}, -3) < 0:
        sys.exit(98)
    os.execv(sys.argv[1], sys.argv[1:])
''')


def _keyrings_work() -> bool:
    probe = subprocess.run([sys.executable, "-c", KEYS + "import sys; sys.exit(0 if _libc.syscall(250, 0, -3, 0) > 0 else 1)"])
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _keyrings_work(), reason="the kernel's keyrings are not available here")


def _everything_written(out) -> bytes:
    return b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_learners_of_a_batch_never_reach_the_instructors_session_keyring_nor_each_others_keys(tmp_path):
    src = tmp_path / "class"
    for learner in ("alice", "bob", "carol"):
        (src / learner).mkdir(parents=True)
        (src / learner / "exercise3.py").write_text(LEARNER, encoding="utf-8")
    helper = tmp_path / "in_session.py"
    helper.write_text(IN_A_SESSION_KEYRING, encoding="utf-8")
    command = [sys.executable, str(helper), *grade_command()]
    out = tmp_path / "out"
    run = batch(src, out, tmp_path, "--exercises", "exercise3", command=command)
    assert run.returncode in (0, 1), run.describe()
    written = _everything_written(out)
    assert b"LEARNER-UID" in written  # the learners' output is there
    assert SECRET not in written
    assert LEFT not in written


@pytest.mark.skipif(os.geteuid() != 0, reason="a learner uid of its own (or uid 0 without capabilities) needs root")
@pytest.mark.parametrize("namespaces", ["1", "0"])
def test_a_learners_keys_do_not_outlive_its_grading_for_the_next_owner_of_its_uid(tmp_path, namespaces):
    """``full`` (a learner uid of its own) and ``landlock`` (here the learner may keep uid 0 without
    capabilities, where the Python runtime is readable by root only: its user keyrings are root's)."""
    learner = tmp_path / "exercise3.py"
    learner.write_text(LEARNER, encoding="utf-8")
    run = run_grade(["exercise3", "--file", learner], tmp_path, env=base_env(GRADER_NAMESPACES=namespaces))
    assert run.returncode in (0, 1), run.describe()
    uid = int(re.search(r"LEARNER-UID (\d+)", run.stdout).group(1))
    # The next learner that gets this uid: what does it find?  (Then it removes what it found, and
    # for a learner's own uid the keyrings it looked at.)
    check = KEYS + textwrap.dedent(f'''
        import os, sys
        os.setgroups([])
        os.setresgid({uid}, {uid}, {uid})
        os.setresuid({uid}, {uid}, {uid})
        _libc.syscall(250, 1, None)  # a session keyring of its own, not the test's
        p = persistent(-3)  # linked in that session keyring: possessed, so it may be searched
        for ring in (-4, -5):  # so are these, and the keys in them may be removed
            _libc.syscall(250, 8, _c.c_int(ring), _c.c_int(-3))  # KEYCTL_LINK
        rings = dict([("user", -4), ("user session", -5), ("persistent", p)])
        found = set()
        for name, ring in rings.items():
            for _ in range(10):  # each key found is removed, then the ring searched again
                key = search(ring, b"left-behind") if ring != -1 else -1
                if key <= 0:
                    break
                found.add(name)
                invalidate(key)
        if {uid} >= 1_000_000_000:
            for ring in [_libc.syscall(250, 0, _c.c_int(r), 0) for r in (-4, -5)] + [p]:  # by serial number
                if ring > 0:
                    invalidate(ring)
        print(sorted(found))
    ''')
    found = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]", f"keys left under uid {uid} in keyrings {found.stdout.strip()}"


I386 = textwrap.dedent(r'''
    import ctypes, mmap

    def call32(nr, ebx=0, ecx=0):
        """An i386 system call from this 64-bit process (``int 0x80``): push rbx; mov eax, nr;
        mov ebx, ..; mov ecx, ..; xor edx, edx; int 0x80; pop rbx; ret."""
        code = (b"\x53\xb8" + nr.to_bytes(4, "little") + b"\xbb" + (ebx & 0xFFFFFFFF).to_bytes(4, "little")
                + b"\xb9" + (ecx & 0xFFFFFFFF).to_bytes(4, "little") + b"\x31\xd2\xcd\x80\x5b\xc3")
        page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        page.write(code)
        return ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))()
''')


def _i386_keyctl_here() -> bool:
    import platform

    if platform.machine() != "x86_64":
        return False
    probe = subprocess.run([sys.executable, "-c", I386 + "print(call32(288, 0, -3))"],  # KEYCTL_GET_KEYRING_ID @s
                           capture_output=True, text=True)
    return probe.returncode == 0 and probe.stdout.strip() not in ("", "-38")


@pytest.mark.skipif(not _i386_keyctl_here(), reason="no i386 system calls (or keyrings) on this machine")
def test_a_learner_makes_no_keyring_call_through_the_i386_entry_either(tmp_path):
    learner = tmp_path / "exercise3.py"
    learner.write_text(I386 + 'print("I386-KEYCTL", call32(288, 0, -3), "I386-GETPID-OK", call32(20) > 0)\n'
                       + solution_source("exercise3"), encoding="utf-8")
    run = run_grade(["exercise3", "--file", learner], tmp_path)
    assert run.returncode == 0, run.describe()
    assert "I386-KEYCTL -38 I386-GETPID-OK True" in run.stdout, run.stdout[-2000:]
