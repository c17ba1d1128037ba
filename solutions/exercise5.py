"""연습 5 — 활성화 함수와 손실 함수 / Exercise 5 — activations and losses (reference solution).

노트 000, 001, 002, 003 / notes 000, 001, 002, 003.
"""
import math

import numpy as np

# Keras computes losses in float32 and clips probabilities to [1e-7, 1 - 1e-7] in float32.
EPSILON = np.float32(1e-7)

_OUTPUT = {"regression": "linear", "binary": "sigmoid", "multiclass": "softmax"}
_LOSS = {"regression": "mse", "binary": "binary_crossentropy", "multiclass": "categorical_crossentropy"}
_erfc = np.vectorize(math.erfc, otypes=[float])


def _lookup(table: dict, problem: str) -> str:
    if problem not in table:
        raise ValueError(f"problem must be one of {sorted(table)}, got {problem!r}")
    return table[problem]


def output_activation(problem: str) -> str:
    """문제 유형에 맞는 출력층 활성화 함수 이름. / The output activation for a problem type."""
    return _lookup(_OUTPUT, problem)


def loss_for(problem: str) -> str:
    """문제 유형에 맞는 손실 함수 이름. / The loss for a problem type."""
    return _lookup(_LOSS, problem)


def sigmoid(x):
    """1 / (1 + e^-x), 원소별, 오버플로 없음. / Element-wise, without overflow."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))  # never overflows: the exponent is <= 0
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(x):
    """sigmoid의 도함수 sigmoid(x) * (1 - sigmoid(x)); 최댓값은 x = 0에서 0.25.
    The derivative of sigmoid; its largest value is 0.25, at x = 0.
    """
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return e / (1 + e) ** 2  # = s * (1 - s), written so that neither factor rounds to 0 or 1


def relu(x):
    """max(x, 0), 원소별. / Element-wise max(x, 0)."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def swish(x):
    """x * sigmoid(x), 원소별. / Element-wise x * sigmoid(x)."""
    return np.asarray(x, dtype=np.float64) * sigmoid(x)


def gelu(x):
    """정확한 GELU: x * Φ(x) = 0.5 * x * (1 + erf(x / √2)). / Exact (erf) GELU."""
    x = np.asarray(x, dtype=np.float64)
    # 1 + erf(t) == erfc(-t); erfc keeps its precision for large negative x.
    return 0.5 * x * _erfc(-x / math.sqrt(2))


def mse(y_true, y_pred) -> float:
    """평균제곱오차. / Mean squared error."""
    y_true = np.ravel(np.asarray(y_true, dtype=np.float64))
    y_pred = np.ravel(np.asarray(y_pred, dtype=np.float64))
    return float(np.mean((y_true - y_pred) ** 2))


def binary_crossentropy(y_true, p) -> float:
    """이진 교차 엔트로피 (샘플 평균, 확률은 [1e-7, 1 - 1e-7]로 자름).
    Binary cross-entropy, averaged over samples, probabilities clipped like Keras.
    """
    y = np.ravel(np.asarray(y_true, dtype=np.float32))
    p = np.clip(np.ravel(np.asarray(p, dtype=np.float32)), EPSILON, 1 - EPSILON)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def categorical_crossentropy(y_onehot, p) -> float:
    """범주형 교차 엔트로피 (샘플 평균, 확률은 [1e-7, 1 - 1e-7]로 자름).
    Categorical cross-entropy, averaged over samples, probabilities clipped like Keras.
    """
    y = np.asarray(y_onehot, dtype=np.float32)
    p = np.asarray(p, dtype=np.float32)
    p = p / p.sum(axis=-1, keepdims=True)  # Keras renormalises each row before clipping
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))
