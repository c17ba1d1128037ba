"""Issue 22, breaches 2 and 5: no secret of the grading machine reaches learner code.

Breach 2: the environment of the ``grade`` command (where CI tokens and LMS keys live) was the
environment block of the fork server, at the top of every forked learner's stack: cleaning
``os.environ`` in the child did not clean that memory, and learner code read it back from
``/proc/self/mem`` (or ``/proc/self/environ``).

Breach 5: the official seed.  ``run_autograder`` passed it as ``--seed``, and at the Landlock
level ``/proc`` is the host's, so learner code read it from ``/proc/*/cmdline``; with
``GRADER_SEED`` exported (the bundle's documented override) it was also in the fork server's
environment, so in every learner's memory at every level.

Every test runs a learner file that scans its whole readable address space (``/proc/self/maps``
and ``ctypes``), its own and its parent's ``/proc/PID/environ`` and every
``/proc/*/cmdline`` and ``environ`` it can read, and reports what it saw in its check's message
(and prints it).  Each scan proves it works: it must find a canary the learner code planted in
its own memory and read its own command line; a decoy process of the host, whose command line
names it, must stay out of its sight (at the Landlock level, ``/proc`` is the host's: Landlock
allows the learner's own ``/proc/PID`` and the machine's files only).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from attack_tools import base_env, checks_by_name, chown_tree, nobody_python, root_only, run_grade, shared_tmp_dir
from click.testing import CliRunner
from grader.cli import main
from test_ci_examples import _autograder_root, platform_env

LEVELS = {"full": {}, "landlock": {"GRADER_NAMESPACES": "0"}}

K = 0x9E3779B97F4A7C15  # odd: seed * K mod 2**64 is one-to-one, and the scanner never holds the seed


def scanner(seed: str) -> str:
    """The learner file: what it may know of the seed is its SHA-256 and ``seed * K mod 2**64``, so
    finding the seed's digits or its 8 bytes anywhere in its memory can only be the grader's doing."""
    return SCANNER.replace("@SHA@", hashlib.sha256(seed.encode()).hexdigest()).replace(
        "@MUL@", str(int(seed) * K % 2**64)).replace("@K@", str(K))


#: What an attacker looks for: values after the names of secrets, the seed's digits and bytes.
SCANNER = r"""
import ctypes, gc, hashlib, os, re
import numpy as np

VALUES = re.compile(rb"(GITHUB_TOKEN|LMS_API_KEY|GRADER_SEED|CANARY_TOKEN)=([A-Za-z0-9_-]{6,64})")
SEED_ARG = re.compile(rb"--seed(?:-file)?[\0 =]([\w./-]{1,80})")
DIGITS = re.compile(rb"(?<![0-9])[0-9]{19}(?![0-9])")
SHA, MUL, K = "@SHA@", np.uint64(@MUL@), np.uint64(@K@)
_CANARY_INT = 2**61 + 987654321
CANARY_SHA = hashlib.sha256(str(_CANARY_INT).encode()).hexdigest()
CANARY_MUL = np.uint64(_CANARY_INT * @K@ % 2**64)
_CANARY = bytearray(b"CANARY_" + b"TOKEN=" + b"seen-in-memory")      # made at run time: only in memory
_CANARY_DIGITS = bytearray(str(_CANARY_INT).encode())
_CANARY_WORD = np.array([_CANARY_INT], dtype=np.uint64)
FOUND = []


def note(text):
    if text not in FOUND and len(FOUND) < 40:
        FOUND.append(text)


def look(data, where):
    for m in VALUES.finditer(data):
        note(where + ":" + m.group(0).decode("ascii"))
    for m in SEED_ARG.finditer(data):
        note(where + ":seed-arg " + m.group(1).decode("ascii", "replace"))
    for m in DIGITS.finditer(data):
        digest = hashlib.sha256(m.group(0)).hexdigest()
        if digest == SHA:
            note(where + ":SEED-DIGITS")
        elif digest == CANARY_SHA:
            note(where + ":canary-digits")
    with np.errstate(over="ignore"):
        for shift in range(8):
            n = (len(data) - shift) // 8
            if n <= 0:
                break
            words = np.frombuffer(data, dtype=np.uint64, count=n, offset=shift) * K
            if (words == MUL).any():
                note(where + ":SEED-BYTES")
            if (words == CANARY_MUL).any():
                note(where + ":canary-bytes")


def readable():
    with open("/proc/self/maps") as maps:
        regions = [line.split() for line in maps]
    for fields in regions:
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        name = fields[5] if len(fields) > 5 else ""
        if "r" in fields[1] and name not in ("[vvar]", "[vvar_vclock]", "[vsyscall]") and not name.startswith("/dev/"):
            yield lo, hi


def scan_memory():
    # ctypes reads the process's own memory wherever /proc/self/mem is closed (a non-dumpable uid).
    # The scan's own frees (the garbage collector, NumPy's temporaries) unmap regions listed at the
    # start, so every piece is looked up again in the current map just before it is read.
    gc.disable()
    pos, data = 0, None
    while True:
        data = None  # the previous piece freed before the map is read again
        here = next(((max(lo, pos), hi) for lo, hi in readable() if hi > pos), None)
        if here is None:
            break
        lo, hi = here
        data = ctypes.string_at(lo, min(hi - lo, 1 << 24))
        look(data, "mem")
        pos = lo + len(data)
    gc.enable()


def scan_proc():
    try:
        names = [n for n in os.listdir("/proc") if n.isdigit()]
    except OSError:
        names = []
    for pid in ["self", str(os.getppid())] + names:
        for what in ("environ", "cmdline"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as f:
                    data = f.read(1 << 20)
            except OSError:
                continue
            look(data, what)
            if pid == "self" and what == "cmdline" and data:
                note("cmdline:self-read")
            if b"seed-canary" in data:
                note(what + ":decoy")


def proc_mount():
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) > 3 and fields[1] == "/proc":
                    note("procmount:" + fields[3])
    except OSError:
        note("procmount:unreadable")


scan_memory()
scan_proc()
proc_mount()
print("FOUND " + " | ".join(FOUND))


def softmax(z):
    raise RuntimeError("FOUND " + " | ".join(FOUND))
"""


@pytest.fixture
def decoy():
    """A process of the host whose command line carries a marker (the scan must see it where /proc
    is the host's)."""
    marker = f"seed-canary-{secrets.token_hex(4)}"
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", marker])
    yield marker
    proc.kill()
    proc.wait()


def _seen(texts: list[str]) -> str:
    return "\n".join(texts)


def _grade_scan(tmp_path: Path, level: str, seed: str, extra: list[str], env_extra: dict) -> str:
    attack = tmp_path / "exercise3.py"
    attack.write_text(scanner(seed))
    env = base_env(**LEVELS[level], **env_extra)
    run = run_grade(["exercise3", "--file", attack, "--format", "json", *extra], tmp_path, env=env, timeout=300)
    assert run.returncode in (0, 1), run.describe()
    report = run.report()
    assert report["isolation"]["level"] == level, report["isolation"]
    messages = [c["message"] or "" for c in checks_by_name(report).values()]
    return _seen([report["output"], *messages])


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_the_grade_commands_environment_never_reaches_learner_memory(tmp_path, level, decoy):
    token, key = f"ghp_{secrets.token_hex(12)}", f"lms{secrets.token_hex(12)}"
    seen = _grade_scan(tmp_path, level, "1", [], {"GITHUB_TOKEN": token, "LMS_API_KEY": key})
    _sane(seen, level)
    for name, secret in (("GITHUB_TOKEN", token), ("LMS_API_KEY", key)):
        assert secret not in seen, f"{name} of grade's environment reached learner code: {seen[:3000]}"
    assert "GITHUB_TOKEN=" not in seen and "LMS_API_KEY=" not in seen, seen[:3000]


@pytest.mark.parametrize("given", ["--seed-file", "--seed"])
@pytest.mark.parametrize("level", sorted(LEVELS))
def test_a_secret_seed_never_reaches_learner_code(tmp_path, level, given, decoy):
    """``--seed-file`` (what official grading uses): the seed is on no command line, in no
    environment and in no memory a learner process can read, even with GRADER_SEED exported.
    ``--seed N`` puts it on ``grade``'s command line, which learner code cannot read at these
    levels either (its /proc shows no other process)."""
    seed = str(secrets.randbits(62) | (1 << 61))
    seed_file = tmp_path / "seed.txt"
    seed_file.write_text(seed + "\n")
    seed_file.chmod(0o600)
    how = ["--seed-file", seed_file] if given == "--seed-file" else ["--seed", seed]
    seen = _grade_scan(tmp_path, level, seed, how, {"GRADER_SEED": seed})
    _sane(seen, level)
    assert seed not in seen and "SEED-" not in seen, f"the seed reached learner code: {seen[:3000]}"


@root_only
def test_as_an_ordinary_user_grades_environment_never_reaches_learner_memory(decoy):
    """The ``user-namespace`` level: ``grade`` run by 'nobody'."""
    found = nobody_python()
    if found is None:
        pytest.skip("cannot run the grader as an unprivileged user here (needs root, setpriv/runuser "
                    "and a Python interpreter 'nobody' may execute)")
    command, extra = found
    token = f"ghp_{secrets.token_hex(12)}"
    with shared_tmp_dir() as work:
        attack = work / "exercise3.py"
        attack.write_text(scanner("1"))
        chown_tree(work, 65534)
        run = run_grade(["exercise3", "--file", attack, "--format", "json"], work, command=command, user="nobody",
                        env=base_env(HOME=str(work), GITHUB_TOKEN=token, **extra), timeout=300)
    assert run.returncode in (0, 1), run.describe()
    report = run.report()
    assert report["isolation"]["level"] == "user-namespace", report["isolation"]
    seen = _seen([report["output"], *(c["message"] or "" for c in report["checks"])])
    _sane(seen, "user-namespace")
    assert token not in seen and "GITHUB_TOKEN=" not in seen, f"grade's environment reached learner code: {seen[:3000]}"


def _sane(seen: str, level: str) -> None:
    """The scans work: they find what the learner planted in its own memory, and at the Landlock level
    they read the host's command lines (a decoy process's)."""
    for canary in ("mem:CANARY_TOKEN=seen-in-memory", "mem:canary-digits", "mem:canary-bytes"):
        assert canary in seen, f"the memory scan did not find {canary} (sanity): {seen[:2000]}"
    assert "cmdline:self-read" in seen, f"the scan could not read its own command line (sanity): {seen[:2000]}"
    # full and user-namespace: a private /proc (its own PID namespace, hidepid=2); landlock: the
    # host's /proc, of which Landlock lets it read only its own /proc/PID and the machine's files
    assert "cmdline:decoy" not in seen, f"another process's command line is readable at {level}: {seen[:2000]}"
    if level != "landlock":  # its own /proc, of its PID namespace, mounted with hidepid=2
        assert re.search(r"procmount:\S*hidepid=(2|invisible)", seen), f"/proc without hidepid at {level}: {seen[:2000]}"


# The Gradescope bundle ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, str]:
    seed = str(secrets.randbits(62) | (1 << 61))
    out = tmp_path_factory.mktemp("bundle-env") / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope-bundle", str(out), "--exercises", "exercise3",
                                       "--lang", "en", "--seed", seed], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, seed


@pytest.mark.parametrize("exported", [False, True], ids=["bundle-seed", "GRADER_SEED-exported"])
@pytest.mark.parametrize("level", sorted(LEVELS))
def test_the_bundles_seed_never_reaches_learner_code(bundle, tmp_path, level, exported, decoy):
    zip_path, seed = bundle
    root = _autograder_root(zip_path, tmp_path)
    (root / "submission").mkdir()
    if exported:
        seed = str(int(seed) - 1)  # the environment wins over the bundle's seed
    (root / "submission" / "exercise3.py").write_text(scanner(seed))
    env = platform_env(AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable, **LEVELS[level])
    if exported:
        env["GRADER_SEED"] = seed
    done = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, timeout=300, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    seen = _seen([results["output"], *(t.get("output", "") for t in results["tests"])])
    _sane(seen, level)
    assert seed not in seen and "SEED-" not in seen, f"the official seed reached learner code: {seen[:3000]}"
