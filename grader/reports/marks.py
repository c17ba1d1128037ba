"""Status marks every machine shows: drawn as inline SVG in HTML pages, words in Markdown.

Emoji (✅ ❌ 🎉 💡) need an emoji font; without one they are empty boxes, and a passed check has
no mark at all.  So an HTML page draws each mark (a coloured disc with a white sign, its status
word as the tooltip and for screen readers), and a Markdown page writes the status word.
"""

from __future__ import annotations

import html

from grader.reports.policy import LABELS
from grader.results import Status

_DRAWN = {  # colour, SVG path of the sign on a 16 x 16 disc
    Status.PASSED: ("#2e8b57", "M4.5 8.5l2.4 2.4L11.8 5.6"),
    Status.FAILED: ("#c9302c", "M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6"),
    Status.ERROR: ("#c9302c", "M8 4v5M8 11.2v.8"),
    Status.TIMEOUT: ("#c9302c", "M8 4.2V8l2.6 1.8"),
    Status.NOT_ATTEMPTED: ("#b8860b", "M5 8h6"),
    Status.SKIPPED: ("#4a7bd0", "M5 8h6"),
    Status.MISSING: ("#b8860b", "M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.6.3-.8.7-.8 1.3M8 11.2v.8"),
}


def svg(status: Status, lang: str) -> str:
    """The mark of ``status`` as inline SVG, 1 em high, titled with the status word."""
    colour, sign = _DRAWN[status]
    word = html.escape(LABELS[status](lang))
    return (f'<svg class="mark" width="1em" height="1em" viewBox="0 0 16 16" role="img" aria-label="{word}" '
            f'xmlns="http://www.w3.org/2000/svg" style="vertical-align:-0.15em"><title>{word}</title>'
            f'<circle cx="8" cy="8" r="8" fill="{colour}"/><path d="{sign}" stroke="#fff" stroke-width="1.8" '
            f'fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>')


def word(status: Status, lang: str) -> str:
    """The mark of ``status`` in Markdown: its status word (bold unless it passed)."""
    text = LABELS[status](lang)
    return text if status is Status.PASSED else f"**{text}**"
