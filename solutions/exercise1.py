"""연습 1 — 배열의 모양과 reshape / Exercise 1 — array shapes and reshape (reference solution).

노트 000, 001 / notes 000, 001.
"""
import operator

import numpy as np

# np.empty(shape) defaults to float64; NumPy refuses arrays whose byte size does not fit in intp.
_ITEMSIZE = np.dtype(float).itemsize
_MAX_BYTES = np.iinfo(np.intp).max


def _dims(shape) -> tuple:
    """A shape given as an int or a sequence of ints, as a tuple of Python ints."""
    if isinstance(shape, (int, np.integer)):
        return (operator.index(shape),)
    return tuple(operator.index(d) for d in shape)


def _check_fits(dims: tuple) -> None:
    """Raise ValueError like NumPy when an array of these dimensions could not exist."""
    nbytes = _ITEMSIZE
    for d in dims:
        if d < 0:
            raise ValueError("negative dimensions are not allowed")
        if d > 0:  # NumPy skips zero dimensions when it checks the byte size
            nbytes *= d
    if nbytes > _MAX_BYTES:
        raise ValueError("array is too big")


def shape_after(shape: tuple, new_shape: tuple) -> tuple:
    """np.empty(shape).reshape(new_shape)의 모양을 배열을 만들지 않고 계산합니다.
    The shape of np.empty(shape).reshape(new_shape), computed without allocating.

    >>> shape_after((60000, 28, 28), (-1, 784))
    (60000, 784)
    """
    shape, new_shape = _dims(shape), _dims(new_shape)
    _check_fits(shape)
    size = 1
    for d in shape:
        size *= d

    # NumPy treats every negative entry as the unknown dimension, not only -1.
    unknown = [i for i, d in enumerate(new_shape) if d < 0]
    if len(unknown) > 1:
        raise ValueError("can only specify one unknown dimension")
    known = 1
    for d in new_shape:
        if d >= 0:
            known *= d

    mismatch = ValueError(f"cannot reshape array of size {size} into shape {new_shape}")
    if unknown:
        # With a zero among the known dimensions the unknown one is ambiguous: NumPy refuses.
        if known == 0 or size % known != 0:
            raise mismatch
        new_shape = list(new_shape)
        new_shape[unknown[0]] = size // known
        new_shape = tuple(new_shape)
    elif known != size:
        raise mismatch
    _check_fits(new_shape)
    return new_shape


def flatten_images(x):
    """(n, h, w) 이미지를 (n, h*w)로 펼칩니다 (C 순서, dtype 유지).
    Flatten (n, h, w) images to (n, h*w), C order, dtype kept.
    """
    x = np.asarray(x)
    n, h, w = x.shape
    return x.reshape(n, h * w)


def as_column(values):
    """숫자 n개를 (n, 1) 열로 만듭니다. / n numbers as an (n, 1) column.

    >>> as_column([-3, 31, -11]).shape
    (3, 1)
    """
    return np.asarray(values).reshape(-1, 1)
