"""Commands about the course as a whole: ``list``, ``hint``, ``all``, ``validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader import course, packs, usage, validation
from grader.cli.common import (GradeError, chosen_course, emit, said, exercise_names, format_option, grade_options, lang_option,
                               language, learner_options, min_score_option, platform_report, say_grader_faults,
                               score_exit_code)
from grader.grading.many import find_in_folder, grade_many
from grader.reports import course_table, text_report
from grader.runner import GradingError


@click.command("list")
@lang_option
def list_command(lang):
    """List the exercises with their titles and points."""
    lang = language(lang)
    try:
        exercises = chosen_course(lang).all_exercises()
    except course.CourseError as exc:
        raise said(exc, lang) from None
    for exercise in exercises:
        if lang == "ko":
            click.echo(f"{exercise.name:<12} {exercise.max_score:>5g}점  {exercise.title(lang)}"
                       f"  (검사 {len(exercise.checks)}개)")
        else:
            click.echo(f"{exercise.name:<12} {exercise.max_score:>5g}p  {exercise.title(lang)}"
                       f"  ({len(exercise.checks)} checks)")


@click.command("hint")
@click.argument("exercise_name", metavar="EXERCISE")
@click.argument("number", type=int, required=False)
@lang_option
def hint_command(exercise_name, number, lang):
    """Print the hints of an exercise's checks (or of check NUMBER)."""
    lang = language(lang)
    try:
        exercise = chosen_course(lang).load_exercise(exercise_name)
    except course.CourseError as exc:
        raise said(exc, lang) from None
    checks = list(enumerate(exercise.checks, start=1))
    if number is not None:
        if not 1 <= number <= len(checks):
            raise GradeError(usage.HINT_RANGE.format(exercise=exercise.name, count=len(checks))(lang))
        checks = [checks[number - 1]]
    for i, check in checks:
        click.echo(f"{i}. {check.description(lang)}")
        click.echo(f"   {check.hint(lang)}")


@click.command("all")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=Path("exercises"),
              show_default=True, help="The folder holding exerciseN.py / exerciseN.ipynb files.")
@click.option("--exercises", "only", default=None, metavar="LIST",
              help="Grade exactly these exercises (e.g. exercise3,exercise4); one with no file in FOLDER "
                   "is reported with every check missing.")
@format_option
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--brief", is_flag=True, help="Only the summary table, not each exercise's checks.")
@min_score_option
@learner_options
@click.pass_context
def all_command(ctx, folder, only, fmt, hidden, output, brief, min_score, timeout, seed, memory, device, lang):
    """Grade every exercise found in FOLDER (or exactly --exercises), then print a summary table."""
    lang = language(lang)
    pack = chosen_course(lang)
    if only is not None:
        submissions = find_in_folder(folder, exercise_names(only, pack), keep_missing=True, course_=pack)
    else:
        submissions = find_in_folder(folder, course_=pack) if folder.is_dir() else []
    if not submissions:
        raise GradeError(f"no exercise files (exercise1.py ...) found in {folder}")
    live = fmt == "text" and output is None and not brief
    color = live and sys.stdout.isatty()

    def show(report) -> None:
        if live:
            click.echo(text_report.render(report, lang, color=color))

    try:
        reports = grade_many(submissions, grade_options(timeout, seed, memory, device), on_report=show,
                             course_=pack)
    except (course.CourseError, GradingError) as exc:
        raise GradeError(str(exc)) from None
    if fmt == "json":
        text = course_table.render_json(reports, lang)
    elif fmt == "text":
        text = course_table.render(reports, lang)
        if output is not None and not brief:
            text = "\n".join(text_report.render(r, lang) for r in reports) + "\n" + text
    else:
        text = platform_report(fmt, reports, lang, hidden)
    emit(text, output)
    say_grader_faults(reports, lang)
    ctx.exit(score_exit_code(reports, min_score))


def _seed_list(value: str | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    try:
        seeds = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a list of seeds like 0,5,12345") from None
    if not seeds:
        raise click.BadParameter("give at least one seed")
    return seeds


def course_of(folder: Path | None, lang: str) -> packs.Course:
    """The pack a command's own ``--course DIR`` names, else ``grade --course DIR``'s, else
    ``$GRADER_COURSE``'s, else the built-in course; a pack that cannot be read is a usage error (exit 2)."""
    if folder is None:
        return chosen_course(lang)
    try:
        return packs.load(folder)
    except packs.CourseError as exc:
        raise said(exc, lang) from None


course_option = click.option("--course", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
                             help="The course pack's folder (default: grade --course, $GRADER_COURSE, else the "
                                  "built-in course).")


@click.command("validate")
@click.argument("exercises", nargs=-1)
@course_option
@click.option("--seeds", "seed_list", default=None, metavar="LIST",
              help=f"Grading seeds the reference is graded under, e.g. 0,5,12345 (default: "
                   f"{','.join(map(str, validation.SEEDS))}; --seed puts that one first).")
@learner_options
@click.pass_context
def validate_command(ctx, exercises, folder, seed_list, timeout, seed, memory, device, lang):
    """For instructors, before a release: each exercise's solution gets full marks under several grading
    seeds, its stub none, every check is failed by a known-wrong variant (solutions/known_wrong/EXERCISE.py),
    every hidden check draws other inputs under another seed, and every trained-model threshold is
    cleared by the reference under every training seed (the margin is shown).  Exit 0: valid; 1: some
    exercise is not (each problem names the file to fix); 2: the course could not be read."""
    lang = language(lang)
    pack = course_of(folder, lang)
    try:
        names = [pack.canonical_name(name) for name in exercises] or pack.exercise_names()
    except course.CourseError as exc:
        raise said(exc, lang) from None
    seeds = _seed_list(seed_list) or tuple(dict.fromkeys(
        ([seed] if seed is not None else []) + list(validation.SEEDS)))

    def show(exercise: str, finding: validation.Finding) -> None:
        mark = click.style("✓", fg="green") if finding.ok else click.style("✗", fg="red")
        click.echo(f"{mark} {exercise:<12} {finding.subject(lang)}" +
                   (f"  ({finding.seconds:.1f} s)" if finding.seconds else ""))
        for problem in finding.problems:
            click.echo(f"      {problem.what(lang)}")
            click.echo(f"        → {problem.fix(lang)}")
        for remark in finding.notes:
            click.echo(f"      {remark(lang)}")

    try:
        results = validation.validate(names, grade_options(timeout, seeds[0], memory, device), on_finding=show,
                                      course_=pack, seeds=seeds)
    except (course.CourseError, GradingError) as exc:
        raise said(exc, lang) from None
    bad = [r.exercise for r in results if not r.ok]
    if lang == "ko":
        click.echo(f"연습 {len(results)}개 중 {len(results) - len(bad)}개가 유효합니다" +
                   (f". 유효하지 않음: {', '.join(bad)}" if bad else ""))
    else:
        click.echo(f"{len(results) - len(bad)} of {len(results)} exercises valid" +
                   (f"; not valid: {', '.join(bad)}" if bad else ""))
    ctx.exit(1 if bad else 0)
