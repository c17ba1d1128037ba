"""연습 8 — 퍼셉트론과 논리 게이트 / Exercise 8 — perceptrons; NAND is universal (reference solution).

노트 000, 003 / notes 000, 003.
"""
import numpy as np


def perceptron(x, w, b) -> int:
    """w · x + b > 0 이면 1, 아니면 0. / 1 when w · x + b > 0, else 0."""
    return int(np.dot(x, w) + b > 0)


def nand(a: int, b: int) -> int:
    """NAND 게이트: 둘 다 1일 때만 0. / NAND: 0 only when both inputs are 1."""
    return perceptron([a, b], [-2, -2], 3)


def not_gate(a):
    """NAND만으로 만든 NOT. / NOT from NAND alone."""
    return nand(a, a)


def and_gate(a, b):
    """NAND만으로 만든 AND. / AND from NAND alone."""
    return not_gate(nand(a, b))


def or_gate(a, b):
    """NAND만으로 만든 OR. / OR from NAND alone."""
    return nand(not_gate(a), not_gate(b))


def xor_gate(a, b):
    """NAND만으로 만든 XOR (NAND 네 개). / XOR from NAND alone (four NANDs)."""
    n = nand(a, b)
    return nand(nand(a, n), nand(b, n))


def xor_network():
    """XOR을 계산하는 2-2-1 계단 함수 신경망의 가중치 (W1, b1, W2, b2).
    Weights (W1, b1, W2, b2) of a 2-2-1 network of step units computing XOR.
    """
    # Hidden unit 1 is OR, hidden unit 2 is NAND; the output unit ANDs them.
    W1 = np.array([[1.0, -1.0],
                   [1.0, -1.0]])
    b1 = np.array([-0.5, 1.5])
    W2 = np.array([[1.0],
                   [1.0]])
    b2 = np.array([-1.5])
    return W1, b1, W2, b2
