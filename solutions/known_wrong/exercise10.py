"""Known-wrong variants of exercise10 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("ssr_and_sse_swapped", '''
def sums_of_squares(y, y_pred):
    y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)
    return {"sst": float(np.sum((y - y.mean()) ** 2)), "ssr": float(np.sum((y - y_pred) ** 2)),
            "sse": float(np.sum((y_pred - y.mean()) ** 2))}
''', ("sums_of_squares_example", "sums_of_squares_drawn"), ("sums_of_squares",)),
    V("means_not_sums", '''
def sums_of_squares(y, y_pred):
    y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)
    return {"sst": float(np.mean((y - y.mean()) ** 2)), "ssr": float(np.mean((y_pred - y.mean()) ** 2)),
            "sse": float(np.mean((y - y_pred) ** 2))}
''', ("sums_of_squares_example", "sums_of_squares_drawn"), ("sums_of_squares",)),
    V("ssr_around_the_mean_of_predictions", '''
def sums_of_squares(y, y_pred):
    y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)
    return {"sst": float(np.sum((y - y.mean()) ** 2)), "ssr": float(np.sum((y_pred - y_pred.mean()) ** 2)),
            "sse": float(np.sum((y - y_pred) ** 2))}
''', ("sums_of_squares_example", "sums_of_squares_drawn"), ("sums_of_squares",)),
    V("r2_with_n_minus_1", '''
def r2_score(y, y_pred):
    y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)
    return float(1 - np.mean((y - y_pred) ** 2) / np.var(y, ddof=1))
''', ("r2_score_example", "r2_score_matches_keras"), ("r2_score",)),
    V("r2_is_ssr_over_sst", '''
def r2_score(y, y_pred):
    sums = sums_of_squares(y, y_pred)
    return sums["ssr"] / sums["sst"] if sums["sst"] else 0.0
''', ("r2_score_example", "r2_score_matches_keras"), ("r2_score",)),
    V("r2_constant_target_unhandled", '''
def r2_score(y, y_pred):
    y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)
    return float(1 - np.sum((y - y_pred) ** 2) / np.sum((y - y.mean()) ** 2))
''', ("r2_score_constant_target",), ("r2_score",)),
    V("slope_and_intercept_swapped", '''
_reference_least_squares = least_squares

def least_squares(x, y):
    slope, intercept = _reference_least_squares(x, y)
    return intercept, slope
''', ("least_squares_drawn", "least_squares_splits_sst"), ("least_squares",)),
    V("slope_from_sample_covariance", '''
def least_squares(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slope = np.cov(x, y)[0, 1] / np.var(x)
    return float(slope), float(y.mean() - slope * x.mean())
''', ("least_squares_note_line", "least_squares_drawn", "least_squares_splits_sst"), ("least_squares",)),
    V("intercept_through_the_first_point", '''
def least_squares(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx = x - x.mean()
    slope = np.sum(dx * (y - y.mean())) / np.sum(dx ** 2)
    return float(slope), float(y[0] - slope * x[0])
''', ("least_squares_drawn", "least_squares_splits_sst"), ("least_squares",)),
]
