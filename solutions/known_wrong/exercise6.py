"""Known-wrong variants of exercise6 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("adds_the_gradient", '''
def gd_step(w, grad, learning_rate):
    import numpy as np
    return np.asarray(w) + learning_rate * np.asarray(grad)
''', ("gd_step_notes", "gd_step_drawn"), ("gd_step", "fit_line")),
    V("factor_two_forgotten", '''
def mse_gradients(w, b, x, y):
    import numpy as np
    error = w * np.asarray(x, float) + b - np.asarray(y, float)
    return float(np.mean(error * x)), float(np.mean(error))
''', ("mse_gradients_notes", "mse_gradients_drawn"), ("mse_gradients", "fit_line")),
    V("starts_from_one", '''
def fit_line(x, y, learning_rate=0.001, steps=5000):
    import numpy as np
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 1.0
    for _ in range(steps):
        error = w * x + b - y
        w, b = w - learning_rate * np.mean(2 * error * x), b - learning_rate * np.mean(2 * error)
    return w, b
''', ("fit_line_uses_its_arguments",), ("fit_line",)),
    V("default_learning_rate_too_big", '''
def fit_line(x, y, learning_rate=0.01, steps=5000):
    import numpy as np
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            error = w * x + b - y
            w, b = w - learning_rate * np.mean(2 * error * x), b - learning_rate * np.mean(2 * error)
    return w, b
''', ("fit_line_notes",), ("fit_line",)),
    V("ignores_its_arguments", '''
def fit_line(x, y, learning_rate=0.001, steps=5000):
    import numpy as np
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = b = 0.0
    for _ in range(5000):
        error = w * x + b - y
        w, b = w - 0.001 * np.mean(2 * error * x), b - 0.001 * np.mean(2 * error)
    return w, b
''', ("fit_line_uses_its_arguments",), ("fit_line",)),
    V("velocity_sign_flipped", '''
def momentum_step(w, grad, velocity, learning_rate=0.01, momentum=0.9):
    import numpy as np
    velocity = momentum * np.asarray(velocity) + learning_rate * np.asarray(grad)
    return np.asarray(w) + velocity, velocity
''', ("momentum_steps",), ("momentum_step",)),
    V("adagrad_without_squares", '''
def adagrad_step(w, grad, accumulator, learning_rate=0.001, epsilon=1e-7):
    import numpy as np
    accumulator = np.asarray(accumulator) + np.abs(grad)
    return np.asarray(w) - learning_rate * np.asarray(grad) / np.sqrt(accumulator + epsilon), accumulator
''', ("adagrad_steps",), ("adagrad_step",)),
    V("adam_without_bias_correction", '''
def adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    import numpy as np
    g = np.asarray(grad, float)
    m = beta_1 * np.asarray(m) + (1 - beta_1) * g
    v = beta_2 * np.asarray(v) + (1 - beta_2) * g * g
    return np.asarray(w) - learning_rate * m / (np.sqrt(v) + epsilon), m, v
''', ("adam_first_step", "adam_steps_match_keras"), ("adam_step",)),
    V("adam_t_from_zero", '''
def adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    import numpy as np
    g = np.asarray(grad, float)
    m = beta_1 * np.asarray(m) + (1 - beta_1) * g
    v = beta_2 * np.asarray(v) + (1 - beta_2) * g * g
    t = t + 1
    m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
    return np.asarray(w) - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
''', ("adam_first_step", "adam_steps_match_keras"), ("adam_step",)),
]
