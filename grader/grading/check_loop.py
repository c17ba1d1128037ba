"""Each check of an exercise, in this process, where all comparing and scoring happen: public checks
first, a check after those it needs (:mod:`grader.framework.dependencies`); what each result is,
:mod:`grader.framework.verdict` decides."""

from __future__ import annotations

import time
from typing import Any, Protocol

from grader import expected, messages
from grader.framework import Check, CheckContext
from grader.framework.context import RunMemo
from grader.framework.dependencies import running_order, unmet
from grader.framework.verdict import (FILE_NOT_RUN, OFFICIAL_ONLY, Circumstances, Verdict, after_timeout,
                                      of_check_end, of_outcome, of_unmet, result_of)
from grader.grading.notes import shim_notes
from grader.grading.parties import Parties, require_gpu, start_reference
from grader.grading.plan import GradingPlan
from grader.results import CheckResult, Status
from grader.sandbox.fork_server import ForkServer
from grader.sandbox.learner import LearnerProcess
from grader.text import Text


class Watch(Protocol):
    """Sees what each check asks of each party: ``wrap`` returns the worker the check talks to
    (``grade validate``: a hidden check's draw changes with the seed, :mod:`grader.draws`)."""

    def wrap(self, check: str, party: str, worker: Any) -> Any: ...


def _circumstances(learner: LearnerProcess, limits: messages.Limits) -> Circumstances:
    return Circumstances(limits, learner.load_stopped, learner.session.exit_line())


def every_check(plan: GradingPlan, verdict: Verdict) -> tuple[CheckResult, ...]:
    """Every check of the plan's exercise with one verdict (none of them ran)."""
    return tuple(result_of(check, verdict) for check in plan.exercise.checks)


def run_check(check: Check, ctx: CheckContext, learner: LearnerProcess, limits: messages.Limits) -> CheckResult:
    started = time.monotonic()
    try:
        check.run(ctx)
        error = None
    except Exception as exc:  # noqa: BLE001 - every way a check ends has a verdict, bugs included
        error = exc
    return result_of(check, of_check_end(error, _circumstances(learner, limits)),
                     duration_s=round(time.monotonic() - started, 4),
                     measurements=tuple(ctx.measurements), curve=tuple(ctx.curve))


def run_checks(plan: GradingPlan, parties: Parties, fork_server: ForkServer | None = None,
               recorder: "expected.Recorder | None" = None,
               watch: Watch | None = None) -> tuple[tuple[CheckResult, ...], tuple[Text, ...]]:
    """Every check of the exercise, in order, and the notes about the file as a whole; ``watch`` sees
    every request each check sends."""
    exercise, options, limits, learner = plan.exercise, plan.options, plan.limits, parties.learner
    started = learner.session.start()
    start_reference(plan, parties)
    if options.device == "gpu":
        require_gpu(parties.judge)
    if not started.ok:
        return every_check(plan, of_outcome(started, None, _circumstances(learner, limits))), ()
    load = learner.session.load
    assert load is not None
    if fork_server is not None and load.imported:  # later processes (restarts, next learners) start with them
        fork_server.preload(load.imported)
    if load.fatal:
        return every_check(plan, FILE_NOT_RUN), (messages.fatal_load(load.fatal),)
    notes = tuple(messages.load_notes(load))
    memo = RunMemo()
    results: dict[str, CheckResult] = {}
    timeout_check: str | None = None
    for check in running_order(exercise.name, exercise.checks):
        if timeout_check is not None or learner.out_of_time:
            results[check.name] = result_of(check, after_timeout(limits, timeout_check))
            continue
        if (parties.replay or recorder is not None) and check.visibility == "hidden":  # a release, or making one
            results[check.name] = result_of(check, OFFICIAL_ONLY)
            continue
        needed = unmet(check, results)
        if needed is not None:  # a check it needs did not pass: not run, and the report says which
            results[check.name] = result_of(check, of_unmet(needed), needs=needed.name)
            continue
        answers = recorder.wrap(parties.reference) if recorder is not None else parties.reference
        workers = (learner, answers, parties.judge)
        if watch is not None:
            workers = tuple(watch.wrap(check.name, party, worker)
                            for party, worker in zip(("learner", "reference", "judge"), workers))
        ctx = CheckContext(check.name, options.seed, *workers, memo)
        result = run_check(check, ctx, learner, limits)
        if result.status is Status.TIMEOUT:
            timeout_check = check.name
        results[check.name] = result
    notes = tuple(n for n in shim_notes(learner) if n not in notes) + notes
    return tuple(results[c.name] for c in exercise.checks), notes + tuple(memo.notes)
