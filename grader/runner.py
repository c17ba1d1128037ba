"""Grade one submission of one exercise: the flow from a file to an :class:`ExerciseReport`.

:func:`grade_submission` takes these steps, each in a module of :mod:`grader.grading`:

1. :func:`~grader.grading.handin.readable`: a file that can be graded (else a usage error), not too
   large (else :func:`~grader.grading.unchecked.too_large_report`, nothing run);
2. :func:`~grader.grading.plan.make_plan`: the reference (a solution, or a release's stored answers)
   and the limits;
3. :func:`~grader.grading.scratch.prepare_scratch`: a private folder per party, no learner process has seen;
4. :func:`~grader.grading.parties.start_parties`: from a fork server (TensorFlow imported once), three
   workers: the learner's (confined, under the time and memory limits), the reference solution's (or,
   in a learner release, its stored answers) and a judge (confined, holding no submission: it rebuilds
   the learner's models safely);
5. :func:`~grader.grading.check_loop.run_checks`: each check, in this process, where all comparing and
   scoring happen (:mod:`grader.framework.verdict` decides every status);
6. stop every process (when :func:`~grader.grading.parties.start_parties`'s block ends) and return the
   report, with the notes about the file as a whole (:mod:`grader.grading.notes`).
"""

from __future__ import annotations

import time
from pathlib import Path

from grader import __version__, course, expected, learner_files, messages, packs
from grader.framework import Exercise
from grader.grading.check_loop import Watch, run_checks
from grader.grading.fork_servers import start_fork_server
from grader.grading.handin import readable
from grader.grading.notes import isolation_notes
from grader.grading.options import GradeOptions, GradingError
from grader.grading.parties import start_parties
from grader.grading.plan import make_plan
from grader.grading.preload import preload_for
from grader.grading.scratch import prepare_scratch
from grader.grading.unchecked import too_large_report
from grader.results import ExerciseReport
from grader.sandbox.fork_server import ForkServer, ForkServerError
from grader.text import printable

__all__ = ["GradeOptions", "GradingError", "grade_submission"]


def grade_submission(exercise: Exercise, submission: Path, options: GradeOptions = GradeOptions(),
                     reference: Path | None = None, fork_server: ForkServer | None = None,
                     recorder: "expected.Recorder | None" = None,
                     class_answers: "expected.ClassAnswers | None" = None,
                     course_: packs.Course | None = None,
                     watch: "Watch | None" = None) -> ExerciseReport:
    """Grade ``submission`` (a .py file or a notebook) against ``exercise``.

    ``reference``: the reference solution (default: the course's; in a learner release,
    where there is none, the answers stored at release time).  ``fork_server``: a running fork
    server to reuse (grading many files); by default one is started for this call and
    stopped at its end.  ``recorder``: keeps what the reference answered (``grade release``).
    ``class_answers``: a batch's reference answers, shared by its learners (computed once per class).
    ``course_``: the course pack ``exercise`` is of (default: the built-in course): its sandbox
    allow-list, its solutions and its data.
    ``watch``: sees the requests of each check (:class:`~grader.grading.check_loop.Watch`).
    """
    started = time.monotonic()
    course_ = course_ or packs.builtin()
    submission = readable(submission, course_)
    size = learner_files.size(submission)
    if size is not None and size > learner_files.MAX_SUBMISSION_BYTES:
        return too_large_report(exercise, options, submission, size)
    plan = make_plan(exercise, options, reference, None if recorder is not None else class_answers, course_)
    own_fork_server = fork_server is None
    if fork_server is None:
        fork_server = start_fork_server(preload_for([exercise], plan.reference_path.parent if plan.reference_path else None,
                                                    course_))
    try:
        with prepare_scratch(submission) as scratch, start_parties(fork_server, plan, scratch) as parties:
            checks, notes = run_checks(plan, parties, fork_server, recorder, watch)
            output = parties.learner.first.output()
            isolation = parties.learner.first.isolation
            if not fork_server.alive:  # killed mid-grading: what its workers said (they died with it) is no verdict
                raise ForkServerError("the fork server ended while this submission was graded (killed from outside, "
                                      "or by the kernel's out-of-memory killer)")
    except ForkServerError as exc:
        raise GradingError(f"the grading processes failed: {exc}") from None
    finally:
        if own_fork_server:
            fork_server.close()
    if course.is_empty_script(submission):
        notes = (messages.EMPTY_FILE, *notes)
    return ExerciseReport(
        exercise=exercise.name, title=exercise.title, checks=checks,
        duration_s=round(time.monotonic() - started, 3), grader_version=__version__,
        seed=options.seed, submission=printable(str(submission)), output=output,
        notes=notes + isolation_notes(isolation), isolation=isolation,
    )
