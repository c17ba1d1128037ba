"""The compiled training loop (grader.harness.fitloop) against keras.Model.fit."""

from __future__ import annotations

import json

import numpy as np
import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

from grader.data import judged, splits  # noqa: E402
from grader.harness import fitloop  # noqa: E402

pytestmark = pytest.mark.numeric  # .ci/run runs these again under ONEDNN_MAX_CPU_ISA=AVX2 and oneDNN off


def _fitted(build, x, y, fit, seed=0):
    """(architecture, compile config, model after fit, History) for ``build()`` under ``seed``."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model = build()
    architecture, compile_config = model.to_json(), model.get_compile_config()
    history = model.fit(x, y, **fit)
    return architecture, compile_config, model, history


def _looped(architecture, compile_config, fit, x, y, seed=0):
    return fitloop.train(architecture, compile_config, fit, x, y, [seed])[0]


def _close(got, want, tol=1e-5):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64),
                               rtol=tol, atol=tol)


def _same_weights(a, b, tol=1e-5):
    assert len(a) == len(b)
    for u, v in zip(a, b):
        assert u.shape == v.shape
        _close(u, v, tol)


def _within_share(got, want, spread, share, what):
    """``got`` and ``want`` differ by at most ``share`` of ``spread``, the size of a real difference.

    Two ways of training one seed round differently (another kernel, another order of additions), and
    training amplifies rounding along the way; what is compared is then judged against a difference
    that carries signal (another seed, another learning rate), never against a fixed 1e-5 that holds
    on one CPU's kernels only.
    """
    gap = float(np.max(np.abs(np.asarray(got, np.float64) - np.asarray(want, np.float64))))
    assert gap <= share * spread, f"{what}: differ by {gap:.3g}, more than {share} of {spread:.3g}"


def _fed_to_batchnorm(model):
    """Indices (in ``model.weights``) of the biases of layers whose output goes into BatchNormalization.

    BatchNormalization subtracts its input's batch mean, so such a bias reaches the loss only through
    the curvature of the activation between: its gradient is rounding-sized, and Adam turns rounding
    into steps of the learning rate.  It carries no signal to compare (what it does is in the loss and
    the predictions, which are compared).
    """
    feeds_bn = set()
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            for node in layer._inbound_nodes:
                feeds_bn.update(id(t._keras_history.operation) for t in node.input_tensors)
    paths = [w.path for w in model.weights]
    return {paths.index(layer.bias.path) for layer in model.layers
            if id(layer) in feeds_bn and getattr(layer, "bias", None) is not None}


def _linear_sgd():
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.001), loss="mse")
    return model


def _small_bn(schedule=False):
    x = keras.Input(shape=(13,))
    h = keras.layers.Dense(8, activation="swish")(x)
    h = keras.layers.BatchNormalization()(h)
    y = keras.layers.Dense(1)(h)
    model = keras.Model(x, y)
    lr = keras.optimizers.schedules.CosineDecay(0.01, decay_steps=40) if schedule else 0.01
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
    return model


def _iris_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
    return model


@pytest.fixture(scope="module")
def housing():
    split = judged.housing()
    return split.x_train[:100], split.y_train[:100]


def test_two_runs_are_bit_identical(housing):
    x, y = housing[0][:96], housing[1][:96]
    model = _small_bn()
    fit = {"epochs": 4, "batch_size": 16}
    first = fitloop.train(model.to_json(), model.get_compile_config(), fit, x, y, [0, 1])
    second = fitloop.train(model.to_json(), model.get_compile_config(), fit, x, y, [0, 1])
    for a, b in zip(first, second):
        assert a.loss == b.loss
        for u, v in zip(a.weights, b.weights):
            assert np.array_equal(u, v)


def test_one_batch_sgd_loss_matches_fit_history():
    split = splits.linear()
    fit = {"epochs": 20, "shuffle": False, "verbose": 0}
    arch, config, model, history = _fitted(_linear_sgd, split.x_train, split.y_train, fit, seed=3)
    trained = _looped(arch, config, fit, split.x_train, split.y_train, seed=3)
    assert len(trained.loss) == 20 and trained.val_loss == ()
    _close(trained.loss, history.history["loss"])
    _same_weights(trained.weights, model.get_weights())


def test_partial_last_batch_matches_fit():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(10, 4)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 10)]
    fit = {"epochs": 5, "batch_size": 4, "shuffle": False, "verbose": 0}  # batches of 4, 4, 2
    arch, config, model, history = _fitted(_iris_model, x, y, fit, seed=5)
    trained = _looped(arch, config, fit, x, y, seed=5)
    _close(trained.loss, history.history["loss"])
    _same_weights(trained.weights, model.get_weights())


def test_batchnorm_moving_statistics_match_fit(housing):
    x, y = housing
    fit = {"epochs": 3, "batch_size": 32, "shuffle": False, "verbose": 0}
    arch, config, model, history = _fitted(_small_bn, x, y, fit, seed=2)
    trained = _looped(arch, config, fit, x, y, seed=2)
    names = [w.path for w in model.weights]
    for name in ("moving_mean", "moving_variance"):
        index = next(i for i, path in enumerate(names) if path.endswith(name))
        assert not np.allclose(trained.weights[index], 0 if name == "moving_mean" else 1)
        _close(trained.weights[index], model.get_weights()[index])
    _close(trained.loss, history.history["loss"], 1e-4)


def test_cosine_decay_schedule_matches_fit(housing):
    x, y = housing
    split = judged.housing()
    fit = {"epochs": 8, "batch_size": 20, "shuffle": False, "verbose": 0}  # 40 steps: decays to 0
    arch, config, model, history = _fitted(lambda: _small_bn(schedule=True), x, y, fit, seed=4)
    assert config["optimizer"]["config"]["learning_rate"]["class_name"] == "CosineDecay"
    assert int(model.optimizer.iterations.numpy()) == 40
    trained = fitloop.train(arch, config, fit, x, y, [4], x_test=split.x_test)[0]
    # The signal: what a schedule applied another way (here: no decay at all) changes.
    undecayed = json.loads(json.dumps(config))
    undecayed["optimizer"]["config"]["learning_rate"] = 0.01
    wrong = fitloop.train(arch, undecayed, fit, x, y, [4], x_test=split.x_test)[0]
    predicted = model.predict(split.x_test, verbose=0)
    loss_signal = float(np.max(np.abs(np.subtract(wrong.loss, history.history["loss"]))))
    prediction_signal = float(np.max(np.abs(wrong.predictions - predicted)))
    assert loss_signal > 1.0 and prediction_signal > 0.1  # the comparison below can fail
    _within_share(trained.loss, history.history["loss"], loss_signal, 1e-3, "loss per epoch")
    _within_share(trained.predictions, predicted, prediction_signal, 1e-2, "held-out predictions")
    skip = _fed_to_batchnorm(model)
    assert len(skip) == 1  # the bias of Dense(8) before BatchNormalization
    for index, (got, want, bad) in enumerate(zip(trained.weights, model.get_weights(), wrong.weights)):
        if index not in skip:
            _within_share(got, want, float(np.max(np.abs(bad - want))), 1e-2, model.weights[index].path)


def test_validation_split_matches_fit_val_loss():
    split = judged.iris()
    x, y = split.x_train[:60], split.y_train[:60]
    fit = {"epochs": 6, "batch_size": 16, "shuffle": False, "validation_split": 0.25, "verbose": 0}
    arch, config, model, history = _fitted(_iris_model, x, y, fit, seed=1)
    trained = _looped(arch, config, fit, x, y, seed=1)
    assert len(trained.val_loss) == 6
    _close(trained.loss, history.history["loss"])
    _close(trained.val_loss, history.history["val_loss"])
    _same_weights(trained.weights, model.get_weights())


def test_unknown_fit_key_is_rejected():
    model = _linear_sgd()
    with pytest.raises(fitloop.FitRejected) as caught:
        fitloop.train(model.to_json(), model.get_compile_config(), {"epochs": 2, "callbacks": []},
                      splits.LINEAR_X, splits.LINEAR_Y, [0])
    message = str(caught.value)
    assert "callbacks" in message and "epochs" in message and "validation_split" in message
    assert isinstance(caught.value, ValueError) and caught.value.text.ko  # said in both languages
    with pytest.raises(fitloop.FitRejected, match="batch_size"):
        fitloop.fit_plan({"batch_size": 0})


def test_several_seeds_differ_and_each_seed_trains_the_same_whichever_seeds_train_with_it(housing):
    x, y = housing[0][:90], housing[1][:90]  # a partial batch of 26
    model = _small_bn()
    fit = {"epochs": 3, "batch_size": 32}
    arch, config = model.to_json(), model.get_compile_config()
    together = fitloop.train(arch, config, fit, x, y, [0, 1, 2])
    assert [t.seed for t in together] == [0, 1, 2]
    assert together[0].loss != together[1].loss != together[2].loss
    assert not np.array_equal(together[0].weights[0], together[1].weights[0])
    seed_gap = float(np.max(np.abs(np.subtract(together[1].loss, together[2].loss))))
    # Here, with whatever kernels this CPU selects, a batched matmul over 3 seeds may add in another
    # order than over 2: the same up to rounding (bit for bit under the judge's pinned numerics:
    # test_a_seed_trains_bit_for_bit_the_same_beside_any_seeds_under_the_judge_s_numerics).
    for trained, other in zip(together[1:], fitloop.train(arch, config, fit, x, y, [1, 2])):
        assert trained.seed == other.seed
        _within_share(trained.loss, other.loss, seed_gap, 1e-3, f"seed {trained.seed}, loss per epoch")


_BESIDE_ANY_SEEDS = """
import json, sys
from grader.harness import numerics
numerics.pin_this_process()
import numpy as np
sys.path.insert(0, sys.argv[1])
import test_fitloop as t
from grader.data import judged
from grader.harness import fitloop
split = judged.housing()
x, y = split.x_train[:90], split.y_train[:90]
model = t._small_bn()
arch, config = model.to_json(), model.get_compile_config()
fit = {"epochs": 3, "batch_size": 32}
three = fitloop.train(arch, config, fit, x, y, [0, 1, 2])
two = fitloop.train(arch, config, fit, x, y, [1, 2])
same = [a.loss == b.loss and all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
        for a, b in zip(three[1:], two)]
print(json.dumps(same))
"""


def test_a_seed_trains_bit_for_bit_the_same_beside_any_seeds_under_the_judge_s_numerics():
    """What the README promises holds where the grader trains: in a process with the judge's numerics."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    # An instructor's shell may say anything; unpinned, these two settings give seed 1 other bits beside
    # seed 0 than without it on an AVX-512 CPU (measured).  The pin overrides them.
    env = dict(os.environ, ONEDNN_MAX_CPU_ISA="AVX2", TF_ENABLE_ONEDNN_OPTS="1", TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", _BESIDE_ANY_SEEDS, str(Path(__file__).parent)],
                          capture_output=True, text=True, env=env, timeout=600, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, True]


def test_seeds_stacked_train_as_each_seed_alone_up_to_rounding(housing):
    x, y = housing
    split = judged.housing()
    model = _small_bn(schedule=True)
    fit = {"epochs": 8, "batch_size": 20, "validation_split": 0.2}
    arch, config = model.to_json(), model.get_compile_config()
    stacked = fitloop.train(arch, config, fit, x, y, [3, 4], x_test=split.x_test)
    one_by_one = fitloop.train(arch, config, fit, x, y, [3, 4], stack=False, x_test=split.x_test)
    # A batched matmul adds in another order, and training amplifies that rounding (the bias of the
    # Dense before BatchNormalization moves by Adam steps of rounding; see _fed_to_batchnorm), more on
    # some CPUs' kernels than on others.  What must hold is that a seed trained stacked is that seed:
    # it differs from itself trained alone by far less than it differs from the other seed.
    seed_gap_val = np.abs(np.subtract(stacked[0].val_loss, stacked[1].val_loss))
    seed_gap_predictions = float(np.max(np.abs(stacked[0].predictions - stacked[1].predictions)))
    assert seed_gap_val.min() > 10 and seed_gap_predictions > 1  # the two seeds do differ
    for a, b in zip(stacked, one_by_one):
        assert a.seed == b.seed and len(a.loss) == len(a.val_loss) == 8
        _close(a.loss[0], b.loss[0], 1e-4)  # one epoch (4 steps): rounding not yet amplified
        for epoch in range(8):
            _within_share(a.val_loss[epoch], b.val_loss[epoch], seed_gap_val[epoch], 0.05,
                          f"seed {a.seed}, validation loss of epoch {epoch + 1}")
        _within_share(a.predictions, b.predictions, seed_gap_predictions, 0.1,
                      f"seed {a.seed}, held-out predictions")


def test_stacked_seeds_match_fit_without_shuffling():
    split = judged.iris()
    x, y = split.x_train[:70], split.y_train[:70]
    fit = {"epochs": 6, "batch_size": 16, "shuffle": False, "verbose": 0}  # a partial batch of 6
    arch, config = _iris_model().to_json(), _iris_model().get_compile_config()
    stacked = fitloop.train(arch, config, fit, x, y, [1, 2])
    for trained in stacked:
        _, _, model, history = _fitted(_iris_model, x, y, fit, seed=trained.seed)
        _close(trained.loss, history.history["loss"])
        _same_weights(trained.weights, model.get_weights())


def test_optimizers_that_mix_a_variable_s_elements_train_seed_by_seed():
    from grader.harness import stacked_loop

    def model_with(optimizer):
        model = _iris_model()
        model.compile(optimizer=optimizer, loss="categorical_crossentropy")
        return model

    assert stacked_loop.stackable(model_with(keras.optimizers.Adam(0.01)))
    assert stacked_loop.stackable(model_with(keras.optimizers.SGD(0.1, clipvalue=1.0)))
    assert not stacked_loop.stackable(model_with(keras.optimizers.Adam(0.01, clipnorm=1.0)))
    assert not stacked_loop.stackable(model_with(keras.optimizers.SGD(0.1, global_clipnorm=1.0)))
    assert not stacked_loop.stackable(model_with(keras.optimizers.Lamb(0.01)))
    split = judged.iris()
    x, y = split.x_train[:64], split.y_train[:64]
    model = model_with(keras.optimizers.Adam(0.01, clipnorm=0.5))
    fit = {"epochs": 3, "batch_size": 16, "shuffle": False, "verbose": 0}
    trained = fitloop.train(model.to_json(), model.get_compile_config(), fit, x, y, [0, 1])
    for result in trained:
        _, _, fitted, history = _fitted(lambda: model_with(keras.optimizers.Adam(0.01, clipnorm=0.5)),
                                        x, y, fit, seed=result.seed)
        _close(result.loss, history.history["loss"])
        _same_weights(result.weights, fitted.get_weights())


def test_dropout_matches_fit_without_shuffling():
    def build():
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
                                  keras.layers.Dropout(0.3), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
        return model

    split = judged.iris()
    fit = {"epochs": 5, "batch_size": 32, "shuffle": False, "verbose": 0}
    arch, config, model, history = _fitted(build, split.x_train, split.y_train, fit, seed=8)
    trained = _looped(arch, config, fit, split.x_train, split.y_train, seed=8)
    _close(trained.loss, history.history["loss"])
    _same_weights(trained.weights, model.get_weights())


def test_batch_shuffle_keeps_batches_and_permutes_inside_them():
    order = fitloop.permutations(3, 4, 10, 4, "batch")
    assert order.shape == (4, 10)
    for row in order:
        assert sorted(row[:4]) == [0, 1, 2, 3] and sorted(row[4:8]) == [4, 5, 6, 7]
        assert sorted(row[8:]) == [8, 9]
    shuffled = fitloop.permutations(3, 4, 10, 4, True)
    assert all(sorted(row) == list(range(10)) for row in shuffled)
    assert not np.array_equal(shuffled[0], shuffled[1])  # a new permutation every epoch
    assert np.array_equal(fitloop.permutations(3, 4, 10, 4, False), np.tile(np.arange(10), (4, 1)))


def test_shuffled_training_is_seeded_like_fit_initially(housing):
    """With shuffle the batches differ from fit's, but the initial weights are the same."""
    x, y = housing
    keras.utils.set_random_seed(9)
    model = _small_bn()
    initial = model.get_weights()
    # FIT asks for at least one epoch (grader/harness/model_contract.py); the grader's own plan may ask none
    trained = fitloop.train(model.to_json(), model.get_compile_config(), fitloop.FitPlan(epochs=0), x, y, [9])[0]
    assert trained.loss == ()
    assert all(np.array_equal(u, v) for u, v in zip(initial, trained.weights))


def test_unbuilt_sequential_is_built_from_x():
    model = keras.Sequential([keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    assert not model.built
    split = splits.linear()
    trained = fitloop.train(model.to_json(), model.get_compile_config(), {"epochs": 3},
                            split.x_train, split.y_train, [0])[0]
    assert [w.shape for w in trained.weights] == [(1, 4), (4,), (4, 1), (1,)]
    predictions = fitloop.predict(model.to_json(), trained.weights, split.x_test)
    assert predictions.shape == (3, 1)


def test_predict_matches_keras_predict(housing):
    x, y = housing
    model = _small_bn()
    trained = fitloop.train(model.to_json(), model.get_compile_config(), {"epochs": 2}, x, y, [0])[0]
    model.set_weights(trained.weights)
    _close(fitloop.predict(model.to_json(), trained.weights, x), model.predict(x, verbose=0), 1e-6)


def test_nan_loss_is_reported_not_raised():
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e6), loss="mse")
    split = splits.linear()
    trained = fitloop.train(model.to_json(), model.get_compile_config(), {"epochs": 30},
                            split.x_train, split.y_train, [0])[0]
    assert len(trained.loss) == 30
    assert not np.isfinite(trained.loss[-1])


def test_lambda_layer_and_foreign_modules_are_refused():
    lam = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Lambda(lambda t: t * 2)])
    lam.compile(optimizer="sgd", loss="mse")
    with pytest.raises(fitloop.UnsafeModel):
        fitloop.train(lam.to_json(), lam.get_compile_config(), {}, splits.LINEAR_X, splits.LINEAR_Y, [0])
    config = json.loads(_linear_sgd().to_json())
    config["config"]["layers"][1]["module"] = "os"
    with pytest.raises(fitloop.UnsafeModel, match="os"):
        fitloop.build_model(json.dumps(config), 0)
    model = _linear_sgd()
    compile_config = model.get_compile_config()
    compile_config["loss"] = {"module": "builtins", "class_name": "function", "config": "my_loss",
                              "registered_name": "function"}
    with pytest.raises(fitloop.UnsafeModel):
        fitloop.train(model.to_json(), compile_config, {}, splits.LINEAR_X, splits.LINEAR_Y, [0])


def test_xla_loop_is_deterministic_and_close_to_fit():
    split = splits.linear()
    fit = {"epochs": 20, "batch_size": 4, "shuffle": False, "verbose": 0}  # batches of 4, 4, 2
    arch, config, model, history = _fitted(_linear_sgd, split.x_train, split.y_train, fit, seed=6)
    first = fitloop.train(arch, config, fit, split.x_train, split.y_train, [6], jit=True)[0]
    second = fitloop.train(arch, config, fit, split.x_train, split.y_train, [6], jit=True)[0]
    assert first.loss == second.loss
    assert all(np.array_equal(u, v) for u, v in zip(first.weights, second.weights))
    _close(first.loss, history.history["loss"])
    _same_weights(first.weights, model.get_weights())


def test_a_model_the_vectoriser_cannot_batch_trains_seed_by_seed(monkeypatch, housing):
    from grader.harness import stacked_loop

    def cannot(*args, **kwargs):
        raise ValueError("no converter for this op")

    x, y = housing[0][:40], housing[1][:40]
    model = _small_bn()
    fit = {"epochs": 2, "batch_size": 16}
    arch, config = model.to_json(), model.get_compile_config()
    one_by_one = fitloop.train(arch, config, fit, x, y, [0, 1], stack=False)
    monkeypatch.setattr(stacked_loop, "train", cannot)
    fallen_back = fitloop.train(arch, config, fit, x, y, [0, 1])
    for a, b in zip(one_by_one, fallen_back):
        assert a.seed == b.seed and a.loss == b.loss
        assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))


def _learnerish(kind):
    """Models a learner of the course might describe, each with one twist the stacked loop must keep."""
    layers = keras.layers
    if kind == "unbuilt_sequential_dropout_l2":
        model = keras.Sequential([layers.Dense(8, activation="relu", kernel_regularizer="l2"),
                                  layers.Dropout(0.2), layers.Dense(3, activation="softmax")])
        return model, "categorical_crossentropy", keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True)
    if kind == "frozen_layer_sparse_labels":
        x = keras.Input(shape=(4,))
        frozen = layers.Dense(8, activation="tanh", trainable=False)
        model = keras.Model(x, layers.Dense(3, activation="softmax")(frozen(x)))
        return model, "sparse_categorical_crossentropy", keras.optimizers.RMSprop(0.01, centered=True)
    x = keras.Input(shape=(4,))
    model = keras.Model(x, layers.Dense(3, activation="softmax")(layers.Dense(8, activation="swish")(x)))
    optimizers = {"adamw": keras.optimizers.AdamW(0.01, weight_decay=0.05),
                  "nadam": keras.optimizers.Nadam(0.01), "adamax": keras.optimizers.Adamax(0.01),
                  "adagrad": keras.optimizers.Adagrad(0.1), "adadelta": keras.optimizers.Adadelta(1.0),
                  "ftrl": keras.optimizers.Ftrl(0.1), "lion": keras.optimizers.Lion(0.001),
                  "ema_and_clipvalue": keras.optimizers.Adam(0.01, use_ema=True, clipvalue=0.5),
                  "exponential_decay": keras.optimizers.Adam(
                      keras.optimizers.schedules.ExponentialDecay(0.05, 10, 0.5))}
    return model, keras.losses.Huber() if kind == "lion" else "categorical_crossentropy", optimizers[kind]


@pytest.mark.parametrize("kind", ["unbuilt_sequential_dropout_l2", "frozen_layer_sparse_labels", "adamw",
                                  "nadam", "adamax", "adagrad", "adadelta", "ftrl", "lion",
                                  "ema_and_clipvalue", "exponential_decay"])
def test_stacked_seeds_train_as_seed_by_seed_for_every_elementwise_optimizer(kind):
    from grader.harness import stacked_loop

    split = judged.iris()
    x = split.x_train[:64]
    y = np.argmax(split.y_train[:64], axis=1) if kind.endswith("sparse_labels") else split.y_train[:64]
    model, loss, optimizer = _learnerish(kind)
    model.compile(optimizer=optimizer, loss=loss)
    arch, config = model.to_json(), model.get_compile_config()
    fit = {"epochs": 4, "batch_size": 20, "verbose": 0}  # a partial batch of 4
    stacked = fitloop.train(arch, config, fit, x, y, [0, 1, 2], x_test=split.x_test)
    assert stacked_loop.stackable(fitloop._fresh(arch, config, 0, x, y))
    one_by_one = fitloop.train(arch, config, fit, x, y, [0, 1, 2], stack=False, x_test=split.x_test)
    for a, b in zip(stacked, one_by_one):
        _close(a.loss, b.loss, 1e-4)
        _same_weights(a.weights, b.weights, 1e-4)
        _close(a.predictions, b.predictions, 1e-4)
