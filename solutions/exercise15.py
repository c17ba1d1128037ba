"""연습 15 — 온도로 레모네이드 판매량 예측 / Exercise 15 — lemonade sales from the temperature
(reference solution).

practice2-lemonade.ipynb.
"""
import tensorflow as tf


def build_lemonade_model() -> tf.keras.Model:
    """온도 하나를 받아 판매량 하나를 내는 선형 Dense 유닛 하나, 'mse'로 compile.
    One input (온도), one linear Dense unit (판매량); compiled with 'mse'.
    """
    X = tf.keras.layers.Input(shape=[1])
    Y = tf.keras.layers.Dense(1)(X)
    model = tf.keras.Model(X, Y)
    model.compile(loss="mse")
    return model


if __name__ == "__main__":
    import pandas as pd

    레모네이드 = pd.read_csv("https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/lemonade.csv")
    독립, 종속 = 레모네이드[["온도"]], 레모네이드[["판매량"]]
    model = build_lemonade_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    model.fit(독립, 종속, epochs=1000, verbose=0)
    print(model.predict([[15]]))  # about 30
