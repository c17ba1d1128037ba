"""연습 6 — 경사하강법 한 걸음, 그리고 옵티마이저 / Exercise 6 — a gradient-descent step, and optimizers

출처 / Source: 노트 000 (GD, Momentum, Adagrad, Adam), 노트 001 (경사하강법, y = x + 1),
노트 003 (new w = old w - learning rate * 기울기).

과제 (한국어)
- gd_step: w - learning_rate * grad 를 돌려주세요.
- mse_gradients: 손실 mean((w*x + b - y)**2)의 w와 b에 대한 기울기 (dw, db)를 구하세요.
- fit_line: w = b = 0에서 시작해 위 두 함수로 steps번 배치 경사하강법을 하고 (w, b)를 돌려주세요.
  노트 001의 데이터(y = x + 1)에서는 (1, 1) 가까이에서 끝납니다.
- momentum_step: velocity = momentum * velocity - learning_rate * grad; w = w + velocity
  (케라스 SGD의 모멘텀). (w, velocity)를 돌려주세요.
- adagrad_step: 케라스 Adagrad의 한 걸음. (w, accumulator)를 돌려주세요.
- adam_step: 케라스 3 Adam의 한 걸음 (t는 1부터). (w, m, v)를 돌려주세요. 같은 기울기를 넣은
  keras.optimizers.Adam과 여러 걸음 동안 1e-6까지 일치해야 합니다.

Task (English)
- gd_step: return w - learning_rate * grad.
- mse_gradients: the gradients (dw, db) of the loss mean((w*x + b - y)**2).
- fit_line: batch gradient descent from w = b = 0 for `steps` steps, using the two functions above;
  return (w, b). On note 001's data (y = x + 1) it ends near (1, 1).
- momentum_step: velocity = momentum * velocity - learning_rate * grad; w = w + velocity
  (Keras SGD with momentum). Return (w, velocity).
- adagrad_step: one step of Keras' Adagrad. Return (w, accumulator).
- adam_step: one step of Keras 3's Adam (t starts at 1). Return (w, m, v). Several steps must agree
  with keras.optimizers.Adam given the same gradients, to 1e-6.

참고 / Notes
    노트 001의 데이터 / note 001's data: x = [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14], y = x + 1
    Adagrad와 Adam에서 epsilon이 들어가는 자리는 교과서마다 조금씩 다릅니다. 케라스의 소스
    (keras/src/optimizers/adagrad.py, adam.py의 update_step)를 읽고 그대로 따르세요. 케라스
    Adagrad는 accumulator를 0.1(initial_accumulator_value)에서 시작하지만, 여기서는 accumulator를
    인자로 받습니다.
    Where epsilon goes in Adagrad and Adam differs between textbooks: read Keras' source
    (update_step in keras/src/optimizers/adagrad.py and adam.py) and follow it. Keras' Adagrad starts
    its accumulator at 0.1 (initial_accumulator_value); here the accumulator is an argument.
"""
import numpy as np


def gd_step(w, grad, learning_rate: float):
    """경사하강법 한 걸음. / One gradient-descent step.

    예 / Example: gd_step([1.0, 2.0], [0.5, -1.0], 0.1)  # -> [0.95, 2.1]
    """
    raise NotImplementedError


def mse_gradients(w: float, b: float, x, y):
    """mean((w*x + b - y)**2)의 w, b에 대한 기울기 (dw, db).
    Gradients (dw, db) of mean((w*x + b - y)**2) with respect to w and b.
    """
    raise NotImplementedError


def fit_line(x, y, learning_rate: float = 0.001, steps: int = 5000):
    """w = b = 0에서 시작하는 배치 경사하강법으로 직선 y ≈ w*x + b를 찾습니다.
    Fit y ≈ w*x + b by batch gradient descent from w = b = 0.
    """
    raise NotImplementedError


def momentum_step(w, grad, velocity, learning_rate=0.01, momentum=0.9):
    """모멘텀 한 걸음 (Keras SGD). (w, velocity)를 돌려줍니다.
    One momentum step, as Keras SGD does it; returns (w, velocity).
    """
    raise NotImplementedError


def adagrad_step(w, grad, accumulator, learning_rate=0.001, epsilon=1e-7):
    """Adagrad 한 걸음 (Keras Adagrad). (w, accumulator)를 돌려줍니다.
    One Adagrad step, as Keras Adagrad does it; returns (w, accumulator).
    """
    raise NotImplementedError


def adam_step(w, grad, m, v, t: int, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam 한 걸음 (Keras 3 Adam); t는 1부터 셉니다. (w, m, v)를 돌려줍니다.
    One Adam step, as Keras 3's Adam does it; t starts at 1. Returns (w, m, v).

    예 / Example: w, m, v = adam_step(w, grad, np.zeros_like(w), np.zeros_like(w), t=1)
    """
    raise NotImplementedError
