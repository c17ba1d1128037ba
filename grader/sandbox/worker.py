"""The worker: loads one submission and answers the grader's requests.

Runs in a forked child (confined when it holds learner code).  Requests and
answers are plain data over the channel; every answer is built here, so for a
learner's worker it is untrusted and the grader treats it as such.

Requests: ``call`` a function of the submission with arguments (plain data or
recipes), read an ``attr`` of it, or run a named ``harness`` operation.
"""

from __future__ import annotations

import os
import random
import socket
import sys
import time
import warnings
from typing import Any

import numpy as np

from grader import plaindata
from grader.harness import models, ops, recipes
from grader.results import Isolation
from grader.sandbox import diagnose, loader
from grader.sandbox.channel import Channel, ChannelClosed

MAX_RESULT_BYTES = 64 << 20


def set_seeds(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2**32))
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed % (2**32))


def _report_exits(channel: Channel) -> None:
    """Best effort: say so on the channel before ``os._exit``/``os.abort`` end the process.

    Purely diagnostic (the learner's code can undo it); scoring never relies on it.
    """
    real_exit, real_abort = os._exit, os.abort

    def where() -> list[dict]:
        frames = []
        f = sys._getframe(2)
        while f is not None and len(frames) < 20:
            frames.append({"file": f.f_code.co_filename, "line": f.f_lineno, "function": f.f_code.co_name})
            f = f.f_back
        return frames

    def exiting(code: int = 0) -> None:
        try:
            channel.send({"op": "exiting", "how": "os._exit", "code": int(code), "where": where()})
        finally:
            real_exit(code)

    def aborting() -> None:
        try:
            channel.send({"op": "exiting", "how": "os.abort", "code": None, "where": where()})
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
    plain = plaindata.to_plain(value, describe=models.describe)
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
    def __init__(self, channel: Channel, config: dict) -> None:
        self.channel = channel
        self.config = config
        self.loaded: loader.Loaded | None = None

    def load(self) -> dict:
        set_seeds(int(self.config["seed"]))
        started = time.monotonic()
        self.loaded = loader.load(self.config["path"], self.config["display"], self.config["module"])
        report = self.loaded.report()
        report["duration"] = time.monotonic() - started
        return report

    def handle(self, request: dict) -> dict:
        assert self.loaded is not None
        op, name = request.get("op"), str(request.get("name", ""))
        namespace = self.loaded.namespace
        started = time.monotonic()
        captures: dict[str, Any] = {}
        raised_warnings: list[str] = []
        try:
            if op == "attr":
                if name not in namespace:
                    return {"ok": False, "missing": True}
                value = namespace[name]
            elif op == "call":
                fn = namespace.get(name)
                if fn is None:
                    return {"ok": False, "missing": True}
                if not callable(fn):
                    return {"ok": False, "not_callable": type(fn).__name__}
                args, kwargs, captures = _build_args(request.get("args", []), request.get("kwargs", {}))
                set_seeds(int(request.get("seed", self.config["seed"])))
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    value = fn(*args, **kwargs)
                raised_warnings = [f"{w.category.__name__}: {w.message}"[:300] for w in caught[:5]]
            elif op == "harness" and ops.lookup(name) is not None:
                set_seeds(int(request.get("seed", self.config["seed"])))
                value = ops.lookup(name)(namespace, **request.get("kwargs", {}))
            else:
                return {"ok": False, "bad_request": f"{op} {name}"}
        except MemoryError:
            return {"ok": False, "memory": True, "duration": time.monotonic() - started}
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: reported, not obeyed
            error = diagnose.describe(exc, self.loaded.files)
            return {"ok": False, "error": error, "duration": time.monotonic() - started}
        duration = time.monotonic() - started
        try:
            plain = _plain_result(value)
            taken = {key: plaindata.to_plain(capture()) for key, capture in captures.items()}
        except BaseException as exc:  # noqa: BLE001 - converting a learner object may raise
            return {"ok": False, "unconvertible": f"{type(exc).__name__}: {exc}"[:500]}
        return {"ok": True, "value": plain, "captures": taken, "duration": duration,
                "warnings": raised_warnings}

    def serve(self) -> None:
        self.channel.send({"op": "ready", "load": self.load()})
        while True:
            try:
                request = self.channel.recv()
            except ChannelClosed:
                return
            if request.get("op") == "exit":
                return
            reply = self.handle(request)
            reply["id"] = request.get("id")
            try:
                self.channel.send(reply)
            except (TypeError, ValueError) as exc:
                self.channel.send({"id": request.get("id"), "ok": False,
                                   "unconvertible": f"{type(exc).__name__}: {exc}"[:500]})


def _choose_device(device: str) -> None:
    """``cpu`` hides GPUs from TensorFlow before it first runs an op."""
    if device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"
        if "tensorflow" in sys.modules:
            import tensorflow as tf

            tf.config.set_visible_devices([], "GPU")


def main(fd: int, config: dict, isolation: Isolation) -> None:
    channel = Channel(socket.socket(fileno=fd))
    _choose_device(str(config.get("device", "auto")))
    sys.path.insert(0, os.path.dirname(config["path"]))
    sys.argv = [config["display"]]
    if config.get("role") == "learner":
        _report_exits(channel)
    try:
        Worker(channel, config).serve()
    except ChannelClosed:
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
