"""Commands for course platforms: ``gradescope-bundle`` (see examples/ci/README.md)."""

from __future__ import annotations

from pathlib import Path

import click

from grader import gradescope_bundle, seeds
from grader.reports import gradescope
from grader.reports.gradescope import HIDDEN_MODES
from grader.cli.common import GradeError, chosen_course, exercise_names, lang_option, language


@click.command("gradescope-bundle")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--exercises", required=True, metavar="LIST",
              help="The exercises this assignment grades, e.g. exercise3,exercise4.")
@click.option("--seed", type=int, default=None,
              help="Seed of the hidden inputs (default: a secret one drawn now and written into the zip, "
                   "which only instructors see).")
@click.option("--gradescope-hidden", "hidden", type=click.Choice(gradescope.HIDDEN_MODES), default=HIDDEN_MODES[0],
              show_default=True,
              help="Hidden checks: after-due-date (all shown after the due date; Gradescope hides the total until "
                   "then) or score-now (their scores shown at once, never their inputs or messages).")
@lang_option
def gradescope_bundle_command(out, exercises, seed, hidden, lang):
    """For instructors: write OUT (a .zip) to upload as a Gradescope autograder: setup.sh,
    run_autograder, the grader's source and the reference solutions."""
    if seed == seeds.LEARNER_SEED:
        raise GradeError(f"--seed {seed} is the seed learners grade their own work with (grade exerciseN): the "
                         "hidden inputs their own reports show would be the official ones. Leave --seed out to "
                         "draw a secret seed, or give another one")
    seed = seeds.draw() if seed is None else seed
    pack = chosen_course(lang)
    settings = gradescope_bundle.Settings(tuple(exercise_names(exercises, pack)), language(lang), seed, hidden)
    try:
        names = gradescope_bundle.build(out, settings, course_=pack)
    except gradescope_bundle.BundleError as exc:
        raise GradeError(str(exc)) from None
    click.echo(f"wrote {out}: {len(names)} files; grades {', '.join(settings.exercises)} "
               f"in {settings.lang}, seed {settings.seed} (keep it from learners), hidden checks {hidden}")
