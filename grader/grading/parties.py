"""The processes one grading talks to: the learner's, the reference's (or a release's stored answers,
or a batch's class answers) and the judge's, started from a fork server and stopped together."""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from grader import expected
from grader.framework.context import ask
from grader.grading.options import GradingError
from grader.grading.plan import GradingPlan
from grader.grading.scratch import Scratch
from grader.grading.worker_specs import judge_spec, learner_display, learner_spec, reference_spec, worker_config
from grader.harness.ops.training import Devices
from grader.sandbox.fork_server import ForkServer
from grader.sandbox.learner import LazyWorker, LearnerProcess
from grader.sandbox.protocol import Role
from grader.sandbox.session import WorkerSession

REFERENCE_TIMEOUT = 900.0


@dataclass
class Parties:
    """The processes one grading talks to."""

    learner: LearnerProcess
    reference: "WorkerSession | expected.ReplayWorker | expected.CachedReference"
    judge: LazyWorker

    @property
    def replay(self) -> bool:
        """True in a learner release: the reference is stored answers, not a process."""
        return isinstance(self.reference, expected.ReplayWorker)


@contextmanager
def start_parties(fork_server: ForkServer, plan: GradingPlan, scratch: Scratch) -> Iterator[Parties]:
    """The learner's, the reference's and the judge's processes, stopped when the block ends.

    The learner's and the judge's start on first need; the reference's at once, except a batch's,
    which starts only for a request no learner of the class asked yet.
    """
    options, name = plan.options, plan.exercise.name
    display = learner_display(scratch)  # the learner's copy is named so in its scratch folder
    deadline = time.monotonic() + plan.limits.timeout
    learner = reference = judge = None
    try:
        if plan.reference_path is None:
            reference = expected.ReplayWorker(plan.answers or {})
        else:
            spec, path = reference_spec(scratch, options), plan.reference_path
            for source, data_name in plan.course.learner_data() if plan.course else ():  # a pack's public data
                shutil.copyfile(source, scratch.party("reference") / "scratch" / data_name)
            config = worker_config(Role.REFERENCE, str(path), path.name, name, options)

            def start_reference() -> WorkerSession:
                return WorkerSession(fork_server, spec, config, str(scratch.party("reference")),
                                     time.monotonic() + REFERENCE_TIMEOUT)

            if plan.class_answers is not None:
                reference = expected.CachedReference(plan.class_answers, plan.class_answers.for_run(name, options.seed),
                                                     LazyWorker(start_reference))
            else:
                reference = start_reference()
        learner_config = worker_config(Role.LEARNER, display, display, name, options)  # a path in its own scratch
        learner_sandbox = learner_spec(scratch, options, plan.course)
        learner = LearnerProcess(
            lambda: WorkerSession(fork_server, learner_sandbox, learner_config, str(scratch.party("learner")),
                                  deadline),
            deadline, display)
        # The judge runs no learner code but reads what learner code described: the exercise's time bounds it.
        judge_sandbox, judge_config = judge_spec(scratch, options, plan.course), \
            worker_config(Role.JUDGE, "", "", name, options)
        judge = LazyWorker(lambda: WorkerSession(fork_server, judge_sandbox, judge_config, str(scratch.party("judge")),
                                                 time.monotonic() + plan.limits.timeout))
        yield Parties(learner, reference, judge)
    finally:
        for party in (learner, reference, judge):
            if party is not None:
                party.close()


def start_reference(plan: GradingPlan, parties: Parties) -> None:
    """Start the reference solution's process now; its failure to load is a :class:`GradingError`."""
    if parties.replay or isinstance(parties.reference, expected.CachedReference):
        return  # stored answers; or a batch's, whose process starts on first need
    started = parties.reference.start()
    load = parties.reference.load
    if not started.ok or (load and (load.fatal or load.problems)):
        detail = started.kind.value if not started.ok else str(load.fatal or load.problems[0])[:300]
        raise GradingError(f"the reference solution for {plan.exercise.name} did not load: {detail}")


def require_gpu(judge: LazyWorker) -> None:
    """``--device gpu`` with no GPU visible to TensorFlow is a usage error, said plainly."""
    devices = ask(judge, Devices())
    if devices is None or not devices.gpus:
        raise GradingError("--device gpu: TensorFlow sees no GPU on this machine "
                           "(use --device cpu, or auto to use a GPU only when there is one)")
