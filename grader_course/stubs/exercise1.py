"""연습 1 — 배열의 모양과 reshape / Exercise 1 — array shapes and reshape

출처 / Source: 노트 000 (reshape, MNIST), 노트 001 (reshape(-1, 1)).

과제 (한국어)
- shape_after: np.empty(shape).reshape(new_shape)가 만드는 모양을, 배열을 실제로 만들지 않고
  계산하세요. -1(알 수 없는 차원)은 하나까지 풀어 줍니다. 크기가 맞지 않거나 -1이 두 개 이상이면
  NumPy처럼 ValueError를 내세요.
- flatten_images: (n, h, w) 이미지 묶음을 (n, h*w) 표로 펼치세요 (C 순서, dtype 유지).
- as_column: 숫자 n개의 리스트를 (n, 1) 모양의 열로 만드세요.

Task (English)
- shape_after: compute the shape np.empty(shape).reshape(new_shape) would have, without creating
  the array. Resolve at most one -1 (unknown dimension). Raise ValueError where NumPy would: sizes
  that do not match, or more than one -1.
- flatten_images: flatten a stack of (n, h, w) images to an (n, h*w) table (C order, dtype kept).
- as_column: turn a list of n numbers into a column of shape (n, 1).

노트의 예 / Examples from the notes
    (12,)           -> (1, 12), (12, 1), (6, 2), (3, 2, 2), (2, 3, 2)
    (60000, 28, 28) -> (60000, 784) 와/and (-1, 784)
    note 001: np.array(x).reshape(-1, 1)   # 10행 1열 / 10 rows, 1 column

(60000, 28, 28) 크기의 배열을 만들지 말고 모양만 계산하세요.
Do not allocate a (60000, 28, 28) array: work with the shape alone.
"""
import numpy as np


def shape_after(shape: tuple, new_shape: tuple) -> tuple:
    """np.empty(shape).reshape(new_shape)의 모양을 배열 없이 계산합니다.
    The shape of np.empty(shape).reshape(new_shape), computed without allocating.

    예 / Example: shape_after((12,), (3, 2, 2))
    """
    raise NotImplementedError


def flatten_images(x):
    """(n, h, w) 이미지를 (n, h*w)로 펼칩니다 (C 순서, dtype 유지).
    Flatten (n, h, w) images to (n, h*w), C order, dtype kept.
    """
    raise NotImplementedError


def as_column(values):
    """숫자 n개를 (n, 1) 열로 만듭니다 (노트 001의 reshape(-1, 1)).
    Turn n numbers into an (n, 1) column (note 001's reshape(-1, 1)).

    예 / Example: as_column([-3, 31, -11])
    """
    raise NotImplementedError
