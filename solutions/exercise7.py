"""연습 7 — GradientTape 학습 루프 / Exercise 7 — a GradientTape training loop (reference solution).

노트 002 / note 002.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras


def derivative(f, x: float) -> float:
    """tf.GradientTape로 x에서의 df/dx를 구합니다. / df/dx at x, with tf.GradientTape.

    >>> derivative(lambda t: t**2 + 3 * t, 2.0)
    7.0
    """
    x = tf.constant(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)  # constants are not watched automatically, variables are
        y = f(x)
    return float(tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO))


def train_step(model, x, y, loss_fn, optimizer) -> float:
    """한 걸음: 순전파와 손실을 테이프 아래에서 계산하고, 기울기를 적용합니다. 손실을 돌려줍니다.
    One step: forward pass and loss under a tape, then apply the gradients. Returns the loss.
    """
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return float(loss)


def train_loop(model, x, y, epochs: int = 100, learning_rate: float = 0.01) -> list[float]:
    """노트 002의 루프 (전체 배치, MeanSquaredError, Adam). epoch마다의 손실 목록을 돌려줍니다.
    Note 002's loop (full batch, MeanSquaredError, Adam); returns the loss of every epoch.
    """
    loss_fn = keras.losses.MeanSquaredError()
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    return [train_step(model, x, y, loss_fn, optimizer) for _ in range(epochs)]
