"""The learner's process is confined: hostile code cannot win points or harm anything.

These tests grade real submissions in real subprocesses (the fork server and
its workers) and look at what a learner or an instructor would notice.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, SOLUTIONS, solution_source, statuses
from grader.results import Status

SOFTMAX_CHECKS = {"softmax_small_example", "softmax_huge_logits", "softmax_rows_of_a_batch",
                  "softmax_large_random_logits"}
DENSE_CHECKS = {"dense_softmax_iris_note", "dense_softmax_batch"}


SOLUTION_PROBE = f'''
try:
    open({str(SOLUTIONS / "exercise3.py")!r}).read()
    print("READ the solution")
except OSError as exc:
    print("REFUSED", type(exc).__name__)
'''


def with_override(code: str) -> str:
    return solution_source("exercise3") + "\n" + code


def by_function(report, function):
    return {c.name: c for c in report.checks if c.function == function}


def running_processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_infinite_loop_ends_at_the_timeout(grade):
    started = time.monotonic()
    report = grade("exercise3", with_override("def softmax(z):\n    while True:\n        pass\n"),
                   timeout=2)
    elapsed = time.monotonic() - started
    assert elapsed < 8, elapsed
    assert set(statuses(report).values()) == {Status.TIMEOUT}
    assert "time limit" in report.checks[0].message.en


def test_a_process_that_ignores_signals_and_spins_in_threads_still_ends(grade):
    code = '''
import signal, threading
def softmax(z):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for _ in range(2):
        threading.Thread(target=lambda: [None for _ in iter(int, 1)]).start()
    while True:
        pass
'''
    started = time.monotonic()
    report = grade("exercise3", with_override(code), timeout=2)
    assert time.monotonic() - started < 8
    assert report.checks[0].status is Status.TIMEOUT


def test_no_process_outlives_grading(grade):
    marker = f"3599.{os.getpid()}17"
    code = f'''
import os
def softmax(z):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "{marker}"])
        os._exit(0)
    return [0.0]
'''
    report = grade("exercise3", with_override(code))
    assert all(c.status is not Status.PASSED for c in by_function(report, "softmax").values())
    time.sleep(0.3)
    assert running_processes_with(marker) == []


def test_sys_exit_at_import_keeps_what_was_defined_before_it(grade):
    report = grade("exercise3", solution_source("exercise3") + "\nimport sys\nsys.exit(3)\n")
    assert report.all_passed
    assert any("sys.exit(3)" in note.en for note in report.notes)


def test_os_exit_at_import_is_an_error_with_score_zero(grade):
    report = grade("exercise3", "import os\nos._exit(0)\n" + solution_source("exercise3"))
    assert report.score == 0
    assert all(c.status is Status.ERROR for c in report.checks)
    assert "ended its process while loading (os._exit(0))" in report.checks[0].message.en


def test_os_exit_in_a_function_costs_only_that_function(grade):
    report = grade("exercise3", with_override("import os\ndef dense_softmax(x, kernel, bias):\n    os._exit(0)\n"))
    dense = by_function(report, "dense_softmax")
    assert all(c.status is Status.ERROR for c in dense.values())
    assert "os._exit(0)" in next(iter(dense.values())).message.en
    assert all(c.status is Status.PASSED for c in by_function(report, "softmax").values())


def test_sys_exit_in_a_function_is_reported_not_obeyed(grade):
    report = grade("exercise3", with_override("import sys\ndef dense_softmax(x, kernel, bias):\n    sys.exit(0)\n"))
    dense = by_function(report, "dense_softmax")
    assert all(c.status is Status.ERROR and "sys.exit()" in c.message.en for c in dense.values())
    assert all(c.status is Status.PASSED for c in by_function(report, "softmax").values())


def test_patching_numpy_comparisons_gains_nothing(grade):
    code = '''
import builtins
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: np.True_
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
builtins.abs = lambda x: 0
def softmax(z):
    return np.zeros_like(np.asarray(z, dtype=float))
'''
    report = grade("exercise3", with_override(code))
    assert all(c.status is Status.FAILED for c in by_function(report, "softmax").values())
    assert report.score <= sum(c.max_points for c in report.checks if c.function == "dense_softmax")


def test_a_pickle_payload_never_runs(grade, tmp_path):
    marker = tmp_path / "pwned"
    code = f'''
import os
class Payload:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))
def softmax(z):
    return Payload()
'''
    report = grade("exercise3", with_override(code))
    check = report.checks[0]
    assert check.status is Status.FAILED and "not plain data" in check.message.en
    assert not marker.exists()


def test_objects_that_claim_equality_are_not_trusted(grade):
    code = '''
import numpy as np
class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return True
def softmax(z):
    return np.zeros(np.shape(z)).view(AlwaysEqual)
'''
    report = grade("exercise3", with_override(code))
    assert all(c.status is Status.FAILED for c in by_function(report, "softmax").values())


def test_the_learner_cannot_read_the_solutions(grade):
    solution = (SOLUTIONS / "exercise3.py").resolve()
    code = f'''
import numpy as np
def softmax(z):
    namespace = {{}}
    try:
        exec(open({str(solution)!r}).read(), namespace)
    except OSError:
        return np.zeros_like(np.asarray(z, dtype=float))
    return namespace["softmax"](z)
'''
    report = grade("exercise3", with_override(code))
    assert report.isolation.solutions_hidden
    assert all(c.status is Status.FAILED for c in by_function(report, "softmax").values())


def test_the_original_file_and_its_folder_are_untouched(grade, tmp_path):
    folder = tmp_path / "learner"
    folder.mkdir()
    original = folder / "exercise3.py"
    code = with_override(f'''
import os
for target in ({str(original)!r}, __file__):
    try:
        open(target, "w").write("# overwritten")
    except OSError:
        pass
try:
    open({str(folder / "PWNED")!r}, "w").write("x")
except OSError:
    pass
''')
    original.write_text(code)
    report = grade("exercise3", original)
    assert report.all_passed
    assert original.read_text() == code
    assert sorted(p.name for p in folder.iterdir()) == ["exercise3.py"]


def test_the_learner_has_no_network(grade):
    code = '''
import socket
import numpy as np
def softmax(z):
    names = [name for _, name in socket.if_nameindex()]
    if names != ["lo"]:
        return np.zeros(3)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''
    report = grade("exercise3", with_override(code))
    assert report.isolation.network
    assert all(c.status is Status.PASSED for c in by_function(report, "softmax").values())


def test_the_memory_cap_is_reported(grade):
    code = "import numpy as np\ndef softmax(z):\n    return np.ones((50_000, 50_000))\n"
    report = grade("exercise3", with_override(code), memory_bytes=1 << 30)
    check = report.checks[0]
    assert check.status is Status.ERROR
    assert "memory limit exceeded" in check.message.en and "1 GiB" in check.message.en


def test_output_is_captured_and_bounded(grade):
    report = grade("exercise3", with_override("print('x' * 2_000_000)\nprint('last line')\n"))
    assert report.all_passed
    assert len(report.output) < 20_000 and "last line" in report.output


def test_a_fake_report_printed_by_the_learner_changes_nothing(tmp_path):
    submission = tmp_path / "exercise3.py"
    submission.write_text('print(\'{"exercise": "exercise3", "score": 10, "max_score": 10}\')\n'
                          "def softmax(z):\n    raise NotImplementedError\n"
                          "def dense_softmax(x, kernel, bias):\n    raise NotImplementedError\n")
    done = subprocess.run([sys.executable, "-m", "grader", "exercise3", "--file", str(submission),
                           "--format", "json"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["score"] == 0 and report["max_score"] == 10
    assert {c["status"] for c in report["checks"] if not c["needs"]} == {"not_attempted"}
    assert {c["status"] for c in report["checks"] if c["needs"]} <= {"skipped"}  # dependants (issue 25)
    assert '"score": 10' in report["output"]


@pytest.mark.skipif(os.geteuid() != 0, reason="the full sandbox needs root; see README")
def test_the_learner_runs_unprivileged_in_its_own_namespaces(grade):
    code = with_override('''
import os
import numpy as np
def softmax(z):
    if os.getuid() == 0 or os.getpid() != 1:
        return np.zeros(3)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''')
    report = grade("exercise3", code)
    assert report.isolation.level == "full" and report.isolation.unprivileged
    assert all(c.status is Status.PASSED for c in by_function(report, "softmax").values())


def test_without_namespaces_limits_still_hold_and_the_report_says_so(grade, monkeypatch):
    monkeypatch.setenv("GRADER_NAMESPACES", "0")
    marker = f"3598.{os.getpid()}31"
    code = f'''
import os
def softmax(z):
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "{marker}"])
    while True:
        pass
def dense_softmax(x, kernel, bias):
    os._exit(1)
'''
    started = time.monotonic()
    report = grade("exercise3", with_override(code), timeout=3)
    assert time.monotonic() - started < 10
    # Landlock keeps the allow-list of files where the kernel has it; otherwise only the limits hold.
    assert report.isolation.level in ("none", "landlock")
    assert report.isolation.solutions_hidden == (report.isolation.level == "landlock")
    assert any("isolation" in note.en for note in report.notes)
    assert report.checks[0].status is Status.TIMEOUT, (report.checks[0].message.en, report.output, report.notes)
    time.sleep(0.3)
    assert running_processes_with(marker) == []


def test_at_the_landlock_level_the_secrets_are_not_readable(grade, monkeypatch):
    """Without namespaces, Landlock's allow-list still keeps the solutions, the checkout's .git and
    the judged data out of reach (at the ``none`` level nothing is promised: SECURITY.md)."""
    from grader.sandbox.confine import landlock

    if not landlock.abi():
        pytest.skip("this kernel has no Landlock: the 'none' level promises no file isolation")
    monkeypatch.setenv("GRADER_NAMESPACES", "0")
    targets = [SOLUTIONS / "exercise3.py", REPO / ".git" / "HEAD", REPO / "grader_course" / "data" / "judged" / "iris.csv",
               REPO / "solutions"]
    code = f'''
import os
for target in {[str(t) for t in targets]!r}:
    try:
        if os.path.isdir(target):
            print("LISTED", target, os.listdir(target)[:2])
        else:
            with open(target, "rb") as f:
                print("READ", target, f.read(20))
    except OSError as exc:
        print("REFUSED", target, type(exc).__name__)
'''
    report = grade("exercise3", with_override(code))
    assert report.isolation.level == "landlock"
    assert report.score == report.max_score, (  # the learner's own work is graded as usual
        [(c.status, c.message.en) for c in report.checks], report.output, report.notes)
    assert "READ" not in report.output and "LISTED" not in report.output, report.output
    assert report.output.count("REFUSED") == len(targets), report.output


def test_at_the_landlock_level_the_grader_package_imports_after_the_import_caches_are_dropped(grade, monkeypatch):
    """Landlock cannot subtract, so the folders that hold a hidden one (the grader package,
    grader/data) are allowed entry by entry; without listing them Python's importer could not find
    a module it had not cached before the sandbox closed (CI lost every check that way once a
    folder's time stamp changed).  The folders can be listed; the judged files stay unreadable."""
    from grader.sandbox.confine import landlock

    if not landlock.abi():
        pytest.skip("this kernel has no Landlock")
    monkeypatch.setenv("GRADER_NAMESPACES", "0")
    judged = REPO / "grader_course" / "data" / "judged" / "iris.csv"
    code = f'''
import importlib, os
importlib.invalidate_caches()
from grader.data import load_iris
print("ROWS", len(load_iris()))
print("LISTS", "data" in os.listdir(os.path.dirname(os.path.dirname(load_iris.__code__.co_filename))))
try:
    open({str(judged)!r}, "rb").read(5)
    print("READ JUDGED")
except OSError as exc:
    print("REFUSED JUDGED", type(exc).__name__)
'''
    report = grade("exercise3", with_override(code))
    assert report.isolation.level == "landlock"
    assert report.score == report.max_score, ([c.message.en for c in report.checks][:1], report.notes)
    assert "ROWS 150" in report.output and "LISTS True" in report.output, (report.output, report.notes)
    assert "REFUSED JUDGED" in report.output and "READ JUDGED" not in report.output, report.output


def test_as_root_of_a_user_namespace_that_denies_setgroups_landlock_still_grades(tmp_path):
    """A rootless container (here ``unshare --map-root-user``): root there may not call setgroups.
    The learner keeps its groups (the report says so) and is graded, with the secrets refused."""
    probe = subprocess.run(["unshare", "--user", "--map-root-user", sys.executable, "-c", "pass"], capture_output=True)
    if probe.returncode != 0:  # refused, or this Python lies behind a folder of an owner the namespace does not map
        pytest.skip(f"this Python cannot run as root of a user namespace here: "
                    f"{probe.stderr.decode(errors='replace')[:200]}")
    from grader.sandbox.confine import landlock

    if not landlock.abi():
        pytest.skip("this kernel has no Landlock")
    submission = tmp_path / "exercise3.py"
    submission.write_text(with_override(SOLUTION_PROBE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "PYTEST_"))}
    env["GRADER_NAMESPACES"] = "0"
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--fork", sys.executable, "-m", "grader",
                           "exercise3", "--file", str(submission), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    report = json.loads(done.stdout)
    assert report["isolation"]["level"] == "landlock"
    assert report["score"] == report["max_score"]
    assert "REFUSED" in report["output"] and "READ the solution" not in report["output"]
    assert any("setgroups" in note for note in report["isolation"]["notes"])


def test_as_root_of_a_user_namespace_that_maps_root_alone_the_full_level_grades(tmp_path):
    """``unshare --map-root-user`` maps uid 0 and nothing else: no learner id can be given there, so
    the learner keeps uid 0 without any capability (the report says so, and not "unprivileged"),
    inside the full level's namespaces, with the secrets refused. Before, every check was the
    grader's error (the learner's id was not mapped)."""
    probe = subprocess.run(["unshare", "--user", "--map-root-user", sys.executable, "-c", "pass"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"this Python cannot run as root of a user namespace here: "
                    f"{probe.stderr.decode(errors='replace')[:200]}")
    submission = tmp_path / "exercise3.py"
    submission.write_text(with_override(SOLUTION_PROBE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "PYTEST_"))}
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--fork", sys.executable, "-m", "grader",
                           "exercise3", "--file", str(submission), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    report = json.loads(done.stdout)
    assert report["isolation"]["level"] == "full" and report["isolation"]["unprivileged"] is False
    assert any("maps no other id" in note for note in report["isolation"]["notes"])
    assert report["score"] == report["max_score"]
    assert "REFUSED" in report["output"] and "READ the solution" not in report["output"]


ROOTLESS_LAUNCHER = """
import ctypes, os, sys
r, w = os.pipe(); r2, w2 = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(w); os.close(r2)
    if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:  # CLONE_NEWUSER
        os._exit(125)
    os.write(w2, b"x"); os.read(r, 1)
    os.execv(sys.argv[1], sys.argv[1:])
os.close(r); os.close(w2)
os.read(r2, 1)
for name in ("uid_map", "gid_map"):
    with open(f"/proc/{pid}/{name}", "w") as f:
        f.write("0 0 1\\n1 100000 65535\\n")  # as a rootless container maps its ids
os.write(w, b"x")
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""


def test_as_root_of_a_user_namespace_that_maps_only_a_range_of_ids_the_learner_gets_one_of_them(tmp_path):
    """A rootless container maps 65536 ids or so: UID_BASE + pid does not exist there, and the
    sandbox could not be set up (every check 'the grader itself failed').  The learner now gets an
    id from the top of the mapped range, and is graded with the solutions out of reach."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to write a user namespace's id maps")
    launcher = tmp_path / "rootless.py"
    launcher.write_text(ROOTLESS_LAUNCHER)
    probe = subprocess.run([sys.executable, str(launcher), sys.executable, "-c", "pass"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no user namespace with a range of ids here: {probe.stderr.decode(errors='replace')[:200]}")
    submission = tmp_path / "exercise3.py"
    submission.write_text(with_override('import os\nprint("UID", os.getuid())\n' + SOLUTION_PROBE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADER_", "PYTEST_"))}
    done = subprocess.run([sys.executable, str(launcher), sys.executable, "-m", "grader", "exercise3", "--file",
                           str(submission), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, start_new_session=True)
    report = json.loads(done.stdout)
    assert report["score"] == report["max_score"], ([c["message"] for c in report["checks"]][:1], done.stderr[-1500:])
    uid = int(report["output"].split("UID", 1)[1].split()[0])
    assert 0 < uid < 65534, report["output"]
    assert "REFUSED" in report["output"] and "READ the solution" not in report["output"]
    assert any("maps only a range of ids" in note for note in report["isolation"]["notes"])


def test_at_the_landlock_level_a_runtime_behind_another_owners_private_folder_still_grades(tmp_path):
    """A checkout under a user's 0700 home, graded by root without namespaces: uid 0 without
    capabilities cannot pass that folder by its permission bits, so the learner's imports from
    there failed and every check was lost.  It keeps CAP_DAC_READ_SEARCH only, and Landlock still
    refuses the solutions, by path and by file handle (open_by_handle_at)."""
    from grader.sandbox.confine import landlock

    if os.geteuid() != 0 or not landlock.abi():
        pytest.skip("needs root and Landlock: the uid-0 learner of the landlock level")
    home = tmp_path / "home"
    site = home / "site"
    (site / "course_helpers").mkdir(parents=True)
    (site / "course_helpers" / "__init__.py").write_text("GREETING = 'hello from the course'\n")
    os.chown(home, 1000, 1000)
    home.chmod(0o700)
    target = str(SOLUTIONS / "exercise3.py")
    code = solution_source("exercise3") + f'''
import ctypes, os
import course_helpers
print("HELPER", course_helpers.GREETING)
try:
    open({target!r}).read(5)
    print("READ BY PATH")
except OSError as exc:
    print("REFUSED BY PATH", exc.errno)
class Handle(ctypes.Structure):
    _fields_ = [("size", ctypes.c_uint), ("kind", ctypes.c_int), ("bytes", ctypes.c_char * 128)]
libc = ctypes.CDLL(None, use_errno=True)
handle, mount = Handle(128, 0), ctypes.c_int()
if libc.name_to_handle_at(-100, {target!r}.encode(), ctypes.byref(handle), ctypes.byref(mount), 0) == 0:
    fd = libc.open_by_handle_at(os.open(course_helpers.__file__, os.O_RDONLY), ctypes.byref(handle), os.O_RDONLY)
    print("READ BY HANDLE" if fd >= 0 else f"REFUSED BY HANDLE {{ctypes.get_errno()}}")
'''
    submission = tmp_path / "exercise3.py"
    submission.write_text(code, encoding="utf-8")
    env = {**os.environ, "GRADER_NAMESPACES": "0", "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-m", "grader", "exercise3", "--file", str(submission), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env, start_new_session=True)
    report = json.loads(done.stdout)
    assert report["isolation"]["level"] == "landlock", report["isolation"]
    assert report["score"] == report["max_score"], ([c["message"] for c in report["checks"]][:1], report["output"])
    assert "HELPER hello from the course" in report["output"]
    assert "REFUSED BY PATH" in report["output"] and "REFUSED BY HANDLE" in report["output"], report["output"]
    assert "READ BY" not in report["output"], report["output"]
    assert any("CAP_DAC_READ_SEARCH" in note for note in report["isolation"]["notes"]), report["isolation"]


def test_learner_ids_in_a_range_avoid_root_nobody_and_ids_in_use(monkeypatch):
    from grader.sandbox.confine import identity

    maps = {"uid_map": [(0, 1), (1, 65536)], "gid_map": [(0, 1), (1, 65536)]}
    monkeypatch.setattr(identity, "_mapped", lambda name: maps[name])
    block = identity.learner_block()
    assert len(block) == identity.BLOCK and 0 not in block and block.stop <= 65534
    first = identity.learner_id(7)
    monkeypatch.setattr(identity, "_in_use", lambda: {first})
    assert identity.learner_id(7) == first + 1 and identity.is_learner_id(first + 1)
    assert not identity.is_learner_id(0) and not identity.is_learner_id(65534)
    monkeypatch.setattr(identity, "_mapped", lambda name: [(0, 1)])  # root alone: no block
    assert identity.learner_id(7) is None
