"""연습 13 — 손글씨 숫자 분류 / Exercise 13 — handwritten digits (reference solution).

노트 000 / note 000.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

# 4,000 training digits: 10 epochs of 63 batches take a few seconds on two CPU cores.
FIT = {"epochs": 10, "batch_size": 64, "verbose": 0}


def preprocess(x):
    """(n, 28, 28) uint8 이미지를 [0, 1] 범위의 float32 (n, 784)로 바꿉니다.
    (n, 28, 28) uint8 images to (n, 784) float32 in [0, 1].
    """
    x = np.asarray(x)
    return x.reshape(len(x), 28 * 28).astype(np.float32) / 255.0


def build_mnist_model() -> keras.Model:
    """Input(784) … Dense(10, softmax); 'categorical_crossentropy'로 compile.
    Input(784) ... Dense(10, softmax); compiled with 'categorical_crossentropy'.
    """
    x = keras.Input(shape=(784,))
    h = keras.layers.Dense(128, activation="relu")(x)
    y = keras.layers.Dense(10, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


if __name__ == "__main__":
    from grader.data import load_digits

    (x_train, y_train), (x_test, y_test) = load_digits()
    model = build_mnist_model()
    model.fit(preprocess(x_train), keras.utils.to_categorical(y_train, 10), **FIT)
    print(model.evaluate(preprocess(x_test), keras.utils.to_categorical(y_test, 10), verbose=0))
