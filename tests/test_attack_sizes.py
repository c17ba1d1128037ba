"""Sizes a learner chooses cost ``grade`` bounded work, and their outcome is the learner's (issue 22).

Attack (unbounded reads): a 1.9 GB ``.py`` inside a 4.6 MB zip made ``grade batch`` peak at 1.81 GiB
(whole-file reads for the fingerprint, the similarity report and the stub comparison) and reported
the learner's oversized file as "the grader itself failed".  Here: a 400 MiB ``.py`` in a zip of less
than 2 MiB.  Defended: the zip is extracted in chunks, each file at most one byte over the hand-in
limit (64 MiB); ``grade`` reads learner files in chunks; a hand-in over the limit is graded as the
learner's error with a message naming its size, and the classmates are graded as ever.

Attack (printing): a learner who prints 60 MB got ``OSError: [Errno 27] File too large`` inside their
own function (the output file reached the learner's file-size limit) and lost the points.  Defended:
the learner's ``print`` keeps the head and the tail of what it printed and drops the middle; a write
never fails.

Attack (warnings): a ``ResourceWarning`` (a subprocess still running when its object is collected) is
not an overflow warning, yet exercise 3's huge-logits check failed a correct softmax for it.
Defended: the checks that forbid warnings judge the numeric ones (NumPy's ``RuntimeWarning``:
overflow, invalid value, division by zero); the known-wrong ``overflow_then_fallback`` is still caught.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from attack_tools import base_env, checks_by_name, gradebook, grade_command, grade_json, no_traceback, \
    solution_source

BIG = 400 << 20
PEAK_LIMIT_MIB = 300


def _peak_run(args, cwd, timeout=600):
    """Run ``grade ARGS`` under a fresh Python that reports the largest resident size of its process
    tree (``ru_maxrss`` of the children it waited for: grade and everything grade waited for)."""
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True)\n"
             "sys.stderr.buffer.write(p.stderr)\n"
             "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    proc = subprocess.run([sys.executable, "-c", probe, *grade_command(), *map(str, args)], cwd=cwd,
                          env=base_env(), capture_output=True, text=True, timeout=timeout)
    code, peak_kib = proc.stdout.split()[-2:]
    return int(code), int(peak_kib) / 1024, proc.stderr


def _big_zip(path, learners):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for learner, text in learners.items():
            zf.writestr(f"class/{learner}/exercise3.py", text)
        with zf.open("class/mallory/exercise3.py", "w", force_zip64=True) as f:
            f.write(solution_source("exercise3").encode())
            line = b"#" * 1023 + b"\n"
            for _ in range(BIG // len(line)):
                f.write(line)


def test_a_huge_file_in_a_small_zip_costs_grade_little_memory_and_is_the_learners_error(tmp_path):
    archive = tmp_path / "class.zip"
    _big_zip(archive, {"alice": solution_source("exercise3"), "bob": solution_source("exercise3")})
    assert archive.stat().st_size < 2 << 20
    out = tmp_path / "graded"
    code, peak, err = _peak_run(["batch", archive, "--out", out, "--exercises", "exercise3"], tmp_path)
    assert no_traceback(err), err[-1500:]
    assert code == 0, (code, err[-1500:])  # the grader failed for nobody: the oversized file is the learner's
    assert peak < PEAK_LIMIT_MIB, f"grade's process tree peaked at {peak:.0f} MiB"
    book = gradebook(out)
    assert float(book["alice"]["exercise3"]) == float(book["bob"]["exercise3"]) == 10
    assert book["mallory"]["exercise3 status"] == "error"
    report = json.loads((out / "learners" / "mallory" / "report.json").read_text(encoding="utf-8"))
    message = report["exercises"][0]["checks"][0]["message"]
    assert "MiB" in message and "64" in message and "grader itself" not in message, message


def test_a_huge_file_graded_alone_is_the_learners_error(tmp_path):
    path = tmp_path / "big.py"
    with open(path, "wb") as f:
        f.write(solution_source("exercise3").encode())
        f.truncate(BIG)  # sparse: 400 MiB of NUL bytes after the code
    out = tmp_path / "report.json"
    code, peak, err = _peak_run(["exercise3", "--file", path, "--format", "json", "--output", out], tmp_path)
    assert no_traceback(err), err[-1500:]
    assert code == 1, (code, err[-800:])
    assert peak < PEAK_LIMIT_MIB, f"grade's process tree peaked at {peak:.0f} MiB"
    report = json.loads(out.read_text(encoding="utf-8"))
    messages = {c["message"] for c in report["checks"]}
    assert len(messages) == 1 and all("400.0 MiB" in m and "64 MiB" in m for m in messages), messages
    assert not any("grader itself" in m for m in messages) and {c["status"] for c in report["checks"]} == {"error"}


PRINTS_A_LOT = solution_source("exercise3").replace("def softmax(z):", '''
_calls = [0]


def softmax(z):
    _calls[0] += 1
    print(f"call {_calls[0]} begins")
    for _ in range(20_000):
        print("#" * 999)  # 20 MB a call, over 100 MB over the checks
    print(f"call {_calls[0]} ends")
    return _softmax(z)


def _softmax(z):''', 1)


def test_printing_100_mb_costs_no_point_and_keeps_the_head_and_the_tail(tmp_path):
    assert "def _softmax(z):" in PRINTS_A_LOT
    path = tmp_path / "loud.py"
    path.write_text('print("FIRST LINE")\n' + PRINTS_A_LOT, encoding="utf-8")
    run, report = grade_json("exercise3", path, tmp_path, timeout=600)
    assert report["score"] == report["max_score"], [(c["name"], c["message"]) for c in report["checks"]
                                                    if c["status"] != "passed"]
    assert report["output"].startswith("FIRST LINE"), report["output"][:200]
    assert report["output"].rstrip().endswith("ends"), report["output"][-200:]
    assert "File too large" not in report["output"]


RESOURCE_WARNING = solution_source("exercise3").replace("def softmax(z):", '''
import gc as _gc
import subprocess as _subprocess


def softmax(z):
    _subprocess.Popen(["sleep", "3"])  # dropped while running: a ResourceWarning when collected
    _gc.collect()
    return _softmax(z)


def _softmax(z):''', 1)


def test_a_resource_warning_is_not_an_overflow_warning(tmp_path):
    assert "def _softmax(z):" in RESOURCE_WARNING
    path = tmp_path / "popen.py"
    path.write_text(RESOURCE_WARNING, encoding="utf-8")
    _, report = grade_json("exercise3", path, tmp_path)
    huge = checks_by_name(report)["softmax_huge_logits"]
    assert huge["status"] == "passed", huge["message"]
    assert report["score"] == report["max_score"]


def test_the_tail_of_a_long_output_is_kept_when_the_process_ends_with_os_exit(tmp_path):
    path = tmp_path / "exits.py"
    path.write_text(solution_source("exercise3") + '\nimport os\nfor _ in range(30_000):\n    print("#" * 999)\n'
                    'print("THE VERY LAST LINE")\nos._exit(3)\n', encoding="utf-8")
    _, report = grade_json("exercise3", path, tmp_path)
    assert report["output"].rstrip().endswith("THE VERY LAST LINE"), report["output"][-300:]
