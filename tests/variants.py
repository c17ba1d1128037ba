"""Known-wrong variants: the reference solution with one mistake a learner makes.

Each variant appends a wrong definition to the reference solution (a later
``def`` replaces the earlier one) and names the checks that must catch it.
Checks of functions outside ``affects`` must still pass, so a variant proves
that the check names the mistake rather than failing everything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    name: str
    code: str
    caught_by: tuple[str, ...]
    affects: tuple[str, ...]  # functions whose checks may fail


V = Variant

VARIANTS: dict[str, list[Variant]] = {
    "exercise1": [
        V("shape_as_list", '''
def shape_after(shape, new_shape):
    import numpy as np
    return list(np.empty(shape).reshape(new_shape).shape)
''', ("shape_after_notes_examples", "shape_after_mnist", "shape_after_drawn_shapes"), ("shape_after",)),
        V("minus_one_not_resolved", '''
def shape_after(shape, new_shape):
    import math
    if -1 not in new_shape and math.prod(shape) != math.prod(new_shape):
        raise ValueError("size mismatch")
    return tuple(new_shape)
''', ("shape_after_mnist", "shape_after_drawn_shapes", "shape_after_rejects_bad_shapes"), ("shape_after",)),
        V("never_raises", '''
def shape_after(shape, new_shape):
    import math
    size, known = math.prod(shape), math.prod(d for d in new_shape if d != -1)
    return tuple(size // known if d == -1 else d for d in new_shape)
''', ("shape_after_rejects_bad_shapes",), ("shape_after",)),
        V("hardcoded_note_shapes", '''
def shape_after(shape, new_shape):
    table = {(1, 12): (1, 12), (12, 1): (12, 1), (6, 2): (6, 2), (3, 2, 2): (3, 2, 2),
             (2, 3, 2): (2, 3, 2), (60000, 784): (60000, 784), (-1, 784): (60000, 784)}
    if new_shape in ((5, 2), (-1, -1), (-1, 783)):
        raise ValueError("no")
    return table.get(tuple(new_shape), tuple(new_shape))
''', ("shape_after_drawn_shapes",), ("shape_after",)),
        V("fortran_order", '''
def flatten_images(x):
    import numpy as np
    x = np.asarray(x)
    return x.reshape(x.shape[0], -1, order="F")
''', ("flatten_images_mnist_like", "flatten_images_drawn"), ("flatten_images",)),
        V("dtype_changed", '''
def flatten_images(x):
    import numpy as np
    x = np.asarray(x, dtype=np.float64)
    return x.reshape(x.shape[0], -1)
''', ("flatten_images_mnist_like", "flatten_images_drawn"), ("flatten_images",)),
        V("row_not_column", '''
def as_column(values):
    import numpy as np
    return np.array(values).reshape(1, -1)
''', ("as_column_notes_data", "as_column_drawn"), ("as_column",)),
        V("hardcoded_column", '''
def as_column(values):
    import numpy as np
    return np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]).reshape(-1, 1)
''', ("as_column_drawn",), ("as_column",)),
    ],
    "exercise3": [
        V("no_max_subtraction", '''
def softmax(z):
    import numpy as np
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
''', ("softmax_huge_logits", "softmax_large_random_logits"), ("softmax", "dense_softmax")),
        V("not_normalised", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    return np.exp(z - z.max(axis=-1, keepdims=True))
''', ("softmax_small_example", "softmax_rows_of_a_batch"), ("softmax", "dense_softmax")),
        V("wrong_axis", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''', ("softmax_rows_of_a_batch", "softmax_large_random_logits"), ("softmax", "dense_softmax")),
        V("overflow_then_fallback", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    e = np.exp(z)
    out = e / e.sum(axis=-1, keepdims=True)
    if not np.isfinite(out).all():
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        out = e / e.sum(axis=-1, keepdims=True)
    return out
''', ("softmax_huge_logits",), ("softmax",)),
        V("bias_forgotten", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    z = np.asarray(x, dtype=float) @ np.asarray(kernel, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', ("dense_softmax_iris_note", "dense_softmax_batch"), ("dense_softmax",)),
        V("kernel_transposed", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    z = np.asarray(kernel, dtype=float) @ np.asarray(x, dtype=float).T
    z = z.T + np.asarray(bias)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', ("dense_softmax_iris_note", "dense_softmax_batch"), ("dense_softmax",)),
        V("hardcoded_iris", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    return np.array([0.95364212, 0.0450597, 0.00129818])
''', ("dense_softmax_batch",), ("dense_softmax",)),
    ],
    "exercise4": [
        V("bias_forgotten", '''
def dense_params(n_inputs, units):
    return n_inputs * units
''', ("dense_params_notes", "dense_params_drawn"), ("dense_params", "mlp_params")),
        V("hardcoded_dense", '''
def dense_params(n_inputs, units):
    return {(13, 64): 896, (64, 64): 4160, (64, 1): 65}.get((n_inputs, units), 0)
''', ("dense_params_drawn",), ("dense_params", "mlp_params")),
        V("batchnorm_trainable_only", '''
def batchnorm_params(features):
    return 2 * features
''', ("batchnorm_params_notes",), ("batchnorm_params", "mlp_params")),
        V("output_layer_forgotten", '''
def mlp_params(n_inputs, hidden, n_outputs, batchnorm=False):
    total, size = 0, n_inputs
    for units in hidden:
        total += (size + 1) * units + (4 * units if batchnorm else 0)
        size = units
    return total
''', ("mlp_params_notes", "mlp_params_drawn"), ("mlp_params",)),
        V("floor_division", '''
def steps_per_epoch(n_samples, batch_size=32):
    return n_samples // batch_size
''', ("steps_per_epoch_notes", "steps_per_epoch_drawn"), ("steps_per_epoch",)),
        V("float_steps", '''
def steps_per_epoch(n_samples, batch_size=32):
    import numpy as np
    return np.ceil(n_samples / batch_size)
''', ("steps_per_epoch_notes", "steps_per_epoch_drawn"), ("steps_per_epoch",)),
        V("relu_not_swish", '''
def build_housing_model():
    import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="relu")(x)
    h = keras.layers.Dense(64, activation="relu")(h)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(loss="mse")
    return model
''', ("housing_model_layers",), ("build_housing_model",)),
        V("one_hidden_layer", '''
def build_housing_model():
    import keras
    x = keras.Input(shape=[13])
    h = keras.layers.Dense(64, activation="swish")(x)
    model = keras.Model(x, keras.layers.Dense(1)(h))
    model.compile(loss="mse")
    return model
''', ("housing_model_layers", "housing_model_params"), ("build_housing_model",)),
        V("not_compiled", '''
def build_housing_model():
    import keras
    return keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="swish"),
                             keras.layers.Dense(64, activation="swish"), keras.layers.Dense(1)])
''', ("housing_model_compiled_mse",), ("build_housing_model",)),
        V("lambda_layer", '''
def build_housing_model():
    import keras
    model = keras.Sequential([keras.Input((13,)), keras.layers.Lambda(lambda t: t * 1.0),
                              keras.layers.Dense(64, activation="swish"),
                              keras.layers.Dense(64, activation="swish"), keras.layers.Dense(1)])
    model.compile(loss="mse")
    return model
''', ("housing_model_layers", "housing_model_params", "housing_model_compiled_mse"), ("build_housing_model",)),
    ],
    "exercise6": [
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
    ],
    "exercise7": [
        V("finite_difference", '''
def derivative(f, x):
    h = 1e-3
    return float((f(x + h) - f(x - h)) / (2 * h))
''', ("derivative_uses_tensors",), ("derivative",)),
        V("tape_not_watching", '''
def derivative(f, x):
    import tensorflow as tf
    x = tf.constant(float(x))
    with tf.GradientTape() as tape:
        y = f(x)
    return float(tape.gradient(y, x))
''', ("derivative_of_square", "derivative_of_drawn_functions", "derivative_uses_tensors"), ("derivative",)),
        V("gradient_applied_nowhere", '''
def train_step(model, x, y, loss_fn, optimizer):
    import tensorflow as tf
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    tape.gradient(loss, model.trainable_weights)
    return float(loss)
''', ("train_step_updates_weights",), ("train_step", "train_loop")),
        V("loss_after_the_update", '''
def train_step(model, x, y, loss_fn, optimizer):
    import tensorflow as tf
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return float(loss_fn(y, model(x, training=True)))
''', ("train_step_returns_loss",), ("train_step", "train_loop")),
        V("sgd_not_adam", '''
def train_loop(model, x, y, epochs=100, learning_rate=0.01):
    import keras
    import tensorflow as tf
    loss_fn, optimizer = keras.losses.MeanSquaredError(), keras.optimizers.SGD(learning_rate)
    losses = []
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        losses.append(float(loss))
    return losses
''', ("train_loop_matches_reference",), ("train_loop",)),
        V("mini_batches", '''
def train_loop(model, x, y, epochs=100, learning_rate=0.01):
    import keras
    import tensorflow as tf
    loss_fn, optimizer = keras.losses.MeanSquaredError(), keras.optimizers.Adam(learning_rate)
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), 8):
            with tf.GradientTape() as tape:
                loss = loss_fn(y[start:start + 8], model(x[start:start + 8], training=True))
            grads = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
        losses.append(float(loss))
    return losses
''', ("train_loop_matches_reference",), ("train_loop",)),
        V("never_learns", '''
def train_loop(model, x, y, epochs=100, learning_rate=0.01):
    import keras
    loss_fn = keras.losses.MeanSquaredError()
    return [float(loss_fn(y, model(x))) for _ in range(epochs)]
''', ("train_loop_loss_falls", "train_loop_matches_reference"), ("train_loop",)),
    ],
}
