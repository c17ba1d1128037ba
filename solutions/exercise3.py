"""연습 3 — 소프트맥스 직접 구현 / Exercise 3 — softmax by hand (reference solution).

노트 000, 002 / notes 000, 002.
"""
import numpy as np


def softmax(z):
    """마지막 축을 따라 소프트맥스를 계산합니다 (1차원, 2차원 입력).
    Softmax along the last axis, for 1-D and 2-D input.

    >>> softmax([1000, 0, -1000])
    array([1., 0., 0.])
    """
    z = np.asarray(z, dtype=np.float64)
    # Subtracting the row maximum changes nothing mathematically but keeps exp() from overflowing.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def dense_softmax(x, kernel, bias):
    """Dense(units, activation='softmax') 층의 순전파: softmax(x @ kernel + bias).
    The forward pass of a Dense(units, activation='softmax') layer.
    """
    return softmax(np.asarray(x) @ np.asarray(kernel) + np.asarray(bias))
