"""Notes about the learner's file as a whole, beside the checks' results: what the course shims did,
how the learner's process was confined, which file was graded when two were handed in."""

from __future__ import annotations

from dataclasses import replace
from grader import messages
from grader.course import Submission
from grader.results import ExerciseReport, Isolation
from grader.sandbox.learner import LearnerProcess
from grader.sandbox.protocol import Op, reading
from grader.text import Text, printable

MAX_SHIM_NOTES = 12


def shim_notes(learner: LearnerProcess) -> tuple[Text, ...]:
    """What the course shims did in the learner's process (a course URL served offline, a Keras 2 idiom
    graded in its Keras 3 spelling), said once each.

    The learner's process reports these notes, so they are its text: at most ``MAX_SHIM_NOTES``, each
    cut and made inert, and they never change a score.  A process that is gone, or answers with
    anything but a list of two-language texts, adds no note.
    """
    if learner.out_of_time or not learner.session.alive:
        return ()
    outcome = learner.receive(learner.send(Op.HARNESS, "shim_notes"))
    if not outcome.ok or not isinstance(outcome.value, list):
        return ()
    found: list[Text] = []
    for entry in outcome.value[:MAX_SHIM_NOTES]:
        try:
            entry = reading.mapping(entry, "note")
            note = Text(reading.text(entry, "en", limit=600), reading.text(entry, "ko", limit=600))
        except reading.ProtocolError:
            continue
        if note not in found:
            found.append(note)
    return tuple(found)


def isolation_notes(isolation: Isolation) -> tuple[Text, ...]:
    """A note when the learner's process was confined less than fully (SECURITY.md's levels)."""
    why = "; ".join(isolation.notes) or isolation.level
    if isolation.level == "full":
        return ()
    if isolation.level == "landlock":
        return (messages.NOTE_LANDLOCK.format(why=why),)
    if isolation.level == "user-namespace":
        return (messages.NOTE_USER_NAMESPACE,)
    return (messages.NOTE_NOT_ISOLATED.format(why=why),)


def with_choice(report: ExerciseReport, submission: Submission) -> ExerciseReport:
    """``report`` with a first note naming the graded file and the one left aside (when there was one)."""
    if submission.aside is None or submission.path is None:
        return report
    note = messages.chosen_note(printable(submission.path.name), printable(submission.aside.name),
                                submission.because_stub)
    return replace(report, notes=(note, *report.notes))
