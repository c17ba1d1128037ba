"""The control socket between the grader and its fork server: one plain-data message per packet,
file descriptors beside it (``SCM_RIGHTS``)."""

from __future__ import annotations

import socket
from typing import Any, Sequence

from grader import plaindata

MAX_CONTROL = 1 << 20


def send(sock: socket.socket, message: Any, fds: Sequence[int] = ()) -> None:
    data = plaindata.encode(message)
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.sendall(data)


def recv(sock: socket.socket) -> tuple[Any, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(sock, MAX_CONTROL, 8)
    if not data:
        raise EOFError
    return plaindata.decode(data), fds
