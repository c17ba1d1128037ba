"""exercise8: perceptrons and logic gates; NAND is universal (notes 000, 003).

The gates must be built from ``nand`` alone.  To see that from outside the learner's process,
``*_from_nand_only`` checks call the learner's gate with *traced* inputs while ``nand`` is
replaced by a recorder (``grader/harness/ops/gradients.py``): a traced input can only be passed
to ``nand``, so a lookup table, ``1 - a``, ``a and b`` or a perceptron fails.  The recorder sends
back the circuit of nand calls, plain data; this process evaluates that circuit with its own NAND
on the four inputs.  A circuit computing the gate is the proof asked for, however it was sent.
"""

import numpy as np

from grader.authoring import ops
from grader.authoring import Exercise, LearnerStopped, Text, attach, call_label

exercise = Exercise(
    name="exercise8",
    title=Text("Perceptrons and logic gates", "퍼셉트론과 논리 게이트"),
    functions=("perceptron", "nand", "not_gate", "and_gate", "or_gate", "xor_gate", "xor_network"),
    notes=("000", "003"),
    timeout=60,
)

PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1)]
NAND = {p: int(not (p[0] and p[1])) for p in PAIRS}

HINT_PERCEPTRON = Text(
    "Compute z = np.dot(x, w) + b and return int(z > 0): strictly greater than 0 (z == 0 gives 0), "
    "and an int, not a bool.",
    "z = np.dot(x, w) + b를 계산해 int(z > 0)을 돌려주세요: 0보다 '큰' 경우만 1 (z == 0이면 0)이고, "
    "bool이 아니라 int입니다.")
HINT_NAND = Text(
    "NAND is 0 only when both inputs are 1. Pick one weight per input and one bias so that "
    "w·x + b > 0 for (0,0), (0,1), (1,0) but not for (1,1) (e.g. negative weights and a positive "
    "bias), and return perceptron([a, b], w, b).",
    "NAND는 두 입력이 모두 1 일 때만 0입니다. (0,0), (0,1), (1,0) 에서는 w·x + b > 0이고 (1,1) 에서는 "
    "아니도록 입력마다 가중치 하나와 편향 하나를 고르세요 (예: 음수 가중치와 양수 편향). 그리고 "
    "perceptron([a, b], w, b)를 돌려주세요.")
HINT_GATE = Text(
    "Use nothing but nand: NOT a = nand(a, a); AND = NOT of NAND; OR a b = nand(NOT a, NOT b); "
    "XOR needs four nand calls (or AND of OR and NAND). No if, and/or/not, arithmetic, comparisons "
    "or tables on the inputs: the grader traces your nand calls.",
    "nand만 쓰세요: NOT a = nand(a, a); AND는 NAND의 NOT; OR a b = nand(NOT a, NOT b); XOR은 nand "
    "네 번 (또는 OR과 NAND의 AND)입니다. 입력에 if, and/or/not, 산술, 비교, 표를 쓰지 마세요: 채점기가 "
    "nand 호출을 추적합니다.")
HINT_NETWORK = Text(
    "Make one hidden unit OR (weights 1, 1, bias -0.5) and the other NAND (weights -1, -1, bias 1.5); "
    "the output unit ANDs them (weights 1, 1, bias -1.5). Column j of W1 holds hidden unit j's "
    "weights; shapes W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,).",
    "은닉 유닛 하나는 OR (가중치 1, 1, 편향 -0.5), 다른 하나는 NAND (가중치 -1, -1, 편향 1.5)로 만들고, "
    "출력 유닛이 둘을 AND 합니다 (가중치 1, 1, 편향 -1.5). W1의 j 번째 열이 은닉 유닛 j의 가중치이고, "
    "모양은 W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)입니다.")

NOT_NAND_ONLY = Text(
    "{gate} is not built from nand alone: called with traced inputs and the grader's nand, it "
    "raised {detail}. Pass the inputs (or 0 and 1) only to nand, and nand's outputs only to nand "
    "again; call `nand` by that name.",
    "{gate} 이(가) nand 만으로 만들어지지 않았습니다: 추적용 입력과 채점기의 nand로 호출하자 {detail} 이(가) "
    "발생했습니다. 입력 (또는 0과 1)은 nand 에만, nand의 출력도 다시 nand 에만 넘기고, `nand`를 그 "
    "이름으로 호출하세요.")
CIRCUIT_WRONG = Text(
    "{gate} is a circuit of {count} nand call(s), but with a true NAND that circuit gives {got} for "
    "inputs {inputs}; {gate} must give {want}",
    "{gate} 은(는) nand {count}번으로 된 회로인데, 올바른 NAND로 계산하면 입력 {inputs}에 대해 {got} 이(가) "
    "나옵니다. {gate} 은(는) {want} 이어야 합니다")
BAD_TRACE = Text("the trace of {gate} sent back by your process is not readable ({why})",
                 "여러분의 프로세스가 보낸 {gate}의 추적 결과를 읽을 수 없습니다 ({why})")
NOT_NUMBERS = Text("{call} is not numbers x and w of one length and one number b",
                   "{call} 은(는) 길이가 같은 숫자 x, w와 숫자 하나 b가 아닙니다")
NO_PERCEPTRON = Text(
    "nand{pair} did not call perceptron: make NAND from one perceptron with weights and a bias you choose",
    "nand{pair} 이(가) perceptron을 호출하지 않았습니다: 직접 고른 가중치와 편향으로 perceptron 하나를 써서 "
    "NAND를 만드세요")
WEIGHTS_VARY = Text(
    "nand called perceptron with different weights or bias for different inputs ({first} and {other}): "
    "a gate has one fixed set of weights",
    "nand가 입력에 따라 다른 가중치나 편향으로 perceptron을 호출했습니다 ({first}, {other}). 게이트의 "
    "가중치는 하나로 고정되어야 합니다")
NOT_ITS_PERCEPTRON = Text(
    "nand{pair} returned {got}, but its perceptron call perceptron({x}, {w}, {b}) gives {want}: "
    "return the perceptron's output",
    "nand{pair} 이(가) {got} 을(를) 돌려주었지만, 그 perceptron 호출 perceptron({x}, {w}, {b})의 결과는 "
    "{want}입니다: perceptron의 출력을 돌려주세요")
NOT_NAND_WEIGHTS = Text(
    "nand's perceptron (w = {w}, b = {b}) gives {got} for (0,0), (0,1), (1,0), (1,1); NAND is [1, 1, 1, 0]",
    "nand의 perceptron (w = {w}, b = {b}) 은(는) (0,0), (0,1), (1,0), (1,1)에 대해 {got} 을(를) 줍니다. "
    "NAND는 [1, 1, 1, 0]입니다")
NETWORK_TYPE = Text("xor_network() returned {got}; expected a tuple (W1, b1, W2, b2) of 4 arrays",
                    "xor_network()가 {got} 을(를) 돌려주었습니다. 배열 4개의 튜플 (W1, b1, W2, b2)가 필요합니다")
NETWORK_SIZE = Text(
    "xor_network(): {name} has {size} numbers (shape {shape}); a 2-2-1 network needs {want}",
    "xor_network(): {name}의 원소가 {size}개 (모양 {shape})입니다. 2-2-1 신경망에는 {want} 이(가) 필요합니다")
NETWORK_WRONG = Text(
    "xor_network(): with step units (step(z) = 1 if z > 0) the network gives {got} for inputs "
    "(0,0), (0,1), (1,0), (1,1); XOR is [0, 1, 1, 0]",
    "xor_network(): 계단 함수 유닛 (z > 0이면 1)으로 계산하면 입력 (0,0), (0,1), (1,0), (1,1)에 대해 "
    "{got} 이(가) 나옵니다. XOR은 [0, 1, 1, 0]입니다")
NETWORK_SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}


# ------------------------------------------------------------------ perceptron


@exercise.check(points=1, function="perceptron", visibility="public", hint=HINT_PERCEPTRON)
def perceptron_example(ctx):
    """
    en: perceptron([1, 0], [0.5, 0.5], -0.2) is 1 and perceptron([1, 0], [0.5, 0.5], -0.7) is 0, as ints
    ko: perceptron([1, 0], [0.5, 0.5], -0.2)는 1, perceptron([1, 0], [0.5, 0.5], -0.7)은 0 (int)
    """
    for args, want in [(([1, 0], [0.5, 0.5], -0.2), 1), (([1, 0], [0.5, 0.5], -0.7), 0),
                       (([0, 0], [0.5, 0.5], 0.3), 1)]:
        ctx.expect.integer(ctx.learner.perceptron(*args), want, call_label("perceptron", *args))


@exercise.check(points=1, function="perceptron", visibility="public", hint=HINT_PERCEPTRON)
def perceptron_zero_is_not_above(ctx):
    """
    en: when w · x + b is exactly 0 the perceptron gives 0 (it fires only when strictly > 0)
    ko: w · x + b가 정확히 0이면 퍼셉트론은 0을 줍니다 (0보다 클 때만 1)
    """
    for args in [([1, 1], [0.5, 0.5], -1.0), ([2, 1], [0.25, -0.5], 0.0), ([0, 0], [1.0, 1.0], 0.0)]:
        ctx.expect.integer(ctx.learner.perceptron(*args), 0, call_label("perceptron", *args))


@exercise.check(points=2, function="perceptron", visibility="hidden", hint=HINT_PERCEPTRON)
def perceptron_drawn(ctx):
    """
    en: inputs, weights and biases drawn at grading time (2 to 6 inputs), one of them exactly on the boundary
    ko: 채점 때 뽑은 입력, 가중치, 편향 (입력 2~6개), 그중 하나는 정확히 경계 (w · x + b = 0)
    """
    cases = []
    for i in range(6):
        n = int(ctx.rng.integers(2, 7))
        x, w = ctx.rng.normal(size=n), ctx.rng.normal(size=n)
        # z = w · x + b at least 0.01 away from 0 (no rounding-dependent answers); in the first two
        # cases the bias flips the sign of w · x, so it decides the answer.
        z = float(ctx.rng.uniform(0.01, 2.0)) * (1 if ctx.rng.random() < 0.5 else -1)
        if i < 2 and (z > 0) == (float(np.dot(x, w)) > 0):
            z = -z
        cases.append((x, w, z - float(np.dot(x, w))))
    order = ctx.rng.permutation(6)
    cases = [cases[int(i)] for i in order]
    # Small integers times quarters: every partial sum is exact, so z is 0 in any order of summing.
    n = int(ctx.rng.integers(2, 7))
    x, w = ctx.rng.integers(-3, 4, size=n).astype(float), ctx.rng.integers(-8, 9, size=n) / 4
    cases.insert(int(ctx.rng.integers(0, 7)), (x, w, -float(np.dot(x, w))))
    for x, w, b in cases:
        want = int(float(np.dot(x, w)) + b > 0)
        ctx.expect.integer(ctx.learner.perceptron(x, w, b), want, call_label("perceptron", x, w, b))


# ------------------------------------------------------------------ nand


@exercise.check(points=2, function="nand", visibility="public", hint=HINT_NAND)
def nand_truth_table(ctx):
    """
    en: nand gives 1, 1, 1, 0 for (0,0), (0,1), (1,0), (1,1), as ints (note 000's universal gate)
    ko: nand는 (0,0), (0,1), (1,0), (1,1)에 대해 1, 1, 1, 0 (int)을 줍니다 (노트 000의 유니버설 게이트)
    """
    for pair in PAIRS:
        ctx.expect.integer(ctx.learner.nand(*pair), NAND[pair], call_label("nand", *pair))


def _as_int(value):
    """A 0/1 answer as an int (its type is judged by nand_truth_table, not here), else None."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iub":
        value = value.item()
    return int(value) if isinstance(value, (bool, int)) else None


def _float_list(value, length=None):
    if not isinstance(value, (list, tuple)) or not value or len(value) > 64:
        return None
    value = list(value)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v) for v in value):
        return None
    return value if length is None or len(value) == length else None


@exercise.check(points=1, function="nand", visibility="public", hint=HINT_NAND)
def nand_is_a_perceptron(ctx):
    """
    en: nand returns the output of its call to perceptron, with one fixed choice of weights and bias for every input
    ko: nand는 모든 입력에 같은 가중치와 편향으로 호출한 perceptron의 출력을 돌려줍니다
    """
    request = ops.TracePerceptronCalls(gate="nand", inputs=[list(p) for p in PAIRS])
    outcome = ctx.learner.harness_outcome(request)
    if not outcome.ok:
        raise LearnerStopped(outcome, "nand")
    traces = ctx.learner.reply_of(outcome, request).traces
    if len(traces) != 4:
        ctx.fail(BAD_TRACE.format(gate="nand", why=Text("not a list of 4 records", "기록 4개의 리스트가 아님")))
    weights, outputs = None, []
    for pair, trace in zip(PAIRS, traces):
        calls = trace.calls
        if not calls:
            ctx.fail(NO_PERCEPTRON.format(pair=pair))
        last = [None if argument is None else list(argument) for argument in calls[-1]]  # (x, w, b)
        x, w, b = _float_list(last[0]), _float_list(last[1]), _float_list(last[2], 1)
        if x is None or w is None or b is None or len(x) != len(w):
            ctx.fail(BAD_TRACE.format(gate="nand", why=NOT_NUMBERS.format(call=f"perceptron{tuple(last)}")))
        if weights is None:
            weights = (w, b)
        elif (w, b) != weights:
            ctx.fail(WEIGHTS_VARY.format(first=f"w={weights[0]}, b={weights[1][0]}",
                                         other=f"w={w}, b={b[0]}"))
        fired = int(float(np.dot(x, w)) + b[0] > 0)
        if _as_int(trace.value) != fired:
            ctx.fail(NOT_ITS_PERCEPTRON.format(pair=pair, got=ctx.expect.show(trace.value, 40),
                                               x=x, w=w, b=b[0], want=fired))
        outputs.append(fired)
    if outputs != [NAND[p] for p in PAIRS]:
        ctx.fail(NOT_NAND_WEIGHTS.format(w=weights[0], b=weights[1][0], got=outputs))


# ------------------------------------------------------------------ gates from nand


def _evaluate(nodes, output, inputs):
    """The value of a traced circuit (plain data from the learner's process) on ``inputs``."""
    values = []

    def value(ref):
        if isinstance(ref, int) and not isinstance(ref, bool) and ref in (0, 1):
            return ref
        if isinstance(ref, str) and ref in inputs:
            return inputs[ref]
        if isinstance(ref, str) and ref[:1] == "n" and ref[1:].isdigit() and int(ref[1:]) < len(values):
            return values[int(ref[1:])]
        raise ValueError("unknown wire")

    for node in nodes:
        if not isinstance(node, (list, tuple)) or len(node) != 2:
            raise ValueError("a nand call without two inputs")
        values.append(1 - (value(node[0]) & value(node[1])))
    return value(output)


def _judge_circuit(ctx, gate, arity, table):
    request = ops.TraceNandCircuit(gate=gate, arity=arity)
    outcome = ctx.learner.harness_outcome(request)
    if not outcome.ok:
        raise LearnerStopped(outcome, gate)
    trace = ctx.learner.reply_of(outcome, request)  # a malformed record is the learner's error
    if not trace.traced:
        ctx.fail(NOT_NAND_ONLY.format(gate=gate, detail=trace.detail))
    nodes = trace.nodes
    got = []
    try:
        for inputs in table:
            got.append(_evaluate(nodes, trace.output, dict(zip("ab", inputs))))
    except ValueError:
        ctx.fail(BAD_TRACE.format(gate=gate, why=Text(
            "a wire that is not an input, 0, 1 or an earlier nand call",
            "입력, 0, 1, 앞선 nand 호출 중 어느 것도 아닌 연결")))
    want = list(table.values())
    if got != want:
        ctx.fail(CIRCUIT_WRONG.format(gate=gate, count=len(nodes), got=got, want=want,
                                      inputs=_inputs_label(table)))


def _inputs_label(table):
    return ", ".join(str(i[0]) if len(i) == 1 else str(i) for i in table)


def _gate_checks(gate, arity, table, en, ko):
    def truth_table(ctx):
        for inputs, want in table.items():
            ctx.expect.integer(getattr(ctx.learner, gate)(*inputs), want, call_label(gate, *inputs))

    def from_nand_only(ctx):
        _judge_circuit(ctx, gate, arity, table)

    shown = ", ".join(str(v) for v in table.values())
    args = _inputs_label(table)
    truth_table.__doc__ = (f"\n    en: {gate} gives {shown} for {args} ({en}), as ints\n"
                           + attach(f"    ko: {gate} 은(는) {args}에 대해 int {shown} 을(를) 줍니다 ({ko})\n"))
    from_nand_only.__doc__ = (
        f"\n    en: {gate} is built from nand alone: traced with the grader's nand, its circuit of nand "
        f"calls computes {en}\n"
        + attach(f"    ko: {gate} 은(는) nand만으로 만들어졌습니다: 채점기의 nand로 추적한 nand 회로가 {ko} 을(를) "
                 "계산합니다\n"))
    exercise.check(points=1, function=gate, visibility="public", hint=HINT_GATE,
                   name=f"{gate}_truth_table")(truth_table)
    exercise.check(points=1, function=gate, visibility="public", hint=HINT_GATE,
                   name=f"{gate}_from_nand_only")(from_nand_only)


_gate_checks("not_gate", 1, {(0,): 1, (1,): 0}, "NOT", "NOT")
_gate_checks("and_gate", 2, {p: int(p[0] and p[1]) for p in PAIRS}, "AND", "AND")
_gate_checks("or_gate", 2, {p: int(p[0] or p[1]) for p in PAIRS}, "OR", "OR")
_gate_checks("xor_gate", 2, {p: p[0] ^ p[1] for p in PAIRS}, "XOR", "XOR")


# ------------------------------------------------------------------ xor_network


def _network(ctx):
    """The learner's (W1, b1, W2, b2) as float arrays, checked to be a 2-2-1 network's numbers."""
    got = ctx.learner.xor_network()
    ctx.expect.plain_or_fail(got, "xor_network()", "a tuple (W1, b1, W2, b2)")
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        ctx.fail(NETWORK_TYPE.format(got=ctx.expect.show(got, 80)))
    arrays = {}
    for (name, shape), value in zip(NETWORK_SHAPES.items(), got):
        arr = ctx.expect.as_array(value, f"xor_network() {name}").astype(float)
        if arr.size != int(np.prod(shape)) or (name == "W1" and arr.shape != (2, 2)):
            ctx.fail(NETWORK_SIZE.format(name=name, size=arr.size, shape=arr.shape, want=f"shape {shape}"))
        if not np.isfinite(arr).all():
            ctx.fail(ctx.expect.HAS_NAN.format(call=f"xor_network() {name}", index="?",
                                               expected="finite numbers"))
        arrays[name] = arr
    return got, arrays


@exercise.check(points=1, function="xor_network", visibility="public", hint=HINT_NETWORK)
def xor_network_shapes(ctx):
    """
    en: xor_network() returns (W1, b1, W2, b2) of shapes (2, 2), (2,), (2, 1), (1,): a 2-2-1 network
    ko: xor_network()는 모양이 (2, 2), (2,), (2, 1), (1,) 인 (W1, b1, W2, b2)를 돌려줍니다: 2-2-1 신경망
    """
    got, _ = _network(ctx)
    for (name, shape), value in zip(NETWORK_SHAPES.items(), got):
        arr = ctx.expect.as_array(value, f"xor_network() {name}")
        if arr.shape != shape:
            ctx.fail(ctx.expect.SHAPE.format(call=f"xor_network() {name}", got=arr.shape, expected=shape))


@exercise.check(points=2, function="xor_network", visibility="public", hint=HINT_NETWORK)
def xor_network_computes_xor(ctx):
    """
    en: the network of step units computes XOR on (0,0), (0,1), (1,0), (1,1): 0, 1, 1, 0 (evaluated by the grader)
    ko: 계단 함수 유닛으로 된 신경망이 (0,0), (0,1), (1,0), (1,1)에서 XOR (0, 1, 1, 0)을 계산합니다 (채점기가 계산)
    """
    _, net = _network(ctx)
    x = np.array(PAIRS, dtype=float)
    hidden = (x @ net["W1"] + net["b1"].reshape(2) > 0).astype(float)
    out = (hidden @ net["W2"].reshape(2, 1) + net["b2"].reshape(1) > 0).astype(int)[:, 0]
    if out.tolist() != [0, 1, 1, 0]:
        ctx.fail(NETWORK_WRONG.format(got=out.tolist()))
