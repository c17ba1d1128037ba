"""연습 9 — 은닉층과 비선형성, 연쇄 법칙 / Exercise 9 — why hidden layers need activations; the chain rule

출처 / Source: 노트 003 ("히든 레이어를 쓰던 안쓰던 결과값이 똑같다?", 활성함수, w3 갱신과 연쇄 법칙),
노트 000 (3.7 인공신경망).

과제 (한국어)
- collapse_linear: 활성화 함수 없이 쌓은 두 선형 층 (W1, b1), (W2, b2)와 똑같은 선형 층 하나 (W, b)를
  구하세요. 모든 x에 대해 (x @ W1 + b1) @ W2 + b2 == x @ W + b 이어야 합니다.
- neuron_gradients: 뉴런 하나 a = sigmoid(w · x + b)와 오차 E = 0.5 * (a - y)**2에 대해 연쇄 법칙으로
  (dE/dw, dE/db)를 구하세요. dE/dw는 w와 같은 모양의 배열, dE/db는 float입니다. GradientTape의 결과와
  일치해야 합니다.

Task (English)
- collapse_linear: find one linear layer (W, b) equal to two linear layers (W1, b1), (W2, b2) stacked
  without an activation: (x @ W1 + b1) @ W2 + b2 == x @ W + b for every x.
- neuron_gradients: for one neuron a = sigmoid(w · x + b) and error E = 0.5 * (a - y)**2, compute
  (dE/dw, dE/db) by the chain rule: dE/dw an array shaped like w, dE/db a float. It must agree with
  GradientTape.

노트의 예 / From the notes
    note 003: "레이어가 있거나 없거나 6월 Input에 어떤 값(z1)을 곱하고 7월 Input에 어떤 값(z2)를
    곱한다는 개념은 같음 -> 레이어가 제 역할을 해주고 있지 못함" -> 활성함수가 필요해.
    note 003: "w3 구하는 방법: w3 -> z3 -> a3. w3가 z3에 얼마나 큰 영향을 끼치는지와
    z3가 a3에 얼마나 큰 영향을 끼치는지를 곱한다."   new w3 = old w3 - a * 변화량
"""
import numpy as np


def collapse_linear(W1, b1, W2, b2):
    """두 선형 층과 같은 선형 층 하나 (W, b)를 돌려줍니다.
    Return one linear layer (W, b) equal to the two stacked linear layers.

    예 / Example: W, b = collapse_linear(np.ones((3, 4)), np.zeros(4), np.ones((4, 2)), np.zeros(2))
    """
    raise NotImplementedError


def neuron_gradients(x, w, b: float, y: float):
    """a = sigmoid(w · x + b), E = 0.5 * (a - y)**2 일 때 (dE/dw, dE/db).
    (dE/dw, dE/db) for a = sigmoid(w · x + b) and E = 0.5 * (a - y)**2.

    예 / Example: dw, db = neuron_gradients([1.0, 2.0], [0.5, -0.3], 0.1, 1.0)
    """
    raise NotImplementedError
