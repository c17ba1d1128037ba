"""``grade EXERCISE``: grade one submission of one exercise."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from grader import course
from grader.grading.notes import with_choice
from grader.cli.common import (GradeError, chosen_course, emit, format_option, grade_options, language, learner_options,
                               min_score_option, platform_report, said, say_grader_faults, score_exit_code)
from grader.recognise import NotRecognised, recognise
from grader.reports import json_report, text_report
from grader.runner import GradingError, grade_submission
from grader.cli.watch import watch as watch_file


def grade_command(name: str | None, file: Path | None = None) -> click.Command:
    """The command that grades ``name`` (``grade exercise3 ...``); with ``name`` None, the command
    that grades ``file`` as the exercise it is recognised as (``grade NOTEBOOK.ipynb``)."""
    title = name or str(file)
    about = f"Grade {name} (exercises/{name}.py, or --file)." if name else \
        f"Grade {file} as the exercise it is recognised as (its functions, the course CSV it reads)."

    @click.command(name=title, help=about)
    @click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=file,
                  help="Grade this .py or .ipynb file instead of exercises/EXERCISE.py.")
    @format_option
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the report to this file instead of standard output.")
    @min_score_option
    @click.option("--watch", is_flag=True,
                  help="Grade again each time the file is saved, until Ctrl-C (exit 130).")
    @learner_options
    @click.pass_context
    def command(ctx, file, fmt, hidden, output, min_score, watch, timeout, seed, memory, device, lang):
        lang = language(lang)
        options = grade_options(timeout, seed, memory, device)
        pack = chosen_course(lang)
        why = None
        try:
            if name is None:
                recognised = recognise(file, pack)
                exercise, why = pack.load_exercise(recognised.exercise), recognised.why
            else:
                exercise = pack.load_exercise(name)
            found = course.Submission(exercise.name, file) if file is not None else \
                course.default_submission(name, pack)
        except course.CourseError as exc:  # NotRecognised too
            raise said(exc, lang) from None
        def noted(report):
            """The report with its first notes: which exercise the file was recognised as, which file was graded."""
            report = with_choice(report, found)
            return replace(report, notes=(why, *report.notes)) if why is not None else report

        if watch:
            def grade_once(shared) -> None:
                try:
                    report = noted(grade_submission(exercise, found.path, options, fork_server=shared.get(),
                                                    course_=pack))
                except (course.CourseError, GradingError) as exc:
                    click.echo(f"Error: {said(exc, lang).message}", err=True)
                    return
                emit(_render(report, fmt, hidden, output, lang), output)

            ctx.exit(watch_file(exercise, found.path, grade_once, lambda text: click.echo(text(lang), err=True)))
        try:
            report = noted(grade_submission(exercise, found.path, options, course_=pack))
        except (course.CourseError, GradingError) as exc:
            raise said(exc, lang) from None
        emit(_render(report, fmt, hidden, output, lang), output)
        say_grader_faults([report], lang)
        ctx.exit(score_exit_code([report], min_score))

    return command


def _render(report, fmt: str, hidden: str, output: Path | None, lang: str) -> str:
    if fmt == "text":
        text = text_report.render(report, lang, color=output is None and sys.stdout.isatty())
    elif fmt == "json":
        text = json_report.render(report, lang)
    else:
        text = platform_report(fmt, [report], lang, hidden)
    return text
