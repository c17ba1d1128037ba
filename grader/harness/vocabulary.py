"""What a judged model may be made of: the course's vocabulary, decided positively.

Every number in a model the grader judges comes from the judge's seeded initialisation or its
training, never from the learner.  So a learner's architecture (``model.to_json()`` as JSON data)
is read against an allow-list: the model is a ``Functional`` or ``Sequential`` of the layers the
course's models are made of (:data:`LAYERS`); each layer may set only the arguments listed for it,
each to a value of the kind listed (a number of units, an activation by name, a rate, a boolean);
a kernel starts from a random initializer (zero-mean, symmetric: its numbers are drawn, their
spread is all the learner picks), a bias from zeros or such an initializer, BatchNormalization
from its own zeros and ones; there are no constraints, no layers that carry numbers of their own
(``Rescaling``, ``Normalization``, ``Lambda``, cropping and picking layers), and a functional
graph's nodes only pass tensors (:mod:`grader.harness.judged_model` walks a model by these
lists).  Every seed an initializer or Dropout names is dropped, so the judge's seed alone draws
the starting numbers; the compile settings inside the architecture are dropped (the judge
compiles from the compile settings sent beside it).  Pure Python, one visit per value.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from grader.text import inert

LAYERS = ("InputLayer", "Dense", "Activation", "BatchNormalization", "Dropout", "Flatten", "Reshape",
          "ReLU", "LeakyReLU", "Softmax")
MODELS = ("Functional", "Sequential")
ACTIVATIONS = frozenset({"linear", "relu", "sigmoid", "softmax", "tanh", "silu", "swish", "gelu", "elu",
                         "selu", "softplus", "softsign", "leaky_relu", "relu6", "hard_sigmoid", "hard_silu",
                         "hard_swish", "mish", "log_softmax", "exponential"})
FLOAT_DTYPES = frozenset({"float32", "float64", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16"})
SCALED = ("GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal")
RANDOM = (*SCALED, "VarianceScaling", "RandomNormal", "TruncatedNormal", "RandomUniform")
INITIALIZER_NAMES = {"glorot_uniform": "GlorotUniform", "glorot_normal": "GlorotNormal",
                     "he_uniform": "HeUniform", "he_normal": "HeNormal", "lecun_uniform": "LecunUniform",
                     "lecun_normal": "LecunNormal", "zeros": "Zeros", "ones": "Ones"}
MAX_LAYERS = 256
MAX_UNITS = 16384
MAX_RANK = 8


class Refused(ValueError):
    """An architecture outside the vocabulary (English message; ``ko`` the Korean one)."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.ko = ko


class _Bad(ValueError):
    """A value a checker does not accept: why, in both languages."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.en, self.ko = en, ko


def _show(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("class_name"), str):  # an initializer, a constraint
        value = f"{value['class_name'][:60]}(...)"
        return inert(value)
    text = repr(value)
    return inert(text if len(text) <= 80 else text[:77] + "...")


# ------------------------------------------------------------------ values an argument may take


def _name(value: Any) -> Any:
    if not isinstance(value, str) or len(value) > 200:
        raise _Bad("a name", "이름")
    return value


def _flag(value: Any) -> Any:
    if not isinstance(value, bool):
        raise _Bad("true or false", "true 또는 false")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _between(low: float, high: float, *, above: bool = False, below: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not _is_number(value) or value < low or value > high or (above and value == low) or (
                below and value == high):
            raise _Bad(f"a number in {'(' if above else '['}{low:g}, {high:g}{')' if below else ']'}",
                       f"{'(' if above else '['}{low:g}, {high:g}{')' if below else ']'} 범위의 숫자")
        return value
    return check


def _whole(low: int, high: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Bad(f"a whole number from {low} to {high}", f"{low}부터 {high} 까지의 정수")
        return value
    return check


def _same(value: Any, allowed: Any) -> bool:
    if allowed is None or isinstance(allowed, bool):
        return value is allowed
    if _is_number(allowed):
        return _is_number(value) and value == allowed
    return isinstance(value, str) and value == allowed


def _only(*allowed: Any) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not any(_same(value, a) for a in allowed):
            shown = ", ".join(_show(a) for a in allowed)
            raise _Bad(f"only {shown} (Keras' default)", f"{shown}만 (케라스 기본값)")
        return value
    return check


def _shape(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_RANK or not all(
            d is None or (isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 10**6) for d in value):
        raise _Bad(f"a shape: a list of at most {MAX_RANK} sizes", f"모양: 크기 최대 {MAX_RANK}개의 목록")
    return value


def _target_shape(value: Any) -> Any:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_RANK or not all(
            isinstance(d, int) and not isinstance(d, bool) and (d == -1 or 1 <= d <= 10**6) for d in value):
        raise _Bad("a shape: a list of sizes (one of them may be -1)", "모양: 크기의 목록 (하나는 -1 가능)")
    return value


def _axis(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and -MAX_RANK <= value <= MAX_RANK:
        return value
    if isinstance(value, list) and len(value) <= MAX_RANK and all(
            isinstance(a, int) and not isinstance(a, bool) and -MAX_RANK <= a <= MAX_RANK for a in value):
        return value
    raise _Bad("an axis (a whole number)", "축 (정수)")


def _activation(value: Any) -> Any:
    if value is None or value in ACTIVATIONS:
        return value
    raise _Bad("a built-in activation by name (relu, swish, softmax, ...)",
               "이름으로 쓴 기본 활성화 함수 (relu, swish, softmax, ...)")


def _policy(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value in FLOAT_DTYPES):
        return value
    if (isinstance(value, dict) and set(value) <= {"module", "class_name", "config", "registered_name"}
            and value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy")
            and isinstance(value.get("config"), dict) and set(value["config"]) == {"name"}
            and value["config"]["name"] in FLOAT_DTYPES and value.get("registered_name") is None):
        return value
    raise _Bad("a floating-point dtype (float32, mixed_float16, ...)", "부동소수점 dtype (float32 등)")


def _none(value: Any) -> Any:
    if value is not None:
        raise _Bad("nothing (None): it would set numbers the grader does not train",
                   "없음 (None). 채점기가 학습하지 않는 숫자를 정하게 됩니다")
    return None


def _regularizer(value: Any) -> Any:
    if value is None or value in ("l1", "l2", "l1_l2"):
        return value
    if (isinstance(value, dict) and set(value) <= {"module", "class_name", "config", "registered_name"}
            and value.get("class_name") in ("L1", "L2", "L1L2") and value.get("registered_name") is None
            and isinstance(value.get("config"), dict) and set(value["config"]) <= {"l1", "l2"}
            and all(_is_number(v) and 0 <= v <= 10 for v in value["config"].values())):
        return value
    raise _Bad("None or an L1/L2 regularizer", "None 또는 L1/L2 정규화")


# ------------------------------------------------------------------ initializers

_RANDOM_WHY = ("a random initializer the grader seeds (GlorotUniform, HeNormal, RandomNormal with mean 0, "
               "RandomUniform from -a to a, ...): not Constant, Identity, Orthogonal or Ones",
               "채점기가 시드를 정하는 무작위 초기화 (GlorotUniform, HeNormal, 평균 0 인 RandomNormal, -a부터 a 까지의 "
               "RandomUniform 등). Constant, Identity, Orthogonal, Ones는 안 됩니다")


def _initializer(value: Any, allowed: tuple[str, ...], why: tuple[str, str]) -> Any:
    if isinstance(value, str) and INITIALIZER_NAMES.get(value) in allowed:
        return value
    if not (isinstance(value, dict) and set(value) <= {"module", "class_name", "config", "registered_name"}
            and value.get("class_name") in allowed and value.get("registered_name") is None
            and value.get("module") in (None, "keras.initializers") and isinstance(value.get("config"), dict)):
        raise _Bad(*why)
    kind, config = value["class_name"], dict(value["config"])
    if kind in RANDOM:
        seed = config.pop("seed", None)  # any seed: the judge's replaces it below
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise _Bad(*why)
        for axes in ("input_axes", "output_axes"):  # Keras' defaults only (they change the spread)
            if axes in config and config.pop(axes) is not None:
                raise _Bad(*why)
    keys = {"Zeros": set(), "Ones": set(), "VarianceScaling": {"scale", "mode", "distribution"},
            "RandomNormal": {"mean", "stddev"}, "TruncatedNormal": {"mean", "stddev"},
            "RandomUniform": {"minval", "maxval"}}.get(kind, set())
    if not set(config) <= keys:
        raise _Bad(*why)
    fine = True
    if kind == "VarianceScaling":
        fine = (_is_number(config.get("scale", 1.0)) and 0 < config.get("scale", 1.0) <= 100
                and config.get("mode", "fan_in") in ("fan_in", "fan_out", "fan_avg")
                and config.get("distribution", "truncated_normal") in (
                    "truncated_normal", "untruncated_normal", "normal", "uniform"))
    elif kind in ("RandomNormal", "TruncatedNormal"):
        fine = config.get("mean", 0.0) == 0 and _is_number(config.get("stddev", 0.05)) and \
            0 < config.get("stddev", 0.05) <= 100
    elif kind == "RandomUniform":
        low, high = config.get("minval", -0.05), config.get("maxval", 0.05)
        fine = _is_number(low) and _is_number(high) and 0 < high <= 100 and low == -high
    if not fine:
        raise _Bad(*why)
    if kind in RANDOM:
        return {**value, "config": {**value["config"], "seed": None}}  # the judge's seed draws it
    return value


def _kernel(value: Any) -> Any:
    return _initializer(value, RANDOM, _RANDOM_WHY)


def _bias(value: Any) -> Any:
    return _initializer(value, ("Zeros", *RANDOM), (
        "zeros (Keras' default) or " + _RANDOM_WHY[0], "zeros (케라스 기본값) 또는 " + _RANDOM_WHY[1]))


def _fixed(kind: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        return _initializer(value, (kind,), (f"{kind} (BatchNormalization's own start)",
                                             f"{kind} (BatchNormalization의 기본 시작값)"))
    return check


# ------------------------------------------------------------------ layers and their arguments

_COMMON = {"name": _name, "trainable": _flag, "dtype": _policy}
ARGUMENTS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "InputLayer": {"name": _name, "batch_shape": _shape, "dtype": _policy, "sparse": _only(False),
                   "ragged": _only(False), "optional": _only(False)},
    "Dense": {**_COMMON, "units": _whole(1, MAX_UNITS), "activation": _activation, "use_bias": _flag,
              "kernel_initializer": _kernel, "bias_initializer": _bias, "kernel_regularizer": _regularizer,
              "bias_regularizer": _regularizer, "activity_regularizer": _regularizer,
              "kernel_constraint": _none, "bias_constraint": _none, "quantization_config": _none,
              "lora_rank": _none, "lora_alpha": _none},
    "Activation": {**_COMMON, "activation": _activation},
    "BatchNormalization": {
        **_COMMON, "axis": _axis, "momentum": _between(0.0, 1.0), "epsilon": _between(0.0, 1.0, above=True),
        "center": _flag, "scale": _flag, "beta_initializer": _fixed("Zeros"), "gamma_initializer": _fixed("Ones"),
        "moving_mean_initializer": _fixed("Zeros"), "moving_variance_initializer": _fixed("Ones"),
        "beta_regularizer": _regularizer, "gamma_regularizer": _regularizer, "beta_constraint": _none,
        "gamma_constraint": _none, "synchronized": _flag, "renorm": _only(False), "renorm_clipping": _none,
        "renorm_momentum": _between(0.0, 1.0)},
    "Dropout": {**_COMMON, "rate": _between(0.0, 1.0, below=True), "seed": lambda v: None,
                "noise_shape": _none},
    "Flatten": {**_COMMON, "data_format": _only(None, "channels_last", "channels_first")},
    "Reshape": {**_COMMON, "target_shape": _target_shape},
    "ReLU": {**_COMMON, "max_value": _only(None, 6.0), "negative_slope": _only(0.0), "threshold": _only(0.0)},
    "LeakyReLU": {**_COMMON, "negative_slope": _between(0.0, 1.0)},
    "Softmax": {**_COMMON, "axis": _only(-1)},
}
