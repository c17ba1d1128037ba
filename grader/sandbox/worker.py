"""The worker: loads one submission and answers the grader's requests.

Runs in a forked child (confined when it holds learner code).  Requests and
answers are plain data over the channel; every answer is built here, so for a
learner's worker it is untrusted and the grader treats it as such.

Requests: ``call`` a function of the submission with arguments (plain data or
recipes), read an ``attr`` of it, or run a declared ``harness`` operation (:mod:`grader.harness.ops`).
"""

from __future__ import annotations

import os
import random
import socket
import sys
import time
import warnings
from dataclasses import replace
from typing import Any

import numpy as np

from grader import plaindata
from grader.harness import keras_description, numerics, ops, recipes, shims
from grader.sandbox import diagnose, loader, output
from grader.sandbox.protocol import (PRELOADABLE, ExitNote, ExitRequest, Frame, LoadReport, Op, Outcome, OutcomeKind, ReadyMessage, Reply,
                                     Request, Role, StartingMessage, WorkerConfig, parse_to_worker)
from grader.sandbox.channel import Channel, ChannelClosed

MAX_RESULT_BYTES = 64 << 20



def set_seeds(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed % (2**32))


def _report_exits(channel: Channel, printed: output.Output) -> None:
    """Best effort: say so on the channel (and write the kept tail of the output) before
    ``os._exit``/``os.abort`` end the process.

    Purely diagnostic (the learner's code can undo it); scoring never relies on it.
    """
    real_exit, real_abort = os._exit, os.abort

    def where() -> tuple[Frame, ...]:
        frames = []
        f = sys._getframe(2)
        while f is not None and len(frames) < 20:
            frames.append(Frame(f.f_code.co_filename, f.f_lineno or 0, "", f.f_code.co_name))
            f = f.f_back
        return tuple(frames)

    def exiting(code: int = 0) -> None:
        try:
            printed.flush()
            channel.send(ExitNote("os._exit", int(code), where()).to_plain())
        finally:
            real_exit(code)

    def aborting() -> None:
        try:
            printed.flush()
            channel.send(ExitNote("os.abort", None, where()).to_plain())
        finally:
            real_abort()

    os._exit, os.abort = exiting, aborting


def _build_args(values: list, kwargs: dict) -> tuple[list, dict, dict]:
    captures: dict[str, Any] = {}

    def one(key: str, value: Any) -> Any:
        if recipes.is_recipe(value):
            obj, capture = recipes.build(value)
            if capture is not None:
                captures[key] = capture
            return obj
        return value

    args = [one(str(i), v) for i, v in enumerate(values)]
    kw = {k: one(k, v) for k, v in kwargs.items()}
    return args, kw, captures


def _plain_result(value: Any) -> Any:
    plain = plaindata.to_plain(value, describe=keras_description.describe)
    size = _nbytes(plain)
    if size > MAX_RESULT_BYTES:
        return plaindata.Unsupported("too large", f"{size / 1e6:.0f} MB of data")
    return plain


def _nbytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (list, tuple)):
        return sum(_nbytes(v) for v in value)
    if isinstance(value, dict):
        return sum(_nbytes(v) for v in value.values())
    return 0


class Worker:
    def __init__(self, channel: Channel, config: WorkerConfig, printed: output.Output = output.Output()) -> None:
        self.channel = channel
        self.printed = printed
        self.config = config
        self.loaded: loader.Loaded | None = None
        self.said_starting = False

    def load(self) -> LoadReport:
        set_seeds(self.config.seed)
        started = time.monotonic()
        before = set(sys.modules)
        self.loaded = loader.load(self.config.path, self.config.display, self.config.module, self._starting)
        imported = tuple(m for m in PRELOADABLE if m in sys.modules and m not in before)
        return self.loaded.report(time.monotonic() - started, imported)

    def _starting(self) -> None:
        """Just before learner code first runs (a learner's worker): say so, once.  Learner code
        cannot take it back, so from then on what this process fails at is the learner's."""
        if self.config.role is Role.LEARNER and not self.said_starting:
            self.said_starting = True
            self.channel.send(StartingMessage().to_plain())

    def handle(self, request: Request) -> Reply:
        assert self.loaded is not None
        namespace, name = self.loaded.namespace, request.name
        started = time.monotonic()
        captures: dict[str, Any] = {}
        raised_warnings: list[str] = []

        def answer(kind: OutcomeKind, **fields: Any) -> Reply:
            return Reply(request.id, Outcome(kind, duration=time.monotonic() - started, **fields))

        try:
            if request.op is Op.ATTR:
                if name not in namespace:
                    return answer(OutcomeKind.MISSING)
                value = namespace[name]
            elif request.op is Op.CALL:
                fn = namespace.get(name)
                if fn is None:
                    return answer(OutcomeKind.MISSING)
                if not callable(fn):
                    return answer(OutcomeKind.NOT_CALLABLE, detail=type(fn).__name__[:100])
                args, kwargs, captures = _build_args(list(request.args), request.kwargs)
                set_seeds(request.seed)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    value = fn(*args, **kwargs)
                # numeric warnings first: the five sent are never all ResourceWarnings hiding an overflow
                caught = sorted(caught, key=lambda w: not issubclass(w.category, RuntimeWarning))
                raised_warnings = [f"{w.category.__name__}: {w.message}"[:300] for w in caught[:5]]
            elif request.op is Op.HARNESS and ops.lookup(name) is not None:
                set_seeds(request.seed)  # a declared operation only, rebuilt from the grader's keywords
                value = ops.lookup(name).from_kwargs(request.kwargs).run(namespace).to_plain()
            else:
                return answer(OutcomeKind.BAD_REQUEST, detail=f"{request.op.value} {name}")
        except MemoryError:
            return answer(OutcomeKind.MEMORY)
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: reported, not obeyed
            return answer(OutcomeKind.RAISED, error=diagnose.describe(exc, self.loaded.files))
        duration = time.monotonic() - started
        try:
            plain = _plain_result(value)
            taken = {key: plaindata.to_plain(capture()) for key, capture in captures.items()}
        except BaseException as exc:  # noqa: BLE001 - converting a learner object may raise
            return answer(OutcomeKind.UNCONVERTIBLE, detail=f"{type(exc).__name__}: {exc}"[:500])
        return Reply(request.id, Outcome(OutcomeKind.VALUE, plain, taken, duration=duration,
                                         warnings=tuple(raised_warnings)))

    def serve(self) -> None:
        ready = ReadyMessage(self.load())
        self.printed.flush()
        self.channel.send(ready.to_plain())
        while True:
            try:
                message = parse_to_worker(self.channel.recv())
            except ChannelClosed:
                return
            if isinstance(message, ExitRequest):
                return
            reply = self.handle(message)
            self.printed.flush()  # what the call printed last is in the file before grade reads it
            try:
                self.channel.send(reply.to_plain())
            except (TypeError, ValueError) as exc:
                self.channel.send(Reply(message.id, Outcome(OutcomeKind.UNCONVERTIBLE,
                                                        detail=f"{type(exc).__name__}: {exc}"[:500])).to_plain())


def _choose_device(device: str) -> None:
    """``cpu`` hides GPUs from TensorFlow before it first runs an op."""
    if device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"
        if "tensorflow" in sys.modules:
            import tensorflow as tf

            tf.config.set_visible_devices([], "GPU")


def _unbuffered_output() -> output.Output:
    """Every print reaches the output file at once, whatever the environment (PYTHONUNBUFFERED or
    not): what a learner printed before a timeout, a crash or ``os._exit`` is in the report.  Bounded:
    the head and the tail are kept, and a write never fails (grader/sandbox/output.py)."""
    return output.install(sys)


def main(fd: int, config: WorkerConfig) -> None:
    channel = Channel(socket.socket(fileno=fd))
    printed = _unbuffered_output()
    if config.role in (Role.JUDGE, Role.REFERENCE):
        numerics.pin_this_process()  # what a learner is judged by is computed alike on every machine
    _choose_device(config.device)
    if config.path:
        config = replace(config, path=os.path.abspath(config.path))  # a learner's: in its scratch folder
        sys.path.insert(0, os.path.dirname(config.path))
    sys.argv = [config.display]
    if config.role is Role.LEARNER:
        _report_exits(channel, printed)
        shims.install()  # the course's URLs served, Keras 2 idioms, model.fit recorded (not run)
    try:
        Worker(channel, config, printed).serve()
    except ChannelClosed:
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        printed.flush()
