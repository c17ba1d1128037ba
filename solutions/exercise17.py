"""연습 17 — 빠진 값과 범주형 품종 / Exercise 17 — missing values and a categorical species
(reference solution).

appendix1-data.ipynb.
"""
import pandas as pd

FEATURES = ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭"]


def prepare_iris2(df):
    """iris2 표에서 빠진 값을 열 평균으로 채운 x 와 원-핫 품종 y 를 돌려줍니다.
    From an iris2 table return x (missing values filled with column means) and one-hot species y.
    """
    df = df.copy()
    df["품종"] = df["품종"].astype("category")
    for column in FEATURES:
        df[column] = df[column].fillna(df[column].mean())
    encoded = pd.get_dummies(df)
    return encoded[FEATURES], encoded[[c for c in encoded.columns if c.startswith("품종_")]]
