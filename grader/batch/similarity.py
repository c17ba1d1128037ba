"""Which learners handed in much the same code: pairs for the instructor to look at, never a penalty.

Each submission is read as text (never run: a regular expression splits it into tokens; a notebook
gives its code cells), bounded to its first ``MAX_BYTES``.  Tokens are normalised so that renaming
variables, changing numbers or strings, comments and blank lines change nothing: every identifier
that is not a Python keyword becomes ``ID``, every number ``NUM``, every string ``STR``.  A
submission is the set of its ``N``-token runs (n-grams), less those of the exercise's stub (code every
learner was given), and two learners' submissions of one exercise are as similar as the Jaccard index
of their sets.  Pairs at or above ``THRESHOLD`` are listed.  Where one of the two has fewer than
``MIN_NGRAMS`` n-grams of its own (a short exercise: a one-line function), a Jaccard index of so few
n-grams says little, so the two token runs are compared in order instead (difflib's ratio; the same
normalised code is 1.0): identical and near-identical short files are listed too.  A file that is
all stub (nothing of its own) is in no pair.  Similar code is common for short exercises and for learners who followed the lecture notes
closely: a pair is a reason to read both files, not evidence of anything by itself.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from grader import learner_files, packs
from grader.batch import csv_cells
from grader.batch.layouts import ClassSubmissions

N = 5
THRESHOLD = 0.8
MIN_NGRAMS = 15
MAX_BYTES = 200_000
SIMILARITY = "similarity.csv"

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>[rRbBuUfF]{0,2}(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
  | (?P<number>\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?|\.\d+(?:[eE][+-]?\d+)?j?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op>\*\*=?|//=?|->|[-+*/%@&|^<>=!]=|<<=?|>>=?|:=|[()\[\]{},:;.~+\-*/%@&|^<>=])
""", re.VERBOSE)


@dataclass(frozen=True)
class Pair:
    exercise: str
    first: str
    second: str
    similarity: float  # Jaccard index of their n-gram sets, 0..1


def code_of(path: Path) -> str:
    """The code of a .py, or of a notebook's code cells, as text (its first ``MAX_BYTES`` only;
    unreadable, or not a readable notebook, gives "")."""
    data = (learner_files.read_head(path, MAX_BYTES) or b"").decode("utf-8", errors="replace")
    if path.suffix.lower() != ".ipynb":
        return data
    return learner_files.notebook_code(data) or ""


def tokens(source: str) -> list[str]:
    out = []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "string":
            out.append("STR")
        elif kind == "number":
            out.append("NUM")
        elif kind == "name":
            word = match.group()
            out.append(word if keyword.iskeyword(word) else "ID")
        else:
            out.append(match.group())
    return out


def ngrams(source: str, n: int = N) -> frozenset[tuple[str, ...]]:
    toks = tokens(source)
    return frozenset(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def _stub(exercise: str, course_: packs.Course) -> frozenset[tuple[str, ...]]:
    path = course_.stub_path(exercise)
    return ngrams(code_of(path)) if path.is_file() else frozenset()


def similar_pairs(classroom: ClassSubmissions, exercises: list[str], threshold: float = THRESHOLD,
                  course_: packs.Course | None = None) -> list[Pair]:
    """Pairs of learners whose submissions of one exercise are at least ``threshold`` similar, by
    exercise (course order), then most similar first, then learner ids."""
    course_ = course_ or packs.builtin()
    pairs = []
    for exercise in exercises:
        given = _stub(exercise, course_)
        sets, runs = {}, {}
        for learner in sorted(classroom.learners, key=lambda l: l.learner):
            path = learner.file_for(exercise)
            if path is not None:
                toks = tokens(code_of(path))
                own = frozenset(tuple(toks[i:i + N]) for i in range(len(toks) - N + 1)) - given
                if own:  # a file that is all stub is nobody's own code
                    sets[learner.learner], runs[learner.learner] = own, toks
        found = []
        for (a, sa), (b, sb) in combinations(sorted(sets.items()), 2):
            if min(len(sa), len(sb)) >= MIN_NGRAMS:
                score = len(sa & sb) / len(sa | sb)
            else:  # a short file: too few n-grams for a fair Jaccard index, so its tokens in order
                score = _short_similarity(runs[a], runs[b], threshold)
            if score >= threshold:
                found.append(Pair(exercise, a, b, round(score, 3)))
        pairs += sorted(found, key=lambda p: (-p.similarity, p.first, p.second))
    return pairs


def _short_similarity(a: list[str], b: list[str], threshold: float) -> float:
    """How alike two token runs are when one is short: difflib's ratio (2 * matched / both lengths);
    1.0 for the same normalised code.  Runs too different in length to reach ``threshold`` are not
    compared (the ratio is at most 2 * shorter / both)."""
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return 0.0
    import difflib

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def similarity_csv(pairs: list[Pair]) -> str:
    return csv_cells.render([("exercise", "learner_a", "learner_b", "similarity"),
                             *((p.exercise, p.first, p.second, f"{p.similarity:.3f}") for p in pairs)])
