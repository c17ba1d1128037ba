"""``summary.html``: one self-contained page for the instructor about a whole class.

Charts are inline SVG (no script or style sheet from anywhere else): the
distribution of learners' scores, each exercise's average, and the pass rate
of every check (which concepts the class missed).  Tables list the slowest
submissions and those that failed to run.  A few lines of script only mark
the page once the browser has laid the charts out (``data-charts-drawn``), so
a headless browser can confirm they render.
"""

from __future__ import annotations

import html
from urllib.parse import quote
import statistics
from dataclasses import dataclass

from grader import __version__
from grader.messages import NOT_RUN_WHOLE_FILE
from grader.reports.learner_html import FONTS
from grader.reports.policy import EXERCISE_LABELS
from grader.results import ExerciseStatus, LearnerReports, Status
from grader.text import Text, display_width, inert

T = {
    "title": Text("Class summary", "학급 요약"),
    "learners": Text("learners", "학습자"),
    "count": Text("{n} learners", "학습자 {n}명"),
    "mean": Text("mean", "평균"), "median": Text("median", "중앙값"),
    "full": Text("full marks", "만점"),
    "distribution": Text("Score distribution (% of the maximum)", "점수 분포 (만점 대비 %)"),
    "averages": Text("Average score per exercise (%)", "연습별 평균 점수 (%)"),
    "averages_note": Text("Over every learner, a missing hand-in counting 0; beside each bar: learners who handed "
                          "it in / learners.",
                          "모든 학습자의 평균이며 제출하지 않은 학습자는 0점으로 셉니다. 막대 옆: 제출한 학습자 / 전체 학습자."),
    "pass_rates": Text("Pass rate of every check: which concepts the class missed",
                       "검사별 통과율: 학급이 놓친 개념"),
    "pass_note": Text("Share of the learners who handed the exercise in; red below 50%. Beside each bar: passed / "
                      "handed in. Hover a label for the whole check.",
                      "그 연습을 제출한 학습자 중 통과한 비율. 50% 미만은 빨간색. 막대 옆: 통과 / 제출. 이름에 마우스를 "
                      "올리면 검사 전체가 보입니다."),
    "slowest": Text("Slowest submissions", "가장 오래 걸린 제출"),
    "failed": Text("Submissions that failed to run (error or timeout)", "실행되지 않은 제출 (오류 또는 시간 초과)"),
    "none": Text("None.", "없음."),
    "everyone": Text("Every learner", "전체 학습자"),
    "learner": Text("learner", "학습자"), "exercise": Text("exercise", "연습"),
    "seconds": Text("seconds", "초"), "status": Text("status", "상태"), "message": Text("message", "메시지"),
    "score": Text("score", "점수"), "report": Text("report", "보고서"),
    "similar": Text("Similar submissions, to review", "비슷한 제출 파일 (검토용)"),
    "similar_note": Text("Pairs of learners whose code for one exercise is much the same once names, numbers, "
                         "strings and comments are set aside (the stub's code left out; also in similarity.csv). "
                         "Short exercises and code that follows the lecture notes are often alike: a pair is a "
                         "reason to read both files, never a penalty or evidence by itself.",
                         "이름, 숫자, 문자열, 주석을 빼고 보면 한 연습의 코드가 거의 같은 학습자 쌍입니다 (제공된 "
                         "스텁 코드는 제외; similarity.csv에도 있음). 짧은 연습이나 강의 노트를 따른 코드는 흔히 "
                         "비슷합니다. 두 파일을 읽어 볼 이유일 뿐, 그 자체로 감점이나 증거가 아닙니다."),
    "similarity": Text("similarity", "유사도"),
    "footer": Text("grader {version}; {n} learners", "채점기 {version}; 학습자 {n}명"),
}
STYLE = """
body{font-family:FONTS;margin:2rem;color:#222;max-width:70rem}
h1{margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ddd}
.stats span{display:inline-block;margin-right:1.5rem;font-size:1.1rem}
table{border-collapse:collapse;margin:.5rem 0} td,th{padding:.25rem .6rem;border-bottom:1px solid #eee;
text-align:left} td.n{text-align:right} svg.chart{display:block;margin:.5rem 0}
.note{color:#666;font-size:.9rem}
""".replace("FONTS", FONTS)
SCRIPT = """
document.addEventListener('DOMContentLoaded', function () {
  var drawn = Array.prototype.filter.call(document.querySelectorAll('svg.chart'), function (svg) {
    var box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && svg.querySelectorAll('rect').length > 0;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn.length));
});
"""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..100
    note: str = ""
    full: str = ""  # the whole label, for the tooltip, when ``label`` is cut

    @property
    def tooltip(self) -> str:
        return self.full or self.label


LABEL_COLUMNS = 64  # what fits left of a row's bar at 12 px (a Hangul syllable counts 2)


def fitted(text: str, columns: int = LABEL_COLUMNS) -> str:
    """``text`` cut to ``columns`` display columns (wide characters count 2), with an ellipsis."""
    if display_width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        width = display_width(char)
        if used + width > columns - 1:
            break
        out.append(char)
        used += width
    return "".join(out).rstrip() + "…"


def _e(text: object) -> str:
    return html.escape(inert(str(text)), quote=True)


def columns_chart(bars: list[Bar], name: str, height: int = 180) -> str:
    """Vertical bars (a histogram): ``value`` is a count, scaled to the tallest."""
    width, gap, left, bottom = 46, 8, 30, 34
    top = max((b.value for b in bars), default=0) or 1
    parts = []
    for i, bar in enumerate(bars):
        h = (height - bottom - 14) * bar.value / top
        x, y = left + i * (width + gap), height - bottom - h
        parts.append(f'<rect x="{x}" y="{y:.1f}" width="{width}" height="{max(h, 0.5):.1f}" fill="#4a7bd0">'
                     f'<title>{_e(bar.label)}: {bar.value:g}</title></rect>')
        parts.append(f'<text x="{x + width / 2}" y="{y - 3:.1f}" font-size="11" text-anchor="middle">'
                     f'{bar.value:g}</text>')
        parts.append(f'<text x="{x + width / 2}" y="{height - bottom + 14}" font-size="10" '
                     f'text-anchor="middle">{_e(bar.label)}</text>')
    total = left + len(bars) * (width + gap)
    return (f'<svg class="chart" data-chart="{_e(name)}" width="{total}" height="{height}" '
            f'role="img" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def rows_chart(bars: list[Bar], name: str) -> str:
    """Horizontal bars of percentages, one row each, red below 50%."""
    label_w, bar_w, row = 430, 300, 20
    parts = []
    for i, bar in enumerate(bars):
        y = i * row
        w = bar_w * max(min(bar.value, 100.0), 0.0) / 100
        colour = "#d9534f" if bar.value < 50 else "#5cb85c"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end">'
                     f'<title>{_e(bar.tooltip)}</title>{_e(bar.label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row - 6}" fill="#eee"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 0.5):.1f}" height="{row - 6}" '
                     f'fill="{colour}"><title>{_e(bar.tooltip)}: {bar.value:.0f}%</title></rect>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}" font-size="12">{bar.value:.0f}% '
                     f'{_e(bar.note)}</text>')
    height = max(len(bars), 1) * row
    return (f'<svg class="chart" data-chart="{_e(name)}" width="{label_w + bar_w + 120}" '
            f'height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _table(head: list[str], rows: list[list[str]], lang: str, numeric: tuple[int, ...] = ()) -> str:
    if not rows:
        return f"<p>{_e(T['none'](lang))}</p>"
    head_html = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>'
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head_html}</tr>{body}</table>"


def distribution(results: list[LearnerReports]) -> list[Bar]:
    counts = [0] * 10
    for result in results:
        counts[min(int(result.percent // 10), 9)] += 1
    return [Bar(f"{10 * i}–{10 * i + 10}", n) for i, n in enumerate(counts)]


def exercise_averages(results: list[LearnerReports], exercises: list[str]) -> list[Bar]:
    bars = []
    for name in exercises:
        reports = [r for res in results for r in res.reports if r.exercise == name and r.max_score]
        handed = [r for r in reports if r.status is not ExerciseStatus.MISSING]
        mean = statistics.fmean(100 * r.score / r.max_score for r in reports) if reports else 0.0
        bars.append(Bar(name, mean, f"({len(handed)}/{len(reports)})"))
    return bars


def check_pass_rates(results: list[LearnerReports], exercises: list[str], lang: str) -> list[Bar]:
    bars = []
    for name in exercises:
        reports = [r for res in results for r in res.reports if r.exercise == name
                   and r.status is not ExerciseStatus.MISSING]
        if not reports:
            continue
        for check in reports[0].checks:
            outcomes = [c.passed for r in reports for c in r.checks if c.name == check.name]
            full = f"{name} · {check.description(lang)}"
            bars.append(Bar(fitted(full), 100.0 * sum(outcomes) / len(outcomes), f"({sum(outcomes)}/{len(outcomes)})",
                            full))
    return bars


def render(results: list[LearnerReports], exercises: list[str], lang: str, title: str = "",
           similar: tuple = (), similar_left_out: tuple = ()) -> str:
    """``similar``: :class:`grader.batch.similarity.Pair` s to list for review; ``similar_left_out``:
    (exercise, :class:`Text`) saying how many of its pairs are not listed."""
    left_out = "".join(f'<p class="note">{_e(exercise)}: {_e(note(lang))}</p>\n' for exercise, note in similar_left_out)
    t = {key: text(lang) for key, text in T.items()}
    percents = [r.percent for r in results]
    stats = [f"<span>{_e(T['count'].format(n=len(results))(lang))}</span>"]
    if percents:
        stats += [f"<span>{_e(t['mean'])} {statistics.fmean(percents):.1f}%</span>",
                  f"<span>{_e(t['median'])} {statistics.median(percents):.1f}%</span>",
                  f"<span>{_e(t['full'])} {sum(p >= 100 for p in percents)}</span>"]
    runs = [(res.learner, r) for res in results for r in res.reports if r.status is not ExerciseStatus.MISSING]
    slowest = sorted(runs, key=lambda item: -item[1].duration_s)[:10]
    failed = [(learner, r) for learner, r in runs if r.status in (ExerciseStatus.ERROR, ExerciseStatus.TIMEOUT)]

    def first_message(report) -> str:
        """Why it failed: a file that could not be run at all has its reason in the report's first note
        (a syntax error at line N, a notebook that is not JSON), which this page shows instead."""
        bad = next((c for c in report.checks if c.status in (Status.ERROR, Status.TIMEOUT)), None)
        message = bad.message if bad is not None else None
        if message == NOT_RUN_WHOLE_FILE and report.notes:
            message = report.notes[0]
        return _e((message(lang) if message is not None else "")[:300])

    everyone = [[f'<a href="learners/{quote(r.learner)}/report.html">{_e(r.learner)}</a>',
                 f"{r.score:g}/{r.max_score:g}", f"{r.percent:.1f}%"] for r in results]
    heading = _e(title or t["title"])
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{heading}</title>
<style>{STYLE}</style><script>{SCRIPT}</script></head>
<body data-charts-drawn="0">
<h1>{heading}</h1>
<p class="stats">{''.join(stats)}</p>
<h2>{_e(t['distribution'])}</h2>
{columns_chart(distribution(results), 'distribution')}
<h2>{_e(t['averages'])}</h2>
<p class="note">{_e(t['averages_note'])}</p>
{rows_chart(exercise_averages(results, exercises), 'exercises')}
<h2>{_e(t['pass_rates'])}</h2>
<p class="note">{_e(t['pass_note'])}</p>
{rows_chart(check_pass_rates(results, exercises, lang), 'checks')}
<h2>{_e(t['slowest'])}</h2>
{_table([t['learner'], t['exercise'], t['seconds']],
        [[_e(l), _e(r.exercise), f"{r.duration_s:.1f}"] for l, r in slowest], lang, (2,))}
<h2>{_e(t['failed'])}</h2>
{_table([t['learner'], t['exercise'], t['status'], t['message']],
        [[_e(l), _e(r.exercise), _e(EXERCISE_LABELS[r.status](lang)), first_message(r)] for l, r in failed], lang)}
<h2>{_e(t['similar'])}</h2>
<p class="note">{_e(t['similar_note'])}</p>
{_table([t['exercise'], t['learner'], t['learner'], t['similarity']],
        [[_e(p.exercise), _e(p.first), _e(p.second), f"{p.similarity:.2f}"] for p in similar], lang, (3,))}
{left_out}<h2>{_e(t['everyone'])}</h2>
{_table([t['learner'], t['score'], '%'], everyone, lang, (1, 2))}
<p class="note">{_e(T['footer'].format(version=__version__, n=len(results))(lang))}</p>
</body></html>
"""
