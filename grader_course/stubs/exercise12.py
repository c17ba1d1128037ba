"""연습 12 — 은닉층으로 붓꽃 분류 / Exercise 12 — iris with hidden layers

출처 / Source: 노트 000 (1. Hidden Layer: Dense(8, relu) 세 개 + softmax),
노트 002 (실습 2: Dense(64, swish) + BatchNormalization, batch_size).

과제 (한국어)
- build_iris_model: Input(4), 은닉 Dense 층 하나 이상, Dense(3, activation='softmax')로 된 모델을
  만들어 loss 'categorical_crossentropy'로 compile해서 돌려주세요 (metrics=['accuracy'] 권장).
  옵티마이저와 학습률은 직접 고르세요.
- FIT: model.fit에 넘길 키워드 인자 dict (예: epochs, batch_size, verbose). epochs는 최대 500.
- fit은 여러분이 아니라 채점기가 실행합니다: 채점기가 가진 붓꽃 표를 품종 비율대로(stratified)
  나누어, 한 부분으로 model.fit(x, y, **FIT)을 하고 여러분이 보지 못한 나머지로 판정합니다.
  x는 측정값 네 열(꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭, 표준화하지 않은 값), y는 원-핫 품종입니다.
- 판정: 정확도 0.90 이상. 여러 시드로 학습해 각각 보고하므로, 운 좋은 시드 하나로 통과하거나
  운 나쁜 시드 하나로 떨어지지 않습니다.

Task (English)
- build_iris_model: Input(4), at least one hidden Dense layer, Dense(3, activation='softmax');
  return it compiled with loss 'categorical_crossentropy' (metrics=['accuracy'] recommended).
  Choose the optimizer and learning rate yourself.
- FIT: a dict of model.fit keyword arguments (e.g. epochs, batch_size, verbose); at most 500 epochs.
- The grader, not you, runs fit: it splits its copy of the iris table, stratified by species, calls
  model.fit(x, y, **FIT) on one part and judges on the part you never see. x holds the four
  measurement columns (raw, not standardised), y the one-hot species.
- Judged: accuracy >= 0.90, trained under several seeds (each one reported), so one lucky seed
  neither passes nor fails you.

노트의 예 / Examples from the notes
    X = tf.keras.Input(shape=[4])
    H = tf.keras.layers.Dense(8, activation="relu")(X)   # Hidden layer 추가
    Y = tf.keras.layers.Dense(3, activation="softmax")(H)
    model.compile(loss="categorical_crossentropy", metrics=["accuracy"])
    note 002: model.fit(x, y, epochs=500, verbose=0, batch_size=150)

같은 데이터로 실험하기 / Experimenting with the same data
    from grader.data import load_iris     # 강의의 붓꽃 DataFrame (한글 열 이름) / the course's iris table
    실험 코드는 `if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 실행되지 않습니다.
    Keep experiment code only under `if __name__ == "__main__":` — it does not run at grading.
"""
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

FIT = None


def build_iris_model() -> keras.Model:
    """Input(4), 은닉 Dense 층, Dense(3, softmax)인 모델을 compile해서 돌려줍니다.
    Return a compiled model: Input(4), hidden Dense layer(s), Dense(3, softmax).
    """
    raise NotImplementedError


if __name__ == "__main__":
    from grader.data import load_iris

    df = load_iris().sample(frac=1, random_state=0)  # 섞기: 표가 품종 순서로 정렬돼 있음 / shuffle: sorted by species
    x = df[["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]].to_numpy("float32")
    y = pd.get_dummies(df["품종"], dtype="float32").to_numpy()
    model = build_iris_model()
    model.fit(x[:120], y[:120], **FIT)
    print(model.evaluate(x[120:], y[120:], verbose=0))  # [loss, accuracy] 본 적 없는 30송이 / 30 unseen flowers
