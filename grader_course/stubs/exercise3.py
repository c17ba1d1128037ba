"""연습 3 — 소프트맥스 직접 구현 / Exercise 3 — softmax by hand

출처 / Source: 노트 000 (2**200 예), 노트 002 (실습 3: 붓꽃 가중치로 softmax 손계산).

과제 (한국어)
- softmax: 마지막 축을 따라 소프트맥스를 계산하세요 (1차원, 2차원 입력). 각 행의 합은 1이고,
  아주 큰 로짓에서도 NaN이나 경고 없이 동작해야 합니다: [1000, 0, -1000] -> [1, 0, 0].
- dense_softmax: Dense(units, activation='softmax') 층의 순전파 softmax(x @ kernel + bias)를
  x가 (d,) 또는 (n, d)일 때 계산하세요.

Task (English)
- softmax: softmax along the last axis, for 1-D and 2-D input. Rows sum to 1, and huge logits
  must work with no NaN and no warning: [1000, 0, -1000] -> [1, 0, 0].
- dense_softmax: the forward pass softmax(x @ kernel + bias) of a Dense(units, activation='softmax')
  layer, for x of shape (d,) or (n, d).

노트의 예 / Examples from the notes
    note 000: y1, y2, y3 = 2**200, 2**20, 2**-10  ->  1.0, 6.5e-55, 6.1e-64
    note 002 (iris weights, input [4.9, 3.0, 1.4, 0.2]):
        kernel = [[ 0.87844133,  0.7547402 ,  0.16198924],
                  [ 1.1496656 , -0.31766355, -0.55518866],
                  [-1.3137527 , -0.15838438,  0.2865614 ],
                  [-2.1435575 ,  0.47845492,  2.4735708 ]]
        bias   = [ 0.67414737,  0.4880521 , -0.4638665 ]

    노트 002의 손계산은 0.9302, 0.0685, 0.0013을 출력하지만, 가중치 하나를 부호가 틀리게 옮겨
    적었습니다. 출력된 가중치 그대로 계산하면 약 0.9536, 0.0451, 0.0013이 나옵니다. 어느 가중치인지
    찾아보세요. 채점은 출력된 가중치를 씁니다.
    Note 002's hand computation prints 0.9302, 0.0685, 0.0013, but it copied one weight with the
    wrong sign; with the weights as printed the answer is about 0.9536, 0.0451, 0.0013. Can you
    spot which weight? The grader uses the weights as printed.
"""
import numpy as np


def softmax(z):
    """마지막 축을 따라 소프트맥스를 계산합니다 (1차원, 2차원 입력).
    Softmax along the last axis, for 1-D and 2-D input.

    예 / Example: softmax([1000, 0, -1000])  # -> [1, 0, 0]
    """
    raise NotImplementedError


def dense_softmax(x, kernel, bias):
    """Dense(units, activation='softmax') 층의 순전파: softmax(x @ kernel + bias).
    The forward pass of a Dense(units, activation='softmax') layer.

    예 / Example: dense_softmax([4.9, 3.0, 1.4, 0.2], kernel, bias)
    """
    raise NotImplementedError
