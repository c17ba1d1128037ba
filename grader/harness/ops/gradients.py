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
from typing import Any, Iterator

import numpy as np

__all__ = ["neuron_tape_gradients", "keras_r2_score", "trace_nand_circuit", "trace_perceptron_calls"]

#: A circuit with more nand gates than this is cut short (a gate that loops or recurses).
MAX_GATES = 10_000


def neuron_tape_gradients(namespace: dict, x: Any, w: Any, b: float, y: float) -> tuple:
    """(dE/dw, dE/db) by tf.GradientTape for a = sigmoid(w . x + b), E = 0.5 * (a - y)**2."""
    import tensorflow as tf

    x_t = tf.constant(np.asarray(x, dtype="float64"))
    w_v = tf.Variable(np.asarray(w, dtype="float64"))
    b_v = tf.Variable(float(b), dtype=tf.float64)
    with tf.GradientTape() as tape:
        a = tf.sigmoid(tf.reduce_sum(w_v * x_t) + b_v)
        error = 0.5 * (a - float(y)) ** 2
    dw, db = tape.gradient(error, [w_v, b_v])
    return np.asarray(dw.numpy()), float(db.numpy())


def keras_r2_score(namespace: dict, y: Any, y_pred: Any) -> float:
    """``keras.metrics.R2Score`` of one output column (Keras works in float32)."""
    import keras

    metric = keras.metrics.R2Score()
    metric.update_state(np.asarray(y, dtype="float32").reshape(-1, 1),
                        np.asarray(y_pred, dtype="float32").reshape(-1, 1))
    return float(metric.result())


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


def trace_nand_circuit(namespace: dict, gate: str, arity: int) -> dict:
    """Call the learner's ``gate`` on traced inputs with ``nand`` replaced by a recorder.

    Returns ``{"traced": True, "nodes": [[l, r], ...], "output": ref}`` where a ref is an input
    name ("a", "b"), a node "n<i>" or a constant 0/1; or ``{"traced": False, "detail": ...}``
    when the gate did something else with its inputs.  A stub's NotImplementedError propagates.
    """
    fn = _function(namespace, gate)
    circuit = _Circuit()
    inputs = [circuit.input(name) for name in "ab"[: int(arity)]]
    try:
        with _replaced(namespace, fn, "nand", circuit.nand):
            out = fn(*inputs)
        output = circuit.ref(out)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - the learner's gate, judged: reported as detail
        return {"traced": False, "detail": f"{type(exc).__name__}: {exc}"[:300],
                "gates": len(circuit.nodes)}
    return {"traced": True, "nodes": circuit.nodes, "output": output}


def trace_perceptron_calls(namespace: dict, gate: str, inputs: list) -> list:
    """For each input pair: the gate's value and the (x, w, b) of every perceptron call it made."""
    fn = _function(namespace, gate)
    perceptron = _function(namespace, "perceptron")
    results = []
    for pair in inputs:
        calls: list = []

        def recorder(*args: Any, **kwargs: Any) -> Any:
            names = ("x", "w", "b")
            bound = dict(zip(names, args), **{k: v for k, v in kwargs.items() if k in names})
            record = []
            for name in names:
                try:
                    record.append(np.asarray(bound[name], dtype="float64").ravel().tolist())
                except Exception:  # noqa: BLE001 - recorded as unreadable
                    record.append(None)
            calls.append(record)
            return perceptron(*args, **kwargs)

        with _replaced(namespace, fn, "perceptron", recorder):
            value = fn(*pair)
        results.append({"value": value, "calls": calls[:20]})
    return results
