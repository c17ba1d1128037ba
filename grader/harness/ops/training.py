"""Operations for trained-model exercises, and the grader's questions about a worker.

``TrainModels`` runs in the JUDGE, a confined worker that holds no learner code: it rebuilds the
learner's model from its description (architecture and compile settings, never weights), fresh
under each of the grader's seeds, trains it with the learner's FIT on the training data the grader
sent (:mod:`grader.harness.fitloop`, one compiled loop) and predicts on the held-out inputs; the
held-out labels never leave the grading process.  ``NotebookModels`` runs in the LEARNER's worker:
the models its notebook-style code built at top level, with the ``model.fit`` calls it made
(recorded, not run: :mod:`grader.harness.fit_recorder`).  ``ShimNotes`` (the learner's worker) says
what the course shims did; ``Devices`` (the judge) which devices TensorFlow sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from grader.harness.model_contract import FitPlan, ModelDescription, RecordedFit, fit_plan
from grader.harness.operation import (HarnessReply, HarnessRequest, ReplyMalformed, count, floats, label, real, record,
                                      sequence)
from grader.text import Text

MAX_SEEDS = 100
MAX_WEIGHTS = 1000
MAX_EPOCHS_SHOWN = 1_000_000  # losses per run


def _texts(value: Any, what: str, limit: int, each: int = 200) -> tuple[str, ...]:
    return tuple(label(v, what, each) for v in sequence(value, what, limit))


# ------------------------------------------------------------------ devices (the judge)


@dataclass(frozen=True)
class DeviceList(HarnessReply):
    gpus: tuple[str, ...]
    visible_gpus: tuple[str, ...]

    def to_plain(self) -> dict:
        return {"gpus": list(self.gpus), "visible_gpus": list(self.visible_gpus)}

    @classmethod
    def from_plain(cls, data: Any) -> "DeviceList":
        data = record(data, "devices")
        return cls(_texts(data.get("gpus"), "gpus", 64), _texts(data.get("visible_gpus"), "visible_gpus", 64))


@dataclass(frozen=True)
class Devices(HarnessRequest):
    """The devices TensorFlow sees in this process."""

    name: ClassVar[str] = "devices"
    reply: ClassVar[type] = DeviceList

    def run(self, namespace: dict) -> DeviceList:
        import tensorflow as tf

        return DeviceList(tuple(d.name for d in tf.config.list_physical_devices("GPU")),
                          tuple(d.name for d in tf.config.get_visible_devices("GPU")))


# ------------------------------------------------------------------ training (the judge)


def _device_name() -> str:
    import tensorflow as tf

    gpus = tf.config.get_visible_devices("GPU")
    return f"GPU ({gpus[0].name})" if gpus else "CPU"


@dataclass(frozen=True)
class SeedTraining:
    """One training under one seed: loss per epoch, weights, predictions on the held-out inputs,
    and how many numbers training could change (``trainable``) and the most it changed one (``moved``)."""

    seed: int
    loss: np.ndarray
    weights: tuple[np.ndarray, ...]
    predictions: np.ndarray
    seconds: float
    device: str
    trainable: int
    moved: float

    def to_plain(self) -> dict:
        return {"seed": self.seed, "loss": self.loss, "weights": list(self.weights),
                "predictions": self.predictions, "seconds": self.seconds, "device": self.device,
                "trainable": self.trainable, "moved": self.moved}

    @classmethod
    def from_plain(cls, data: Any) -> "SeedTraining":
        data = record(data, "training")
        return cls(count(data.get("seed"), "seed", 2**32), floats(data.get("loss"), "loss", MAX_EPOCHS_SHOWN).ravel(),
                   tuple(floats(w, "weights", keep_dtype=True)
                         for w in sequence(data.get("weights"), "weights", MAX_WEIGHTS)),
                   floats(data.get("predictions"), "predictions"), real(data.get("seconds", 0.0), "seconds"),
                   label(data.get("device", "?"), "device", 80), count(data.get("trainable", 0), "trainable"),
                   real(data.get("moved", 0.0), "moved", finite=False))


@dataclass(frozen=True)
class TrainedRuns(HarnessReply):
    runs: tuple[SeedTraining, ...]

    def to_plain(self) -> list:
        return [run.to_plain() for run in self.runs]

    @classmethod
    def from_plain(cls, data: Any) -> "TrainedRuns":
        return cls(tuple(SeedTraining.from_plain(run) for run in sequence(data, "runs", MAX_SEEDS)))


@dataclass(frozen=True)
class TrainModels(HarnessRequest):
    """Train the described model under each seed; per seed: loss per epoch, weights, predictions."""

    name: ClassVar[str] = "train_models"
    reply: ClassVar[type] = TrainedRuns

    model: ModelDescription
    fit: FitPlan
    x: np.ndarray
    y: np.ndarray
    x_test: np.ndarray
    seeds: list

    def to_kwargs(self) -> dict:
        return {"model": self.model.to_value(), "fit": self.fit.to_plain(), "x": self.x, "y": self.y,
                "x_test": self.x_test, "seeds": list(self.seeds)}

    @classmethod
    def from_kwargs(cls, kwargs: dict) -> "TrainModels":
        return cls(ModelDescription.from_value(kwargs["model"]), fit_plan(kwargs["fit"]), np.asarray(kwargs["x"]),
                   np.asarray(kwargs["y"]), np.asarray(kwargs["x_test"]), list(kwargs["seeds"]))

    def run(self, namespace: dict) -> TrainedRuns:
        from grader.harness import fitloop
        from grader.harness.ops.inspection import judged

        architecture = judged(self.model)
        runs = fitloop.train(architecture, self.model.compile or {}, self.fit, self.x, self.y,
                             [int(s) for s in self.seeds], x_test=self.x_test)
        device = _device_name()
        return TrainedRuns(tuple(
            SeedTraining(run.seed, np.asarray(run.loss, dtype=np.float64), tuple(np.asarray(w) for w in run.weights),
                         run.predictions, run.seconds, device, *_change(architecture, run, self.x.shape[1:]))
            for run in runs))


def _change(architecture: str, run, input_shape: tuple) -> tuple[int, float]:
    """How many numbers training could change (the trainable weights) and the largest change it made:
    the model as it started under the run's seed is built again (the same seed gives the same start)."""
    from grader.harness import safe_models

    start = safe_models.build_model(architecture, run.seed, input_shape)
    pairs = [(np.asarray(variable), np.asarray(after)) for variable, after in zip(start.weights, run.weights)
             if variable.trainable]
    moved = max((float(np.max(np.abs(after - before))) for before, after in pairs if before.size), default=0.0)
    return int(sum(before.size for before, _ in pairs)), moved


# ------------------------------------------------------------------ a notebook's models (the learner's worker)

MAX_MODELS = 50
MAX_FITS = 10_000


@dataclass(frozen=True)
class NotebookModel:
    """A model the learner's top-level code made: its description, the names that hold it, the cell
    it was made in, and the ``model.fit`` calls made on it (recorded, not run)."""

    model: ModelDescription
    names: tuple[str, ...] = ()
    cell: int | None = None
    fits: tuple[RecordedFit, ...] = ()

    def to_plain(self) -> dict:
        return {"model": self.model.to_value(), "names": list(self.names), "cell": self.cell,
                "fits": [f.to_plain() for f in self.fits]}

    @classmethod
    def from_plain(cls, data: Any) -> "NotebookModel":
        data = record(data, "notebook model")
        cell = data.get("cell")
        return cls(ModelDescription.from_value(data.get("model")), _texts(data.get("names", []), "names", 100),
                   None if cell is None else count(cell, "cell", 100_000),
                   tuple(RecordedFit.from_plain(f) for f in sequence(data.get("fits", []), "fits", MAX_FITS)))


@dataclass(frozen=True)
class NotebookModelList(HarnessReply):
    models: tuple[NotebookModel, ...]

    def to_plain(self) -> list:
        return [m.to_plain() for m in self.models]

    @classmethod
    def from_plain(cls, data: Any) -> "NotebookModelList":
        return cls(tuple(NotebookModel.from_plain(m) for m in sequence(data, "models", MAX_MODELS)))


@dataclass(frozen=True)
class NotebookModels(HarnessRequest):
    """The models the learner's code made (fit or not), described, with their fit calls."""

    name: ClassVar[str] = "notebook_models"
    reply: ClassVar[type] = NotebookModelList

    def run(self, namespace: dict) -> NotebookModelList:
        from grader.harness import fit_recorder

        found = []
        for entry in fit_recorder.described_models(namespace)[:MAX_MODELS]:
            fits = tuple(RecordedFit.from_plain({key: fit.get(key) for key in (
                "trained_epochs", "batch_size", "shuffle", "validation_split", "cell", "line")})
                for fit in (entry.get("fits") or [])[-MAX_FITS:])
            found.append(NotebookModel(ModelDescription.from_plain(entry), tuple(entry.get("names") or ())[:100],
                                       entry.get("cell"), fits))
        return NotebookModelList(tuple(found))


# ------------------------------------------------------------------ the course shims' notes (the learner's worker)


@dataclass(frozen=True)
class Notes(HarnessReply):
    notes: tuple[Text, ...]

    def to_plain(self) -> list:
        return [{"en": note.en, "ko": note.ko} for note in self.notes]

    @classmethod
    def from_plain(cls, data: Any) -> "Notes":
        notes = []
        for item in sequence(data, "notes", 1000):
            item = record(item, "note")
            try:
                notes.append(Text(label(item.get("en"), "note", 600), label(item.get("ko"), "note", 600)))
            except ValueError:  # one language empty
                raise ReplyMalformed("note: expected text in both languages") from None
        return cls(tuple(notes))


@dataclass(frozen=True)
class ShimNotes(HarnessRequest):
    """What the course shims did while the file loaded (a served URL, a Keras 2 idiom), in both languages."""

    name: ClassVar[str] = "shim_notes"
    reply: ClassVar[type] = Notes

    def run(self, namespace: dict) -> Notes:
        from grader.harness import course_urls, keras2_compat

        return Notes(tuple(Text(str(r["en"]), str(r["ko"]))
                           for r in (course_urls.LOG.records() + keras2_compat.LOG.records())[:1000]))


OPERATIONS = (Devices, TrainModels, NotebookModels, ShimNotes)
