"""One learner's report as a self-contained HTML page (``learners/ID/report.html`` of ``grade batch``).

What ``summary.html`` links to: the same content as ``report.md`` (scores, each check, why it did
not pass and the hint, the notes, what the code printed), in a page any browser shows, with the
same font stack as the summary (Korean fallbacks, nothing downloaded).  Everything a learner's
code controls is escaped and made inert.
"""

from __future__ import annotations

import html

from grader.reports import policy
from grader.reports.course_table import STATUS
from grader.reports import marks
from grader.reports.markdown import SCORE, TITLE, footer
from grader.reports.policy import HIDDEN, HINT, LABELS
from grader.reports.text_report import ALL_PASSED, HIDDEN_NOTE, NOTES, OUTPUT
from grader.results import ExerciseReport, totals
from grader.text import Text, inert

FONTS = ("system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', "
         "'Nanum Gothic', sans-serif")
STYLE = f"""
body{{font-family:{FONTS};margin:2rem;color:#222;max-width:60rem;line-height:1.45}}
table{{border-collapse:collapse;margin:.5rem 0}} td,th{{padding:.25rem .6rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}} td.n{{text-align:right;white-space:nowrap}}
.why{{color:#a33}} .hint{{color:#555}} pre{{background:#f6f6f6;padding:.6rem;overflow-x:auto}}
"""
TOTAL = Text("Total {score:g}/{max_score:g} ({percent:.0f}%)", "합계 {score:g}/{max_score:g} ({percent:.0f}%)")


def _e(text: object) -> str:
    return html.escape(inert(str(text)), quote=True)


def _bold_free(text: str) -> str:
    return text.replace("**", "")


def _exercise(report: ExerciseReport, lang: str) -> str:
    score = _bold_free(SCORE(lang).format(score=report.score, max_score=report.max_score,
                                          percent=policy.percent(report.score, report.max_score),
                                          status=STATUS[report.status](lang)))
    parts = [f"<h2>{_e(report.exercise)} · {_e(report.title(lang))}</h2>", f"<p>{_e(score)}</p>"]
    if report.notes:
        parts.append(f"<p><b>{_e(NOTES(lang))}</b></p><ul>"
                     + "".join(f"<li>{_e(n(lang))}</li>" for n in report.notes) + "</ul>")
    rows = []
    for c in report.checks:
        tag = f" <i>({_e(HIDDEN(lang))})</i>" if c.visibility == "hidden" else ""
        label = "" if c.passed else f" <b>[{_e(LABELS[c.status](lang))}]</b>"
        detail = "".join(f"<br>{_e(policy.measured_text(g, lang))}" for g in policy.measurement_groups(c))
        if not c.passed and c.message is not None:
            detail += f'<br><span class="why">→ {_e(c.message(lang))}</span>'
        if policy.shows_hint(c):
            detail += f'<br><span class="hint">{_e(HINT(lang))}: {_e(c.hint(lang))}</span>'
        rows.append(f'<tr><td>{marks.svg(c.status, lang)}</td><td class="n">{c.points:g}/{c.max_points:g}</td>'
                    f"<td>{_e(c.description(lang))}{tag}{label}{detail}</td></tr>")
    parts.append("<table>" + "".join(rows) + "</table>")
    if all(c.passed for c in report.checks):
        parts.append(f"<p><b>{_e(ALL_PASSED(lang))}</b></p>")
    elif any(c.visibility == "hidden" and not c.passed for c in report.checks):
        parts.append(f"<p><i>{_e(HIDDEN_NOTE(lang))}</i></p>")
    if policy.shows_output(report):
        parts.append(f"<details><summary>{_e(OUTPUT(lang))}</summary><pre>{_e(report.output)}</pre></details>")
    if report.submission:
        parts.append(f"<p><small>{_e(footer(report, lang, report.submission))}</small></p>")
    return "\n".join(parts)


def render(reports: list[ExerciseReport], lang: str, title: str | None = None) -> str:
    heading = _e(title or TITLE(lang))
    total, available = totals(reports)
    summary = TOTAL(lang).format(score=total, max_score=available, percent=policy.percent(total, available))
    body = "\n".join(_exercise(r, lang) for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{heading}</title>'
            f"<style>{STYLE}</style></head>\n<body>\n<h1>{heading}</h1>\n<p>{_e(summary)}</p>\n"
            f"{body}\n</body></html>\n")


def fragment(report: ExerciseReport, lang: str) -> str:
    """One exercise's report as an HTML fragment for a notebook's cell output (``grader.check``)."""
    style = (f".grader-report{{font-family:{FONTS};line-height:1.45}} .grader-report table{{border-collapse:collapse}}"
             " .grader-report td{padding:.2rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
             " .grader-report td.n{text-align:right;white-space:nowrap} .grader-report .why{color:#a33}"
             " .grader-report .hint{color:#555}")
    return f'<div class="grader-report" lang="{lang}"><style>{style}</style>\n{_exercise(report, lang)}\n</div>'
