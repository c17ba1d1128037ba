"""``grade release OUT``: the learners' copy of the course (see :mod:`grader.release`)."""

from __future__ import annotations

from pathlib import Path

import click

from grader import course, release
from grader.cli.common import GradeError, chosen_course
from grader.runner import GradingError


@click.command("release")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def release_command(out):
    """Write what learners get into OUT: exercises/, the grader and the answers of the public
    checks; no solutions. There, `grade exerciseN` runs the public checks and reports hidden
    checks as "checked at official grading"."""
    pack = chosen_course()
    try:
        made = release.build(out, course_=pack)
    except (course.CourseError, GradingError) as exc:
        raise GradeError(str(exc)) from None
    click.echo(f"release written to {made.folder}: {len(made.exercises)} exercises, "
               f"{made.public_points:g} points of public checks learners can run, "
               f"{made.hidden_points:g} points of hidden checks left to official grading "
               f"({made.answers} stored answers, no solutions); it carries the course "
               f"\"{pack.title.en}\" in grader_course/, which its grader grades by")
    for name in made.edited:
        click.echo(f"exercises/{name}.py differs from the course's stub: released the course's stub "
                   f"(grader_course/stubs/{name}.py), not your edited copy", err=True)
