"""What ``grade validate`` says, in both languages: each problem names the file to fix and how."""

from __future__ import annotations

from grader.text import Text

# What each line of ``grade validate`` is about (a Finding's subject).
SUBJECT_SOLUTION = Text("solution (seed {seed})", "참조 답안 (시드 {seed})")
SUBJECT_STUB = Text("stub", "스텁")
SUBJECT_VARIANTS = Text("known-wrong variants", "알려진 오답 변형")
SUBJECT_VARIANT = Text("variant {name}", "변형 {name}")
SUBJECT_COVERAGE = Text("coverage", "검사마다 잡는 변형")
SUBJECT_DRAWS = Text("hidden draws", "숨은 입력 뽑기")
SUBJECT_THRESHOLDS = Text("thresholds", "기준값")

# The solution (solutions/NAME.py) under each grading seed.
SOLUTION_FAILS = Text("under grading seed {seed}, the reference does not pass {check}",
                      "채점 시드 {seed}에서 참조 답안이 {check} 을(를) 통과하지 못합니다")
FIX_SOLUTION = Text("fix {solution} so that it passes, or correct the check in {checks}",
                    "{solution} 을(를) 고쳐 통과하게 하거나, {checks} 의 검사를 바로잡으세요")
NO_POINTS = Text("the exercise has no points", "이 연습에는 점수가 없습니다")
FIX_NO_POINTS = Text("declare at least one check with points > 0 in {checks}",
                     "{checks} 에 점수가 0보다 큰 검사를 하나 이상 선언하세요")

# The stub (exercises/NAME.py).
STUB_ATTEMPTED = Text("the stub is not 'not attempted' at {check}",
                      "스텁이 {check} 에서 '시도하지 않음'이 아닙니다")
STUB_SCORES = Text("the stub scores {score:g}", "스텁이 {score:g}점을 받습니다")
FIX_STUB = Text("in {stub}, each function the learner writes should only `raise NotImplementedError`",
                "{stub} 에서 학습자가 작성할 함수는 `raise NotImplementedError` 만 해야 합니다")
NO_STUB = Text("no stub at {stub}", "{stub} 에 스텁이 없습니다")
FIX_NO_STUB = Text("write {stub}: the functions of the exercise, each raising NotImplementedError",
                   "{stub} 을(를) 작성하세요: 연습의 함수들이 각각 NotImplementedError를 발생시키게")

# The known-wrong variants (solutions/known_wrong/NAME.py).
VARIANTS_UNREADABLE = Text("cannot be read: {error}", "읽을 수 없습니다: {error}")
FIX_VARIANTS_UNREADABLE = Text("{variants} must define VARIANTS, a list of KnownWrong",
                               "{variants} 은(는) KnownWrong의 리스트인 VARIANTS를 정의해야 합니다")
NO_SUCH_CHECK = Text("names a check that does not exist: {check}",
                     "없는 검사를 가리킵니다: {check}")
FIX_NO_SUCH_CHECK = Text("in {variants}, name checks of {checks} in caught_by",
                         "{variants} 의 caught_by에는 {checks} 의 검사 이름을 쓰세요")
NOT_CAUGHT = Text("not caught by {check}", "{check} 이(가) 잡지 못합니다")
FIX_NOT_CAUGHT = Text("the variant is not wrong where {name} looks: change its code in {variants}, or make "
                      "{name} in {checks} stricter",
                      "이 변형은 {name} 이(가) 보는 곳에서 틀리지 않습니다: {variants} 의 코드를 바꾸거나 "
                      "{checks} 의 {name} 을(를) 더 엄격하게 하세요")
UNRELATED = Text("fails a check it should not affect: {check}",
                 "영향을 주지 않아야 할 검사에서 실패합니다: {check}")
FIX_UNRELATED = Text("add the check's function to the variant's affects in {variants}, or make the variant "
                     "change only the functions it names",
                     "{variants} 에서 변형의 affects에 그 검사의 함수를 더하거나, 변형이 지정한 함수만 바꾸게 하세요")

# Coverage: every check caught by some variant.
UNCAUGHT = Text("no known-wrong variant is caught by {check}: nothing proves this check can fail",
                "{check} 이(가) 잡는 알려진 오답 변형이 없습니다: 이 검사가 실패할 수 있다는 증거가 없습니다")
FIX_UNCAUGHT = Text("add to {variants} a variant with a mistake {check} catches, naming it in caught_by",
                    "{variants} 에 {check} 이(가) 잡는 실수를 담은 변형을 더하고 caught_by에 그 이름을 쓰세요")
UNKNOWN_FUNCTION = Text("variants affect functions the exercise does not have: {function}",
                        "변형이 연습에 없는 함수에 영향을 줍니다: {function}")
FIX_UNKNOWN_FUNCTION = Text("in {variants}, affects names functions of Exercise(functions=...) in {checks}",
                            "{variants} 의 affects에는 {checks} 의 Exercise(functions=...) 함수 이름을 쓰세요")
TOO_FEW = Text("{count} known-wrong variants; at least {least} are needed",
               "알려진 오답 변형이 {count}개입니다. 최소 {least}개가 필요합니다")
FIX_TOO_FEW = Text("add variants to {variants}", "{variants} 에 변형을 더하세요")

# Hidden checks: their draw changes with the grading seed.
SAME_DRAW = Text("hidden check {check} asks the same of the code under grading seeds {first} and {second}: "
                 "its inputs are not drawn at grading time",
                 "숨은 검사 {check} 이(가) 채점 시드 {first}와 {second}에서 코드에 똑같은 것을 묻습니다: "
                 "입력을 채점 때 뽑지 않습니다")
FIX_SAME_DRAW = Text("in {checks}, draw {check}'s inputs from ctx.rng (seeded by the grading's seed), or make "
                     "it a public check",
                     "{checks} 에서 {check} 의 입력을 ctx.rng (채점 시드로 정해짐)에서 뽑거나, 공개 검사로 바꾸세요")
DRAWS_CHANGE = Text("hidden check {check}: its draw changes with the grading seed",
                    "숨은 검사 {check}: 뽑는 입력이 채점 시드에 따라 바뀝니다")
ONE_SEED = Text("one grading seed only: the hidden draws are not compared (give --seeds with two or more)",
                "채점 시드가 하나뿐이라 숨은 입력을 비교하지 않았습니다 (--seeds에 둘 이상을 주세요)")
FIX_ONE_SEED = Text("run grade validate with --seeds 0,5,12345", "--seeds 0,5,12345 옵션을 주고 grade validate를 실행하세요")

# Trained models: every threshold cleared by the reference under every training seed.
BELOW = Text("{check}: the reference's {metric} is {value:.4g} under training seed {training} (grading seed "
             "{seed}); the threshold is {comparison} {threshold:g}",
             "{check}: 참조 답안의 {metric} 이(가) 학습 시드 {training} (채점 시드 {seed})에서 {value:.4g}입니다. "
             "기준은 {comparison} {threshold:g}")
FIX_BELOW = Text("every training seed must clear it, with room to spare: lower the threshold (in {checks}, or in "
                 "the pack's course.toml) or train the reference better in {solution}",
                 "모든 학습 시드에서 여유 있게 넘어야 합니다: 기준을 낮추거나 ({checks} 또는 팩의 course.toml), "
                 "{solution} 의 참조 답안을 더 잘 학습시키세요")
MARGIN = Text("{check}: {metric} {comparison} {threshold:g}: worst {worst:.4g} over {count} training(s), "
              "margin {margin:+.4g}",
              "{check}: {metric} {comparison} {threshold:g}: {count}번 학습 중 가장 나쁜 값 {worst:.4g}, "
              "여유 {margin:+.4g}")
