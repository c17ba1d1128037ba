"""연습 11 — 케라스로 y = x + 1 찾기 / Exercise 11 — linear regression in Keras

출처 / Source: 노트 001 (Dense(units=1, activation='linear', input_dim=1), adam, mse, epochs=3000).

과제 (한국어)
- build_linear_model: 입력 하나, 선형(linear) Dense 유닛 하나인 모델을 만들어 loss 'mse'로
  compile해서 돌려주세요. 옵티마이저와 학습률은 직접 고르세요.
- FIT: model.fit에 넘길 키워드 인자 dict (예: epochs, batch_size, verbose). epochs는 최대 500.
  노트 001은 Adam의 기본 학습률(0.001)로 3000 epochs가 필요했습니다. 500 epochs 안에 수렴하도록
  학습률을 고르세요.
- fit은 여러분이 아니라 채점기가 실행합니다: 채점기는 build_linear_model()로 모델을 만들고,
  자기가 가진 데이터(노트 001의 점 10개)로 model.fit(x, y, **FIT)을 한 뒤 판정합니다.
- 판정: kernel과 bias가 1에서 0.05 이내, x = 11, 12, 13의 예측이 12, 13, 14에서 0.1 이내.

Task (English)
- build_linear_model: one input, one linear Dense unit, compiled with loss 'mse'. Choose the
  optimizer and its learning rate yourself.
- FIT: a dict of model.fit keyword arguments (e.g. epochs, batch_size, verbose); at most 500 epochs.
  Note 001 needed 3000 epochs with Adam's default learning rate (0.001): pick a learning rate
  that converges within 500.
- The grader, not you, runs fit: it builds the model with build_linear_model(), calls
  model.fit(x, y, **FIT) on data it holds (note 001's ten points), and then judges.
- Judged: kernel and bias within 0.05 of 1; predictions for 11, 12, 13 within 0.1 of 12, 13, 14.

노트의 예 / Example from the notes
    x = [-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]
    y = [-2, 32, -10, 5, 1, 23, -1, -4, -24, -13]      # y = x + 1
    model.fit(X_train, y_train, epochs=3000, verbose=0)
    kernel 0.99999654, bias 0.9993934;  predict([[11], [12], [13]]) -> 11.999, 12.999, 13.999

직접 실험하려면 이 파일을 실행하세요 (python exercise11.py). 실험 코드는
`if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 그 블록이 실행되지 않습니다.
To experiment, run this file (python exercise11.py). Keep experiment code only under
`if __name__ == "__main__":` — that block does not run at grading.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

FIT = None


def build_linear_model() -> keras.Model:
    """입력 1개, 선형 Dense 유닛 1개인 모델을 'mse'로 compile해서 돌려줍니다.
    One input, one linear Dense unit; return it compiled with 'mse'.
    """
    raise NotImplementedError


if __name__ == "__main__":
    x = np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]).reshape(-1, 1)
    y = np.array([-2, 32, -10, 5, 1, 23, -1, -4, -24, -13])
    model = build_linear_model()
    model.fit(x, y, **FIT)
    print(model.weights)
    print(model.predict(np.array([[11], [12], [13]])))
