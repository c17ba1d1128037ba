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
normalised code is 1.0): identical and near-identical short files are listed too.  Only runs of at
most ``SHORT_TOKENS`` tokens are short (difflib's time is the product of the two lengths); a longer
file with few n-grams of its own (one line repeated) is compared by its n-grams.  The tokenizer
takes each character once: a string left open ends at its line's end (or, for a triple quote, at the
file's), so a line of unclosed escaped quotes is not tried again from every quote.  A file that is
all stub (nothing of its own) is in no pair.  Similar code is common for short exercises and for learners who followed the lecture notes
closely: a pair is a reason to read both files, not evidence of anything by itself.

What it holds is bounded by design, not by the class: learners whose normalised code is the same
token for token (a copy) share one entry (their code is read once, then only a digest and their
ids stay), so a class of many copies holds one copy's n-grams; and of an exercise's pairs only the
``LISTED`` most similar are kept and listed (a heap of ``LISTED``), the others counted: the CSV and
the summary page say how many were left out.  The time is bounded too:
per exercise, one Jaccard index (or difflib ratio) per pair of *distinct* codes, in each order its
learners take (O(d²) for d distinct codes), and the P pairs of learners at or above the threshold
(at most n(n-1)/2 for n learners, all copies) walked once through the heap, O(P log ``LISTED``): two
codes below the threshold are never walked learner by learner.
"""

from __future__ import annotations

import hashlib
import heapq
import keyword
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from grader import learner_files, packs
from grader.batch import csv_cells
from grader.batch.layouts import ClassSubmissions
from grader.text import Text

N = 5
THRESHOLD = 0.8
MIN_NGRAMS = 15
MAX_BYTES = 200_000
SIMILARITY = "similarity.csv"
LISTED = 100  # pairs kept and listed per exercise, the most similar first
#: The longest token run compared in order (difflib, time of the product of the two lengths): a file
#: of more tokens is not short, whatever few n-grams of its own it has (one line repeated), and is
#: compared by its n-grams (a reference solution has at most 577 tokens).
SHORT_TOKENS = 1000

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>[rRbBuUfF]{0,2}(?:'''[\s\S]*?(?:'''|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)|'(?:\\[\s\S]|[^'\\\n])*'?|"(?:\\[\s\S]|[^"\\\n])*"?))
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


@dataclass(frozen=True)
class Similar:
    """The pairs to list (by exercise, most similar first) and, per exercise, how many pairs at or
    above the threshold were left out of the list (only the ``LISTED`` most similar are kept)."""
    pairs: tuple[Pair, ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()  # (exercise, pairs not listed), only where some were


@dataclass(frozen=True)
class _Code:
    """One distinct normalised code of an exercise and the learners who handed it in."""
    own: frozenset  # its n-grams less the stub's
    tokens: list[str]
    learners: list[str]  # in id order, as they are read


def _codes(classroom: ClassSubmissions, exercise: str, given: frozenset) -> list[_Code]:
    """The exercise's distinct codes (each learner's file read once; a copy joins its code's entry)."""
    by_digest: dict[bytes, _Code | None] = {}  # None: all stub, nobody's own code
    for learner in sorted(classroom.learners, key=lambda l: l.learner):
        path = learner.file_for(exercise)
        if path is None:
            continue
        toks = tokens(code_of(path))
        digest = hashlib.blake2b("\n".join(toks).encode(), digest_size=16).digest()  # a token has no line break
        if digest not in by_digest:
            own = frozenset(tuple(toks[i:i + N]) for i in range(len(toks) - N + 1)) - given
            by_digest[digest] = _Code(own, toks, []) if own else None
        if by_digest[digest] is not None:
            by_digest[digest].learners.append(learner.learner)
    return [code for code in by_digest.values() if code is not None]


def _score(a: _Code, b: _Code, threshold: float) -> float:
    """How alike ``a``'s code is to ``b``'s, in that order (a pair whose first learner handed in ``a``)."""
    if min(len(a.own), len(b.own)) >= MIN_NGRAMS or max(len(a.tokens), len(b.tokens)) > SHORT_TOKENS:
        return len(a.own & b.own) / len(a.own | b.own)
    return _short_similarity(a.tokens, b.tokens, threshold)  # a short file: its tokens in order


def _exercise_pairs(codes: list[_Code], threshold: float):
    """(-similarity, first, second) of every pair at or above ``threshold``, first < second.  Copies
    are 1.0 (the same n-grams, the same tokens); two distinct codes are scored once per order of
    their learners (difflib's ratio need not be symmetric), never once per pair of learners."""
    for code in codes:
        for first, second in combinations(code.learners, 2):  # sorted: learners are added in id order
            yield -1.0, first, second
    for a, b in combinations(codes, 2):
        scores = {}  # a_first -> the score of the pairs whose first learner handed in a
        if min(a.learners) < max(b.learners):
            scores[True] = _score(a, b, threshold)
        if min(b.learners) < max(a.learners):
            scores[False] = _score(b, a, threshold)
        if all(score < threshold for score in scores.values()):
            continue  # no pair of these two codes is listed: their learners are not walked
        for x in a.learners:
            for y in b.learners:
                score = scores[x < y]
                if score >= threshold:
                    yield (-round(score, 3), *((x, y) if x < y else (y, x)))


def similar_pairs(classroom: ClassSubmissions, exercises: list[str], threshold: float = THRESHOLD,
                  course_: packs.Course | None = None) -> Similar:
    """Pairs of learners whose submissions of one exercise are at least ``threshold`` similar, by
    exercise (course order), then most similar first, then learner ids: the ``LISTED`` first of each
    exercise, and how many more there were."""
    course_ = course_ or packs.builtin()
    pairs, left_out = [], []
    for exercise in exercises:
        codes = _codes(classroom, exercise, _stub(exercise, course_))
        found = 0

        def counted():
            nonlocal found
            for item in _exercise_pairs(codes, threshold):
                found += 1
                yield item

        kept = heapq.nsmallest(LISTED, counted())  # sorted; a total order: (first, second) differ per pair
        pairs += [Pair(exercise, a, b, -negative) for negative, a, b in kept]
        if found > len(kept):
            left_out.append((exercise, found - len(kept)))
    return Similar(tuple(pairs), tuple(left_out))


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


def left_out_note(count: int) -> Text:
    """What the CSV and the summary page say of an exercise's pairs that are not listed."""
    return Text(f"{count} more pairs at or above {THRESHOLD} not listed: only the {LISTED} most similar of "
                "each exercise are", f"유사도 {THRESHOLD} 이상인 쌍 {count}개는 목록에 없음: 연습마다 가장 "
                f"비슷한 {LISTED}개만 표시")


def similarity_csv(similar: Similar) -> str:
    """One row per listed pair; after an exercise's pairs, where some were left out, a row saying how
    many (in English and Korean, in the ``learner_a`` column, the similarity cell empty)."""
    left_out = dict(similar.left_out)
    rows: list[tuple] = [("exercise", "learner_a", "learner_b", "similarity")]
    for i, p in enumerate(similar.pairs):
        rows.append((p.exercise, p.first, p.second, f"{p.similarity:.3f}"))
        last = i + 1 == len(similar.pairs) or similar.pairs[i + 1].exercise != p.exercise
        if last and p.exercise in left_out:
            note = left_out_note(left_out[p.exercise])
            rows.append((p.exercise, f"{note('en')} / {note('ko')}", "", ""))
    return csv_cells.render(rows)
