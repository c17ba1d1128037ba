"""``grade EXERCISE``: grade one submission of one exercise."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader import course
from grader.cli.common import GradeError, emit, exit_code, grade_options, language, learner_options
from grader.reports import json_report, text_report
from grader.runner import GradingError, grade_submission

FORMATS = {"text": text_report.render, "json": json_report.render}


def grade_command(name: str) -> click.Command:
    """The command that grades ``name`` (``grade exercise3 ...``)."""

    @click.command(name=name, help=f"Grade {name} (exercises/{name}.py, or --file).")
    @click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
                  help="Grade this .py or .ipynb file instead of exercises/EXERCISE.py.")
    @click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
                  show_default=True, help="Report format.")
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the report to this file instead of standard output.")
    @learner_options
    @click.pass_context
    def command(ctx, file, fmt, output, timeout, seed, memory, device, lang):
        lang = language(lang)
        try:
            exercise = course.load_exercise(name)
            submission = file if file is not None else course.default_submission(name)
            report = grade_submission(exercise, submission, grade_options(timeout, seed, memory, device))
        except (course.CourseError, GradingError) as exc:
            raise GradeError(str(exc)) from None
        if fmt == "text":
            text = text_report.render(report, lang, color=output is None and sys.stdout.isatty())
        else:
            text = FORMATS[fmt](report, lang)
        emit(text, output)
        ctx.exit(exit_code([report]))

    return command
