"""What each party's worker may see and do (:class:`~grader.sandbox.confine.SandboxSpec`) and how it
starts (:class:`~grader.sandbox.protocol.WorkerConfig`): the learner's and the judge's confined, the
reference solution's trusted."""

from __future__ import annotations

import os
from dataclasses import replace

from grader import packs
from grader.framework.context import stable_seed
from grader.grading.options import GradeOptions
from grader.grading.scratch import Scratch
from grader.sandbox.confine import SandboxSpec
from grader.sandbox.protocol import Role, WorkerConfig
from grader.text import printable


def _env(options: GradeOptions) -> tuple[tuple[str, str], ...]:
    return (("CUDA_VISIBLE_DEVICES", "-1"),) if options.device == "cpu" else ()


def learner_display(scratch: Scratch) -> str:
    """The name of the learner's copy in its scratch folder (the file's own name, made printable)."""
    return printable(scratch.submission.name)


def learner_spec(scratch: Scratch, options: GradeOptions, course: packs.Course | None = None) -> SandboxSpec:
    """Confined: its own copy of the file (and the pack's public data beside it), the course's readable
    files only, the memory limit."""
    course = course or packs.builtin()
    display = learner_display(scratch)
    data = tuple(f for f in course.learner_data() if f[1] != display)
    return SandboxSpec(scratch=str(scratch.party("learner") / "scratch"), confine=True,
                       files=((str(scratch.submission), display), *data),
                       readable=course.readable_paths(), hidden=course.hidden_paths(),
                       forbidden=course.forbidden_paths(), memory_bytes=options.memory_bytes,
                       namespaces=os.environ.get("GRADER_NAMESPACES", "1") != "0", env=_env(options))


def judge_spec(scratch: Scratch, options: GradeOptions, course: packs.Course | None = None) -> SandboxSpec:
    """Confined as the learner's, holding no submission (it rebuilds what the learner's code described)."""
    return replace(learner_spec(scratch, options, course), scratch=str(scratch.party("judge") / "scratch"), files=())


def reference_spec(scratch: Scratch, options: GradeOptions) -> SandboxSpec:
    """The reference solution is trusted: not confined, no memory limit."""
    return SandboxSpec(scratch=str(scratch.party("reference") / "scratch"), confine=False, memory_bytes=None,
                       env=_env(options))


def worker_config(role: Role, path: str, display: str, exercise: str, options: GradeOptions) -> WorkerConfig:
    """How a worker starts; ``path`` empty: a worker that loads no file (the judge).

    Workers get a seed derived from the grading's (one-way), never the grading's seed itself:
    with it, learner code could draw every hidden input.
    """
    worker_seed = stable_seed(options.seed, "worker")
    return WorkerConfig(role, path, display, exercise if path else role.value, worker_seed, options.device)
