"""Issue #8, item 4: in ``grade batch`` a learner's code must not reach classmates' files.

A class is graded from the course folder (``grade batch class/ --out graded/``),
as a folder per learner and as a flat LMS export.  Bob's code looks for Alice's
submission (at the class folder's path, in its own submission's folder, along
``sys.path``, under every mount point it sees, in /tmp and the working
directory), and when it finds it, copies it, writes into it, drops marker files
beside it and rewrites Alice's stored result and the gradebook in the out folder.

Defended: Bob's softmax took its "not found" branch (it answers correctly only
then), Alice's file and the out folder are untouched by Bob (Alice's row is her
honest score), and no file Bob wrote exists anywhere after grading.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from attack_tools import HONEST_SOFTMAX, SOFTMAX_CHECKS, batch, gradebook, solution_source

TOKEN = "BOB-WAS-HERE-5150"

BOB = HONEST_SOFTMAX + r'''
import json, os, shutil, sys

TOKEN = %(token)r
KNOWN = %(known)r          # where an attacker guesses the class is: the instructor's layout
OUT = %(out)r
FOUND = []


def _candidates():
    roots = list(KNOWN) + [os.path.dirname(os.path.abspath(__file__)), os.getcwd(), "/tmp", OUT]
    roots += [p for p in sys.path if p]
    try:
        for line in open("/proc/self/mountinfo"):
            roots.append(line.split()[4])
    except OSError:
        pass
    seen = set()
    for root in roots:
        if root in seen or root in ("/", "/proc", "/sys", "/dev") or "site-packages" in root:
            continue
        seen.add(root)
        if os.path.isfile(root):  # a file mounted for every learner (/etc/hosts) is nobody's
            if "alice" in root.lower() or root.startswith(OUT):
                yield root
            continue
        for base, dirs, files in os.walk(root):
            if base.count(os.sep) - root.count(os.sep) >= 4:
                dirs[:] = []
            dirs[:] = [d for d in dirs if d not in ("site-packages", ".venv", "node_modules")][:50]
            for name in files:
                if "alice" in name.lower() or "alice" in base.lower():
                    yield os.path.join(base, name)


def _attack():
    for path in dict.fromkeys(_candidates()):
        if os.path.basename(path) == "alice_copy.py":
            continue
        try:
            source = open(path).read()
        except (OSError, UnicodeDecodeError):
            continue
        FOUND.append(path)
        try:
            shutil.copy(path, "alice_copy.py")                       # into bob's own scratch: fine
        except OSError:
            pass
        for target in (path, os.path.join(os.path.dirname(path), TOKEN + ".txt")):
            try:
                with open(target, "a") as f:
                    f.write("\n# " + TOKEN + "\n")
            except OSError:
                pass
    for folder in list(KNOWN) + [OUT, os.getcwd(), "/tmp"] + [p for p in sys.path if p]:
        folder = folder if os.path.isdir(folder) else os.path.dirname(folder)
        try:
            open(os.path.join(folder, TOKEN + ".txt"), "w").write(TOKEN)
        except OSError:
            pass
    for base, dirs, files in os.walk(OUT):
        for name in files:
            path = os.path.join(base, name)
            try:
                if name == "result.json" and "alice" in base:
                    data = json.load(open(path))
                    def zero(node):
                        if isinstance(node, dict):
                            for key in list(node):
                                if key in ("points", "score"):
                                    node[key] = 0.0
                                elif key == "status" and node[key] == "passed":
                                    node[key] = "failed"
                                else:
                                    zero(node[key])
                        elif isinstance(node, list):
                            for item in node:
                                zero(item)
                    zero(data)
                    with open(path, "w") as f:
                        json.dump(data, f)
                    FOUND.append("rewrote " + path)
                elif name == "gradebook.csv":
                    open(path, "w").write("learner,total\nalice,0\n")
            except (OSError, ValueError):
                pass
    print("BOB found:", FOUND[:10])


_attack()


def softmax(z):
    if FOUND:
        return [0.0]                # a classmate's file (or the out folder) was reachable
    return _honest_softmax(z)
'''


def _files_named(root: Path, token: str) -> list[str]:
    hits = []
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            if token in name:
                hits.append(os.path.join(base, name))
    return hits


def _host_places_with(token: str) -> list[str]:
    hits = []
    for place in ("/tmp", "/run/lock", "/dev/shm", "/var/tmp"):
        try:
            hits += [os.path.join(place, n) for n in os.listdir(place) if token in n]
        except OSError:
            pass
    return hits


@pytest.mark.parametrize("layout", ["folders", "flat"])
def test_a_learner_cannot_read_or_change_a_classmates_files(tmp_path, layout):
    course = tmp_path / "course"  # the instructor runs grade batch from here
    out = course / "graded"
    if layout == "folders":
        classroom = course / "class"
        alice = classroom / "alice" / "exercise3.py"
        bob = classroom / "bob" / "exercise3.py"
    else:
        classroom = course / "export"
        alice = classroom / "alice_exercise3.py"
        bob = classroom / "bob_exercise3.py"
    alice.parent.mkdir(parents=True, exist_ok=True)
    bob.parent.mkdir(parents=True, exist_ok=True)
    alice.write_text(solution_source("exercise3"))
    bob.write_text(BOB % {"token": TOKEN, "known": [str(alice), str(classroom)], "out": str(out)})
    alice_bytes, alice_mtime = alice.read_bytes(), alice.stat().st_mtime_ns

    run = batch(classroom, out, course, "--exercises", "exercise3", "--workers", "1")
    assert run.returncode in (0, 1), run.describe()
    rows = gradebook(out)
    bob_report = json.loads((out / "learners" / "bob" / "report.json").read_text())
    bob_statuses = {c["name"]: c["status"] for e in bob_report["exercises"] for c in e["checks"]
                    if c["name"] in SOFTMAX_CHECKS}
    problems = []
    if set(bob_statuses.values()) != {"passed"}:
        found = [l for e in bob_report["exercises"] for l in e["output"].splitlines() if "BOB found" in l]
        problems.append(f"bob reached a classmate's files or the out folder: {found[:1]}")
    if alice.read_bytes() != alice_bytes or alice.stat().st_mtime_ns != alice_mtime:
        problems.append("alice's submission was changed")
    if "alice" not in rows:
        problems.append(f"alice has no row in the gradebook: {sorted(rows)}")
    elif float(rows["alice"]["total"]) != 10.0:
        problems.append(f"alice's row is not her honest score: {rows['alice']}")
    written = _files_named(tmp_path, TOKEN) + _host_places_with(TOKEN)
    if written:
        problems.append(f"files bob wrote outside his process: {written}")
    for path in _host_places_with(TOKEN):
        os.unlink(path)
    assert not problems, "; ".join(problems)
