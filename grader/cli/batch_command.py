"""``grade batch``: grade a whole class into a folder of reports (see :mod:`grader.batch`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from grader import course, packs, seeds
from grader.batch import grading, outputs, similarity, store
from grader.batch.layouts import LayoutError, discover
from grader.batch.progress import Progress
from grader.cli.common import GradeError, chosen_course, exercise_names, grade_options, language, learner_options
from grader.runner import GradingError


SEED_ORIGIN = {"given": "from --seed", "stored": "this class's, from an earlier run", "drawn": "drawn now"}


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
    backend = None
    if scheduler is not None:
        try:
            from grader.batch import dask_backend as backend
        except ImportError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        shard = grading.parse_shard(shard) if shard is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None
    pack = chosen_course(lang)
    if packs.inside(pack, submissions):  # official grading: never by a pack a learner could have written
        raise GradeError(f"the course pack {pack.root} lies inside the submissions {submissions}: official "
                         "grading takes its pack from the instructor's folder, never from a learner's")
    names = tuple(exercise_names(exercises, pack) if exercises else pack.exercise_names())
    with tempfile.TemporaryDirectory(prefix="grader-batch-") as work:
        try:
            classroom = discover(submissions, list(names), Path(work), pack)
        except LayoutError as exc:
            raise GradeError(str(exc)) from None
        if not classroom.learners:
            raise GradeError(f"no learner's submissions found in {submissions}")
        # Only a class that can be graded gets an output folder (and a seed stored in it).
        seed, origin = seeds.for_class(out, seed)
        options = grading.BatchOptions(names, workers or grading.default_workers(), resume,
                                       grade_options(timeout, seed, memory, device), shard, pack)
        out.mkdir(parents=True, exist_ok=True)
        part = f"shard {shard[0]}/{shard[1]}: " if shard else ""
        click.echo(f"{part}{len(classroom.learners)} learners ({classroom.layout}), {len(names)} exercises, "
                   f"{'cluster ' + scheduler if scheduler else str(options.workers) + ' worker(s)'} → {out}", err=True)
        click.echo(f"seed of the hidden inputs: {seed} ({SEED_ORIGIN[origin]}, in {out / seeds.SEED_FILE}; "
                   "keep it from learners)", err=True)
        for ignored in classroom.ignored[:20]:
            click.echo(f"  ignored (names no exercise or learner): {ignored}", err=True)
        for not_graded in classroom.not_gradable[:20]:
            click.echo(f"  not graded (not a .py or .ipynb file): {not_graded}", err=True)
        progress = Progress(len(classroom.learners))
        progress.workers = options.workers
        try:
            write = lambda result: outputs.write_learner(out, result, lang)  # noqa: E731
            if backend is not None:
                outcome = backend.run(classroom, out, options, scheduler, progress, on_result=write)
            else:
                outcome = grading.run(classroom, out, options, progress, on_result=write)
        except (course.CourseError, GradingError) as exc:
            raise GradeError(str(exc)) from None
        similar = similarity.similar_pairs(classroom, list(names), course_=pack) if shard is None else []
    for result in outcome.results:  # learners kept by --resume: their pages in this run's language
        if result.learner in outcome.resumed:
            outputs.write_learner(out, result, lang)
    if shard is not None:
        mine = set(grading.in_shard([l.learner for l in classroom.learners], shard))
        incomplete = [r.learner for r in outcome.results if r.learner in mine and not store.finished(r)]
        click.echo(f"shard {shard[0]}/{shard[1]}: graded {outcome.graded}, resumed {len(outcome.resumed)} "
                   f"of its {len(mine)} learners; results in {out / 'learners'}. The class files are not "
                   "written by a shard: when every shard is done, run the same command without --shard "
                   "and with --resume to render them", err=True)
    else:
        outputs.write_class(out, list(outcome.results), list(names), lang, title, similar)
        incomplete = [r.learner for r in outcome.results if not store.finished(r)]
        click.echo(f"graded {outcome.graded}, resumed {len(outcome.resumed)}, "
                   f"{len(outcome.results)}/{len(classroom.learners)} learners in {out / outputs.GRADEBOOK}",
                   err=True)
        click.echo(outputs.class_line(list(outcome.results), out))
    if outcome.interrupted:
        click.echo("interrupted: the gradebook holds the learners finished so far; "
                   "run again with --resume to finish", err=True)
        ctx.exit(130)
    if incomplete:
        click.echo(f"the grader failed for: {', '.join(incomplete)} (run again with --resume)", err=True)
    ctx.exit(1 if incomplete else 0)
