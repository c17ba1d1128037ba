"""Korean particles chosen by the word before them, as a Korean writer chooses them.

A Korean text names values it does not know in advance (a function, a file, a number), and the
particle after a word depends on its last syllable: 이/가, 을/를, 은/는, 과/와 on whether it ends in a
final consonant (받침), (으)로 also on whether that consonant is ㄹ.  Templates write the pair as
``{name} 이(가)`` (or ``을(를)``, ``은(는)``, ``(으)로``, ``과(와)``); :func:`attach` replaces each pair
by the right particle, attached to the word as Korean writes it (``softmax가``, ``model.fit을``,
``model로``, ``exercise3으로``).

How a word ends: a Hangul syllable by its final consonant; a digit as it is read (영, 일, 이, 삼, ...);
a Latin word as it is usually transliterated (``l`` → ㄹ; ``m``, ``n``, ``ng``, ``k``, ``c``, ``p``,
``t``, ``b`` → a final consonant; vowels and ``s``, ``x``, ``r``, ``d``, ``e`` ... → none: softmax →
소프트맥스, error → 에러, fit → 핏); an acronym in capitals letter by letter (FIT → 에프아이티,
HTML → 에이치티엠엘).  Closing brackets and quotes are skipped (``softmax([1, 2, 3])`` ends in 3, 삼).
"""

from __future__ import annotations

import re

_PAIRS = {"이(가)": ("이", "가"), "을(를)": ("을", "를"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
          "와(과)": ("과", "와"), "(으)로": ("으로", "로")}
_MARKER = re.compile(r"(\S+) (이\(가\)|을\(를\)|은\(는\)|과\(와\)|와\(과\)|\(으\)로)")
_DIGITS = {"0": "final", "1": "rieul", "2": "", "3": "final", "4": "", "5": "", "6": "final", "7": "rieul",
           "8": "rieul", "9": ""}
_LATIN_FINAL = {"l": "rieul", "m": "final", "n": "final", "k": "final", "c": "final", "p": "final",
                "t": "final", "b": "final"}
_ACRONYM_FINAL = {"L": "rieul", "R": "rieul", "M": "final", "N": "final"}
_READ_AS = {"ipynb": "", "json": "final", "py": ""}  # file types as they are read (아이파이엔비, 제이슨, 파이)
_SKIPPED = "()]}>'\"`”’.,;:!?*"


def ending(word: str) -> str:
    """How ``word`` ends when read in Korean: ``"final"`` (a final consonant), ``"rieul"`` (ㄹ) or ``""``."""
    word = word.rstrip(_SKIPPED)
    if not word:
        return ""
    last = word[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "" if final == 0 else "rieul" if final == 8 else "final"
    if last in _DIGITS:
        return _DIGITS[last]
    tail = re.search(r"[A-Za-z]+$", word)
    if tail is None:
        return ""
    letters = tail.group(0)
    if letters.lower() in _READ_AS:
        return _READ_AS[letters.lower()]
    if (letters.isupper() and len(letters) <= 5) or not any(v in letters.lower() for v in "aeiouy"):
        return _ACRONYM_FINAL.get(letters[-1].upper(), "")  # read letter by letter: txt, csv, FIT
    if letters.lower().endswith("ng"):
        return "final"
    return _LATIN_FINAL.get(letters[-1].lower(), "")


def particle(word: str, pair: str) -> str:
    """The particle of ``pair`` (``"이(가)"``, ...) that follows ``word``."""
    with_final, without = _PAIRS[pair]
    end = ending(word)
    if pair == "(으)로":
        return "로" if end in ("", "rieul") else "으로"
    return with_final if end else without


def attach(text: str) -> str:
    """``text`` with every ``word 이(가)``-style pair replaced by ``word`` + the right particle."""
    return _MARKER.sub(lambda m: m.group(1) + particle(m.group(1), m.group(2)), text)
