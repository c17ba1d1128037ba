"""Operations for exercises 8-10: GradientTape and R2Score references, and tracing logic gates.

``neuron_tape_gradients`` and ``keras_r2_score`` run in the REFERENCE worker
(trusted): they are what TensorFlow itself says, for the grader to compare
with.  ``trace_nand_circuit`` and ``trace_perceptron_calls`` run in the
LEARNER's worker, because they call the learner's functions: what they return
is untrusted evidence that the grading process judges itself (it evaluates a
traced circuit with its own NAND, and re-runs a recorded perceptron call).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

import numpy as np

from grader.harness.operation import (HarnessReply, HarnessRequest, ReplyMalformed, count, floats, label, real,
                                      record, sequence)
from grader.harness.ops.maths import Number

#: A circuit with more nand gates than this is cut short (a gate that loops or recurses).
MAX_GATES = 10_000


@dataclass(frozen=True)
class TapeGradients(HarnessReply):
    """(dE/dw, dE/db) as TensorFlow computed them."""

    dw: np.ndarray
    db: float

    def to_plain(self) -> tuple:
        return (self.dw, self.db)

    @classmethod
    def from_plain(cls, data: Any) -> "TapeGradients":
        items = sequence(data, "gradients", 2)
        if len(items) != 2:
            raise ReplyMalformed("gradients: expected (dE/dw, dE/db)")
        return cls(floats(items[0], "dE/dw", 10_000), real(items[1], "dE/db", finite=False))


@dataclass(frozen=True)
class NeuronTapeGradients(HarnessRequest):
    """(dE/dw, dE/db) by tf.GradientTape for a = sigmoid(w . x + b), E = 0.5 * (a - y)**2."""

    name: ClassVar[str] = "neuron_tape_gradients"
    reply: ClassVar[type] = TapeGradients

    x: Any
    w: Any
    b: float
    y: float

    def run(self, namespace: dict) -> TapeGradients:
        import tensorflow as tf

        x_t = tf.constant(np.asarray(self.x, dtype="float64"))
        w_v = tf.Variable(np.asarray(self.w, dtype="float64"))
        b_v = tf.Variable(float(self.b), dtype=tf.float64)
        with tf.GradientTape() as tape:
            a = tf.sigmoid(tf.reduce_sum(w_v * x_t) + b_v)
            error = 0.5 * (a - float(self.y)) ** 2
        dw, db = tape.gradient(error, [w_v, b_v])
        return TapeGradients(np.asarray(dw.numpy()), float(db.numpy()))


@dataclass(frozen=True)
class KerasR2Score(HarnessRequest):
    """``keras.metrics.R2Score`` of one output column (Keras works in float32)."""

    name: ClassVar[str] = "keras_r2_score"
    reply: ClassVar[type] = Number

    y: Any
    y_pred: Any

    def run(self, namespace: dict) -> Number:
        import keras

        metric = keras.metrics.R2Score()
        metric.update_state(np.asarray(self.y, dtype="float32").reshape(-1, 1),
                            np.asarray(self.y_pred, dtype="float32").reshape(-1, 1))
        return Number(float(metric.result()))


# ------------------------------------------------------------------ tracing gates (learner's worker)


class NotNandOnly(TypeError):
    """A traced gate did something with a wire other than passing it to nand."""


class TracedWire:
    """The output of one traced nand call (or a gate input): it can only go into nand."""

    __slots__ = ("ref",)
    __hash__ = None  # a lookup table keyed by inputs fails

    def __init__(self, ref: str) -> None:
        self.ref = ref

    def __bool__(self) -> bool:
        raise NotNandOnly("an input or a nand output was used as a truth value (if/and/or/not)")

    def _compared(self, other: Any) -> bool:
        raise NotNandOnly("an input or a nand output was compared (==, <, ...)")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _compared

    def _converted(self) -> Any:
        raise NotNandOnly("an input or a nand output was converted to a number (int(), float(), ...)")

    __int__ = __float__ = __index__ = __complex__ = _converted

    def __repr__(self) -> str:
        return f"<traced {self.ref}>"


class _Circuit:
    """Records nand calls on wires: node i is nand(left_i, right_i)."""

    def __init__(self) -> None:
        self.nodes: list[list] = []
        self.wires: dict[int, TracedWire] = {}

    def input(self, name: str) -> TracedWire:
        wire = TracedWire(name)
        self.wires[id(wire)] = wire
        return wire

    def ref(self, value: Any) -> Any:
        if isinstance(value, TracedWire):
            if self.wires.get(id(value)) is not value:
                raise NotNandOnly("a wire that did not come from nand or from the gate's inputs")
            return value.ref
        if isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
            if float(value) in (0.0, 1.0):
                return int(value)
        raise NotNandOnly(f"nand was given {type(value).__name__} {value!r:.40}; only the gate's "
                          "inputs, nand outputs, 0 or 1")

    def nand(self, *args: Any, **kwargs: Any) -> TracedWire:
        operands = list(args) + list(kwargs.values())
        if len(operands) != 2:
            raise NotNandOnly(f"nand was called with {len(operands)} arguments instead of 2")
        if len(self.nodes) >= MAX_GATES:
            raise NotNandOnly(f"more than {MAX_GATES} nand calls")
        self.nodes.append([self.ref(operands[0]), self.ref(operands[1])])
        wire = TracedWire(f"n{len(self.nodes) - 1}")
        self.wires[id(wire)] = wire
        return wire


@contextmanager
def _replaced(namespace: dict, fn: Any, name: str, value: Any) -> Iterator[Any]:
    """``name`` is ``value`` in the submission's namespace (and ``fn``'s globals) for a while."""
    homes = [namespace]
    home = getattr(fn, "__globals__", None)
    if isinstance(home, dict) and home is not namespace:
        homes.append(home)
    saved = [(h, h.get(name, _MISSING)) for h in homes]
    for h in homes:
        h[name] = value
    try:
        yield saved[0][1]
    finally:
        for h, old in saved:
            if old is _MISSING:
                h.pop(name, None)
            else:
                h[name] = old


_MISSING = object()


def _function(namespace: dict, name: str) -> Any:
    fn = namespace.get(name)
    if fn is None or not callable(fn):
        raise NameError(f"name '{name}' is not defined (or is not a function)")
    return fn


def _ref(value: Any, what: str) -> str | int:
    """A wire: an input name ("a"), a node "n<i>" or a constant (what it means, the check judges)."""
    if isinstance(value, str):
        return label(value, what, 20)
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    raise ReplyMalformed(f"{what}: expected a wire name or 0/1, got {type(value).__name__}")


@dataclass(frozen=True)
class NandCircuit(HarnessReply):
    """The circuit of nand calls a gate made on traced inputs (``traced``), or what else it did
    with them (``detail``).  Learner evidence: the grading process evaluates it with its own nand."""

    traced: bool
    nodes: tuple[tuple[Any, Any], ...] = ()  # node i is nand(left_i, right_i)
    output: Any = None
    detail: str = ""
    gates: int = 0

    def to_plain(self) -> dict:
        if self.traced:
            return {"traced": True, "nodes": [list(n) for n in self.nodes], "output": self.output}
        return {"traced": False, "detail": self.detail, "gates": self.gates}

    @classmethod
    def from_plain(cls, data: Any) -> "NandCircuit":
        data = record(data, "circuit")
        traced = data.get("traced")
        if traced is False:
            return cls(False, detail=label(data.get("detail", "?"), "detail", 300),
                       gates=count(data.get("gates", 0), "gates", MAX_GATES))
        if traced is not True:
            raise ReplyMalformed("traced: expected true or false")
        nodes = []
        for node in sequence(data.get("nodes"), "nodes", MAX_GATES):
            pair = sequence(node, "node", 2)
            if len(pair) != 2:
                raise ReplyMalformed("node: expected two inputs")
            nodes.append((_ref(pair[0], "node input"), _ref(pair[1], "node input")))
        return cls(True, tuple(nodes), _ref(data.get("output"), "output"))


@dataclass(frozen=True)
class TraceNandCircuit(HarnessRequest):
    """Call the learner's ``gate`` on traced inputs with ``nand`` replaced by a recorder (the
    LEARNER's worker).  A stub's NotImplementedError propagates."""

    name: ClassVar[str] = "trace_nand_circuit"
    reply: ClassVar[type] = NandCircuit

    gate: str
    arity: int

    def run(self, namespace: dict) -> NandCircuit:
        fn = _function(namespace, self.gate)
        circuit = _Circuit()
        inputs = [circuit.input(name) for name in "ab"[: int(self.arity)]]
        try:
            with _replaced(namespace, fn, "nand", circuit.nand):
                out = fn(*inputs)
            output = circuit.ref(out)
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - the learner's gate, judged: reported as detail
            return NandCircuit(False, detail=f"{type(exc).__name__}: {exc}"[:300], gates=len(circuit.nodes))
        return NandCircuit(True, tuple(tuple(n) for n in circuit.nodes), output)


#: Numbers kept of each argument of a recorded perceptron call (the check needs a handful).
MAX_ARGUMENT_NUMBERS = 1000
MAX_CALLS = 20


def _argument(value: Any) -> tuple[float, ...] | None:
    if value is None:
        return None
    return tuple(float(v) for v in floats(value, "perceptron argument", MAX_ARGUMENT_NUMBERS).ravel())


@dataclass(frozen=True)
class PerceptronTrace:
    """One input pair: the gate's value (the learner's, judged by the check) and the (x, w, b) of
    every perceptron call it made (None for an argument that was not numbers)."""

    value: Any
    calls: tuple[tuple[Any, Any, Any], ...] = ()

    @classmethod
    def from_plain(cls, data: Any) -> "PerceptronTrace":
        data = record(data, "trace")
        if "value" not in data:
            raise ReplyMalformed("trace: no value")
        calls = []
        for call in sequence(data.get("calls"), "calls", MAX_CALLS):
            arguments = sequence(call, "perceptron call", 3)
            if len(arguments) != 3:
                raise ReplyMalformed("perceptron call: expected (x, w, b)")
            calls.append(tuple(_argument(a) for a in arguments))
        return cls(data.get("value"), tuple(calls))


@dataclass(frozen=True)
class PerceptronTraces(HarnessReply):
    traces: tuple[PerceptronTrace, ...]

    def to_plain(self) -> list:
        return [{"value": t.value, "calls": [[None if a is None else list(a) for a in c] for c in t.calls]}
                for t in self.traces]

    @classmethod
    def from_plain(cls, data: Any) -> "PerceptronTraces":
        return cls(tuple(PerceptronTrace.from_plain(t) for t in sequence(data, "traces", 100)))


@dataclass(frozen=True)
class TracePerceptronCalls(HarnessRequest):
    """For each input pair: the gate's value and the (x, w, b) of every perceptron call it made
    (the LEARNER's worker)."""

    name: ClassVar[str] = "trace_perceptron_calls"
    reply: ClassVar[type] = PerceptronTraces

    gate: str
    inputs: list

    def run(self, namespace: dict) -> PerceptronTraces:
        fn = _function(namespace, self.gate)
        perceptron = _function(namespace, "perceptron")
        results = []
        for pair in self.inputs:
            calls: list = []

            def recorder(*args: Any, **kwargs: Any) -> Any:
                names = ("x", "w", "b")
                bound = dict(zip(names, args), **{k: v for k, v in kwargs.items() if k in names})
                record = []
                for name in names:
                    try:
                        numbers = np.asarray(bound[name], dtype="float64").ravel()[:MAX_ARGUMENT_NUMBERS]
                        record.append(tuple(numbers.tolist()))
                    except Exception:  # noqa: BLE001 - recorded as unreadable
                        record.append(None)
                calls.append(tuple(record))
                return perceptron(*args, **kwargs)

            with _replaced(namespace, fn, "perceptron", recorder):
                value = fn(*pair)
            results.append(PerceptronTrace(value, tuple(calls[:MAX_CALLS])))
        return PerceptronTraces(tuple(results))


OPERATIONS = (NeuronTapeGradients, KerasR2Score, TraceNandCircuit, TracePerceptronCalls)
