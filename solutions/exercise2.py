"""연습 2 — 원-핫 인코딩 / Exercise 2 — one-hot encoding (reference solution).

노트 000 / note 000.
"""
import numpy as np
import pandas as pd

MEASUREMENTS = ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]
SPECIES = ["setosa", "versicolor", "virginica"]


def one_hot(labels, num_classes: int | None = None):
    """정수 레이블을 float32 원-핫 행렬 (n, C)로 바꿉니다 (keras.utils.to_categorical처럼).
    Integer labels to a float32 one-hot matrix (n, C), like keras.utils.to_categorical.

    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    labels = np.asarray(labels).astype(np.int64)
    if labels.ndim > 1 and labels.shape[-1] == 1:  # a column of labels, as Keras accepts
        labels = labels[..., 0]
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}); got {labels.min()}..{labels.max()}")
    return np.eye(num_classes, dtype=np.float32)[labels]


def split_iris(df):
    """붓꽃 표를 측정값 x와 원-핫 품종 y로 나눕니다. 행 순서는 그대로입니다.
    Split the iris table into measurements x and one-hot species y, keeping row order.
    """
    x = df[MEASUREMENTS]
    # A fixed category list gives all three columns even if a species is missing from df.
    species = df["품종"].astype(pd.CategoricalDtype(SPECIES))
    y = pd.get_dummies(species, prefix="품종", dtype=np.float32)
    return x, y
