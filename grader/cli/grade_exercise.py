"""``grade EXERCISE``: grade one submission of one exercise."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader import course
from grader.course_grading import with_choice
from grader.cli.common import (GradeError, emit, format_option, grade_options, language, learner_options,
                               min_score_option, platform_report, score_exit_code)
from grader.reports import json_report, text_report
from grader.runner import GradingError, grade_submission


def grade_command(name: str) -> click.Command:
    """The command that grades ``name`` (``grade exercise3 ...``)."""

    @click.command(name=name, help=f"Grade {name} (exercises/{name}.py, or --file).")
    @click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
                  help="Grade this .py or .ipynb file instead of exercises/EXERCISE.py.")
    @format_option
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the report to this file instead of standard output.")
    @min_score_option
    @learner_options
    @click.pass_context
    def command(ctx, file, fmt, hidden, output, min_score, timeout, seed, memory, device, lang):
        lang = language(lang)
        try:
            exercise = course.load_exercise(name)
            found = course.Found(file) if file is not None else course.default_submission(name)
            report = with_choice(grade_submission(exercise, found.path, grade_options(timeout, seed, memory, device)),
                                 found.path, found.aside, found.because_stub)
        except (course.CourseError, GradingError) as exc:
            raise GradeError(str(exc)) from None
        if fmt == "text":
            text = text_report.render(report, lang, color=output is None and sys.stdout.isatty())
        elif fmt == "json":
            text = json_report.render(report, lang)
        else:
            text = platform_report(fmt, [report], lang, hidden)
        emit(text, output)
        ctx.exit(score_exit_code([report], min_score))

    return command
