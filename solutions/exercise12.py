"""연습 12 — 은닉층으로 붓꽃 분류 / Exercise 12 — iris with hidden layers (reference solution).

노트 000, 002 / notes 000, 002.
"""
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

# 120 training flowers in batches of 16: 100 epochs are 800 Adam steps.
FIT = {"epochs": 100, "batch_size": 16, "verbose": 0}


def build_iris_model() -> keras.Model:
    """Input(4), 은닉 Dense 층, Dense(3, softmax); 'categorical_crossentropy'로 compile.
    Input(4), hidden Dense layers, Dense(3, softmax); compiled with 'categorical_crossentropy'.
    """
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(32, activation="swish")(x)
    h = keras.layers.Dense(32, activation="swish")(h)
    y = keras.layers.Dense(3, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


if __name__ == "__main__":
    from grader.data import load_iris

    df = load_iris().sample(frac=1, random_state=0)  # shuffle: the table is sorted by species
    x = df[["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]].to_numpy("float32")
    y = pd.get_dummies(df["품종"], dtype="float32").to_numpy()
    model = build_iris_model()
    model.fit(x[:120], y[:120], **FIT)
    print(model.evaluate(x[120:], y[120:], verbose=0))  # [loss, accuracy] on 30 unseen flowers
