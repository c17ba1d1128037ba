"""What the commands share: options, the exit-code rule, writing output."""

from __future__ import annotations

import re
from pathlib import Path

import click

from grader.results import ExerciseReport
from grader.runner import GradeOptions
from grader.text import language_from_env


class GradeError(click.ClickException):
    """A usage or grader problem: exit code 2, one line, no traceback."""

    exit_code = 2


def language(value: str | None) -> str:
    return value or language_from_env()


def memory_bytes(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", value.lower())
    if not match:
        raise click.BadParameter(f"{value!r} is not a size like 4G or 512M")
    scale = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match.group(2)]
    return int(float(match.group(1)) * scale)


lang_option = click.option("--lang", type=click.Choice(["ko", "en"]), default=None,
                           help="Language of the report (default: from LANG; ko for a Korean locale).")


def learner_options(fn):
    """The options that decide how a learner's code is graded (shared by every grading command)."""
    options = [
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


def grade_options(timeout: float | None, seed: int, memory: str, device: str) -> GradeOptions:
    return GradeOptions(seed=seed, timeout=timeout, memory_bytes=memory_bytes(memory), device=device)


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


def exit_code(reports: list[ExerciseReport]) -> int:
    """0 when every check passed, 1 when one did not, 2 when the grader itself failed."""
    if any(r.grader_fault for r in reports):
        return 2
    return 0 if reports and all(r.all_passed for r in reports) else 1
