"""연습 8 — 퍼셉트론과 논리 게이트 / Exercise 8 — perceptrons; NAND is universal

출처 / Source: 노트 000 (3.6 Perceptron, 3.8 Computer: NAND는 Universal Gate), 노트 003 (Perceptron).

과제 (한국어)
- perceptron: w · x + b > 0 이면 1, 아니면 0을 돌려주세요 (int).
- nand: 가중치와 편향을 직접 골라 perceptron으로 NAND 게이트를 만드세요.
- not_gate, and_gate, or_gate, xor_gate: nand만 써서 만드세요 (다른 연산자 없이). 채점기는 nand에만
  넘길 수 있는 추적용 입력으로 게이트를 호출해, nand 호출로 된 회로인지 확인합니다.
- xor_network: XOR을 계산하는 2-2-1 신경망(계단 함수 유닛)의 가중치 (W1, b1, W2, b2)를 손으로
  정해 돌려주세요. 은닉층 하나가 있어야 XOR이 가능합니다.

Task (English)
- perceptron: return 1 when w · x + b > 0, else 0 (an int).
- nand: a NAND gate made from `perceptron` with weights and bias you choose.
- not_gate, and_gate, or_gate, xor_gate: built from `nand` alone (no other operators). The grader
  calls your gates with traced inputs that can only be passed to `nand`, to see the circuit of nand calls.
- xor_network: hand-set weights (W1, b1, W2, b2) of a 2-2-1 network of step units that computes XOR.
  One hidden layer is what makes XOR possible.

xor_network의 약속 / convention
    step(z) = 1 if z > 0 else 0 (원소별 / element-wise)
    h = step(x @ W1 + b1)      # x: (2,), W1: (2, 2), b1: (2,)
    y = step(h @ W2 + b2)      # W2: (2, 1), b2: (1,)  -> y[0] == a XOR b

노트의 예 / From the notes
    "Not, And, Or Gate를 쌓아 연산을 만듬 ... Nand만으로 컴퓨터를 완성할 수 있음."
    a b | NAND        a b | XOR
    0 0 |  1          0 0 |  0
    0 1 |  1          0 1 |  1
    1 0 |  1          1 0 |  1
    1 1 |  0          1 1 |  0
"""
import numpy as np


def perceptron(x, w, b) -> int:
    """w · x + b > 0 이면 1, 아니면 0. / 1 when w · x + b > 0, else 0.

    예 / Example: perceptron([1, 0], [0.5, 0.5], -0.2)
    """
    raise NotImplementedError


def nand(a: int, b: int) -> int:
    """퍼셉트론 하나로 만든 NAND 게이트. / A NAND gate made from one perceptron."""
    raise NotImplementedError


def not_gate(a):
    """NAND만으로 만든 NOT. / NOT from NAND alone."""
    raise NotImplementedError


def and_gate(a, b):
    """NAND만으로 만든 AND. / AND from NAND alone."""
    raise NotImplementedError


def or_gate(a, b):
    """NAND만으로 만든 OR. / OR from NAND alone."""
    raise NotImplementedError


def xor_gate(a, b):
    """NAND만으로 만든 XOR. / XOR from NAND alone."""
    raise NotImplementedError


def xor_network():
    """XOR을 계산하는 2-2-1 계단 함수 신경망의 가중치 (W1, b1, W2, b2).
    Weights (W1, b1, W2, b2) of a 2-2-1 network of step units computing XOR.
    """
    raise NotImplementedError
