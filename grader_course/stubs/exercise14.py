"""연습 14 — 집값 회귀와 배치 정규화 / Exercise 14 — housing regression with BatchNormalization

출처 / Source: 노트 002 (실습 1: 보스턴 집값 Input(13), Dense(64, swish) 두 개, Dense(1), loss 'mse';
loss를 낮추는 방법: BatchNormalization, batch_size, optimizer).

과제 (한국어)
- build_housing_bn_model: Input(13), Dense(64, activation='swish'), BatchNormalization,
  Dense(64, activation='swish'), BatchNormalization, Dense(1) 순서의 모델을 만들어
  loss 'mse'로 compile해서 돌려주세요. 옵티마이저와 학습률은 직접 고르세요.
- FIT: model.fit에 넘길 키워드 인자 dict (예: epochs, batch_size, verbose). epochs는 최대 300.
- fit은 여러분이 아니라 채점기가 실행합니다: 채점기가 가진 집값 표(506채)를 나누어, 404채로
  model.fit(x, y, **FIT)을 하고 여러분이 보지 못한 102채로 판정합니다. x는 medv를 뺀 13개 열을
  노트처럼 그대로(표준화하지 않고) 쓴 값, y는 medv입니다. 값의 크기가 열마다 크게 다르기 때문에
  (tax는 수백, nox는 1보다 작음) BatchNormalization이 학습을 돕습니다.
- 판정: 파라미터 5633개, 보류한 집들에서 R² 0.70 이상 (잘 학습하면 0.80 ~ 0.90). 여러 시드로
  학습해 각각 보고하고 과반 시드가 넘어야 하므로, 운 좋은 시드 하나로 통과하거나 운 나쁜 시드
  하나로 떨어지지 않습니다.

Task (English)
- build_housing_bn_model: a model Input(13), Dense(64, activation='swish'), BatchNormalization,
  Dense(64, activation='swish'), BatchNormalization, Dense(1), in that order, compiled with loss
  'mse'. Choose the optimizer and its learning rate yourself.
- FIT: a dict of model.fit keyword arguments (e.g. epochs, batch_size, verbose); at most 300 epochs.
- The grader, not you, runs fit: it splits its copy of the housing table (506 houses), calls
  model.fit(x, y, **FIT) on 404 of them and judges on the 102 you never see. x is the 13 columns
  other than medv, raw (not standardised) as the notes read them; y is medv. The columns have very
  different scales (tax in the hundreds, nox below 1): BatchNormalization helps training.
- Judged: 5633 parameters, and R² >= 0.70 on the held-out houses (a well-trained model gets 0.80
  to 0.90). Trained under several seeds (each one reported) and most must reach it, so one lucky
  seed neither passes nor fails you.

노트의 예 / Examples from the notes
    target = 'medv'
    독립 = df.drop(target, axis=1)
    종속 = df.loc[:, target]
    x = tf.keras.layers.Input(shape=[13])
    h = tf.keras.layers.Dense(64, activation='swish')(x)
    h = tf.keras.layers.Dense(64, activation='swish')(h)
    y = tf.keras.layers.Dense(1)(h)
    model.compile(loss='mse')                     # Total params: 5121
    h = tf.keras.layers.BatchNormalization()(h)   # batch_normalization (None, 64)  256
    model.compile(loss='mse', optimizer='adam')
    model.fit(x, y, epochs=20, batch_size=150)    # batch_size 기본값 32 / default 32

같은 데이터로 실험하기 / Experimenting with the same data
    from grader.data import load_housing   # 506행 DataFrame, 소문자 열 이름, 목표 열 medv
                                           # 506-row DataFrame, lower-case headers, target medv
    실험 코드는 `if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 실행되지 않습니다.
    Keep experiment code only under `if __name__ == "__main__":` — it does not run at grading.
"""
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

FIT = None


def build_housing_bn_model() -> keras.Model:
    """Input(13), Dense(64, swish), BatchNormalization, Dense(64, swish), BatchNormalization,
    Dense(1)인 모델을 'mse'로 compile해서 돌려줍니다.
    Return the model Input(13), Dense(64, swish), BatchNormalization, Dense(64, swish),
    BatchNormalization, Dense(1), compiled with 'mse'.
    """
    raise NotImplementedError


if __name__ == "__main__":
    from grader.data import load_housing

    df = load_housing().sample(frac=1, random_state=0)  # 섞기 / shuffle
    x = df.drop("medv", axis=1).to_numpy("float32")
    y = df["medv"].to_numpy("float32")
    model = build_housing_bn_model()
    model.summary()
    model.fit(x[:404], y[:404], **FIT)
    predictions = model.predict(x[404:], verbose=0).ravel()
    sse, sst = np.sum((y[404:] - predictions) ** 2), np.sum((y[404:] - y[404:].mean()) ** 2)
    print("R² on 102 unseen houses:", 1 - sse / sst)
