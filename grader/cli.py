"""The ``grade`` command: a thin layer over :mod:`grader.runner` and the reports.

``grade EXERCISE`` grades ``exercises/EXERCISE.py`` under the current folder
(or ``--file PATH``).  Exit codes: 0 every check passed, 1 some did not,
2 usage or grader error (one line on stderr, no traceback).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from grader import __version__, course
from grader.reports import json_report, text_report
from grader.results import ExerciseReport
from grader.runner import GradeOptions, GradingError, grade_submission
from grader.text import Text, language_from_env

FORMATS = {"text": text_report.render, "json": json_report.render}


class GradeError(click.ClickException):
    """A usage or grader problem: exit code 2, one line, no traceback."""

    exit_code = 2


def _lang(value: str | None) -> str:
    return value or language_from_env()


def _memory(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", value.lower())
    if not match:
        raise click.BadParameter(f"{value!r} is not a size like 4G or 512M")
    scale = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match.group(2)]
    return int(float(match.group(1)) * scale)


lang_option = click.option("--lang", type=click.Choice(["ko", "en"]), default=None,
                           help="Language of the report (default: from LANG; ko for a Korean locale).")


def grading_options(fn):
    options = [
        click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Grade this .py or .ipynb file instead of exercises/EXERCISE.py."),
        click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
                     show_default=True, help="Report format."),
        click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report to this file instead of standard output."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                     help="Wall time in seconds for the learner's process (default: the exercise's)."),
        click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed for hidden inputs and training."),
        click.option("--memory", default="4G", show_default=True,
                     help="Memory cap for the learner's process (address space), e.g. 4G, 512M."),
        click.option("--device", type=click.Choice(["auto", "cpu", "gpu"]), default="auto",
                     show_default=True,
                     help="Where models train: auto (a GPU if TensorFlow sees one), cpu, or gpu (required)."),
        lang_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GradeError(f"cannot write {output}: {exc}") from None


def exit_code(report: ExerciseReport) -> int:
    if report.grader_fault:
        return 2
    return 0 if report.all_passed else 1


def _grade_command(name: str) -> click.Command:
    @click.command(name=name, help=f"Grade {name}.")
    @grading_options
    @click.pass_context
    def command(ctx, file, fmt, output, timeout, seed, memory, device, lang):
        lang = _lang(lang)
        try:
            exercise = course.load_exercise(name)
            submission = file if file is not None else course.default_submission(name)
            report = grade_submission(exercise, submission,
                                      GradeOptions(seed=seed, timeout=timeout, memory_bytes=_memory(memory),
                                                   device=device))
        except (course.CourseError, GradingError) as exc:
            raise GradeError(str(exc)) from None
        if fmt == "text":
            color = output is None and sys.stdout.isatty()
            text = text_report.render(report, lang, color=color)
        else:
            text = FORMATS[fmt](report, lang)
        _emit(text, output)
        ctx.exit(exit_code(report))

    return command


class CourseGroup(click.Group):
    """Subcommands plus one grading command per exercise (``grade exercise3``)."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        try:
            return _grade_command(course.canonical_name(name))
        except course.CourseError:
            return None

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            if args and not args[0].startswith("-"):
                try:
                    course.canonical_name(args[0])
                except course.CourseError as exc:
                    raise GradeError(str(exc)) from None
            raise

    def list_commands(self, ctx):
        return super().list_commands(ctx) + course.exercise_names()


@click.group(cls=CourseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def main():
    """Autograder for the TensorFlow/Keras course.

    \b
    grade exercise3                 grade exercises/exercise3.py
    grade exercise3 --file my.ipynb grade another file (.py or .ipynb)
    grade list                      the exercises, their titles and points
    grade hint exercise3 [N]        the hints (of check N)
    """


LIST_HEAD = Text("{name:<12} {points:>6}  {title}", "{name:<12} {points:>6}  {title}")


@main.command("list")
@lang_option
def list_command(lang):
    """List the exercises with their titles and points."""
    lang = _lang(lang)
    for exercise in course.all_exercises():
        click.echo(f"{exercise.name:<12} {exercise.max_score:>5g}p  {exercise.title(lang)}"
                   f"  ({len(exercise.checks)} checks)" if lang == "en" else
                   f"{exercise.name:<12} {exercise.max_score:>5g}점  {exercise.title(lang)}"
                   f"  (검사 {len(exercise.checks)}개)")


@main.command("hint")
@click.argument("exercise_name", metavar="EXERCISE")
@click.argument("number", type=int, required=False)
@lang_option
def hint_command(exercise_name, number, lang):
    """Print the hints of an exercise's checks (or of check NUMBER)."""
    lang = _lang(lang)
    try:
        exercise = course.load_exercise(exercise_name)
    except course.CourseError as exc:
        raise GradeError(str(exc)) from None
    checks = list(enumerate(exercise.checks, start=1))
    if number is not None:
        if not 1 <= number <= len(checks):
            raise GradeError(f"{exercise.name} has checks 1 to {len(checks)}")
        checks = [checks[number - 1]]
    for i, check in checks:
        click.echo(f"{i}. {check.description(lang)}")
        click.echo(f"   {check.hint(lang)}")
