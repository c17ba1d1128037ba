"""Hand-ins crafted so that the trusted code of ``grade batch`` that reads them after grading
(``grader/batch/similarity.py``, which runs in ``grade`` itself, once the learners are graded) does
work that grows with the square of a file: the batch then never writes its class files, for
every classmate.  Each attack is a class graded by the real ``grade batch``; each must finish in
seconds with an honest classmate's full marks and a ``similarity.csv``.

- ``quotes``: a line of 190 KB that opens a string and never closes it, ``'\\'\\'\\'...``
  (a syntax error: the learner scores 0).  The tokenizer's string pattern used to try, from every
  quote, to reach a closing quote to the end of the line: 24 s for 80 KB, minutes for 190 KB.
- ``echo1``/``echo2``: two distinct files of 50,000 lines ``x=1`` (one ends ``x=1;``): fewer than
  ``MIN_NGRAMS`` distinct n-grams each, so they were compared by difflib over their 150,000 tokens
  each, in time of the product of their lengths (20 s for 24,000 tokens; hours for these).
"""

from __future__ import annotations

import subprocess

from attack_tools import batch, gradebook, no_traceback, solution_source

BOUND = 90  # seconds for the whole batch (a few seconds of grading); before the fix: minutes to hours


def _batch_within_bound(tmp_path, files: dict[str, str]):
    src = tmp_path / "class"
    for learner, text in files.items():
        (src / learner).mkdir(parents=True)
        (src / learner / "exercise3.py").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    try:
        run = batch(src, out, tmp_path, "--exercises", "exercise3", timeout=BOUND)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"grade batch did not finish within {BOUND} s") from None
    assert run.returncode in (0, 1), run.describe()
    assert no_traceback(run.stderr), run.describe()
    assert (out / "similarity.csv").is_file(), run.describe()
    book = gradebook(out)
    assert float(book["alice"]["exercise3"]) == 10, book
    return book, (out / "similarity.csv").read_text(encoding="utf-8-sig")


def test_an_unclosed_string_of_escaped_quotes_costs_the_tokenizer_linear_time(tmp_path):
    hostile = solution_source("exercise3") + "\nx = '" + "\\'" * 95_000 + "\n"
    book, _ = _batch_within_bound(tmp_path, {"alice": solution_source("exercise3"), "quotes": hostile})
    assert float(book["quotes"]["exercise3"]) == 0


def test_two_long_repetitive_files_are_not_compared_token_by_token_in_quadratic_time(tmp_path):
    echo = "x=1\n" * 50_000
    book, pairs = _batch_within_bound(tmp_path, {"alice": solution_source("exercise3"), "echo1": echo,
                                                 "echo2": echo[:-4] + "x=1;\n"})
    assert float(book["echo1"]["exercise3"]) == 0
    assert "alice" not in pairs, pairs
