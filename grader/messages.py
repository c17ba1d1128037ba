"""The messages made from how a call to the learner's code, or the loading of its file, ended, in
English and Korean: errors, timeouts, limits, a check not run (and why), notes about the file as a
whole; so they read the same way in every exercise.

Elsewhere: check descriptions and hints live with their checks; the messages of a comparison with the
comparisons (:mod:`grader.framework.expect`, :mod:`~grader.framework.tables`,
:mod:`~grader.framework.models`, :mod:`~grader.framework.training`); usage errors (exit 2) in
:mod:`grader.usage`; a report's own words with its format (:mod:`grader.reports`).  Which message a
check's end gets is decided in :mod:`grader.framework.verdict`.
"""

from __future__ import annotations

from grader.sandbox.protocol import FatalKind, Frame, LearnerError, LoadFatal, LoadReport, ProblemKind
from grader.text import EMPTY, Text

NOT_ATTEMPTED = Text("not attempted yet: {function} still raises NotImplementedError",
                     "아직 시도하지 않음: {function} 이(가) 여전히 NotImplementedError를 발생시킵니다")
MISSING = Text("your file does not define {function}",
               "제출 파일에 {function} 이(가) 정의되어 있지 않습니다")
CONSTANT_NOT_SET = Text("not attempted yet: {name} is still None", "아직 시도하지 않음: {name} 이(가) 아직 None입니다")
MISSING_AFTER_STOP = Text("your file does not define {function}: loading stopped before it (see the note above)",
                          "제출 파일에 {function} 이(가) 정의되지 않았습니다. 그 전에 불러오기가 멈췄습니다 (위 안내 참고)")
NOT_CALLABLE = Text("{function} is a {kind}, not a function",
                    "{function} 은(는) 함수가 아니라 {kind}입니다")
TIMEOUT = Text("time limit exceeded: your code was still running after {seconds:g} s "
               "(an infinite loop, or too much work?)",
               "시간 제한 초과: {seconds:g}초가 지나도 코드가 끝나지 않았습니다 (무한 루프이거나 계산량이 너무 많은지 확인하세요)")
TIMEOUT_EARLIER = Text("not run: the time limit of {seconds:g} s ran out during an earlier check ({check})",
                       "실행되지 않음: 앞선 검사({check}) 도중 시간 제한 {seconds:g}초가 모두 소진되었습니다")
MEMORY = Text("memory limit exceeded: your code tried to use more than {limit}",
              "메모리 제한 초과: 코드가 {limit}보다 많은 메모리를 쓰려고 했습니다")
DIED = Text("your code ended the grading process while running {function} ({how})",
            "{function} 실행 중 코드가 채점 프로세스를 종료시켰습니다 ({how})")
DIED_AT = Text(" at {where}", " (위치: {where})")
SYS_EXIT = Text("{function} called sys.exit(); a function should return its result instead",
                "{function} 이(가) sys.exit()를 호출했습니다. 함수는 결과를 return 해야 합니다")
RAISED = Text("{function} raised {type}: {message}", "{function}에서 {type} 발생: {message}")
AT_LINE = Text(" (line {line}: {code})", " ({line}번째 줄: {code})")
DID_YOU_MEAN = Text(" Did you mean {owner}{suggestion}?", " 혹시 {owner}{suggestion} 을(를) 말한 것인가요?")
MALFORMED = Text("the grader could not read what your code sent back ({detail}); "
                 "the result was not used",
                 "코드가 돌려준 값을 채점기가 읽을 수 없어 사용하지 않았습니다 ({detail})")
UNCONVERTIBLE = Text("{function} returned something the grader could not read ({detail})",
                     "{function} 이(가) 돌려준 값을 채점기가 읽을 수 없습니다 ({detail})")
SYNTAX = Text("your file has a syntax error at line {line}: {message}{code}",
              "제출 파일 {line}번째 줄에 문법 오류가 있습니다: {message}{code}")
UNREADABLE_NOTEBOOK = Text("this file is not a readable notebook: it is JSON, but not in Jupyter's notebook format "
                           "(open it in Jupyter and save it again)",
                           "이 파일은 읽을 수 있는 노트북이 아닙니다: JSON 이지만 Jupyter 노트북 형식이 아닙니다 "
                           "(Jupyter에서 열어 다시 저장하세요)")
NOT_JSON_NOTEBOOK = Text("this file is not a readable notebook: it is not JSON, and a notebook saved by Jupyter is "
                         "(was it renamed to .ipynb?)",
                         "이 파일은 읽을 수 있는 노트북이 아닙니다: JSON 형식이 아닌데, Jupyter가 저장한 노트북은 "
                         "JSON입니다 (이름만 .ipynb로 바꾼 파일인가요?)")
EMPTY_FILE = Text("your file is empty: write your code in it and save it", "제출 파일이 비어 있습니다: 코드를 작성하고 저장하세요")
UNREADABLE = Text("the file could not be read: {message}", "파일을 읽을 수 없습니다: {message}")
GRADER_FAULT = Text("the grader itself failed on this check ({detail}); this is not your fault, "
                    "please tell your instructor",
                    "이 검사에서 채점기 자체에 문제가 생겼습니다 ({detail}). 학습자의 잘못이 아니니 강사에게 알려 주세요")
GRADER_FAULT_EXIT = Text("the grader itself failed on {count} check(s) of {exercise} (first: {check}); "
                         "the report marks them; this is not your fault, please tell your instructor",
                         "{exercise}의 검사 {count}개에서 채점기 자체에 문제가 생겼습니다 (첫 번째: {check}). "
                         "보고서에 표시되어 있습니다. 학습자의 잘못이 아니니 강사에게 알려 주세요")
DIED_LOADING = Text("your file ended its process while loading ({how}), so none of it could be graded; "
                    "remove os._exit / os.kill / os.abort from the top level of the file",
                    "파일을 불러오는 중 코드가 프로세스를 끝냈습니다({how}). 그래서 아무것도 채점할 수 없습니다. "
                    "파일 최상위의 os._exit / os.kill / os.abort를 지우세요")
BROKE_WORKER = Text("your code broke the grading process it ran in: the grader's code in that process failed after "
                    "your code had run ({detail}); a submission must not change or imitate the grader's own code",
                    "코드가 자신이 실행된 채점 프로세스를 망가뜨렸습니다. 코드가 실행된 뒤 그 프로세스 안의 채점기 코드가 "
                    "실패했습니다 ({detail}). 제출 파일은 채점기 자체의 코드를 바꾸거나 흉내 내면 안 됩니다")
WORKER_START = Text("the grader could not start a process for your code ({detail})",
                    "코드를 실행할 프로세스를 시작하지 못했습니다 ({detail})")

OFFICIAL_ONLY = Text("checked at official grading (this copy of the grader has no answers for it)",
                     "공식 채점 때 검사합니다 (이 채점기 사본에는 이 검사의 정답이 없습니다)")
NOT_SUBMITTED = Text("no file was handed in for this exercise", "이 연습의 제출 파일이 없습니다")
# A check that needs another (``needs=``), which did not pass: ``why`` is one of NEEDED_*.
NEEDS = Text("not run: it needs the check `{check}` ({description}), which {why}; fix that one first",
             "실행하지 않음: 이 검사는 `{check}` 검사({description})를 통과해야 하는데, 그 검사가 {why}. "
             "그 검사부터 고치세요")
NEEDED_FAILED = Text("failed", "실패했습니다")
NEEDED_ERROR = Text("ended in an error", "오류로 끝났습니다")
NEEDED_TIMEOUT = Text("ran out of time", "시간 제한을 넘겼습니다")
NEEDED_NOT_ATTEMPTED = Text("is not attempted yet", "아직 시도되지 않았습니다")
NEEDED_UNGRADABLE = Text("could not judge your answer (it says why)", "답을 채점할 수 없었습니다 (이유는 그 검사에 있습니다)")
NEEDED_NOT_RUN = Text("was not run either", "역시 실행되지 않았습니다")
TOO_LARGE = Text("not graded: your file {name} is {size} MiB, larger than the {limit} MiB a hand-in may be; "
                 "hand in only your code (clear large outputs of a notebook)",
                 "채점하지 못했습니다: 제출 파일 {name} 이(가) {size} MiB로, 제출 파일 한도 {limit} MiB보다 큽니다. "
                 "코드만 제출하세요 (노트북의 큰 출력은 지우세요)")
REFUSED_NAME = Text("{exercise}: {path} was not graded: a file or folder name in its path holds a control character "
                    "(a newline, a tab, a carriage return...) or bytes that are not UTF-8; rename it and submit again",
                    "{exercise}: {path} 은(는) 채점하지 않았습니다. 경로의 파일 또는 폴더 이름에 제어 문자(줄바꿈, 탭, "
                    "캐리지 리턴 등)나 UTF-8이 아닌 바이트가 있습니다. 이름을 바꿔 다시 제출하세요")

# Notes about the whole submission, shown above the checks.
NOTE_CELL_ERROR = Text("notebook cell {cell} raised {error}; the following cells still ran",
                       "노트북 {cell}번 셀에서 {error} 발생. 이후 셀은 계속 실행했습니다")
NOTE_CELL_SYNTAX = Text("notebook cell {cell} has a syntax error at line {line}: {message}; it was skipped",
                        "노트북 {cell}번 셀 {line}번째 줄에 문법 오류: {message}. 이 셀은 건너뛰었습니다")
NOTE_MAGICS = Text("notebook cell {cell}: {count} IPython line(s) (%magic or !shell) were skipped",
                   "노트북 {cell}번 셀: IPython 전용 줄(%매직, !셸) {count}개를 건너뛰었습니다")
NOTE_CHECK_CALLS = Text(
    "notebook cell {cell}: grader.check(...) was skipped; it grades the cells a Jupyter kernel ran, and here "
    "the notebook is graded as saved",
    "노트북 {cell}번 셀: grader.check(...)는 건너뛰었습니다. 이 함수는 Jupyter 커널이 실행한 셀을 채점하는데, "
    "여기서는 저장된 노트북을 채점합니다")
NOTE_EXIT = Text("your file calls sys.exit({code}){where} while loading; what was defined before it is graded",
                 "파일을 불러오는 중 sys.exit({code}) 을(를) 호출합니다{where}. 그 전에 정의된 내용만 채점합니다")
NOTE_LOAD_ERROR = Text("loading your file raised {error}{where}.{suggestion} Only what was defined before "
                       "that line is graded",
                       "파일을 불러오는 중 {error} 발생{where}.{suggestion} 그 줄 전에 정의된 내용만 채점합니다")
NOTE_NOT_ISOLATED = Text("this machine does not allow process isolation ({why}): your code ran with "
                         "time and memory limits only",
                         "이 컴퓨터에서는 프로세스 격리를 쓸 수 없어({why}) 시간·메모리 제한만 두고 코드를 실행했습니다")
NOTE_LANDLOCK = Text("isolation level 'landlock' ({why}): your code could read only the Python runtime and "
                     "its libraries and write only its own scratch folder, but it shared the machine's "
                     "processes and network (SECURITY.md)",
                     "격리 수준 'landlock' ({why}): 코드는 파이썬과 라이브러리만 읽고 자기 작업 폴더에만 쓸 수 "
                     "있었지만, 이 컴퓨터의 프로세스·네트워크는 함께 썼습니다 (SECURITY.md)")
NOTE_USER_NAMESPACE = Text("isolation level 'user-namespace' (grade runs as an ordinary user): your code ran "
                           "under your own uid, in namespaces that hide your files (SECURITY.md)",
                           "격리 수준 'user-namespace' (일반 사용자로 실행): 코드는 사용자 본인의 uid로, 파일을 "
                           "가리는 네임스페이스 안에서 실행되었습니다 (SECURITY.md)")


CHOSEN_OVER_STUB = Text("graded {graded}; {aside} was left aside: it is still the untouched stub",
                        "{graded} 을(를) 채점했습니다. {aside} 은(는) 손대지 않은 연습 파일 그대로라 제외했습니다")
CHOSEN_NEWER = Text("graded {graded}, the newer of the two; {aside} was left aside (pass --file to choose)",
                    "둘 중 더 최근에 저장한 {graded} 을(를) 채점했습니다. {aside} 은(는) 제외했습니다 "
                    "(--file로 고를 수 있습니다)")


def chosen_note(graded: str, aside: str, because_stub: bool) -> Text:
    """Which of a learner's two files was graded, and why (both a .py and a notebook exist)."""
    return (CHOSEN_OVER_STUB if because_stub else CHOSEN_NEWER).format(graded=graded, aside=aside)


AT_CELL = Text(" (cell {cell}, line {line}: {code})", " ({cell}번 셀 {line}번째 줄: {code})")
AT_LINE_ONLY = Text(" (line {line})", " ({line}번째 줄)")
AT_CELL_ONLY = Text(" (cell {cell}, line {line})", " ({cell}번 셀 {line}번째 줄)")


def _cell_of(frame: Frame) -> str | None:
    """Notebook cells are compiled as ``<file> [cell N]``."""
    return frame.file.rsplit("[cell ", 1)[1].rstrip("]") if "[cell " in frame.file else None


def where(frame: Frame | None) -> Text:
    """`` (line 12: x = y)``, or `` (cell 3, line 2: x = y)`` in a notebook."""
    if frame is None or not frame.line:
        return EMPTY
    cell, code = _cell_of(frame), frame.code.strip()
    if cell is None:
        return AT_LINE.format(line=frame.line, code=code) if code else AT_LINE_ONLY.format(line=frame.line)
    return (AT_CELL.format(cell=cell, line=frame.line, code=code) if code
            else AT_CELL_ONLY.format(cell=cell, line=frame.line))


def _line_label(frame: Frame) -> str:
    cell = _cell_of(frame)
    return f"{frame.line} (cell {cell})" if cell else str(frame.line)


def error_text(error: LearnerError) -> Text:
    """``ValueError: ... (line 12: x = ...) Did you mean ...?``"""
    text = Text(f"{error.type}: {error.message}", f"{error.type}: {error.message}") + where(error.line)
    return text + _suggestion(error)


def raised(function: str, error: LearnerError) -> Text:
    if error.is_a("SystemExit"):
        return SYS_EXIT.format(function=function)
    return (RAISED.format(function=function, type=error.type, message=error.message)
            + where(error.line) + _suggestion(error))


NOT_RUN_WHOLE_FILE = Text("not graded: your file as a whole could not be run (see the note about your file above)",
                          "채점하지 못했습니다: 제출 파일 전체를 실행할 수 없었습니다 (위의 파일에 대한 안내를 보세요)")


def fatal_load(fatal: LoadFatal) -> Text:
    if fatal.kind is FatalKind.SYNTAX:
        frame = fatal.error.line if fatal.error else None
        code = f" `{frame.code.strip()}`" if frame and frame.code.strip() else ""
        return SYNTAX.format(line=_line_label(frame) if frame else "?",
                             message=fatal.error.message if fatal.error else "", code=code)
    if fatal.kind is FatalKind.NOTEBOOK:
        return UNREADABLE_NOTEBOOK
    if fatal.kind is FatalKind.NOT_JSON:
        return NOT_JSON_NOTEBOOK
    return UNREADABLE.format(message=fatal.message[:300])


def load_notes(load: LoadReport) -> list[Text]:
    """What went wrong while loading that the learner should know, in order."""
    notes = []
    for problem in load.problems:
        kind, cell, err = problem.kind, problem.cell, problem.error
        if kind is ProblemKind.MAGICS:
            notes.append(NOTE_MAGICS.format(cell=cell, count=problem.count))
        elif kind is ProblemKind.CHECK_CALLS:
            notes.append(NOTE_CHECK_CALLS.format(cell=cell))
        elif kind is ProblemKind.SYNTAX and err is not None:
            notes.append(NOTE_CELL_SYNTAX.format(cell=cell, line=err.line.line if err.line else "?",
                                                 message=err.message))
        elif kind is ProblemKind.EXIT:
            notes.append(NOTE_EXIT.format(code=problem.code, where=where(problem.frames[-1] if problem.frames else None)))
        elif kind is ProblemKind.EXCEPTION and err is not None:
            if cell is not None:
                notes.append(NOTE_CELL_ERROR.format(cell=cell, error=error_text(err)))
            else:
                notes.append(NOTE_LOAD_ERROR.format(error=f"{err.type}: {err.message}", where=where(err.line),
                                                    suggestion=_suggestion(err)))
    return notes


def _suggestion(err: LearnerError) -> Text:
    if not err.suggestion:
        return EMPTY
    owner = f"{err.owner}." if err.owner else ""
    return DID_YOU_MEAN.format(owner=owner, suggestion=err.suggestion)


class Limits:
    """The limits a learner's process ran under, for messages."""

    def __init__(self, timeout: float, memory_bytes: int | None) -> None:
        self.timeout = timeout
        self.memory_bytes = memory_bytes

    @property
    def memory_label(self) -> str:
        if not self.memory_bytes:
            return "?"
        gib = self.memory_bytes / (1 << 30)
        return f"{gib:g} GiB" if gib >= 1 else f"{self.memory_bytes / (1 << 20):g} MiB"

