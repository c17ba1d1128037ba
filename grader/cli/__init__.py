"""The ``grade`` command: a thin layer over plain functions (grading, reports).

``grade EXERCISE`` grades ``exercises/EXERCISE.py`` under the current folder
(or ``--file PATH``).  Exit codes: 0 every check passed, 1 some did not,
2 usage or grader error (one line on stderr, no traceback).

A module per command or group: :mod:`~grader.cli.grade_exercise` (``grade EXERCISE``, with
:mod:`~grader.cli.watch` for ``--watch``), :mod:`~grader.cli.course_commands` (``list``, ``hint``,
``all``, ``validate``), :mod:`~grader.cli.batch_command`, :mod:`~grader.cli.release_command`,
:mod:`~grader.cli.platform_commands`, :mod:`~grader.cli.new_command` (``grade new``); what they share is :mod:`~grader.cli.common`.
"""

from __future__ import annotations

from pathlib import Path

import click

from grader import __version__, course
from grader.cli.batch_command import batch_command
from grader import usage
from grader.cli.common import GradeError, chosen_course, language, said
from grader.cli.course_commands import all_command, hint_command, list_command, validate_command
from grader.cli.grade_exercise import grade_command
from grader.cli.new_command import new_command
from grader.cli.platform_commands import gradescope_bundle_command
from grader.cli.release_command import release_command
from grader.text import printable


def _lang_of(args: list[str]) -> str:
    """The language a command line asks for (``--lang ko`` / ``--lang=ko``), else the locale's."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("ko", "en"):
            return args[i + 1]
        if arg in ("--lang=ko", "--lang=en"):
            return arg.split("=", 1)[1]
    return language(None)


class CourseGroup(click.Group):
    """Subcommands plus one grading command per exercise (``grade exercise3``)."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        try:
            return grade_command(_course(ctx, name).canonical_name(name))
        except course.CourseError:
            pass
        path = Path(name)
        if path.suffix.lower() in course.SUFFIXES and path.is_file():  # grade NOTEBOOK.ipynb
            return grade_command(None, file=path)
        return None

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            if args and not args[0].startswith("-"):
                lang = _lang_of(args)
                try:
                    _course(ctx, args[0]).canonical_name(args[0])
                except course.CourseError as exc:
                    if Path(args[0]).is_file() and Path(args[0]).suffix.lower() not in course.SUFFIXES:
                        raise GradeError(course.not_gradable(printable(Path(args[0]).name))(lang)) from None
                    if Path(args[0]).suffix.lower() in course.SUFFIXES:
                        raise GradeError(usage.NO_FILE_NO_EXERCISE.format(name=printable(args[0]))(lang)) from None
                    raise said(exc, lang) from None
            raise

    def list_commands(self, ctx):
        try:
            return super().list_commands(ctx) + _course(ctx).exercise_names()
        except course.CourseError:
            return super().list_commands(ctx)


def _course(ctx: click.Context, *args: str):
    """The course of this command line (``--course``), its error said in the command line's language."""
    with ctx:
        return chosen_course(_lang_of(list(args)))


@click.group(cls=CourseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
@click.option("--course", "course", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The course pack to grade by (a folder holding course.toml; default: $GRADER_COURSE, "
                   "else the course the grader ships).")
def main(course):
    """Autograder for the TensorFlow/Keras course.

    \b
    grade exercise3                 grade exercises/exercise3.py
    grade exercise3 --file my.ipynb grade another file (.py or .ipynb)
    grade my-notebook.ipynb         grade a file as the exercise it is recognised as
    grade all                       grade every exercise in exercises/, with a summary
    grade list                      the exercises, their titles and points
    grade hint exercise3 [N]        the hints (of check N)
    grade validate [EXERCISE...]    for instructors: solutions, stubs and known-wrong variants
    grade new NAME [--course DIR]   for instructors: the skeleton of a new exercise in a course pack
    grade gradescope-bundle OUT.zip --exercises exercise3,exercise4
                                    for instructors: a Gradescope autograder (examples/ci/)
    grade batch CLASS --out DIR     for instructors: a whole class into a gradebook and reports
    grade release OUT               for instructors: the learners' copy, without solutions
    grade --course DIR ...          any command, on the course pack in DIR (or set GRADER_COURSE)
    """


for _command in (list_command, hint_command, all_command, validate_command, new_command, batch_command,
                 release_command, gradescope_bundle_command):
    main.add_command(_command)
