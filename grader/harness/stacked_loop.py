"""Several seeds of one model trained as one: their weights stacked, each step vectorised.

:mod:`grader.harness.fitloop` trains one fresh model per seed.  On two CPU cores the course's
models are so small that a step's time is the graph's fixed cost per op, not the arithmetic,
so K seeds cost nearly K times one.  Here the K fresh models' variables are stacked along a new
first axis (``[K, *shape]``), and one step runs the model for all K at once:
``tf.vectorized_map`` over ``model.stateless_call`` and ``model.stateless_compute_loss``
turns every op into its batched form (a matmul into a batched matmul), and the gradients of the
sum of the K losses are, seed by seed, the gradients of each seed's own loss, since no seed's
loss depends on another's weights.

The optimizer is a fresh copy of the compiled one (same config), built on the stacked
variables.  That is only the same as K optimizers when its update is elementwise, variable by
variable: :data:`ELEMENTWISE` lists the built-in ones that are; ``clipnorm`` and
``global_clipnorm`` (norms over a whole variable, or over all of them) would mix the seeds, and
are not stacked.  :func:`stackable` says whether a model can be trained here; when it cannot,
``fitloop`` trains the seeds one after the other, as before.

Everything else is fitloop's semantics (batching, the loss tracker, ``validation_split``'s
``val_loss``, ``finalize_variable_values``).  The numbers are fit's up to rounding: a batched
matmul or a batched reduction may add in another order than the unbatched one, and Adam turns
a gradient that is only rounding (the bias of a Dense before BatchNormalization) into steps
of the learning rate's size, which BatchNormalization then cancels.  bench/fit_fidelity.py
measures that the metrics keep fit's distribution.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

__all__ = ["ELEMENTWISE", "stackable", "train"]

#: Built-in optimizers whose update of a variable reads only that variable's own elements.
ELEMENTWISE = frozenset({"SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax",
                         "Nadam", "Ftrl", "Lion"})


def stackable(model) -> bool:
    """Can ``model`` (built and compiled by fitloop) be trained stacked with its other seeds?"""
    optimizer = model.optimizer
    module = type(optimizer).__module__ or ""
    return (type(optimizer).__name__ in ELEMENTWISE and module.startswith("keras.")
            and not getattr(optimizer, "clipnorm", None)
            and not getattr(optimizer, "global_clipnorm", None)
            and not getattr(optimizer, "gradient_accumulation_steps", None)
            and bool(model.trainable_variables))


def _trainable(model) -> list:
    return model.trainable_variables


def _non_trainable(model) -> list:
    return model.non_trainable_variables


def _stacked(models: list, pick) -> list:
    """One keras.Variable per variable of ``pick(model)``: the K models' values, stacked."""
    stacked = []
    for index, variable in enumerate(pick(models[0])):
        value = tf.stack([pick(model)[index].value for model in models])
        stacked.append(keras.Variable(value, trainable=variable.trainable, dtype=variable.dtype,
                                      name=variable.name))
    return stacked


def train(models: list, plan, x, y, x_val, y_val, orders: np.ndarray):
    """Train the fresh ``models`` (one per row of ``orders``) together; (losses, val_losses).

    ``models`` are fitloop's fresh models, built and compiled under their seeds, all of one
    architecture; ``x``..``y_val`` tensors, ``orders`` int32 ``[K, epochs, n]``.  Returns
    float32 ``[K, epochs]`` arrays of the epoch losses (and validation losses, ``[K, 0]``
    without validation data).  The trained weights are written back into ``models``.
    """
    base, count = models[0], len(models)
    trainable, non_trainable = _stacked(models, _trainable), _stacked(models, _non_trainable)
    optimizer = type(base.optimizer).from_config(base.optimizer.get_config())
    optimizer.build(trainable)
    metrics = [v.value for v in base.metrics_variables]  # read-only: nothing here updates them
    epochs, batch_size = plan.epochs, plan.batch_size
    n, n_val = int(x.shape[0]), int(x_val.shape[0])
    steps, val_steps = -(-n // batch_size), -(-n_val // batch_size)  # fit's ceil(n / batch_size)
    f32 = tf.float32

    def forward(weights, states, xb, yb, training):
        y_pred, states = base.stateless_call(weights, states, xb, training=training)
        loss, (_, states, _) = base.stateless_compute_loss(weights, states, metrics, x=xb, y=yb,
                                                           y_pred=y_pred, training=training)
        return loss, states

    def train_step(rows):
        xb, yb = tf.gather(x, rows), tf.gather(y, rows)  # [K, size, ...]
        with tf.GradientTape() as tape:
            weights = [v.value for v in trainable]
            tape.watch(weights)
            losses, states = tf.vectorized_map(
                lambda a: forward(*a, True), (weights, [v.value for v in non_trainable], xb, yb))
            scaled = tf.reduce_sum(optimizer.scale_loss(losses))
        gradients = tape.gradient(scaled, weights)
        optimizer.apply_gradients(zip(gradients, trainable))
        for variable, value in zip(non_trainable, states):
            variable.assign(value)
        return losses

    def val_step(xb, yb):
        losses, _ = tf.vectorized_map(
            lambda a: forward(a[0], a[1], xb, yb, False),
            ([v.value for v in trainable], [v.value for v in non_trainable]))
        return losses

    def tracked(total, seen, losses, size):
        weight = tf.cast(size, f32)
        return total + tf.cast(losses, f32) * weight, seen + weight

    def run(orders):
        zeros = tf.zeros([count], f32)

        def epoch_body(epoch, losses, val_losses):
            # One traced step for full and partial batches alike (the size is a tensor): tracing
            # the vectorised step costs more than running it a few hundred times.
            def step(s, total, seen):
                start = s * batch_size
                size = tf.minimum(batch_size, n - start)
                rows = tf.reshape(tf.slice(orders, tf.stack([0, epoch, start]), tf.stack([count, 1, size])),
                                  tf.stack([count, size]))
                return (s + 1, *tracked(total, seen, train_step(rows), size))

            _, total, seen = tf.while_loop(lambda s, *_: s < steps, step, (tf.constant(0), zeros, zeros),
                                           parallel_iterations=1)
            losses = losses.write(epoch, tf.math.divide_no_nan(total, seen))
            if n_val:
                def vstep(s, total, seen):
                    start = s * batch_size
                    size = tf.minimum(batch_size, n_val - start)
                    return (s + 1, *tracked(total, seen, val_step(x_val[start:start + size],
                                                                  y_val[start:start + size]), size))

                _, total, seen = tf.while_loop(lambda s, *_: s < val_steps, vstep,
                                               (tf.constant(0), zeros, zeros), parallel_iterations=1)
                val_losses = val_losses.write(epoch, tf.math.divide_no_nan(total, seen))
            return epoch + 1, losses, val_losses

        def arrays():
            return tf.TensorArray(f32, size=epochs, element_shape=[count])

        _, losses, val_losses = tf.while_loop(lambda e, *_: e < epochs, epoch_body,
                                              (tf.constant(0), arrays(), arrays()),
                                              parallel_iterations=1)
        return (tf.transpose(losses.stack()),
                tf.transpose(val_losses.stack()) if n_val else tf.zeros([count, 0], f32))

    losses, val_losses = tf.function(run, autograph=False)(tf.constant(orders))
    optimizer.finalize_variable_values(trainable)
    for stacked, pick in ((trainable, _trainable), (non_trainable, _non_trainable)):
        for index, variable in enumerate(stacked):
            for k, model in enumerate(models):
                pick(model)[index].assign(variable.value[k])
    return losses.numpy(), val_losses.numpy()
