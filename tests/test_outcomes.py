"""From a worker's answer to what the learner reads, with fake workers: no processes, no TensorFlow.

These pin the rules of grader.framework.verdict and grader.reports.policy (which status, which
message, which hint) in milliseconds; the sandbox tests prove the same with real processes.
"""

from __future__ import annotations

import json

import pytest

from grader import messages
from grader.framework import Exercise, Text
from grader.framework.failures import NotAttempted
from grader.reports import gradescope, junit, markdown, text_report
from grader.results import ExerciseReport, Status
from grader.grading.check_loop import run_checks
from grader.grading.options import GradeOptions
from grader.grading.parties import Parties
from grader.grading.plan import GradingPlan
from grader.sandbox.protocol import (SUCCEEDED, ExitNote, FatalKind, Frame, LearnerError, LoadFatal, LoadProblem,
                                     LoadReport, Op, Outcome, OutcomeKind, ProblemKind, ProtocolError,
                                     parse_from_worker)
from grader.sandbox.session import Ticket

HINT = Text("look at the axis", "축을 보세요")


class FakeSession:
    def __init__(self, load: LoadReport = LoadReport(), started: Outcome = SUCCEEDED, exit_line=None):
        self.load, self._started, self._exit_line, self.alive = load, started, exit_line, True

    def start(self) -> Outcome:
        return self._started

    def exit_line(self):
        return self._exit_line

    def output(self) -> str:
        return ""


class FakeWorker:
    """Answers each function name with a scripted outcome (a value by default)."""

    def __init__(self, answers: dict[str, Outcome] | None = None, session: FakeSession | None = None):
        self.answers = answers or {}
        self.session = self.first = session or FakeSession()
        self.out_of_time = False
        self.asked: list[str] = []

    @property
    def load(self):
        return self.session.load

    @property
    def load_stopped(self) -> bool:
        return self.session.load.stopped

    def start(self) -> Outcome:
        return self.session.start()

    def send(self, op: Op, name: str, args=(), kwargs=None, seed=0) -> Ticket:
        self.asked.append(name)
        return Ticket(key=name)

    def receive(self, ticket: Ticket) -> Outcome:
        outcome = self.answers.get(ticket.key, Outcome(OutcomeKind.VALUE, 1.0))
        if outcome.kind is OutcomeKind.TIMEOUT:
            self.out_of_time = True
        return outcome

    def close(self) -> None:
        pass


def raised(type_: str, message: str = "", mro: tuple[str, ...] = ()) -> Outcome:
    return Outcome(OutcomeKind.RAISED, error=LearnerError(type_, message, mro or (type_, "Exception"),
                                                          (Frame("exercise0.py", 7, "return z.sum()", "f"),)))


def make_exercise() -> Exercise:
    exercise = Exercise(name="exercise0", title=Text("Fake", "가짜"), functions=("f", "g"))

    @exercise.check(points=2, function="f", hint=HINT)
    def f_is_one(ctx):
        """
        en: f() is 1
        ko: f() 는 1 이다
        """
        ctx.expect.close(ctx.learner.f(), 1.0, "f()")

    @exercise.check(points=1, function="g", hint=HINT, visibility="hidden")
    def g_is_one(ctx):
        """
        en: g() is what the reference says
        ko: g() 는 기준 답과 같다
        """
        got, want = ctx.both("g")
        ctx.expect.close(got, want, "g()")

    return exercise


def grade(learner: FakeWorker, reference: FakeWorker | None = None, exercise: Exercise | None = None):
    exercise = exercise or make_exercise()
    plan = GradingPlan(exercise, GradeOptions(), None, None, messages.Limits(60.0, 4 << 30))
    parties = Parties(learner, reference or FakeWorker(), FakeWorker())
    checks, notes = run_checks(plan, parties)
    return ExerciseReport(exercise.name, exercise.title, checks, 0.0, "test", 0, "exercise0.py", notes=notes)


def by_name(report):
    return {c.name: c for c in report.checks}


def test_a_correct_answer_passes_with_full_points():
    report = grade(FakeWorker())
    assert report.all_passed and report.score == 3


def test_not_implemented_is_not_attempted_not_an_error():
    report = grade(FakeWorker({"f": raised("NotImplementedError")}))
    f = by_name(report)["f_is_one"]
    assert f.status is Status.NOT_ATTEMPTED and f.points == 0
    assert f.message.en == "not attempted yet: f still raises NotImplementedError"


def test_an_exception_names_the_function_the_line_and_the_code():
    report = grade(FakeWorker({"f": raised("ValueError", "bad shape")}))
    message = by_name(report)["f_is_one"].message.en
    assert message == "f raised ValueError: bad shape (line 7: return z.sum())"


def test_a_wrong_value_fails_and_carries_the_hint():
    report = grade(FakeWorker({"f": Outcome(OutcomeKind.VALUE, 2.0)}))
    f = by_name(report)["f_is_one"]
    assert f.status is Status.FAILED and "expected" in f.message.en and f.hint == HINT


def test_a_timeout_ends_the_check_and_later_checks_are_not_run():
    report = grade(FakeWorker({"f": Outcome(OutcomeKind.TIMEOUT)}))
    f, g = by_name(report)["f_is_one"], by_name(report)["g_is_one"]
    assert f.status is Status.TIMEOUT and "time limit exceeded" in f.message.en
    assert g.status is Status.TIMEOUT and "earlier check (f_is_one)" in g.message.en


def test_a_process_ended_by_the_learner_says_how_and_where():
    learner = FakeWorker({"f": Outcome(OutcomeKind.DIED, detail="os._exit(3)")}, FakeSession(exit_line=12))
    message = by_name(grade(learner))["f_is_one"].message.en
    assert message == "your code ended the grading process while running f (os._exit(3)) at line 12"


def test_a_name_missing_because_loading_stopped_says_so():
    stopped = LoadReport(problems=(LoadProblem(ProblemKind.EXCEPTION, error=LearnerError("NameError", "x")),))
    learner = FakeWorker({"f": Outcome(OutcomeKind.MISSING)}, FakeSession(load=stopped))
    report = grade(learner)
    assert "loading stopped before it" in by_name(report)["f_is_one"].message.en
    assert any("loading your file raised NameError" in n.en for n in report.notes)


@pytest.mark.parametrize("kind, words", [
    (OutcomeKind.MEMORY, "memory limit exceeded: your code tried to use more than 4 GiB"),
    (OutcomeKind.MALFORMED, "could not read what your code sent back"),
    (OutcomeKind.UNCONVERTIBLE, "returned something the grader could not read"),
    (OutcomeKind.NOT_CALLABLE, "is a int, not a function"),
])
def test_every_other_kind_of_failure_is_an_error_with_its_own_message(kind, words):
    outcome = Outcome(kind, detail="int" if kind is OutcomeKind.NOT_CALLABLE else "x")
    f = by_name(grade(FakeWorker({"f": outcome})))["f_is_one"]
    assert f.status is Status.ERROR and words in f.message.en and not f.grader_fault


def test_a_process_that_dies_while_loading_fails_every_check_once_with_one_message():
    learner = FakeWorker(session=FakeSession(started=Outcome(OutcomeKind.DIED, detail="signal 9")))
    report = grade(learner)
    assert {c.status for c in report.checks} == {Status.ERROR}
    assert all("ended its process while loading (signal 9)" in c.message.en for c in report.checks)


def test_when_the_graders_own_code_fails_in_the_process_the_learner_is_not_blamed():
    fault = Outcome(OutcomeKind.GRADER_FAULT, detail="the worker failed: ModuleNotFoundError: No module named 'x'")
    report = grade(FakeWorker(session=FakeSession(started=fault)))
    assert all(c.grader_fault and c.status is Status.ERROR for c in report.checks)
    assert all("the grader itself failed" in c.message.en and "No module named 'x'" in c.message.en
               and "os._exit" not in c.message.en for c in report.checks)


def test_a_syntax_error_is_said_once_with_its_line_and_every_check_points_to_it():
    fatal = LoadFatal(FatalKind.SYNTAX, error=LearnerError("SyntaxError", "invalid syntax",
                                                           frames=(Frame("exercise0.py", 3, "def f(:"),)))
    report = grade(FakeWorker(session=FakeSession(load=LoadReport(fatal=fatal))))
    assert [n.en for n in report.notes] == ["your file has a syntax error at line 3: invalid syntax `def f(:`"]
    assert all(c.status is Status.ERROR and "see the note about your file" in c.message.en
               and "syntax" not in c.message.en for c in report.checks)


def test_a_bug_in_a_check_is_the_graders_fault_and_the_other_checks_still_run():
    exercise = make_exercise()

    @exercise.check(points=1, function="f", hint=HINT)
    def buggy(ctx):
        """
        en: a check with a bug
        ko: 버그가 있는 검사
        """
        raise ZeroDivisionError("oops")

    report = grade(FakeWorker(), exercise=exercise)
    bug = by_name(report)["buggy"]
    assert bug.status is Status.ERROR and bug.grader_fault and "not your fault" in bug.message.en
    assert by_name(report)["f_is_one"].passed and report.grader_fault


def test_a_constant_still_none_is_not_attempted():
    exercise = Exercise(name="exercise0", title=Text("Fake", "가짜"), functions=("FIT",))

    @exercise.check(points=1, function="FIT", hint=HINT)
    def fit_set(ctx):
        """
        en: FIT is set
        ko: FIT 이 있다
        """
        raise NotAttempted("FIT")

    check = grade(FakeWorker(), exercise=exercise).checks[0]
    assert check.status is Status.NOT_ATTEMPTED and check.message.en == "not attempted yet: FIT is still None"


def test_a_release_without_the_answer_leaves_the_check_to_official_grading():
    reference = FakeWorker({"g": Outcome(OutcomeKind.NOT_RECORDED)})
    g = by_name(grade(FakeWorker(), reference))["g_is_one"]
    assert g.status is Status.SKIPPED and "official grading" in g.message.en


def test_a_reference_that_fails_is_the_graders_fault():
    reference = FakeWorker({"g": raised("KeyError", "k")})
    g = by_name(grade(FakeWorker(), reference))["g_is_one"]
    assert g.status is Status.ERROR and g.grader_fault and "reference g: KeyError: k" in g.message.en


def test_every_format_shows_the_hint_for_a_wrong_answer_and_a_start_but_not_for_a_crash():
    report = grade(FakeWorker({"f": Outcome(OutcomeKind.VALUE, 2.0), "g": raised("NotImplementedError")}))
    crashed = grade(FakeWorker({"f": raised("ValueError", "v"), "g": Outcome(OutcomeKind.TIMEOUT)}))
    for render in (lambda r: text_report.render(r, "en"), lambda r: markdown.render([r], "en"),
                   lambda r: junit.render([("x", [r])], "en"), lambda r: gradescope.render([r], "en")):
        assert render(report).count("look at the axis") == 2, render(report)
        assert "look at the axis" not in render(crashed)


def test_korean_reports_use_korean_messages():
    report = grade(FakeWorker({"f": raised("NotImplementedError")}))
    assert "아직 시도하지 않음" in text_report.render(report, "ko")


# ----------------------------------------------------------------- the protocol refuses what it does not know


def test_a_reply_of_a_kind_only_the_grader_may_decide_is_refused():
    with pytest.raises(ProtocolError):
        parse_from_worker({"op": "reply", "id": 1, "kind": "timeout"})


@pytest.mark.parametrize("message", [
    None, [], "ready", {"op": "ready"}, {"op": "ready", "load": {"problems": "x"}},
    {"op": "ready", "load": {"problems": [{"kind": "nonsense"}]}},
    {"op": "reply", "id": "1", "kind": "value"}, {"op": "reply", "id": 1, "kind": "raised"},
    {"op": "reply", "id": 1, "kind": "value", "duration": float("nan")},
    {"op": "reply", "id": 1, "kind": "value", "warnings": [3]},
    {"op": "exiting", "how": 3}, {"op": "hello"},
])
def test_malformed_messages_are_protocol_errors_not_crashes(message):
    with pytest.raises(ProtocolError):
        parse_from_worker(message)


def test_texts_from_a_worker_are_cut_to_a_bound():
    reply = parse_from_worker({"op": "reply", "id": 1, "kind": "raised",
                               "error": {"type": "E" * 10_000, "message": "m" * 100_000,
                                         "frames": [{"file": "f", "line": 1}] * 5000}})
    assert len(reply.error.type) <= 100 and len(reply.error.message) <= 2000 and len(reply.error.frames) <= 10


def test_messages_round_trip_through_plain_data():
    note = ExitNote("os._exit", 3, (Frame("exercise0.py", 4, "", "f"),))
    assert parse_from_worker(json.loads(json.dumps(note.to_plain()))) == note
    load = LoadReport(None, (LoadProblem(ProblemKind.MAGICS, 2, count=1),), ("f",), 0.5, ("pandas",))
    from grader.sandbox.protocol import ReadyMessage
    assert parse_from_worker(ReadyMessage(load).to_plain()).load == load
