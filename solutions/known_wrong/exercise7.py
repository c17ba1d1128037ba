"""Known-wrong variants of exercise7 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
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
]
