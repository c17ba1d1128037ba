"""Learner-facing text in Korean and English, and choosing the language."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping

LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class Text:
    """One piece of learner-facing text in both languages."""

    en: str
    ko: str

    def __post_init__(self) -> None:
        if not isinstance(self.en, str) or not isinstance(self.ko, str):
            raise TypeError("Text needs two strings")
        if bool(self.en.strip()) != bool(self.ko.strip()):
            raise ValueError(f"Text is missing a language: en={self.en!r} ko={self.ko!r}")

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def format(self, **values: object) -> "Text":
        """Fill placeholders; a :class:`Text` value fills each language with its own.  In Korean,
        ``{name} 이(가)``-style pairs become the particle the filled-in word takes (grader.korean)."""
        from grader.korean import attach

        en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
        ko = {k: v.ko if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.en.format(**en), attach(self.ko.format(**ko)))

    def __add__(self, other: "Text") -> "Text":
        return Text(self.en + other.en, self.ko + other.ko)


def same(text: str) -> Text:
    """Text that reads the same in both languages (code, numbers, names)."""
    return Text(text, text)


EMPTY = Text("", "")


class BilingualError(Exception):
    """An error a user reads, in both languages (``str(exc)`` is the English; ``exc.text(lang)``)."""

    def __init__(self, message: "Text | str") -> None:
        self.text = message if isinstance(message, Text) else same(str(message))
        super().__init__(self.text.en)


def join(parts: list[Text], sep: str = "; ") -> Text:
    return Text(sep.join(p.en for p in parts), sep.join(p.ko for p in parts))


def language_from_env(env: Mapping[str, str] | None = None) -> str:
    """``ko`` when the locale is Korean (LC_ALL, LC_MESSAGES, then LANG), else ``en``."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def parse_bilingual_docstring(doc: str | None) -> Text | None:
    """Read ``en: ...`` and ``ko: ...`` lines from a docstring."""
    if not doc:
        return None
    found: dict[str, list[str]] = {}
    current = None
    for raw in doc.strip().splitlines():
        line = raw.strip()
        for lang in LANGUAGES:
            if line.startswith(lang + ":"):
                current = lang
                line = line[len(lang) + 1 :].strip()
                found[current] = []
                break
        if current and line:
            found[current].append(line)
    if set(found) != set(LANGUAGES):
        return None
    return Text(" ".join(found["en"]), " ".join(found["ko"]))


# Terminal control a learner could print: CSI (colours, cursor moves, clearing), OSC (window title,
# clipboard OSC 52, hyperlinks), DCS/PM/APC strings and two-character escapes; C0 and C1 controls but
# tab and newline; bidirectional overrides (text that reads differently from what it is).
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|.?)"
                      r"|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x9c]*[\x07\x9c]?", re.DOTALL)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """``text`` that cannot drive a terminal: escape sequences and control characters removed
    (a carriage return becomes a new line), what is left printed as it is."""
    text = _ESCAPES.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def printable(text: str) -> str:
    """``text`` (a file name read with Python's surrogate escapes) as valid Unicode: bytes that were
    not UTF-8 become U+FFFD, so it can be written into any report."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters (Hangul,
    CJK) take two, combining marks none, everything else one."""
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """``textwrap.fill`` by display width: words kept whole, a word wider than a line cut."""
    lines: list[str] = []
    current, used = initial_indent, display_width(initial_indent)
    fresh = True  # nothing but the indent on the current line
    for word in text.split():
        w = display_width(word)
        if not fresh and used + 1 + w > width:
            lines.append(current)
            current, used, fresh = subsequent_indent, display_width(subsequent_indent), True
        if fresh and used + w > width:  # a word wider than a line: cut it by columns
            for ch in word:
                cw = display_width(ch)
                if used + cw > width and not fresh:
                    lines.append(current)
                    current, used = subsequent_indent, display_width(subsequent_indent)
                current, used, fresh = current + ch, used + cw, False
            continue
        current, used = (current + word, used + w) if fresh else (current + " " + word, used + 1 + w)
        fresh = False
    lines.append(current)
    return "\n".join(lines)
