"""A generated class for batch tests and the batch benchmark.

``make_class(folder, n, exercises)`` writes one folder per learner with a
deterministic mix of submissions: correct (the reference), partial (the
reference with a known-wrong variant), not attempted (the stub), broken (a
syntax error, a crash at import, an endless loop) and missing files.
"""

from __future__ import annotations

import random
from pathlib import Path

from grader.framework import known_wrong

REPO = Path(__file__).resolve().parent.parent
KINDS = ("correct", "correct", "correct", "partial", "partial", "partial", "stub", "syntax", "crash",
         "missing", "loop")


def submission(kind: str, exercise: str, rng: random.Random) -> str | None:
    reference = (REPO / "solutions" / f"{exercise}.py").read_text(encoding="utf-8")
    if kind == "correct":
        return reference
    if kind == "partial":
        variants = known_wrong.load(REPO / "solutions", exercise)
        return rng.choice(variants).source(reference) if variants else reference
    if kind == "stub":
        return (REPO / "exercises" / f"{exercise}.py").read_text(encoding="utf-8")
    if kind == "syntax":
        return reference.replace("def ", "def def ", 1)
    if kind == "crash":
        return "import os\nos._exit(3)\n" + reference
    if kind == "loop":
        return "while True:\n    pass\n"
    return None  # missing


def make_class(folder: Path, learners: int, exercises: list[str], seed: int = 7,
               kinds: tuple[str, ...] = KINDS) -> dict[str, dict[str, str]]:
    """Write the class under ``folder``; return {learner: {exercise: kind}}."""
    rng = random.Random(seed)
    plan: dict[str, dict[str, str]] = {}
    for i in range(1, learners + 1):
        learner = f"learner{i:02d}"
        plan[learner] = {}
        for exercise in exercises:
            kind = rng.choice(kinds)
            source = submission(kind, exercise, rng)
            plan[learner][exercise] = kind
            if source is not None:
                path = folder / learner / f"{exercise}.py"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(source, encoding="utf-8")
        (folder / learner).mkdir(parents=True, exist_ok=True)
    return plan
