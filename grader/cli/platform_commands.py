"""Commands for course platforms: ``gradescope-bundle`` (see examples/ci/README.md)."""

from __future__ import annotations

from pathlib import Path

import click

from grader import gradescope_bundle
from grader.cli.common import GradeError, exercise_names, lang_option, language


@click.command("gradescope-bundle")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--exercises", required=True, metavar="LIST",
              help="The exercises this assignment grades, e.g. exercise3,exercise4.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the hidden inputs (the zip is visible to instructors only).")
@lang_option
def gradescope_bundle_command(out, exercises, seed, lang):
    """For instructors: write OUT (a .zip) to upload as a Gradescope autograder: setup.sh,
    run_autograder, the grader's source and the reference solutions."""
    settings = gradescope_bundle.Settings(tuple(exercise_names(exercises)), language(lang), seed)
    try:
        names = gradescope_bundle.build(out, settings)
    except gradescope_bundle.BundleError as exc:
        raise GradeError(str(exc)) from None
    click.echo(f"wrote {out}: {len(names)} files; grades {', '.join(settings.exercises)} "
               f"in {settings.lang}, seed {settings.seed}")
