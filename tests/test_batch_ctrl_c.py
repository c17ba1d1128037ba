"""A Ctrl-C that Python swallows (it landed in a ``__del__`` or a weakref callback, as happens
inside Dask's client) still stops the batch: the batch's loops look at the recorded press."""

import subprocess
import sys
import textwrap

from conftest import REPO

SWALLOWED = textwrap.dedent("""
    import os, signal, sys
    from grader.batch import interrupt

    class Collected:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives while Python runs a finaliser

    with interrupt.watched() as ctrl_c:
        Collected()  # its KeyboardInterrupt is printed as "Exception ignored" and lost
        print("still running", flush=True)
        try:
            ctrl_c.check()
        except KeyboardInterrupt:
            sys.exit(130)
    sys.exit(0)
""")


def _run(source: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", source], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_a_ctrl_c_swallowed_by_a_finaliser_is_still_seen_by_the_batch_loop():
    done = _run(SWALLOWED)
    assert "Exception ignored" in done.stderr  # Python did lose the KeyboardInterrupt ...
    assert "still running" in done.stdout
    assert done.returncode == 130, done.stderr  # ... and the batch's check still stops


def test_without_the_watch_the_same_ctrl_c_is_lost():
    """The attack on the old code: the plain handler's KeyboardInterrupt vanishes in the finaliser."""
    plain = SWALLOWED.replace("with interrupt.watched() as ctrl_c:", "if True:").replace(
        "ctrl_c.check()", "pass")
    done = _run(plain)
    assert "Exception ignored" in done.stderr and done.returncode == 0


def test_the_handler_is_put_back_and_an_ignored_sigint_stays_ignored():
    source = textwrap.dedent("""
        import signal
        from grader.batch import interrupt
        before = signal.getsignal(signal.SIGINT)
        with interrupt.watched():
            assert signal.getsignal(signal.SIGINT) is not before
        assert signal.getsignal(signal.SIGINT) is before
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a background job
        with interrupt.watched():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        print("ok")
    """)
    done = _run(source)
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr
