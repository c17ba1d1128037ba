"""연습 6 — 경사하강법 한 걸음 / Exercise 6 — a gradient-descent step, and optimizers
(reference solution). 노트 000, 001, 003 / notes 000, 001, 003.
"""
import numpy as np


def gd_step(w, grad, learning_rate: float):
    """경사하강법 한 걸음. / One gradient-descent step."""
    return np.asarray(w, dtype=np.float64) - learning_rate * np.asarray(grad, dtype=np.float64)


def mse_gradients(w: float, b: float, x, y):
    """mean((w*x + b - y)**2)의 w, b에 대한 기울기 (dw, db).
    Gradients (dw, db) of mean((w*x + b - y)**2) with respect to w and b.
    """
    x = np.asarray(x, dtype=np.float64)
    error = w * x + b - np.asarray(y, dtype=np.float64)
    return float(2 * np.mean(error * x)), float(2 * np.mean(error))


def fit_line(x, y, learning_rate: float = 0.001, steps: int = 5000):
    """w = b = 0에서 시작하는 배치 경사하강법으로 직선 y ≈ w*x + b를 찾습니다.
    Fit y ≈ w*x + b by batch gradient descent from w = b = 0.
    """
    w = b = 0.0
    for _ in range(steps):
        dw, db = mse_gradients(w, b, x, y)
        w, b = float(gd_step(w, dw, learning_rate)), float(gd_step(b, db, learning_rate))
    return w, b


def momentum_step(w, grad, velocity, learning_rate=0.01, momentum=0.9):
    """모멘텀 한 걸음 (Keras SGD). / One momentum step, as Keras SGD does it."""
    velocity = momentum * np.asarray(velocity, dtype=np.float64) - learning_rate * np.asarray(grad, dtype=np.float64)
    return np.asarray(w, dtype=np.float64) + velocity, velocity


def adagrad_step(w, grad, accumulator, learning_rate=0.001, epsilon=1e-7):
    """Adagrad 한 걸음 (Keras Adagrad). / One Adagrad step, as Keras Adagrad does it."""
    grad = np.asarray(grad, dtype=np.float64)
    accumulator = np.asarray(accumulator, dtype=np.float64) + grad**2
    w = np.asarray(w, dtype=np.float64) - learning_rate * grad / np.sqrt(accumulator + epsilon)
    return w, accumulator


def adam_step(w, grad, m, v, t: int, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam 한 걸음 (Keras 3 Adam); t는 1부터 셉니다.
    One Adam step, as Keras 3's Adam does it; the step number t starts at 1.
    """
    grad = np.asarray(grad, dtype=np.float64)
    m = beta_1 * np.asarray(m, dtype=np.float64) + (1 - beta_1) * grad
    v = beta_2 * np.asarray(v, dtype=np.float64) + (1 - beta_2) * grad**2
    # Keras folds both bias corrections into the step size and adds epsilon to sqrt(v).
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    w = np.asarray(w, dtype=np.float64) - alpha * m / (np.sqrt(v) + epsilon)
    return w, m, v
