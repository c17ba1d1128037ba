"""Ctrl-C during a batch, never lost.

Python turns SIGINT into ``KeyboardInterrupt`` inside whatever code runs at that instant. When
that is a weakref callback or a ``__del__`` (Dask's client runs many), the interpreter prints
"Exception ignored" and carries on, and the batch would finish as if no key had been pressed.
While a batch grades, SIGINT's handler therefore also records the press, and the batch's loops
look at the record between their waits (:meth:`CtrlC.check`)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class CtrlC:
    """Whether Ctrl-C was pressed while the batch graded."""

    def __init__(self) -> None:
        self._pressed = threading.Event()

    def press(self) -> None:
        self._pressed.set()

    @property
    def pressed(self) -> bool:
        return self._pressed.is_set()

    def check(self) -> None:
        """Raise ``KeyboardInterrupt`` if Ctrl-C was pressed, even when its first one was swallowed."""
        if self.pressed:
            raise KeyboardInterrupt


@contextmanager
def watched() -> Iterator[CtrlC]:
    """SIGINT recorded as well as raised for the duration of the block (main thread only; a SIGINT
    that this process was started ignoring, as a background job is, stays ignored)."""
    ctrl_c = CtrlC()
    if threading.current_thread() is not threading.main_thread():
        yield ctrl_c
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous in (signal.SIG_IGN, None):
        yield ctrl_c
        return

    def handler(signum, frame):
        ctrl_c.press()
        if callable(previous):
            previous(signum, frame)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, previous)
