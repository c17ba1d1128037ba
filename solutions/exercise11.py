"""연습 11 — 케라스로 y = x + 1 찾기 / Exercise 11 — linear regression in Keras (reference solution).

노트 001 / note 001.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

# A single batch of ten points: 300 full-batch Adam steps at learning rate 0.1 reach w = b = 1
# to about 1e-6 (the default learning rate 0.001 needs about 3000).
FIT = {"epochs": 300, "verbose": 0}


def build_linear_model() -> keras.Model:
    """입력 1개, 선형 Dense 유닛 1개인 모델을 'mse'로 compile해서 돌려줍니다.
    One input, one linear Dense unit; compiled with 'mse'.
    """
    model = keras.Sequential([
        keras.Input(shape=(1,)),
        keras.layers.Dense(units=1, activation="linear"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse", metrics=["mae"])
    return model


if __name__ == "__main__":
    x = np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]).reshape(-1, 1)
    y = np.array([-2, 32, -10, 5, 1, 23, -1, -4, -24, -13])
    model = build_linear_model()
    model.fit(x, y, **FIT)
    print(model.weights)
    print(model.predict(np.array([[11], [12], [13]])))
