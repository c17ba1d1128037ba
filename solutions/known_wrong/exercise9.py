"""Known-wrong variants of exercise9 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

COLLAPSE = ("collapse_linear_examples", "collapse_linear_drawn", "collapse_linear_same_map")
GRADIENTS = ("neuron_gradients_w3_example", "neuron_gradients_drawn", "neuron_gradients_match_gradient_tape")

VARIANTS = [
    V("W_is_W1_plus_W2", '''
def collapse_linear(W1, b1, W2, b2):
    return np.asarray(W1) + np.asarray(W2), np.asarray(b1) + np.asarray(b2)
''', COLLAPSE, ("collapse_linear",)),
    V("first_bias_forgotten", '''
def collapse_linear(W1, b1, W2, b2):
    return np.asarray(W1) @ np.asarray(W2), np.asarray(b2, dtype=float)
''', COLLAPSE, ("collapse_linear",)),
    V("W_transposed", '''
def collapse_linear(W1, b1, W2, b2):
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return (W1 @ W2).T, b1 @ W2 + b2
''', COLLAPSE, ("collapse_linear",)),
    V("b_as_a_row", '''
def collapse_linear(W1, b1, W2, b2):
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return W1 @ W2, (b1 @ W2 + b2).reshape(1, -1)
''', ("collapse_linear_examples", "collapse_linear_drawn"), ("collapse_linear",)),
    V("sigmoid_derivative_forgotten", '''
def neuron_gradients(x, w, b, y):
    x = np.asarray(x, dtype=float)
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    delta = a - y
    return delta * x, float(delta)
''', GRADIENTS, ("neuron_gradients",)),
    V("error_sign_flipped", '''
def neuron_gradients(x, w, b, y):
    x = np.asarray(x, dtype=float)
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    delta = (y - a) * a * (1 - a)
    return delta * x, float(delta)
''', GRADIENTS, ("neuron_gradients",)),
    V("dz_dw_is_w", '''
def neuron_gradients(x, w, b, y):
    w = np.asarray(w, dtype=float)
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    delta = (a - y) * a * (1 - a)
    return delta * w, float(delta)
''', GRADIENTS, ("neuron_gradients",)),
    V("no_sigmoid_in_the_forward_pass", '''
def neuron_gradients(x, w, b, y):
    x = np.asarray(x, dtype=float)
    a = np.dot(w, x) + b
    delta = (a - y) * a * (1 - a)
    return delta * x, float(delta)
''', GRADIENTS, ("neuron_gradients",)),
]
