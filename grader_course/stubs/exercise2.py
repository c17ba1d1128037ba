"""연습 2 — 원-핫 인코딩 / Exercise 2 — one-hot encoding

출처 / Source: 노트 000 (pd.get_dummies, tf.keras.utils.to_categorical).

과제 (한국어)
- one_hot: 정수 레이블 n개를 float32 (n, C) 원-핫 행렬로 바꾸세요 (keras.utils.to_categorical처럼).
  num_classes가 없으면 C = max(labels) + 1 입니다. 0보다 작거나 num_classes 이상인 레이블이 있으면
  ValueError를 내세요.
- split_iris: 강의의 붓꽃 표(열: 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭, 품종)에서
  x = 측정값 네 열(이 순서)의 DataFrame, y = 품종_setosa, 품종_versicolor, 품종_virginica 열을
  가진 0/1 DataFrame을 만드세요 (pd.get_dummies의 True/False 열도 0/1로 인정합니다).
  행 순서는 그대로 둡니다.

Task (English)
- one_hot: turn n integer labels into a float32 (n, C) one-hot matrix, like
  keras.utils.to_categorical. Without num_classes, C = max(labels) + 1. Raise ValueError for a
  label below 0 or at least num_classes.
- split_iris: from the course's iris table (columns 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭, 품종)
  return x, a DataFrame of the four measurement columns in that order, and y, a 0/1 DataFrame with
  columns 품종_setosa, 품종_versicolor, 품종_virginica (as pd.get_dummies names them; its True/False
  columns count as 0/1). Keep row order.

노트의 예 / Examples from the notes
    df_onehot = pd.get_dummies(df)
    x_train = df_onehot[['꽃잎길이', '꽃잎폭', '꽃받침길이', '꽃받침폭']]
    y_train = tf.keras.utils.to_categorical(y_train)   # (60000,) -> (60000, 10)
"""
import numpy as np
import pandas as pd


def one_hot(labels, num_classes: int | None = None):
    """정수 레이블을 float32 원-핫 행렬 (n, C)로 바꿉니다 (keras.utils.to_categorical처럼).
    Integer labels to a float32 one-hot matrix (n, C), like keras.utils.to_categorical.

    예 / Example: one_hot([0, 2, 1]) -> 3행 3열 / 3 rows, 3 columns
    """
    raise NotImplementedError


def split_iris(df):
    """붓꽃 표를 측정값 x와 원-핫 품종 y로 나눕니다. 행 순서는 그대로입니다.
    Split the iris table into measurements x and one-hot species y, keeping row order.

    예 / Example: x, y = split_iris(pd.read_csv("iris.csv"))
    """
    raise NotImplementedError
