"""연습 13 — 손글씨 숫자 분류 / Exercise 13 — handwritten digits

출처 / Source: 노트 000 (2.1 딥러닝 - 손글씨 분류 모델: mnist, reshape, to_categorical, Dense softmax).

과제 (한국어)
- preprocess: (n, 28, 28) uint8 이미지를 [0, 1] 범위의 float32 (n, 784) 배열로 바꾸세요.
- build_mnist_model: Input(784)로 시작해 Dense(10, activation='softmax')로 끝나는 모델을 만들어
  loss 'categorical_crossentropy'로 compile해서 돌려주세요 (metrics=['accuracy'] 권장).
  그 사이의 층, 옵티마이저는 직접 고르세요.
- FIT: model.fit에 넘길 키워드 인자 dict (예: epochs, batch_size, verbose). epochs는 최대 20.
- fit은 여러분이 아니라 채점기가 실행합니다: 채점기는 자기가 가진 손글씨 숫자에 preprocess를
  적용하고 레이블을 원-핫으로 바꿔 model.fit(x, y, **FIT)을 한 뒤, 여러분이 보지 못한 숫자로
  판정합니다.
- 판정: 정확도 0.88 이상 (노트 000의 은닉층 없는 모델이 여기서 약 0.91).

Task (English)
- preprocess: turn (n, 28, 28) uint8 images into an (n, 784) float32 array with values in [0, 1].
- build_mnist_model: a model that starts with Input(784) and ends with Dense(10, activation='softmax'),
  compiled with loss 'categorical_crossentropy' (metrics=['accuracy'] recommended). The layers in
  between and the optimizer are your choice.
- FIT: a dict of model.fit keyword arguments (e.g. epochs, batch_size, verbose); at most 20 epochs.
- The grader, not you, runs fit: it applies your preprocess to digits it holds, one-hot encodes the
  labels, calls model.fit(x, y, **FIT), and judges on digits you never see.
- Judged: accuracy >= 0.88 (note 000's model with no hidden layer scores about 0.91 here).

노트의 예 / Example from the notes
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    (60000, 28, 28) (60000,)
    x_train = x_train.reshape(60000, 784)
    y_train = tf.keras.utils.to_categorical(y_train)   # (60000, 10)
    X = tf.keras.Input(shape=[784])
    Y = tf.keras.layers.Dense(10, activation='softmax')(X)
    model.compile(loss='categorical_crossentropy', metrics=['accuracy'])
    model.fit(x_train, y_train, epochs=10)

같은 데이터로 실험하기 / Experimenting with the same data
    from grader.data import load_digits   # (x_train, y_train), (x_test, y_test), mnist.load_data()처럼
    실험 코드는 `if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 실행되지 않습니다.
    Keep experiment code only under `if __name__ == "__main__":` — it does not run at grading.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

FIT = None


def preprocess(x):
    """(n, 28, 28) uint8 이미지를 [0, 1] 범위의 float32 (n, 784)로 바꿉니다.
    (n, 28, 28) uint8 images to (n, 784) float32 in [0, 1].
    """
    raise NotImplementedError


def build_mnist_model() -> keras.Model:
    """Input(784) … Dense(10, softmax)인 모델을 compile해서 돌려줍니다.
    Return a compiled model: Input(784) ... Dense(10, softmax).
    """
    raise NotImplementedError


if __name__ == "__main__":
    from grader.data import load_digits

    (x_train, y_train), (x_test, y_test) = load_digits()
    model = build_mnist_model()
    model.fit(preprocess(x_train), keras.utils.to_categorical(y_train, 10), **FIT)
    print(model.evaluate(preprocess(x_test), keras.utils.to_categorical(y_test, 10), verbose=0))
