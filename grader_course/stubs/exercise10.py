"""연습 10 — 회귀 평가: SST, SSR, SSE, R² / Exercise 10 — evaluating a regression: SST, SSR, SSE, R²

출처 / Source: 노트 000 (3.3 선형회귀와 최소제곱 추정, 3.4 선형회귀와 최소제곱합,
metrics=[tf.keras.metrics.R2Score()]).

과제 (한국어)
- sums_of_squares: 'sst', 'ssr', 'sse' 키를 가진 dict를 돌려주세요.
  SST = Σ(y - ȳ)², SSR = Σ(ŷ - ȳ)², SSE = Σ(y - ŷ)²  (ȳ는 y의 평균, ŷ는 예측값).
- r2_score: 결정계수 R² = 1 - SSE/SST 를 float로 돌려주세요. keras.metrics.R2Score와 같아야 합니다.
- least_squares: 최소제곱 직선의 (기울기, 절편)을 닫힌 식으로 구하세요. 이 직선의 예측값으로는
  SST = SSR + SSE 가 성립합니다.

Task (English)
- sums_of_squares: a dict with keys 'sst', 'ssr', 'sse':
  SST = Σ(y - ȳ)², SSR = Σ(ŷ - ȳ)², SSE = Σ(y - ŷ)²  (ȳ the mean of y, ŷ the predictions).
- r2_score: the coefficient of determination R² = 1 - SSE/SST as a float; it must agree with
  keras.metrics.R2Score.
- least_squares: the (slope, intercept) of the least-squares line, in closed form. For its
  predictions SST = SSR + SSE holds.

노트의 예 / From the notes
    - SST: Y의 평균값으로 설명할 수 없는 분산
    - SSR: SST 중 선형회귀식을 통해 얼마나 설명해낸 분산
    - SSE: 선형회귀식이 설명할 수 없는 분산
    keras 문서의 예 / Keras' docs: y = [1, 4, 3], y_pred = [2, 4, 4]  ->  R² ≈ 0.5714
"""
import numpy as np


def sums_of_squares(y, y_pred) -> dict:
    """SST, SSR, SSE를 'sst', 'ssr', 'sse' 키의 dict로 돌려줍니다.
    SST, SSR and SSE as a dict with keys 'sst', 'ssr', 'sse'.
    """
    raise NotImplementedError


def r2_score(y, y_pred) -> float:
    """결정계수 R² = 1 - SSE/SST. / The coefficient of determination R² = 1 - SSE/SST.
    y가 모두 같아 SST = 0이면 케라스는 0을 돌려줍니다. / Keras gives 0 when y is constant (SST = 0).

    예 / Example: r2_score([1, 4, 3], [2, 4, 4])
    """
    raise NotImplementedError


def least_squares(x, y):
    """최소제곱 직선의 (기울기, 절편). / (slope, intercept) of the least-squares line.

    예 / Example: least_squares([-3, 31, -11, 4, 0], [-2, 32, -10, 5, 1])
    """
    raise NotImplementedError
