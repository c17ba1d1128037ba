"""Known-wrong variants of exercise5 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("binary_and_multiclass_swapped", '''
_OUTPUT = {"regression": "linear", "binary": "softmax", "multiclass": "sigmoid"}
_LOSS = {"regression": "mse", "binary": "categorical_crossentropy", "multiclass": "binary_crossentropy"}
''', ("output_activation_table", "loss_for_table"), ("output_activation", "loss_for")),
    V("unknown_problem_gets_a_default", '''
def output_activation(problem):
    return _OUTPUT.get(problem, "linear")

def loss_for(problem):
    return _LOSS.get(problem)
''', ("output_activation_rejects_unknown", "loss_for_rejects_unknown"), ("output_activation", "loss_for")),
    V("naive_sigmoid_overflows", '''
def sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))   # RuntimeWarning: overflow for x < -709
''', ("sigmoid_example", "sigmoid_drawn", "swish_example", "swish_drawn"), ("sigmoid", "swish")),
    V("grad_in_terms_of_the_output", '''
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    return x * (1 - x)             # the formula for s * (1 - s), applied to x instead of s
''', ("sigmoid_grad_peak", "sigmoid_grad_drawn"), ("sigmoid_grad",)),
    V("grad_from_naive_sigmoid", '''
def sigmoid_grad(x):
    s = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
    return s * (1 - s)
''', ("sigmoid_grad_drawn",), ("sigmoid_grad",)),
    V("relu_with_np_max", '''
def relu(x):
    return np.max(np.asarray(x, dtype=float), 0)   # largest value along axis 0, not element-wise
''', ("relu_example", "relu_drawn"), ("relu",)),
    V("swish_without_sigmoid", '''
def swish(x):
    x = np.asarray(x, dtype=float)
    return x / (1 + np.exp(-x))
''', ("swish_example", "swish_drawn"), ("swish",)),
    V("gelu_tanh_approximation", '''
def gelu(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
''', ("gelu_example", "gelu_drawn"), ("gelu",)),
    V("mse_sum_not_mean", '''
def mse(y_true, y_pred):
    return float(np.sum((np.ravel(y_true) - np.ravel(y_pred)) ** 2))
''', ("mse_example", "mse_matches_keras", "mse_column_predictions"), ("mse",)),
    V("mse_broadcasts_columns", '''
def mse(y_true, y_pred):
    return float(np.mean((np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2))
''', ("mse_column_predictions",), ("mse",)),
    V("bce_without_clipping", '''
def binary_crossentropy(y_true, p):
    y, p = np.asarray(y_true, dtype=float), np.asarray(p, dtype=float)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
''', ("binary_crossentropy_clips", "binary_crossentropy_float32_like_keras"), ("binary_crossentropy",)),
    V("bce_log2", '''
def binary_crossentropy(y_true, p):
    y = np.asarray(y_true, dtype=np.float32)
    p = np.clip(np.asarray(p, dtype=np.float32), EPSILON, 1 - EPSILON)
    return float(np.mean(-(y * np.log2(p) + (1 - y) * np.log2(1 - p))))
''', ("binary_crossentropy_example", "binary_crossentropy_matches_keras", "binary_crossentropy_clips",
      "binary_crossentropy_float32_like_keras"), ("binary_crossentropy",)),
    V("losses_per_sample", '''
def binary_crossentropy(y_true, p):
    y = np.asarray(y_true, dtype=np.float32)
    p = np.clip(np.asarray(p, dtype=np.float32), EPSILON, 1 - EPSILON)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))

def categorical_crossentropy(y_onehot, p):
    y, p = np.asarray(y_onehot, dtype=np.float32), np.asarray(p, dtype=np.float32)
    p = np.clip(p / p.sum(axis=-1, keepdims=True), EPSILON, 1 - EPSILON)
    return -np.sum(y * np.log(p), axis=-1)
''', ("binary_crossentropy_example", "binary_crossentropy_matches_keras", "categorical_crossentropy_matches_keras"),
      ("binary_crossentropy", "categorical_crossentropy")),
    V("cce_mean_over_every_entry", '''
def categorical_crossentropy(y_onehot, p):
    y, p = np.asarray(y_onehot, dtype=np.float32), np.asarray(p, dtype=np.float32)
    p = np.clip(p / p.sum(axis=-1, keepdims=True), EPSILON, 1 - EPSILON)
    return float(np.mean(-y * np.log(p)))
''', ("categorical_crossentropy_example", "categorical_crossentropy_matches_keras"), ("categorical_crossentropy",)),
    V("cce_without_clipping", '''
def categorical_crossentropy(y_onehot, p):
    y, p = np.asarray(y_onehot, dtype=float), np.asarray(p, dtype=float)
    p = p / p.sum(axis=-1, keepdims=True)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))
''', ("categorical_crossentropy_clips",), ("categorical_crossentropy",)),
    V("cce_rows_not_renormalised", '''
def categorical_crossentropy(y_onehot, p):
    y = np.asarray(y_onehot, dtype=np.float32)
    p = np.clip(np.asarray(p, dtype=np.float32), EPSILON, 1 - EPSILON)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))
''', ("categorical_crossentropy_unnormalised_rows",), ("categorical_crossentropy",)),
]
