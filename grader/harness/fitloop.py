"""A compiled training loop with ``keras.Model.fit``'s semantics, for several seeds at once.

:func:`train` takes a learner's model as plain data (``model.to_json()`` and
``model.get_compile_config()``) and the learner's ``FIT`` (keywords of
``model.fit``), and trains one fresh model per seed on ``(x, y)``.  ONE
``tf.function`` runs every epoch and every step in graph loops
(``tf.while_loop``; the batch order of all epochs is one int tensor
``[epochs, n]``): no Python runs per step or per epoch.  It is traced once per
call and reused for every seed: each seed's fresh model (built and seeded as
the learner's builder builds it) has its state loaded into the traced
variables, so K seeds cost one trace and K runs, far less than K ``fit`` calls.
Where the optimizer allows it, K seeds train together instead, as one model whose
variables are stacked and whose steps are vectorised (:mod:`grader.harness.stacked_loop`):
on two CPU cores about the cost of one seed for the course's small models.  (Holding K
models side by side in one graph, tried first, does not pay: TensorFlow runs the small
kernels one after the other.)

What is reproduced from ``fit`` (Keras 3, TensorFlow backend):

- the model is rebuilt from its architecture after ``keras.utils.set_random_seed(seed)``, so its
  initial weights are those the learner's builder makes under that seed (initializers draw their
  seeds from Python's ``random`` when they are constructed, in the same order);
- batching: ``ceil(n / batch_size)`` batches an epoch, the last one partial; ``shuffle=True`` a new
  permutation of the training rows every epoch, ``False`` the rows in order, ``"batch"`` batches
  in order with rows shuffled inside each batch (the permutations come from NumPy under the seed:
  the same distribution as fit's ``tf.random.shuffle``, not the same draws);
- ``validation_split``: the LAST ``n - floor(n * (1 - split))`` rows, cut before shuffling, are the
  validation data; ``val_loss`` is evaluated after every epoch with ``training=False``;
- the train step is fit's: ``model(x, training=True)`` (BatchNormalization moving statistics,
  Dropout's seed generators), ``model.compute_loss`` (the compiled loss with its reduction,
  crossentropy's clipping, regularisation losses), ``optimizer.scale_loss``, gradients of the
  trainable weights and ``optimizer.apply_gradients`` (iterations, learning-rate schedules,
  clipping, weight decay, EMA; ``finalize_variable_values`` at the end as fit does);
- the epoch loss is fit's loss tracker: a float32 ``Mean`` of the batch losses weighted by batch
  size (``total += loss * size; count += size; loss = divide_no_nan(total, count)``).

The model is rebuilt by :mod:`grader.harness.safe_models`, built-in Keras only
(:class:`UnsafeModel` otherwise).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Sequence

import keras
import numpy as np
import tensorflow as tf

from grader.harness.architecture_check import UnsafeModel
from grader.harness.safe_models import all_layers, build_model, compile_model

__all__ = ["ALLOWED_FIT", "FitRejected", "UnsafeModel", "FitPlan", "Trained", "fit_plan",
           "all_layers", "build_model", "permutations", "train", "predict"]

#: The ``model.fit`` keywords the course allows in ``FIT``.
ALLOWED_FIT = ("epochs", "batch_size", "shuffle", "verbose", "validation_split")
PREDICT_BATCH = 256


class FitRejected(ValueError):
    """The learner's FIT cannot be used as given (an unknown keyword, a bad value)."""


@dataclass(frozen=True)
class FitPlan:
    epochs: int = 1
    batch_size: int = 32
    shuffle: bool | str = True
    validation_split: float = 0.0


@dataclass(frozen=True)
class Trained:
    seed: int
    weights: list  # np.ndarray each, in model.get_weights() order
    loss: tuple  # fit's History['loss']: one float per epoch
    val_loss: tuple  # History['val_loss'], or () without validation_split
    seconds: float  # this seed's share of the wall time of the graph it was trained in
    predictions: np.ndarray | None = None  # on ``x_test`` when given: the trained model, training=False


# --------------------------------------------------------------------------------------------
# FIT


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def fit_plan(fit: Any) -> FitPlan:
    """The learner's FIT as a :class:`FitPlan` (:class:`FitRejected` if it cannot be used)."""
    if fit is None:
        fit = {}
    if not isinstance(fit, dict):
        raise FitRejected(f"FIT must be a dict of model.fit keywords, not a {type(fit).__name__}")
    unknown = [key for key in fit if key not in ALLOWED_FIT]
    if unknown:
        raise FitRejected(
            f"FIT may not set {', '.join(repr(k) for k in unknown)}: the keywords allowed are "
            f"{', '.join(ALLOWED_FIT)}")
    epochs = fit.get("epochs", 1)
    if not _is_int(epochs) or epochs < 0:
        raise FitRejected(f"FIT['epochs'] must be a whole number of at least 0, not {epochs!r}")
    batch_size = fit.get("batch_size", None)
    if batch_size is None:
        batch_size = 32  # fit's default
    if not _is_int(batch_size) or batch_size < 1:
        raise FitRejected(f"FIT['batch_size'] must be a whole number of at least 1, not {batch_size!r}")
    shuffle = fit.get("shuffle", True)
    if isinstance(shuffle, np.bool_):
        shuffle = bool(shuffle)
    if not (isinstance(shuffle, bool) or shuffle == "batch"):
        raise FitRejected(f"FIT['shuffle'] must be True, False or 'batch', not {shuffle!r}")
    split = fit.get("validation_split", 0.0)
    if split is None:
        split = 0.0
    if isinstance(split, (bool, np.bool_)) or not isinstance(split, (int, float, np.integer, np.floating)) \
            or not 0.0 <= float(split) < 1.0:
        raise FitRejected(f"FIT['validation_split'] must be a number in [0, 1), not {split!r}")
    return FitPlan(int(epochs), int(batch_size), shuffle, float(split))


# --------------------------------------------------------------------------------------------
# Data


def _as_float_array(a: np.ndarray) -> np.ndarray:
    """fit's data adapter turns floating arrays into float32 (floatx) and leaves the others."""
    a = np.asarray(a)
    if a.dtype.kind == "f" and a.dtype != np.dtype(keras.config.floatx()):
        a = a.astype(keras.config.floatx())
    if a.dtype.kind not in "fiub":
        raise ValueError(f"arrays of dtype {a.dtype} cannot be trained on")
    return a


# --------------------------------------------------------------------------------------------
# Batching


def permutations(seed: int, epochs: int, n: int, batch_size: int, shuffle: bool | str) -> np.ndarray:
    """The order of the ``n`` training rows in each epoch, as int32 ``[epochs, n]``."""
    order = np.tile(np.arange(n, dtype=np.int32), (epochs, 1))
    if not shuffle or epochs == 0 or n == 0:
        return order
    rng = np.random.default_rng([int(seed), 0x5EED_F17])
    if shuffle == "batch":
        for start in range(0, n, batch_size):
            order[:, start:start + batch_size] = rng.permuted(order[:, start:start + batch_size], axis=1)
        return order
    return rng.permuted(order, axis=1)


def _split(x: np.ndarray, y: np.ndarray, split: float):
    """fit's ``validation_split``: the last rows are the validation data, cut before shuffling."""
    n = len(x)
    if not split:
        return x, y, None, None
    at = int(math.floor(n * (1.0 - split)))
    if at == 0 or at == n:
        raise FitRejected(f"validation_split={split} leaves no rows to train on or to validate "
                          f"with among {n}")
    return x[:at], y[:at], x[at:], y[at:]


# --------------------------------------------------------------------------------------------
# The compiled loop


def _batches(count: int, batch_size: int, partial: Any, body, carry):
    """``body(start, size, carry)`` over ``count`` full batches (in a graph loop), then the partial.

    A full batch has a static size, as in fit's first trace of its train function; the partial
    batch has a size only known when it runs (``partial`` is a tensor argument of the function),
    as in fit's retrace with ``reduce_retracing``: with a static size TensorFlow divides means by a
    constant (a reciprocal multiply), with a dynamic one at run time, and these differ in the last
    bit when the size is not a power of two.
    """
    if count:
        carry = tf.while_loop(
            lambda step, *_: step < count,
            lambda step, *rest: (step + 1, *body(step * batch_size, batch_size, rest)),
            (tf.constant(0), *carry), parallel_iterations=1)[1:]
    if partial is not None:
        carry = body(tf.constant(count * batch_size), partial, carry)
    return carry


def _make_runner(model, plan: FitPlan, n: int, n_val: int, jit: bool = False):
    """One tf.function training ``model`` for all epochs (and evaluating the validation data).

    It is called as ``run(x, y, x_val, y_val, orders, partial, val_partial)``: ``orders`` int32
    ``[epochs, n]``, ``partial`` and ``val_partial`` the sizes of the last partial batch of the
    training and the validation data (int32 scalars; unused when there is none).
    """
    epochs, batch_size = plan.epochs, plan.batch_size
    full, has_partial = divmod(n, batch_size)
    val_full, has_val_partial = divmod(n_val, batch_size)
    f32 = tf.float32

    def train_step(xb, yb):
        # keras/src/backend/tensorflow/trainer.py: TensorFlowTrainer.train_step
        with tf.GradientTape() as tape:
            y_pred = model(xb, training=True)
            loss = model.compute_loss(x=xb, y=yb, y_pred=y_pred, training=True)
            scaled = model.optimizer.scale_loss(loss)
        weights = model.trainable_weights
        if weights:
            gradients = tape.gradient(scaled, weights)
            model.optimizer.apply_gradients(zip(gradients, weights))
        return loss

    def test_loss(xb, yb):
        # TensorFlowTrainer.test_step
        y_pred = model(xb, training=False)
        return model.compute_loss(x=xb, y=yb, y_pred=y_pred, training=False)

    def tracked(carry, loss, size):
        # The loss tracker: keras.metrics.Mean(name="loss"), sample_weight = the batch size.
        total, seen = carry
        weight = tf.cast(size, f32)
        return total + tf.cast(loss, f32) * weight, seen + weight

    def rows_of(array, start, size):
        begin = tf.stack([start] + [0] * (len(array.shape) - 1))
        return tf.slice(array, begin, [size] + [-1] * (len(array.shape) - 1))

    def run(x, y, x_val, y_val, orders, partial, val_partial):
        zeros = (tf.constant(0.0, f32), tf.constant(0.0, f32))

        def epoch_body(epoch, losses, val_losses):
            def step(start, size, carry):
                rows = tf.reshape(tf.slice(orders, tf.stack([epoch, start]), [1, size]), [size])
                return tracked(carry, train_step(tf.gather(x, rows), tf.gather(y, rows)), size)

            total, seen = _batches(full, batch_size, partial if has_partial else None, step, zeros)
            losses = losses.write(epoch, tf.math.divide_no_nan(total, seen))
            if n_val:
                def val_step(start, size, carry):
                    return tracked(carry, test_loss(rows_of(x_val, start, size), rows_of(y_val, start, size)),
                                   size)

                total, seen = _batches(val_full, batch_size, val_partial if has_val_partial else None,
                                       val_step, zeros)
                val_losses = val_losses.write(epoch, tf.math.divide_no_nan(total, seen))
            return epoch + 1, losses, val_losses

        def array():
            return tf.TensorArray(f32, size=epochs, element_shape=())

        _, losses, val_losses = tf.while_loop(
            lambda epoch, *_: epoch < epochs, epoch_body, (tf.constant(0), array(), array()),
            parallel_iterations=1)
        return losses.stack(), val_losses.stack()

    return tf.function(run, jit_compile=bool(jit), autograph=False)


def _check_seeds(seeds: Sequence[int]) -> list[int]:
    checked = []
    for seed in seeds:
        if not _is_int(seed) or not 0 <= int(seed) < 2 ** 32:
            raise ValueError(f"seeds must be whole numbers in [0, 2**32), not {seed!r}")
        checked.append(int(seed))
    return checked


def _fresh(architecture: str, compile_config: dict, seed: int, x: np.ndarray, y: np.ndarray):
    """The learner's model as built under ``seed``, compiled, its loss and optimizer built."""
    model = build_model(architecture, seed, x.shape[1:])
    compile_model(model, compile_config)
    # What fit's _symbolic_build does before training: build the compiled loss, then the optimizer.
    model.compute_loss(x=x[:1], y=y[:1], y_pred=model(x[:1], training=False), training=False)
    model.optimizer.build(model.trainable_variables)
    return model


def _state(model) -> list:
    """Every variable training reads or writes: weights, seed generators, the optimizer's."""
    return list(model.variables) + list(model.optimizer.variables)


def _load(target, source) -> None:
    """Give ``target`` (a model the graph was traced with) the state of the fresh ``source``."""
    into, values = _state(target), _state(source)
    if [tuple(v.shape) for v in into] != [tuple(v.shape) for v in values]:
        raise RuntimeError("a fresh model's variables do not match the traced one's")
    for variable, value in zip(into, values):
        variable.assign(value)


def _supports_jit(model) -> bool:
    return all(getattr(layer, "supports_jit", True) for layer in model._flatten_layers())


class _Runner:
    """A traced model and its compiled loop, reused for every seed trained one after the other."""

    def __init__(self, model, plan: FitPlan, n: int, n_val: int, jit: bool):
        self.model, self.plan, self.n, self.n_val = model, plan, n, n_val
        self.jit = bool(jit) and _supports_jit(model)
        self.function = _make_runner(model, plan, n, n_val, self.jit)

    def run(self, x, y, x_val, y_val, order: np.ndarray, fresh):
        """Train the traced model from the state of the fresh model ``fresh`` in ``order``."""
        if fresh is not self.model:
            _load(self.model, fresh)
        arguments = (x, y, x_val, y_val, tf.constant(order),
                     tf.constant(self.n % self.plan.batch_size, tf.int32),
                     tf.constant(self.n_val % self.plan.batch_size, tf.int32))
        try:
            losses, val_losses = self.function(*arguments)
        except (tf.errors.InvalidArgumentError, tf.errors.UnimplementedError,
                tf.errors.InternalError) as error:
            if not self.jit or "XLA" not in str(error) and "xla" not in str(error):
                raise
            # XLA cannot compile this model: the same loop without it (the state is reloaded).
            self.jit = False
            self.function = _make_runner(self.model, self.plan, self.n, self.n_val, False)
            if fresh is not self.model:
                _load(self.model, fresh)
            losses, val_losses = self.function(*arguments)
        self.model.optimizer.finalize_variable_values(self.model.trainable_weights)
        return losses.numpy(), val_losses.numpy()


def _forward(model, x: np.ndarray) -> np.ndarray:
    """The model's outputs for ``x`` (inference mode), in batches like ``predict``'s."""
    parts = [np.asarray(model(tf.constant(x[i:i + PREDICT_BATCH]), training=False))
             for i in range(0, len(x), PREDICT_BATCH)]
    return np.concatenate(parts) if parts else np.zeros((0,))


def train(architecture: str, compile_config: dict, fit: dict, x: np.ndarray, y: np.ndarray,
          seeds: list[int], *, stack: bool = True, jit: bool = False,
          x_test: np.ndarray | None = None) -> list[Trained]:
    """Train a fresh model per seed as ``model.fit(x, y, **fit)`` would; one result per seed.

    ``architecture`` is ``model.to_json()``, ``compile_config`` ``model.get_compile_config()``,
    ``fit`` the learner's FIT (keys :data:`ALLOWED_FIT`).  With several seeds and ``stack``
    (the default), the seeds train together as one stacked model when the optimizer allows it
    (:mod:`grader.harness.stacked_loop`); otherwise the loop is traced once and that one graph
    trains the seeds in turn (each seed's fresh model's state is loaded into the traced
    variables).  ``jit=True`` compiles the seed-by-seed loop with XLA (faster steps, a compile of
    about a second; the numbers differ from fit's in the last bits; never stacked, since the
    stacked step's batch size is only known when it runs), falling back to the plain graph if
    XLA cannot compile the model.  The same inputs give bit-identical results.  With
    ``x_test``, each trained model's predictions on it come with its result.
    """
    from grader.harness import stacked_loop

    plan = fit_plan(fit)
    seeds = _check_seeds(seeds)
    if not seeds:
        return []
    started = time.perf_counter()
    tf.config.experimental.enable_op_determinism()
    x, y = _as_float_array(x), _as_float_array(y)
    if x.ndim < 1 or len(x) == 0 or len(x) != len(y):
        raise ValueError(f"x and y must hold the same number (at least 1) of rows, not "
                         f"{x.shape} and {y.shape}")
    x, y, x_val, y_val = _split(x, y, plan.validation_split)
    n, n_val = len(x), (0 if x_val is None else len(x_val))
    if x_val is None:
        x_val, y_val = x[:0], y[:0]
    tensors = [tf.constant(a) for a in (x, y, x_val, y_val)]
    test = None if x_test is None else _as_float_array(x_test)

    def orders(chunk):
        return np.stack([permutations(seed, plan.epochs, n, plan.batch_size, plan.shuffle)
                         for seed in chunk])

    def result(seed, model, losses, val_losses) -> Trained:
        return Trained(seed, [np.asarray(w) for w in model.get_weights()],
                       tuple(float(v) for v in losses), tuple(float(v) for v in val_losses) if n_val else (),
                       0.0, None if test is None else _forward(model, test))

    results: list[Trained] = []
    first = _fresh(architecture, compile_config, seeds[0], x, y)

    def fresh_for(k: int):  # the first seed's model is built already (to ask what it can do)
        return first if k == 0 else _fresh(architecture, compile_config, seeds[k], x, y)

    if not plan.epochs:
        results = [result(seed, fresh_for(k), (), ()) for k, seed in enumerate(seeds)]
    elif stack and not jit and len(seeds) > 1 and stacked_loop.stackable(first):
        fresh = [fresh_for(k) for k in range(len(seeds))]
        try:
            losses, val_losses = stacked_loop.train(fresh, plan, *tensors, orders(seeds))
        except (ValueError, TypeError, NotImplementedError, tf.errors.OpError):
            # A layer the vectoriser cannot batch: the same training, seed by seed (fresh models).
            return train(architecture, compile_config, fit, x, y, seeds, stack=False, x_test=x_test)
        results = [result(seed, model, losses[k], val_losses[k]) for k, (seed, model) in
                   enumerate(zip(seeds, fresh))]
    else:
        runner = _Runner(first, plan, n, n_val, jit)
        for k, seed in enumerate(seeds):
            losses, val_losses = runner.run(*tensors, orders([seed])[0], fresh_for(k))
            results.append(result(seed, runner.model, losses, val_losses))
    share = round((time.perf_counter() - started) / len(seeds), 4)
    return [Trained(r.seed, r.weights, r.loss, r.val_loss, share, r.predictions) for r in results]


def predict(architecture: str, weights: list, x: np.ndarray) -> np.ndarray:
    """Predictions of the model ``architecture`` with ``weights`` on ``x`` (batches of 256)."""
    x = _as_float_array(x)
    model = build_model(architecture, None, x.shape[1:])
    weights = [np.asarray(w) for w in weights]
    if [w.shape for w in weights] != [tuple(w.shape) for w in model.get_weights()]:
        raise UnsafeModel("the weights do not fit the architecture")
    model.set_weights(weights)
    return np.asarray(model.predict(x, batch_size=PREDICT_BATCH, verbose=0))
