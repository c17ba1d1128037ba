"""연습 10 — 회귀 평가: SST, SSR, SSE, R² / Exercise 10 — evaluating a regression (reference solution).

노트 000 / note 000.
"""
import numpy as np


def sums_of_squares(y, y_pred) -> dict:
    """SST = Σ(y-ȳ)², SSR = Σ(ŷ-ȳ)², SSE = Σ(y-ŷ)² 를 dict로 돌려줍니다.
    SST, SSR and SSE as a dict with keys 'sst', 'ssr', 'sse'.
    """
    y = np.ravel(np.asarray(y, dtype=np.float64))
    y_pred = np.ravel(np.asarray(y_pred, dtype=np.float64))
    y_mean = y.mean()
    return {
        "sst": float(np.sum((y - y_mean) ** 2)),
        "ssr": float(np.sum((y_pred - y_mean) ** 2)),
        "sse": float(np.sum((y - y_pred) ** 2)),
    }


def r2_score(y, y_pred) -> float:
    """결정계수 R² = 1 - SSE/SST (keras.metrics.R2Score와 같음).
    The coefficient of determination R² = 1 - SSE/SST, as keras.metrics.R2Score computes it.
    """
    y = np.asarray(y, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    # R2Score works per output column and averages the columns' scores.
    y = y.reshape(len(y), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    sst = np.sum((y - y.mean(axis=0)) ** 2, axis=0)
    sse = np.sum((y - y_pred) ** 2, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = 1 - sse / sst
    # Like Keras: a constant target (SST = 0) scores 0 rather than -inf.
    scores = np.where(np.isinf(scores), 0.0, scores)
    return float(np.mean(scores))


def least_squares(x, y):
    """최소제곱 직선의 (기울기, 절편). / (slope, intercept) of the least-squares line."""
    x = np.ravel(np.asarray(x, dtype=np.float64))
    y = np.ravel(np.asarray(y, dtype=np.float64))
    dx = x - x.mean()
    slope = np.sum(dx * (y - y.mean())) / np.sum(dx**2)
    return float(slope), float(y.mean() - slope * x.mean())
