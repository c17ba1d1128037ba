"""Copy the course's stubs (``exercises/exerciseN.py``) into the package (``grader_course/stubs/``).

The package ships the stubs as the course defines them, so that ``grade release`` releases them
and the untouched-stub test compares with them, whatever a working copy of ``exercises/`` holds
(an instructor trying a solution there, a learner editing it).  Run this after changing a stub on
purpose, and commit both; ``tests/test_release.py`` fails while they differ.

    python tools/sync_stubs.py          # copy every exercises/exercise*.py, remove stale copies
    python tools/sync_stubs.py --check  # exit 1, naming them, when they differ
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE, TARGET = REPO / "exercises", REPO / "grader_course" / "stubs"


def differences() -> list[str]:
    source = {p.name: p.read_bytes() for p in SOURCE.glob("exercise*.py")}
    target = {p.name: p.read_bytes() for p in TARGET.glob("exercise*.py")}
    return sorted(name for name in source.keys() | target.keys() if source.get(name) != target.get(name))


def main(argv: list[str]) -> int:
    stale = differences()
    if "--check" in argv:
        for name in stale:
            print(f"grader_course/stubs/{name} differs from exercises/{name}")
        return 1 if stale else 0
    TARGET.mkdir(exist_ok=True)
    for name in stale:
        source, target = SOURCE / name, TARGET / name
        if source.is_file():
            target.write_bytes(source.read_bytes())
        else:
            target.unlink()
        print(f"updated grader_course/stubs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
