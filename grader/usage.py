"""What a learner reads when a command cannot grade (exit 2), in Korean and English."""

from __future__ import annotations

from grader.text import Text

UNKNOWN_EXERCISE = Text("Unknown exercise '{name}'.{hint} Run 'grade list' to see them all.",
                        "연습 '{name}' 은(는) 없습니다.{hint} 연습 목록은 'grade list'로 보세요.")
DID_YOU_MEAN = Text(" Did you mean '{close}'?", " '{close}' 을(를) 말씀하신 건가요?")
FUNCTION_OF = Text("Unknown exercise '{name}': {name} is a function of {owner}: grade {owner}",
                   "연습 '{name}' 은(는) 없습니다: {name} 은(는) {owner}의 함수입니다: grade {owner}")
NOT_GRADABLE = Text("{name} is not a .py file or a Jupyter notebook (.ipynb): hand in your exercise as one of those",
                    "{name} 은(는) .py 파일도 Jupyter 노트북(.ipynb)도 아닙니다: 연습은 둘 중 하나로 제출하세요")
NO_SUBMISSION = Text("no submission found: {path} does not exist (run grade from the course folder, or pass "
                     "--file PATH)",
                     "제출 파일이 없습니다: {path} 이(가) 없습니다 (강의 폴더에서 grade를 실행하거나 --file 경로를 주세요)")
NO_SUCH_FILE = Text("no such file: {path}", "그런 파일이 없습니다: {path}")
A_LINK = Text("{path} is a symbolic link; grade the file itself", "{path} 은(는) 심볼릭 링크입니다. 파일 자체를 채점하세요")
CANNOT_READ = Text("cannot read {path}", "{path} 을(를) 읽을 수 없습니다")
LEADS_TO_SOLUTION = Text("{path} leads to one of the course's reference solutions; hand in your own file",
                         "{path} 은(는) 강의의 모범 답안으로 이어집니다. 직접 작성한 파일을 제출하세요")
NO_FILE_NO_EXERCISE = Text("{name}: no such file, and no exercise of that name (grade NOTEBOOK.ipynb grades a file "
                           "as the exercise it is)",
                           "{name}: 그런 파일도, 그런 이름의 연습도 없습니다 (grade 노트북.ipynb는 파일을 알아본 연습으로 "
                           "채점합니다)")
HINT_RANGE = Text("{exercise} has checks 1 to {count}", "{exercise}의 검사는 1번부터 {count}번까지입니다")
