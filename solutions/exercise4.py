"""연습 4 — 파라미터 개수 세기 / Exercise 4 — counting parameters (reference solution).

노트 001, 002 / notes 001, 002.
"""
import tensorflow as tf
from tensorflow import keras


def dense_params(n_inputs: int, units: int) -> int:
    """Dense 층의 파라미터 수 (가중치 + 편향). / Parameters of a Dense layer (weights + biases).

    >>> dense_params(13, 64)
    896
    """
    return (n_inputs + 1) * units


def batchnorm_params(features: int) -> int:
    """BatchNormalization 층의 파라미터 수 (model.summary() 기준).
    Parameters of a BatchNormalization layer, as model.summary() shows them.
    """
    # gamma and beta are trained; moving mean and variance are counted but not trained.
    return 4 * features


def mlp_params(n_inputs: int, hidden: list[int], n_outputs: int, batchnorm: bool = False) -> int:
    """Input → Dense(hidden...) (→ BatchNormalization) → Dense(n_outputs)의 전체 파라미터 수.
    Total parameters of Input, Dense layers of the hidden sizes (each optionally followed by
    BatchNormalization), then Dense(n_outputs).

    >>> mlp_params(13, [64, 64], 1)
    5121
    """
    total, width = 0, n_inputs
    for units in hidden:
        total += dense_params(width, units)
        if batchnorm:
            total += batchnorm_params(units)
        width = units
    return total + dense_params(width, n_outputs)


def steps_per_epoch(n_samples: int, batch_size: int = 32) -> int:
    """한 epoch의 배치 수 (마지막 배치는 작을 수 있음). / Batches in one epoch (the last may be short).

    >>> steps_per_epoch(150)
    5
    """
    return -(-n_samples // batch_size)


def build_housing_model() -> keras.Model:
    """노트 002의 집값 모델: Input(13), Dense(64, swish) x 2, Dense(1); loss 'mse'.
    Note 002's housing model: Input(13), Dense(64, swish) twice, Dense(1); loss 'mse'.
    """
    x = keras.Input(shape=(13,))
    h = keras.layers.Dense(64, activation="swish")(x)
    h = keras.layers.Dense(64, activation="swish")(h)
    y = keras.layers.Dense(1)(h)
    model = keras.Model(x, y)
    model.compile(loss="mse")
    return model
