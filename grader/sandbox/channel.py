"""Length-prefixed plain-data messages over a stream socket."""

from __future__ import annotations

import socket
import struct
import time
from typing import Any

from grader import plaindata

_HEADER = struct.Struct(">I")
#: The largest message the grader accepts from a worker (a learner's answers are at most 64 MB of
#: arrays, base64 and JSON around them included); a larger header ends the worker as malformed.
MAX_MESSAGE_BYTES = 96 << 20


class ChannelClosed(EOFError):
    """The other end went away (its process ended)."""


class ChannelTimeout(TimeoutError):
    """No complete message arrived before the deadline."""


class Channel:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, message: Any) -> None:
        data = plaindata.encode(message)
        self.sock.settimeout(None)
        self.sock.sendall(_HEADER.pack(len(data)) + data)

    def recv(self, deadline: float | None = None) -> Any:
        """Next message, decoded, every text in it valid Unicode (a learner's lone surrogate becomes
        U+FFFD here, where it enters); ``deadline`` is a ``time.monotonic()`` value."""
        (size,) = _HEADER.unpack(self._read(_HEADER.size, deadline))
        if size > MAX_MESSAGE_BYTES:
            raise plaindata.MalformedData("message too large")
        return plaindata.decode(self._read(size, deadline), valid=True)

    def _read(self, size: int, deadline: float | None) -> bytearray:
        chunks = bytearray()
        while len(chunks) < size:
            if deadline is None:
                self.sock.settimeout(None)
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ChannelTimeout()
                self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(min(size - len(chunks), 1 << 20))
            except socket.timeout:
                raise ChannelTimeout() from None
            except (ConnectionResetError, BrokenPipeError):
                raise ChannelClosed() from None
            if not chunk:
                raise ChannelClosed()
            chunks += chunk
        return chunks  # not copied: a message costs its own size once

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
