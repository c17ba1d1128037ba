"""연습 5 — 활성화 함수와 손실 함수 / Exercise 5 — activations and losses

출처 / Source: 노트 001 (문제 유형별 활성화/손실 표), 노트 000 (기울기 소실, 크로스 엔트로피),
노트 002 (swish, GELU), 노트 003 (활성 함수).

과제 (한국어)
- output_activation, loss_for: problem이 'regression' | 'binary' | 'multiclass'일 때 출력층
  활성화 함수와 손실 함수의 케라스 이름을 돌려주세요 (노트 001의 표). 그 밖의 값은 ValueError.
- sigmoid, sigmoid_grad(시그모이드의 도함수), relu, swish, gelu(erf를 쓰는 정확한 형태):
  원소별로 계산하고, |x|가 1e4까지 커져도 오버플로(경고 포함)가 없어야 합니다.
- mse, binary_crossentropy, categorical_crossentropy: 샘플 평균을 float로 돌려주세요.
  케라스처럼 확률을 [1e-7, 1 - 1e-7]로 잘라서(clip) log(0)을 피하고, keras.losses와 1e-5까지
  일치해야 합니다.

Task (English)
- output_activation, loss_for: for problem 'regression' | 'binary' | 'multiclass' return the
  Keras name of the output activation and of the loss (note 001's table); ValueError otherwise.
- sigmoid, sigmoid_grad (the derivative of sigmoid), relu, swish, gelu (the exact erf form):
  element-wise, with no overflow (and no warning) for |x| up to 1e4.
- mse, binary_crossentropy, categorical_crossentropy: the mean over samples, as a float.
  Clip probabilities to [1e-7, 1 - 1e-7] as Keras does, and agree with keras.losses to 1e-5.

노트의 예 / Examples from the notes
    문제 유형 - 목표 레이블 - 활성화 함수 / problem - target - activation
    회귀 예측 - 연속형 - 선형(linear);  이진 분류 - 범주형 - 시그모이드;  다중 분류 - 범주형 - 소프트맥스
    손실: 평균제곱오차 / 이진 교차 엔트로피 / 범주형 교차 엔트로피
    note 000: "sigmoid, tanh의 미분 함수로 0.25/0.5 보다 작은 값이 중첩되어 곱해지면서 미분값이
    0에 수렴" — sigmoid_grad의 최댓값은 x = 0에서 0.25 / sigmoid_grad peaks at 0.25, at x = 0.
    주의 / Beware: np.exp(1e4)는 오버플로입니다 / overflows.
    케라스는 손실을 float32로 계산합니다 (1 - 1e-7도 float32로 반올림됨).
    Keras computes losses in float32 (so 1 - 1e-7 is rounded to float32 too).
    swish(x) = x * sigmoid(x);  gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))  (math.erf, math.erfc)
"""
import math

import numpy as np


def output_activation(problem: str) -> str:
    """문제 유형에 맞는 출력층 활성화 함수 이름. / The output activation for a problem type.

    예 / Example: output_activation('binary')
    """
    raise NotImplementedError


def loss_for(problem: str) -> str:
    """문제 유형에 맞는 손실 함수 이름. / The loss for a problem type.

    예 / Example: loss_for('multiclass')
    """
    raise NotImplementedError


def sigmoid(x):
    """1 / (1 + e^-x), 원소별, 오버플로 없음. / Element-wise, without overflow.

    예 / Example: sigmoid([-1e4, 0, 1e4])  # -> [0, 0.5, 1]
    """
    raise NotImplementedError


def sigmoid_grad(x):
    """sigmoid의 도함수, 원소별. / The derivative of sigmoid, element-wise.

    예 / Example: sigmoid_grad(0.0)  # 0.25
    """
    raise NotImplementedError


def relu(x):
    """max(x, 0), 원소별. / Element-wise max(x, 0)."""
    raise NotImplementedError


def swish(x):
    """x * sigmoid(x), 원소별. / Element-wise x * sigmoid(x)."""
    raise NotImplementedError


def gelu(x):
    """정확한(erf) GELU, 원소별. / The exact (erf) GELU, element-wise."""
    raise NotImplementedError


def mse(y_true, y_pred) -> float:
    """평균제곱오차. / Mean squared error.

    예 / Example: mse([1, 2, 3], [1, 2, 5])
    """
    raise NotImplementedError


def binary_crossentropy(y_true, p) -> float:
    """이진 교차 엔트로피 (샘플 평균, 확률은 [1e-7, 1 - 1e-7]로 자름).
    Binary cross-entropy, averaged over samples, probabilities clipped like Keras.

    예 / Example: binary_crossentropy([1, 0], [0.9, 0.2])
    """
    raise NotImplementedError


def categorical_crossentropy(y_onehot, p) -> float:
    """범주형 교차 엔트로피 (샘플 평균, 확률은 [1e-7, 1 - 1e-7]로 자름).
    Categorical cross-entropy, averaged over samples, probabilities clipped like Keras.
    케라스는 자르기 전에 각 행을 그 합으로 나눕니다 / Keras first divides each row by its sum.

    예 / Example: categorical_crossentropy([[0, 1, 0]], [[0.1, 0.8, 0.1]])
    """
    raise NotImplementedError
