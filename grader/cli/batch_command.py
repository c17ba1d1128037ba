"""``grade batch``: its options parsed into a :class:`~grader.batch.run.ClassOptions`; the flow is
:func:`grader.batch.run.grade_class` (see :mod:`grader.batch`)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.batch import grading
from grader.batch.run import BatchError, ClassOptions, MissingExtra, grade_class
from grader.cli.common import GradeError, chosen_course, exercise_names, language, learner_options, memory_bytes


@click.command("batch")
@click.argument("submissions", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the gradebook, the class summary and one report per learner.")
@click.option("--exercises", default=None, help="Exercises to grade, e.g. exercise1,exercise3 (default: all).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Learners graded in parallel (default: the CPUs this process may use).")
@click.option("--resume", is_flag=True,
              help="Keep learners already graded in DIR with the same grader, course, options and files.")
@click.option("--shard", default=None, metavar="K/N",
              help="Grade only shard K of N (learner ids sorted, the i-th from 0 in shard i mod N + 1) into a "
                   "--out shared by every shard; the class files are not written: a final --resume renders them.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Grade on the dask.distributed cluster at ADDRESS (e.g. tcp://host:8786), one task per "
                   "learner; results are written here by this process only (needs the [dask] extra).")
@click.option("--title", default="", help="Title of summary.html (default: 'Class summary').")
@learner_options
@click.pass_context
def batch_command(ctx, submissions, out, exercises, workers, resume, shard, scheduler, title, timeout, seed, memory, device, lang):
    """Grade every learner's submissions in SUBMISSIONS (a folder per learner, a .zip of them, or a
    flat LMS export) into --out DIR: gradebook.csv, summary.html, junit.xml and, per learner,
    learners/ID/report.json, report.md and results.json (Gradescope)."""
    lang = language(lang)
    try:
        shard = grading.parse_shard(shard) if shard is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None
    pack = chosen_course(lang)
    names = tuple(exercise_names(exercises, pack) if exercises else pack.exercise_names())
    options = ClassOptions(submissions, out, names, pack, lang, seed=seed, timeout=timeout,
                           memory_bytes=memory_bytes(memory), device=device, workers=workers, resume=resume,
                           shard=shard, scheduler=scheduler, title=title)
    try:
        outcome = grade_class(options, echo=click.echo)
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None
    except BatchError as exc:
        raise GradeError(str(exc)) from None
    ctx.exit(outcome.exit_code)
