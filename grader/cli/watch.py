"""``grade EXERCISE --watch``: grade, then regrade each time the file is saved, until Ctrl-C.

A change is seen by polling the file's modification time, size and SHA-256 twice a second (no
new dependency; an editor that rewrites the file with the same bytes does not regrade).  One fork
server serves every regrade, so TensorFlow is imported once.  Ctrl-C ends the loop with exit 130
and no traceback.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader.grading.fork_servers import SharedForkServer
from grader.framework import Exercise
from grader.text import Text

POLL_S = 0.5
WATCHING = Text("Watching {path} (Ctrl-C to stop); it is regraded each time it is saved.",
                "{path} 파일을 지켜보는 중입니다 (Ctrl-C로 끝냄). 저장할 때마다 다시 채점합니다.")
CHANGED = Text("{path} changed: grading again.", "{path} 파일이 바뀌어 다시 채점합니다.")
STOPPED = Text("Stopped watching.", "지켜보기를 끝냈습니다.")


@dataclass(frozen=True)
class FileState:
    mtime_ns: int
    size: int
    digest: str


def state(path: Path) -> FileState | None:
    """The file's modification time, size and hash; None while it is missing or unreadable."""
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return FileState(info.st_mtime_ns, info.st_size, digest)


def changed(before: FileState | None, now: FileState | None) -> bool:
    """A regrade is due when the content changed (a touch with the same bytes is not a change)."""
    return now is not None and (before is None or now.digest != before.digest)


def watch(exercise: Exercise, path: Path, grade_once: Callable[[SharedForkServer], None],
          say: Callable[[Text], None]) -> int:
    """Grade ``path`` now and after every change; returns 130 on Ctrl-C."""
    try:
        with SharedForkServer([exercise]) as shared:
            seen = state(path)
            grade_once(shared)
            say(WATCHING.format(path=path))
            while True:
                time.sleep(POLL_S)
                now = state(path)
                if now is None or now == seen:
                    continue
                if changed(seen, now):
                    say(CHANGED.format(path=path))
                    seen = now
                    grade_once(shared)
                    say(WATCHING.format(path=path))
                seen = now
    except KeyboardInterrupt:
        say(STOPPED)
        return 130
