"""연습 9 — 은닉층과 비선형성, 연쇄 법칙 / Exercise 9 — why hidden layers need activations;
the chain rule (reference solution). 노트 000, 003 / notes 000, 003.
"""
import numpy as np


def collapse_linear(W1, b1, W2, b2):
    """두 선형 층과 같은 선형 층 하나 (W, b): (x @ W1 + b1) @ W2 + b2 == x @ W + b.
    One linear layer (W, b) equal to two stacked linear layers.
    """
    W1, b1, W2, b2 = (np.asarray(a, dtype=np.float64) for a in (W1, b1, W2, b2))
    return W1 @ W2, b1 @ W2 + b2


def neuron_gradients(x, w, b: float, y: float):
    """a = sigmoid(w · x + b), E = 0.5 * (a - y)**2 일 때 연쇄 법칙으로 구한 (dE/dw, dE/db).
    (dE/dw, dE/db) by the chain rule for a = sigmoid(w · x + b) and E = 0.5 * (a - y)**2.
    """
    x = np.asarray(x, dtype=np.float64)
    z = float(np.dot(w, x) + b)
    a = 1 / (1 + np.exp(-z)) if z >= 0 else np.exp(z) / (1 + np.exp(z))  # stable sigmoid
    # dE/dz = dE/da * da/dz;  dz/dw = x and dz/db = 1.
    delta = (a - y) * a * (1 - a)
    return delta * x, float(delta)
