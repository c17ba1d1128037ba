"""Operations on models and optimizers: a learner's model inspected safely (the judge), Keras
optimizer trajectories (the reference)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from grader.harness.architecture_check import UnsafeModel
from grader.harness.model_contract import ModelDescription, canonical_loss
from grader.harness.operation import (HarnessReply, HarnessRequest, ReplyMalformed, count, floats, label, record,
                                      sequence)

MAX_LAYERS = 1000


def judged(model: ModelDescription) -> str:
    """The architecture of a described model as the judge builds it (checked again here against
    :mod:`grader.harness.vocabulary`, the learner's seeds dropped), as JSON text."""
    import json

    from grader.harness import architecture_check, judged_model

    if model.architecture is None:
        raise UnsafeModel(model.error or "no architecture")
    try:
        return json.dumps(judged_model.judged_architecture(architecture_check.parse_architecture(model.architecture)))
    except ValueError as exc:  # Refused, EmbeddedData, not JSON
        raise UnsafeModel(str(exc)[:500]) from None


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else label(value, what, 100)


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a rebuilt model: its class, its parameters, its units and activation if any."""

    class_name: str
    params: int
    units: int | None = None
    activation: str | None = None

    def to_plain(self) -> dict:
        entry: dict[str, Any] = {"class": self.class_name, "params": self.params}
        if self.units is not None:
            entry["units"] = self.units
        if self.activation is not None:
            entry["activation"] = self.activation
        return entry

    @classmethod
    def from_plain(cls, data: Any) -> "LayerInfo":
        data = record(data, "layer")
        units = data.get("units")
        return cls(label(data.get("class"), "layer class", 100), count(data.get("params"), "layer params"),
                   None if units is None else count(units, "units"),
                   _optional_text(data.get("activation"), "activation"))


def _shape(value: Any, what: str) -> tuple:
    return tuple(None if d is None else count(d, what) for d in sequence(value, what, 8))


@dataclass(frozen=True)
class ModelStructure(HarnessReply):
    """A described model's structure as the judge sees it after a safe, fresh rebuild."""

    layers: tuple[LayerInfo, ...]
    params: int
    input_shape: tuple
    output_shape: tuple
    compiled: bool
    loss: str | None = None
    optimizer: str | None = None

    def to_plain(self) -> dict:
        return {"layers": [layer.to_plain() for layer in self.layers], "params": self.params,
                "input_shape": list(self.input_shape), "output_shape": list(self.output_shape),
                "compiled": self.compiled, "loss": self.loss, "optimizer": self.optimizer}

    @classmethod
    def from_plain(cls, data: Any) -> "ModelStructure":
        data = record(data, "model structure")
        compiled = data.get("compiled")
        if not isinstance(compiled, bool):
            raise ReplyMalformed("compiled: expected true or false")
        return cls(tuple(LayerInfo.from_plain(layer) for layer in sequence(data.get("layers"), "layers", MAX_LAYERS)),
                   count(data.get("params"), "params"), _shape(data.get("input_shape"), "input_shape"),
                   _shape(data.get("output_shape"), "output_shape"), compiled,
                   _optional_text(data.get("loss"), "loss"), _optional_text(data.get("optimizer"), "optimizer"))


ACTIVATION_ALIASES = {"silu": "swish", "gelu_approximate": "gelu"}


def _activation_name(layer) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    name = str(getattr(activation, "__name__", None) or type(activation).__name__).lower()
    return ACTIVATION_ALIASES.get(name, name)


def _optimizer_name(optimizer: Any) -> str | None:
    if isinstance(optimizer, dict):
        return optimizer.get("class_name")
    return None if optimizer is None else str(optimizer)


def _tensor_shape(tensors: Any) -> tuple:
    try:
        return tuple(None if d is None else int(d) for d in tensors[0].shape) if tensors else ()
    except Exception:  # noqa: BLE001
        return ()


@dataclass(frozen=True)
class InspectModel(HarnessRequest):
    """Rebuild a described model safely, afresh, and report its structure (the JUDGE only);
    ``input_shape`` builds a model that has no Input."""

    name: ClassVar[str] = "inspect_model"
    reply: ClassVar[type] = ModelStructure

    model: ModelDescription
    input_shape: list | None = None

    def to_kwargs(self) -> dict:
        return {"model": self.model.to_value(), "input_shape": self.input_shape}

    @classmethod
    def from_kwargs(cls, kwargs: dict) -> "InspectModel":
        return cls(ModelDescription.from_value(kwargs["model"]), kwargs.get("input_shape"))

    def run(self, namespace: dict) -> ModelStructure:
        from grader.harness import safe_models

        model = safe_models.build_model(judged(self.model), seed=0, input_shape=self.input_shape)
        layers = []
        for layer in safe_models.all_layers(model):
            units = int(layer.units) if hasattr(layer, "units") else None
            layers.append(LayerInfo(type(layer).__name__, int(layer.count_params()), units, _activation_name(layer)))
        settings = self.model.compile
        return ModelStructure(
            tuple(layers), int(model.count_params()), _tensor_shape(model.inputs), _tensor_shape(model.outputs),
            settings is not None, canonical_loss(settings.get("loss")) if settings else None,
            _optimizer_name(settings.get("optimizer")) if settings else None)


@dataclass(frozen=True)
class Trajectory(HarnessReply):
    """The weights after each step of an optimizer."""

    weights: tuple[np.ndarray, ...]

    def to_plain(self) -> list:
        return list(self.weights)

    @classmethod
    def from_plain(cls, data: Any) -> "Trajectory":
        return cls(tuple(floats(w, "weights", 100_000) for w in sequence(data, "steps", 10_000)))


@dataclass(frozen=True)
class KerasOptimizerSteps(HarnessRequest):
    """The weights after each step of a Keras optimizer applying ``grads`` to ``w`` (the reference)."""

    name: ClassVar[str] = "keras_optimizer_steps"
    reply: ClassVar[type] = Trajectory

    optimizer: str
    w: Any
    grads: list
    config: dict

    def run(self, namespace: dict) -> Trajectory:
        import keras

        variable = keras.Variable(np.asarray(self.w, dtype="float64"), dtype="float64")
        stepper = getattr(keras.optimizers, self.optimizer)(**self.config)
        trajectory = []
        for grad in self.grads:
            stepper.apply_gradients([(keras.ops.convert_to_tensor(np.asarray(grad, "float64")), variable)])
            trajectory.append(np.asarray(variable.numpy()))
        return Trajectory(tuple(trajectory))


OPERATIONS = (InspectModel, KerasOptimizerSteps)
