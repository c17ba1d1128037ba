"""What the commands share: options, the exit-code rule, writing output."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import click

from grader import course, messages, packs, seeds
from grader.reports import gradescope, junit, markdown
from grader.results import ExerciseReport, totals
from grader.grading.options import DEVICES, GradeOptions
from grader.text import Text, language_from_env


class GradeError(click.ClickException):
    """A usage or grader problem: exit code 2, one line, no traceback."""

    exit_code = 2


def language(value: str | None) -> str:
    return value or language_from_env()


def chosen_course(lang: str | None = None) -> packs.Course:
    """The course this command grades: ``grade --course DIR``, else ``$GRADER_COURSE``, else the
    built-in course (a learner release carries its own pack there)."""
    ctx = click.get_current_context(silent=True)
    folder = ctx.find_root().params.get("course") if ctx is not None else None
    try:
        return packs.selected(folder)
    except packs.CourseError as exc:
        raise said(exc, language(lang)) from None


def said(exc: Exception, lang: str) -> GradeError:
    """The usage error ``exc`` (a :class:`grader.text.BilingualError` or any exception) in ``lang``."""
    text = getattr(exc, "text", None)
    return GradeError(text(lang) if isinstance(text, Text) else str(exc))


def memory_bytes(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", value.lower())
    if not match:
        raise click.BadParameter(f"{value!r} is not a size like 4G or 512M")
    scale = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match.group(2)]
    return int(float(match.group(1)) * scale)


lang_option = click.option("--lang", type=click.Choice(["ko", "en"]), default=None,
                           help="Language of the report (default: from LANG; ko for a Korean locale).")


def read_seed_file(path: Path) -> int:
    """The seed in ``path``: its first word (``grading-seed.txt`` of a class has this form)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            words = f.read(4096).split()
        return int(words[0])
    except (OSError, ValueError, IndexError) as exc:
        raise GradeError(f"--seed-file {path}: not a file whose first word is a seed "
                         f"({type(exc).__name__})") from None


def _with_seed_file(fn):
    """``fn`` called with ``seed`` read from ``--seed-file`` when that was given (never both)."""
    @functools.wraps(fn)
    def wrapper(*args, seed_file=None, **kwargs):
        if seed_file is not None:
            if kwargs.get("seed") is not None:
                raise click.UsageError("give --seed or --seed-file, not both")
            kwargs["seed"] = read_seed_file(seed_file)
        return fn(*args, **kwargs)
    return wrapper


def learner_options(fn):
    """The options that decide how a learner's code is graded (shared by every grading command)."""
    options = [
        click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                     help="Wall time in seconds for the learner's process (default: the exercise's)."),
        click.option("--seed", type=int, default=None,
                     help="Seed of hidden inputs and training (default: 0 when you grade your own work; official "
                          "grading, grade batch, draws a secret one)."),
        click.option("--seed-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Read the seed from this file (its first word) instead: a secret seed is then on no "
                          "command line, where other processes could read it."),
        click.option("--memory", default="4G", show_default=True,
                     help="Memory cap for the learner's process (address space), e.g. 4G, 512M."),
        click.option("--device", type=click.Choice(DEVICES), default="auto",
                     show_default=True,
                     help="Where models train: auto (a GPU if TensorFlow sees one), cpu, or gpu (required)."),
        lang_option,
    ]
    fn = _with_seed_file(fn)
    for option in reversed(options):
        fn = option(fn)
    return fn


def grade_options(timeout: float | None, seed: int | None, memory: str, device: str) -> GradeOptions:
    return GradeOptions(seed=seeds.LEARNER_SEED if seed is None else seed, timeout=timeout,
                        memory_bytes=memory_bytes(memory), device=device)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (creating its folder)."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GradeError(f"cannot write {output}: {exc}") from None


def say_grader_faults(reports: list[ExerciseReport], lang: str) -> None:
    """Exit code 2 comes with one line on stderr: which exercise the grader itself failed on."""
    for report in reports:
        faults = [c for c in report.checks if c.grader_fault]
        if faults:
            line = messages.GRADER_FAULT_EXIT.format(count=len(faults), exercise=report.exercise, check=faults[0].name)
            click.echo(f"Error: {line(lang)}", err=True)
            return


def exit_code(reports: list[ExerciseReport]) -> int:
    """0 when every check passed, 1 when one did not, 2 when the grader itself failed."""
    if any(r.grader_fault for r in reports):
        return 2
    return 0 if reports and all(r.all_passed for r in reports) else 1


# Output formats and exit rules for course platforms (CI, Gradescope): see examples/ci/.

FORMATS = ("text", "json", "junit", "gradescope", "markdown")

def format_option(fn):
    """``--format``, and ``--gradescope-hidden`` (how results.json shows hidden checks)."""
    fn = click.option("--gradescope-hidden", "hidden", type=click.Choice(gradescope.HIDDEN_MODES),
                      default=gradescope.HIDDEN_MODES[0], show_default=True,
                      help="With --format gradescope: hidden checks shown after the due date (after-due-date), or "
                           "their scores at once but never their inputs or messages (score-now).")(fn)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="Report format: text, json, junit (CI test reports), gradescope (results.json), "
                             "markdown.")(fn)

min_score_option = click.option(
    "--min-score", type=click.FloatRange(0, 100), default=None, metavar="P",
    help="Exit 1 when the score is below P percent of the maximum, else 0 (2 still for grader errors). "
         "Without it: 0 only when every check passed.")


def platform_report(fmt: str, reports: list[ExerciseReport], lang: str, hidden: str = "after-due-date") -> str:
    """The junit, gradescope or markdown report of ``reports`` (one JUnit suite per exercise)."""
    if fmt == "junit":
        return junit.render([(r.exercise, [r]) for r in reports], lang)
    if fmt == "gradescope":
        return gradescope.render(reports, lang, hidden)
    if fmt == "markdown":
        return markdown.render(reports, lang)
    raise ValueError(f"not a platform format: {fmt}")


def score_exit_code(reports: list[ExerciseReport], min_score: float | None) -> int:
    """:func:`exit_code`, or with ``min_score``: 0 when the score reaches that percent of the maximum."""
    if min_score is None or any(r.grader_fault for r in reports):
        return exit_code(reports)
    score, max_score = totals(reports)
    return 0 if reports and 100.0 * score >= min_score * max_score - 1e-9 else 1


def exercise_names(value: str, course_: packs.Course | None = None) -> list[str]:
    """``exercise3,exercise4`` (or ``3,4``, or space-separated) as canonical names, in course order."""
    course_ = course_ or chosen_course()
    try:
        wanted = {course_.canonical_name(part) for part in value.replace(",", " ").split()}
    except course.CourseError as exc:
        raise GradeError(str(exc)) from None
    if not wanted:
        raise GradeError("--exercises names no exercise (e.g. --exercises exercise3,exercise4)")
    return [name for name in course_.exercise_names() if name in wanted]
