"""One learner's report as a self-contained HTML page (``learners/ID/report.html`` of ``grade batch``).

What ``summary.html`` links to: the same content as ``report.md`` (scores, each check, why it did
not pass and the hint, the notes, what the code printed), in a page any browser shows, with the
same font stack as the summary (Korean fallbacks, nothing downloaded).  Everything a learner's
code controls is escaped and made inert.  The Jupyter cell of ``grader.check`` is :func:`fragment`.
It formats :class:`grader.reports.policy.ReportView` and decides nothing.
"""

from __future__ import annotations

import html

from grader.reports import marks, policy
from grader.reports.policy import HIDDEN, HINT, NOTES, OUTPUT, TITLE, ReportView
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


def _exercise(view: ReportView) -> str:
    report, lang = view.report, view.lang
    score = view.score_line(f"{view.score:g}/{view.max_score:g}")
    parts = [f"<h2>{_e(report.exercise)} · {_e(view.title)}</h2>", f"<p>{_e(score)}</p>"]
    if view.notes:
        parts.append(f"<p><b>{_e(NOTES(lang))}</b></p><ul>" + "".join(f"<li>{_e(n)}</li>" for n in view.notes)
                     + "</ul>")
    rows = []
    for c in view.checks:
        tag = f" <i>({_e(HIDDEN(lang))})</i>" if c.hidden else ""
        label = "" if c.passed else f" <b>[{_e(c.label)}]</b>"
        detail = "".join(f"<br>{_e(m.text)}" for m in c.measured)
        if c.message is not None:
            detail += f'<br><span class="why">→ {_e(c.message)}</span>'
        if c.hint is not None:
            detail += f'<br><span class="hint">{_e(HINT(lang))}: {_e(c.hint)}</span>'
        rows.append(f'<tr><td>{marks.svg(c.status, lang)}</td><td class="n">{c.result.points:g}/'
                    f'{c.result.max_points:g}</td><td>{_e(c.description)}{tag}{label}{detail}</td></tr>')
    parts.append("<table>" + "".join(rows) + "</table>")
    for said, tag in ((view.official_note, "i"), (view.conclusion, "b"), (view.hidden_note, "i")):
        if said is not None:
            parts.append(f"<p><{tag}>{_e(said)}</{tag}></p>")
    if view.output is not None:
        parts.append(f"<details><summary>{_e(OUTPUT(lang))}</summary><pre>{_e(view.output)}</pre></details>")
    if report.submission:
        parts.append(f"<p><small>{_e(view.footer(report.submission))}</small></p>")
    return "\n".join(parts)


def render(reports: list[ExerciseReport], lang: str, title: str | None = None) -> str:
    heading = _e(title or TITLE(lang))
    total, available = totals(reports)
    summary = TOTAL(lang).format(score=total, max_score=available, percent=policy.percent(total, available))
    body = "\n".join(_exercise(v) for v in policy.views(reports, lang))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{heading}</title>'
            f"<style>{STYLE}</style></head>\n<body>\n<h1>{heading}</h1>\n<p>{_e(summary)}</p>\n"
            f"{body}\n</body></html>\n")


def fragment(report: ExerciseReport, lang: str) -> str:
    """One exercise's report as an HTML fragment for a notebook's cell output (``grader.check``)."""
    return format_fragment(policy.view(report, lang))


def format_fragment(view: ReportView) -> str:
    """:func:`fragment` of a view."""
    style = (f".grader-report{{font-family:{FONTS};line-height:1.45}} .grader-report table{{border-collapse:collapse}}"
             " .grader-report td{padding:.2rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
             " .grader-report td.n{text-align:right;white-space:nowrap} .grader-report .why{color:#a33}"
             " .grader-report .hint{color:#555}")
    return f'<div class="grader-report" lang="{view.lang}"><style>{style}</style>\n{_exercise(view)}\n</div>'
