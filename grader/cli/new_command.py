"""``grade new NAME``: the skeleton of a new exercise in a course pack (:mod:`grader.skeleton`)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from grader import skeleton
from grader.cli.common import lang_option, language, said
from grader.text import Text

WROTE = Text("wrote {path}", "{path} 작성")
WROTE_PACK = Text("wrote {path}: {name}", "{path} 작성: {name}")
ADDED = Text("added to {path}: {name}", "{path}에 추가: {name}")
NEXT = Text("next: {command} (it passes as it stands; then make the exercise your own)",
            "다음: {command} (지금 그대로 통과합니다. 그다음 연습을 직접 고치세요)")


@click.command("new")
@click.argument("name")
@click.option("--course", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The course pack's folder (default: grade --course, $GRADER_COURSE, else the current folder); "
                   "made if absent.")
@click.option("--kind", type=click.Choice(skeleton.KINDS), default="function", show_default=True,
              help="function: the learner writes a function; model: the learner describes a Keras model "
                   "the grader trains on the pack's CSV (data/NAME.csv, written too).")
@lang_option
def new_command(name, folder, kind, lang):
    """For instructors: write a working skeleton of exercise NAME (checks, stub, solution, known-wrong
    variant; bilingual texts, one public and one hidden check) and add it to the pack's course.toml.
    `grade validate --course DIR NAME` passes on it as it stands: then make it your own."""
    lang = language(lang)
    ctx = click.get_current_context()
    folder = folder or ctx.find_root().params.get("course") or Path(os.environ.get("GRADER_COURSE") or ".")
    try:
        written = skeleton.write(folder, name, kind)
    except skeleton.SkeletonError as exc:
        raise said(exc, lang) from None
    for path in written.files:
        click.echo(WROTE.format(path=path)(lang))
    said_pack = WROTE_PACK if written.created_pack else ADDED
    click.echo(said_pack.format(path=written.pack_file, name=name)(lang))
    shown = "." if Path(folder).resolve() == Path.cwd().resolve() else str(folder)
    click.echo(NEXT.format(command=f"grade validate --course {shown} {name}")(lang))
