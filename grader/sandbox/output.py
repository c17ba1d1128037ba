"""What a worker prints: its head and its tail reach the output file, a write never fails.

A worker's stdout and stderr are one file of ``grade``'s (``WorkerSession``), and a learner process may
write at most ``file_size_bytes`` (64 MiB) to any file: a learner who prints more in a loop used to
get ``OSError: [Errno 27] File too large`` inside their own function, and lose its points.  Here
``print`` and ``sys.stdout``/``sys.stderr`` writes go through :class:`HeadAndTail`: the first
``HEAD_BYTES`` are written as they come; after that the last ``TAIL_BYTES`` are kept and written after
the head, behind a line saying how much was dropped, whenever the worker answers a request, at most
every ``FLUSH_SECONDS`` while it prints, and when it ends.  The file never exceeds about
``HEAD_BYTES + TAIL_BYTES``; a write error (a full disk) is swallowed, never raised in learner code.
(``grade`` reads only the first and last few thousand characters of the file anyway.)
"""

from __future__ import annotations

import fcntl
import io
import os
import stat
import time
from dataclasses import dataclass

HEAD_BYTES = 1 << 20
TAIL_BYTES = 256 << 10
FLUSH_SECONDS = 0.25
DROPPED = ("\n... {n} bytes of output not kept: the first and the last of what was printed are /"
           " 출력 {n} 바이트는 보관하지 않았습니다: 처음과 마지막 부분만 남깁니다 ...\n")


class HeadAndTail:
    """The bounded writer shared by every stream of one output file."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.head_left = HEAD_BYTES
        self.head_end = 0
        self.tail = bytearray()
        self.dropped = 0
        self.dirty = False
        self.last_flush = time.monotonic()
        self.seekable = False
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                flags = fcntl.fcntl(fd, fcntl.F_GETFL)
                fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_APPEND)  # so the tail can be rewritten in place
                os.lseek(fd, 0, os.SEEK_END)
                self.seekable = True
        except OSError:
            pass

    def write(self, data: bytes) -> None:
        if self.head_left > 0:
            head = data[: self.head_left]
            self.head_left -= len(head)
            self._write_all(head)
            data = data[len(head):]
            if self.head_left == 0 and self.seekable:
                try:
                    self.head_end = os.lseek(self.fd, 0, os.SEEK_CUR)
                except OSError:
                    self.seekable = False
        if not data:
            return
        self.tail += data
        if len(self.tail) > TAIL_BYTES:
            cut = len(self.tail) - TAIL_BYTES
            self.dropped += cut
            del self.tail[:cut]
        self.dirty = True
        if time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            self.flush_tail()

    def flush_tail(self) -> None:
        """Write the kept tail after the head (replacing the tail written before)."""
        if not self.dirty or not self.seekable:
            return
        self.dirty, self.last_flush = False, time.monotonic()
        block = (DROPPED.format(n=self.dropped).encode() if self.dropped else b"") + bytes(self.tail)
        try:
            written = 0
            while written < len(block):
                written += os.pwrite(self.fd, block[written:], self.head_end + written)
            os.ftruncate(self.fd, self.head_end + len(block))
        except OSError:
            pass  # never the learner's problem

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError:
            pass  # a full disk, the file-size limit: the output is cut, the learner's code goes on


class _Raw(io.RawIOBase):
    def __init__(self, fd: int, sink: HeadAndTail) -> None:
        self._fd, self._sink = fd, sink

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        data = bytes(data)
        self._sink.write(data)
        return len(data)


@dataclass(frozen=True)
class Output:
    """The writers of one process's output files (one when stdout and stderr are one file)."""

    sinks: tuple[HeadAndTail, ...] = ()

    def flush(self) -> None:
        """Write every kept tail now (before an answer, at the end)."""
        for sink in self.sinks:
            sink.flush_tail()


def install(sys_module) -> Output:  # noqa: ANN001 - the sys module
    """``sys.stdout`` and ``sys.stderr`` (and their ``__`` twins) as bounded, unbuffered text streams."""
    sinks: dict[tuple[int, int], HeadAndTail] = {}
    for fd, name in ((1, "stdout"), (2, "stderr")):
        try:
            st = os.fstat(fd)
            key = (st.st_dev, st.st_ino)
        except OSError:
            key = (-1, fd)
        if key not in sinks:
            sinks[key] = HeadAndTail(fd)
        stream = io.TextIOWrapper(_Raw(fd, sinks[key]), encoding="utf-8", errors="backslashreplace",
                                  write_through=True)
        setattr(sys_module, name, stream)
        setattr(sys_module, f"__{name}__", stream)
    return Output(tuple(sinks.values()))
