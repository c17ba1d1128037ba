"""연습 7 — GradientTape 학습 루프 / Exercise 7 — a GradientTape training loop

출처 / Source: 노트 002, "6) fit 함수의 동작 열어보기 (GradientTape())".

과제 (한국어)
- derivative: f(텐서를 받아 텐서를 돌려주는 함수)의 x에서의 미분값 df/dx를 tf.GradientTape로
  구해 float로 돌려주세요.
- train_step: 한 걸음 학습. 테이프 아래에서 순전파(training=True)와 손실 loss_fn(y, pred)을 계산하고,
  model.trainable_weights에 대한 기울기를 구해 optimizer.apply_gradients로 적용하세요.
  손실을 float로 돌려주세요.
- train_loop: 노트 002의 루프 — 전체 배치, keras.losses.MeanSquaredError(),
  keras.optimizers.Adam(learning_rate) — 를 epochs번 돌리고, 각 epoch의 손실(그 epoch의
  순전파에서 계산한 값, 가중치 갱신 전)을 순서대로 담은 float 리스트를 돌려주세요.

Task (English)
- derivative: df/dx at x with tf.GradientTape, as a float (f takes and returns tensors).
- train_step: one training step. Under a tape, run the forward pass (training=True) and the loss
  loss_fn(y, pred); take the gradients of model.trainable_weights and apply them with
  optimizer.apply_gradients. Return the loss as a float.
- train_loop: note 002's loop — full batch, keras.losses.MeanSquaredError(),
  keras.optimizers.Adam(learning_rate) — for `epochs` epochs. Return a list of floats, the loss of
  every epoch in order (the one computed in that epoch's forward pass, before the update).
  채점: 같은 초기 가중치에서 기준 루프와 비교하고, 손실이 줄어드는지 봅니다.
  Judged from the same initial weights against the reference loop, and by the loss falling.

노트의 예 / Example from the notes
    loss = tf.keras.losses.MeanSquaredError()
    optim = tf.keras.optimizers.Adam(learning_rate=0.001)
    for e in range(1000):
        with tf.GradientTape() as tape:     # 미분
            ...                             # 순전파, 손실 / forward pass, loss
        ...                                 # 기울기, apply_gradients / gradients, update
        print(e, cost)
    # 999 tf.Tensor(28.237234, shape=(), dtype=float32)
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras


def derivative(f, x: float) -> float:
    """tf.GradientTape로 x에서의 df/dx를 구합니다. / df/dx at x, with tf.GradientTape.

    예 / Example: derivative(lambda t: t**2 + 3 * t, 2.0)  # 7.0
    """
    raise NotImplementedError


def train_step(model, x, y, loss_fn, optimizer) -> float:
    """한 걸음: 순전파와 손실을 테이프 아래에서 계산하고, 기울기를 적용합니다. 손실을 돌려줍니다.
    One step: forward pass and loss under a tape, then apply the gradients. Returns the loss.
    """
    raise NotImplementedError


def train_loop(model, x, y, epochs: int = 100, learning_rate: float = 0.01) -> list[float]:
    """노트 002의 루프 (전체 배치, MeanSquaredError, Adam). epoch마다의 손실 목록을 돌려줍니다.
    Note 002's loop (full batch, MeanSquaredError, Adam); returns the loss of every epoch.

    예 / Example: losses = train_loop(model, x_train.values, y_train.values, epochs=100)
    """
    raise NotImplementedError
