"""Reading a learner's file in ``grade`` itself: bounded, total, never through a link or a FIFO.

``grade`` reads hand-ins as data in a few places (which exercise a notebook is, the batch's
fingerprint and similarity report, whether a file is the untouched stub).  Each of them reads here:
at most a given number of bytes, in chunks (a 1.9 GB ``.py`` costs ``grade`` no more memory than its
first chunk), from a regular file opened with ``O_NOFOLLOW | O_NONBLOCK``; and a notebook is parsed by
:func:`notebook_code`, which gives ``None`` for anything that is not a readable notebook (not JSON,
nested too deeply for the parser, the wrong shapes) instead of raising.  A hand-in larger than
``MAX_SUBMISSION_BYTES`` is the learner's error, said plainly (:mod:`grader.grading.unchecked`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

MAX_SUBMISSION_BYTES = 64 << 20  # the file-size limit of a learner's process, too
CHUNK = 1 << 20


def _open(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def size(path: Path) -> int | None:
    """The size of the regular file ``path`` in bytes (None: not a readable regular file)."""
    fd = _open(path)
    if fd is None:
        return None
    try:
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def read_head(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of the regular file ``path`` (None: not a readable regular file)."""
    fd = _open(path)
    if fd is None:
        return None
    parts, left = [], limit
    try:
        while left > 0:
            chunk = os.read(fd, min(CHUNK, left))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return b"".join(parts)


def digest(path: Path, limit: int = MAX_SUBMISSION_BYTES + 1) -> bytes:
    """SHA-256 of the file's size and its first ``limit`` bytes, read chunk by chunk (a file over the
    submission limit is refused whatever follows; b"" for a file that cannot be read)."""
    fd = _open(path)
    if fd is None:
        return b""
    h = hashlib.sha256()
    try:
        h.update(os.fstat(fd).st_size.to_bytes(8, "big"))
        left = limit
        while left > 0:
            chunk = os.read(fd, min(CHUNK, left))
            if not chunk:
                break
            h.update(chunk)
            left -= len(chunk)
    except OSError:
        return b""
    finally:
        os.close(fd)
    return h.digest()


def notebook_code(data: bytes | str) -> str | None:
    """A notebook's code cells joined by newlines; None when ``data`` is not a readable notebook."""
    try:
        book = json.loads(data)
        cells = book.get("cells", [])
        sources = [c.get("source", "") for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
        return "\n".join("".join(str(line) for line in s) if isinstance(s, list) else str(s) for s in sources)
    except (ValueError, AttributeError, TypeError, RecursionError, MemoryError):
        return None
