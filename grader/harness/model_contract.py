"""The learner's model as plain data, and the FIT contract: one definition for every process.

The learner's worker describes the models its code made (:mod:`grader.harness.keras_description`);
the grader reads that description (:class:`ModelDescription`) and the learner's ``FIT``
(:func:`fit_problems`, :func:`fit_plan`); the judge rebuilds and trains the model from the same
description under the same contract (:mod:`grader.harness.fitloop`).  TensorFlow-free, so the
grader's process, the learner's and the judge's all import this module alike.

A description carries the architecture (``model.to_json()``) and the compile settings, never
weights; it is untrusted (the learner's process sends it), so :meth:`ModelDescription.from_plain`
reads it bounded and total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from grader.harness.operation import ReplyMalformed, count, label, record, sequence
from grader.text import Text, join

#: How a model stands in plain data: ``{MODEL_KEY: description}`` (what a learner's function returns).
MODEL_KEY = "__keras_model__"
MAX_DIMENSIONS = 8
MAX_TENSORS = 20


# ------------------------------------------------------------------ the model description


def _dimension(value: Any, what: str) -> int | None:
    return None if value is None else count(value, what)


def _shape(value: Any, what: str) -> tuple | None:
    """``[None, 4]``, or for a model of several inputs ``[[None, 4], [None, 2]]``; None if unknown."""
    if value is None:
        return None
    items = sequence(value, what, max(MAX_DIMENSIONS, MAX_TENSORS))
    if items and all(isinstance(item, (list, tuple)) for item in items):
        return tuple(tuple(_dimension(d, what) for d in sequence(item, what, MAX_DIMENSIONS)) for item in items)
    return tuple(_dimension(d, what) for d in sequence(items, what, MAX_DIMENSIONS))


def shape_label(shape: tuple | None) -> str:
    """A shape as the learner's Keras shows it in a list: ``[None, 4]``."""
    if shape is None:
        return "None"
    return str([list(s) if isinstance(s, tuple) else s for s in shape])


@dataclass(frozen=True)
class ModelDescription:
    """A Keras model as plain data: its architecture (or why it could not be read), its compile
    settings (``model.get_compile_config()`` made plain, None when not compiled) and its shapes."""

    class_name: str = ""
    input_shape: tuple | None = None
    output_shape: tuple | None = None
    architecture: str | None = None  # model.to_json(); read (and bounded) by architecture_check
    error: str | None = None  # why there is no architecture (a subclassed model without get_config)
    compile: dict | None = None  # plain Keras config, checked where used (refuse_embedded_data, safe_models)

    def to_plain(self) -> dict:
        info: dict[str, Any] = {"class": self.class_name,
                                "input_shape": _plain_shape(self.input_shape),
                                "output_shape": _plain_shape(self.output_shape), "compile": self.compile}
        if self.architecture is not None:
            info["architecture"] = self.architecture
        else:
            info["error"] = self.error or "no architecture"
        return info

    def to_value(self) -> dict:
        """The description as a learner's function returns it: ``{MODEL_KEY: {...}}``."""
        return {MODEL_KEY: self.to_plain()}

    @classmethod
    def from_plain(cls, data: Any) -> "ModelDescription":
        info = record(data, "model")
        architecture, error, settings = info.get("architecture"), info.get("error"), info.get("compile")
        if architecture is not None and not isinstance(architecture, str):
            raise ReplyMalformed("model architecture: expected text")
        if settings is not None and not isinstance(settings, dict):
            raise ReplyMalformed("model compile settings: expected a mapping")
        unreadable = error is not None or architecture is None
        return cls(class_name=label(info.get("class", ""), "model class", 100),
                   input_shape=_shape(info.get("input_shape"), "input_shape"),
                   output_shape=_shape(info.get("output_shape"), "output_shape"),
                   architecture=None if unreadable else architecture,
                   error=label("no architecture" if error is None else error, "model error", 500)
                   if unreadable else None,
                   compile=settings)

    @classmethod
    def from_value(cls, value: Any) -> "ModelDescription":
        """A learner function's returned value as a description; :class:`ReplyMalformed` if it is none."""
        if not (isinstance(value, dict) and isinstance(value.get(MODEL_KEY), dict)):
            raise ReplyMalformed("not a model description")
        return cls.from_plain(value[MODEL_KEY])


def _plain_shape(shape: tuple | None) -> list | None:
    if shape is None:
        return None
    return [list(s) if isinstance(s, tuple) else s for s in shape]


LOSS_ALIASES = {
    "mse": "mean_squared_error", "mean_squared_error": "mean_squared_error",
    "meansquarederror": "mean_squared_error",
    "categorical_crossentropy": "categorical_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "binary_crossentropy": "binary_crossentropy", "binarycrossentropy": "binary_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "mae": "mean_absolute_error", "mean_absolute_error": "mean_absolute_error",
    "meanabsoluteerror": "mean_absolute_error",
}


def canonical_loss(loss: Any) -> str | None:
    """The name of a compiled loss (a string, or a serialised loss object or function)."""
    if loss is None:
        return None
    if isinstance(loss, dict):
        config = loss.get("config")
        name = loss.get("class_name")
        if name == "function" and isinstance(config, str):
            name = config
        loss = name or (config.get("name") if isinstance(config, dict) else None)
        if loss is None:
            return None
    key = str(loss).lower().replace(" ", "")
    return LOSS_ALIASES.get(key, LOSS_ALIASES.get(key.replace("_", ""), key))


# ------------------------------------------------------------------ the FIT contract

#: The ``model.fit`` keywords FIT may set (the grader gives fit the data itself).
ALLOWED_FIT = ("epochs", "batch_size", "shuffle", "verbose", "validation_split")

FIT_OVER_BUDGET = Text("FIT asks for {epochs} epochs; the budget of this exercise is {budget} epochs",
                       "FIT이 {epochs} 에포크를 요청합니다. 이 연습의 예산은 {budget} 에포크입니다")
FIT_NOT_DICT = Text("FIT must be a dict of model.fit keywords such as {{'epochs': 100}}, not {got}",
                    "FIT은 {{'epochs': 100}}처럼 model.fit 키워드의 dict 여야 합니다. 지금: {got}")
FIT_KEYS = Text("FIT may not set {keys}: the grader gives fit the data itself; the keywords allowed are {allowed}",
                "FIT에 {keys} 을(를) 넣을 수 없습니다. 데이터는 채점기가 fit에 직접 줍니다. 쓸 수 있는 키워드: {allowed}")
FIT_EPOCHS = Text("FIT['epochs'] must be a whole number of at least 1, not {got}",
                  "FIT['epochs']는 1 이상의 정수여야 합니다. 지금: {got}")
FIT_VALUE = Text("FIT[{key!r}] cannot be {got}", "FIT[{key!r}] 은(는) {got} 일 수 없습니다")
FIT_NO_ROWS = Text("FIT['validation_split'] = {split} leaves no rows to train on or to validate with among {rows}",
                   "FIT['validation_split'] = {split} 이면 {rows}개 행 중 학습하거나 검증할 행이 남지 않습니다")

DEFAULT_BATCH = 32  # fit's


class FitRejected(ValueError):
    """A FIT that cannot be used as given; ``text`` says why, in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True)
class FitPlan:
    """A FIT as the grader trains with it (fit's defaults filled in)."""

    epochs: int = 1
    batch_size: int = DEFAULT_BATCH
    shuffle: bool | str = True
    validation_split: float = 0.0

    def to_plain(self) -> dict:
        return {"epochs": self.epochs, "batch_size": self.batch_size, "shuffle": self.shuffle,
                "validation_split": self.validation_split}


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _shown(value: Any) -> str:
    """A FIT value in a message, cut (the grader passes its own way of showing values)."""
    text = f"{value:.6g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def fit_problems(fit: Any, budget: int | None = None, rows: int | None = None,
                 shown: Callable[[Any], str] = _shown) -> list[Text]:
    """Everything wrong with the learner's FIT (all of it, said at once): an empty list when it can be
    used; ``budget`` the most epochs it may ask for, ``rows`` the number of training rows, ``shown``
    how a value appears in a message."""
    if not isinstance(fit, dict):
        return [FIT_NOT_DICT.format(got=shown(fit))]
    problems = []
    unknown = [str(key) for key in fit if key not in ALLOWED_FIT]
    if unknown:
        problems.append(FIT_KEYS.format(keys=", ".join(unknown[:10]), allowed=", ".join(ALLOWED_FIT)))
    epochs = fit.get("epochs", 1)
    if not _is_int(epochs) or epochs < 1:
        problems.append(FIT_EPOCHS.format(got=shown(epochs)))
    elif budget is not None and epochs > budget:
        problems.append(FIT_OVER_BUDGET.format(epochs=epochs, budget=budget))
    batch = fit.get("batch_size")
    if batch is not None and (not _is_int(batch) or batch < 1):
        problems.append(FIT_VALUE.format(key="batch_size", got=shown(batch)))
    split = fit.get("validation_split", 0.0)
    if split is not None and (isinstance(split, (bool, np.bool_))
                              or not isinstance(split, (int, float, np.integer, np.floating))
                              or not 0 <= split < 1):
        problems.append(FIT_VALUE.format(key="validation_split", got=shown(split)))
    elif split and rows is not None and int(np.floor(rows * (1.0 - float(split)))) in (0, rows):
        problems.append(FIT_NO_ROWS.format(split=split, rows=rows))
    shuffle = fit.get("shuffle", True)
    if not (isinstance(shuffle, (bool, np.bool_)) or (isinstance(shuffle, str) and shuffle == "batch")):
        problems.append(FIT_VALUE.format(key="shuffle", got=shown(shuffle)))
    return problems


def fit_plan(fit: Any, rows: int | None = None) -> FitPlan:
    """The FIT as a :class:`FitPlan` (None: fit's defaults); :class:`FitRejected` if it cannot be used."""
    fit = {} if fit is None else fit
    problems = fit_problems(fit, rows=rows)
    if problems:
        raise FitRejected(join(problems))
    split = fit.get("validation_split") or 0.0
    batch = fit.get("batch_size")
    shuffle = fit.get("shuffle", True)
    return FitPlan(int(fit.get("epochs", 1)), DEFAULT_BATCH if batch is None else int(batch),
                   bool(shuffle) if isinstance(shuffle, (bool, np.bool_)) else shuffle, float(split))


# ------------------------------------------------------------------ a notebook's recorded fit calls

MAX_EPOCHS = 2**31 - 1
SETTING_ITEMS = 20


def _setting(value: Any, what: str, nested: bool = True) -> Any:
    """A recorded ``fit`` keyword as plain data the FIT contract then judges: a number, text, a flag,
    None, or a short list of those."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return label(value, what, 100)
    if isinstance(value, (list, tuple)) and nested:
        return [_setting(v, what, nested=False) for v in sequence(value, what, SETTING_ITEMS)]
    raise ReplyMalformed(f"{what}: expected a number, text or a flag, got {type(value).__name__}")


@dataclass(frozen=True)
class RecordedFit:
    """One ``model.fit`` call a notebook made (recorded in its worker, not run)."""

    trained_epochs: int = 0
    batch_size: Any = None
    shuffle: Any = None
    validation_split: Any = None
    cell: int | None = None
    line: int | None = None

    def to_plain(self) -> dict:
        return {"trained_epochs": self.trained_epochs, "batch_size": self.batch_size, "shuffle": self.shuffle,
                "validation_split": self.validation_split, "cell": self.cell, "line": self.line}

    @classmethod
    def from_plain(cls, data: Any) -> "RecordedFit":
        data = record(data, "fit call")
        cell, line = data.get("cell"), data.get("line")
        return cls(count(data.get("trained_epochs", 0), "trained_epochs", MAX_EPOCHS),
                   _setting(data.get("batch_size"), "batch_size"), _setting(data.get("shuffle"), "shuffle"),
                   _setting(data.get("validation_split"), "validation_split"),
                   None if cell is None else count(cell, "cell", 100_000),
                   None if line is None else count(line, "line", 10_000_000))


def notebook_fit(fits: tuple[RecordedFit, ...]) -> dict | None:
    """The FIT that a notebook's recorded ``model.fit`` calls amount to (epochs add up; the last call's
    settings), or None when it made none."""
    if not fits:
        return None
    last = fits[-1]
    fit: dict[str, Any] = {"epochs": sum(f.trained_epochs for f in fits)}
    for key in ("batch_size", "shuffle", "validation_split"):
        if getattr(last, key) is not None:
            fit[key] = getattr(last, key)
    return fit
