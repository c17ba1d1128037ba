"""The Ctrl-C tests hold where SIGINT is ignored: in a background job (`pytest &`) and under CI runners
that start jobs so.  A process started with SIGINT ignored keeps ignoring it, and Python then
installs no KeyboardInterrupt handler, so a test's `grade` child would never see its Ctrl-C: each
such child sets SIGINT's handler itself (conftest.ctrl_c_reaches_me)."""

from __future__ import annotations

import signal
import subprocess
import sys

from conftest import REPO


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell's background job starts


def test_the_watch_ctrl_c_test_passes_in_a_background_job():
    test = "tests/test_watch.py::test_watch_regrades_on_save_with_one_fork_server_and_ends_on_ctrl_c"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test], cwd=REPO,
                          preexec_fn=_ignore_sigint, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-3000:]
