"""Does the compiled loop (grader.harness.fitloop) train models as `model.fit` does?

For each trained-model exercise the reference solution's model and FIT (solutions/exerciseN.py),
and two set-ups in the notes' own style, are trained under seeds 0..N-1 twice: with plain
`keras.Model.fit` and with `fitloop.train`, as the grader trains (all seeds in one call, as one
stacked model where the optimizer allows it: grader/harness/stacked_loop.py), and judged on the held-out part of the exercise's fixed split.  With shuffling the two
draw different batch orders (fit's tf.random.shuffle, the loop's NumPy permutations), so the
per-seed numbers differ; what must agree is their distribution: the verdict says whether the
difference of the means is within 2 standard errors.  A last table trains seed 0 with
shuffle=False both ways, where the loop reproduces fit to the bit.

Run from the repository root: `python bench/fit_fidelity.py [--seeds 10] [--digits-seeds 10]
[--xla] > bench/fit_fidelity.md` (progress goes to stderr; about 10 minutes on two cores).
Timings are wall seconds of the training (building the models included) and the CPU seconds of
this process, which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from grader.data import judged, splits  # noqa: E402
from grader.harness import fitloop  # noqa: E402


def solution(name: str):
    spec = importlib.util.spec_from_file_location(f"solution_{name}", REPO / "solutions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(predictions, axis=1) == labels))


def r2(predictions: np.ndarray, target: np.ndarray) -> float:
    predictions, target = np.asarray(predictions, float).ravel(), np.asarray(target, float).ravel()
    return float(1 - np.sum((target - predictions) ** 2) / np.sum((target - target.mean()) ** 2))


def largest_error(predictions: np.ndarray, target: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(predictions, float).ravel() - target)))


@dataclass
class Case:
    name: str
    metric: str
    build: Callable[[], keras.Model]
    fit: dict
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    judge: Callable[[np.ndarray, np.ndarray], float]
    seeds: int


def note000_iris() -> keras.Model:
    """Note 000's iris: Dense(8, relu) x3, softmax; compile's defaults (rmsprop)."""
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(8, activation="relu")(x)
    h = keras.layers.Dense(8, activation="relu")(h)
    h = keras.layers.Dense(8, activation="relu")(h)
    y = keras.layers.Dense(3, activation="softmax")(h)
    model = keras.Model(x, y)
    model.compile(loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def note002_housing() -> keras.Model:
    """Note 002's housing without BatchNormalization: Dense(64, swish) x2, Dense(1); 'mse'."""
    x = keras.Input(shape=(13,))
    h = keras.layers.Dense(64, activation="swish")(x)
    h = keras.layers.Dense(64, activation="swish")(h)
    y = keras.layers.Dense(1)(h)
    model = keras.Model(x, y)
    model.compile(loss="mse")
    return model


def cases(seeds: int, digits_seeds: int) -> list[Case]:
    ex11, ex12, ex13, ex14 = (solution(f"exercise{n}") for n in (11, 12, 13, 14))
    linear, iris, housing, digits = splits.linear(), judged.iris(), judged.housing(), judged.digits()
    return [
        Case("11 y = x + 1 (reference)", "largest error on 11, 12, 13", ex11.build_linear_model,
             ex11.FIT, linear.x_train, linear.y_train, linear.x_test, linear.y_test, largest_error,
             seeds),
        Case("12 iris (reference)", "accuracy", ex12.build_iris_model, ex12.FIT, iris.x_train,
             iris.y_train, iris.x_test, iris.y_test, accuracy, seeds),
        Case("13 digits (reference)", "accuracy", ex13.build_mnist_model, ex13.FIT,
             ex13.preprocess(digits.x_train), digits.y_train, ex13.preprocess(digits.x_test),
             digits.y_test, accuracy, digits_seeds),
        Case("14 housing + BatchNormalization (reference)", "R²", ex14.build_housing_bn_model,
             ex14.FIT, housing.x_train, housing.y_train, housing.x_test, housing.y_test, r2, seeds),
        Case("iris, note 000's way (rmsprop, 100 epochs)", "accuracy", note000_iris,
             {"epochs": 100, "verbose": 0}, iris.x_train, iris.y_train, iris.x_test, iris.y_test,
             accuracy, seeds),
        Case("housing, note 002 without BatchNormalization", "R²", note002_housing,
             {"epochs": 100, "verbose": 0}, housing.x_train, housing.y_train, housing.x_test,
             housing.y_test, r2, seeds),
    ]


@dataclass
class Run:
    values: list[float]
    wall: float
    cpu: float
    per_seed_wall: list[float]
    weights: list | None = None


def with_fit(case: Case, seeds: list[int], fit: dict | None = None) -> Run:
    values, walls, weights = [], [], []
    cpu = time.process_time()
    for seed in seeds:
        started = time.perf_counter()
        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
        model = case.build()
        model.fit(case.x_train, case.y_train, **(fit or case.fit))
        walls.append(time.perf_counter() - started)
        weights.append(model.get_weights())
        values.append(case.judge(model.predict(case.x_test, batch_size=256, verbose=0), case.y_test))
    return Run(values, sum(walls), time.process_time() - cpu, walls, weights)


def with_loop(case: Case, seeds: list[int], fit: dict | None = None, jit: bool = False) -> Run:
    model = case.build()
    architecture, compile_config = model.to_json(), model.get_compile_config()
    wall, cpu = time.perf_counter(), time.process_time()
    trained = fitloop.train(architecture, compile_config, fit or case.fit, case.x_train,
                            case.y_train, seeds, jit=jit)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    values = [case.judge(fitloop.predict(architecture, t.weights, case.x_test), case.y_test)
              for t in trained]
    return Run(values, wall, cpu, [t.seconds for t in trained], [t.weights for t in trained])


def summary(values: list[float], form: str) -> str:
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:{form}} ± {std:{form}} [{min(values):{form}}, {max(values):{form}}]"


def agree(a: list[float], b: list[float]) -> tuple[bool, float]:
    """Is the difference of the means within 2 standard errors?  (verdict, |difference| / SE)"""
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    difference = abs(statistics.fmean(a) - statistics.fmean(b))
    if se == 0:
        return difference == 0, 0.0 if difference == 0 else math.inf
    return difference <= 2 * se, difference / se


def form_for(case: Case) -> str:
    return ".2e" if case.judge is largest_error else ".3f"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--digits-seeds", type=int, default=10)
    parser.add_argument("--xla", action="store_true", help="also train with the loop compiled by XLA")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args()
    started = time.perf_counter()
    rows, xla_rows, exact_rows, verdicts = [], [], [], []
    timings = {}
    for case in cases(args.seeds, args.digits_seeds):
        if args.only and args.only not in case.name:
            continue
        seeds = list(range(case.seeds))
        log(f"{case.name}: fit, {len(seeds)} seeds")
        fitted = with_fit(case, seeds)
        log(f"  {fitted.wall:.1f} s; the loop")
        looped = with_loop(case, seeds)
        log(f"  {looped.wall:.1f} s")
        digits = form_for(case)
        ok, z = agree(fitted.values, looped.values)
        verdicts.append(ok)
        rows.append(f"| {case.name} | {case.metric} | {len(seeds)} | {summary(fitted.values, digits)} | "
                    f"{summary(looped.values, digits)} | {fitted.wall:.1f} ({fitted.cpu:.1f}) | "
                    f"{looped.wall:.1f} ({looped.cpu:.1f}) | {fitted.wall / looped.wall:.1f}x | "
                    f"{z:.2f} {'agree' if ok else 'DIFFER'} |")
        if case.name.startswith("11"):
            timings["one"] = (fitted.per_seed_wall[0], with_loop(case, [0]).wall)
        if case.name.startswith("14"):
            five = min(5, len(seeds))
            timings["five"] = (sum(fitted.per_seed_wall[:five]), with_loop(case, seeds[:five]).wall,
                               with_loop(case, seeds[:five], jit=True).wall)
        if args.xla:
            log("  the loop with XLA")
            jitted = with_loop(case, seeds, jit=True)
            ok_xla, z_xla = agree(fitted.values, jitted.values)
            verdicts.append(ok_xla)
            xla_rows.append(f"| {case.name} | {case.metric} | {summary(jitted.values, digits)} | "
                            f"{jitted.wall:.1f} ({jitted.cpu:.1f}) | {fitted.wall / jitted.wall:.1f}x | "
                            f"{z_xla:.2f} {'agree' if ok_xla else 'DIFFER'} |")
        log("  shuffle=False, seed 0, both ways")
        unshuffled = dict(case.fit, shuffle=False)
        exact_fit, exact_loop = with_fit(case, [0], unshuffled), with_loop(case, [0], unshuffled)
        gap = max(float(np.max(np.abs(a - b))) for a, b in zip(exact_fit.weights[0], exact_loop.weights[0]))
        same = all(np.array_equal(a, b) for a, b in zip(exact_fit.weights[0], exact_loop.weights[0]))
        exact_rows.append(f"| {case.name} | {exact_fit.values[0]:{digits}} | {exact_loop.values[0]:{digits}} | "
                          f"{gap:.3g} | {'yes' if same else 'no'} |")

    print("# Training with `model.fit` and with the compiled loop (grader/harness/fitloop.py)\n")
    print(f"Keras {keras.__version__}, TensorFlow {tf.__version__}, {os.cpu_count()} CPU cores; "
          f"seeds 0..N-1; the held-out part of each exercise's split.  Times: wall seconds of all "
          f"seeds' training (CPU seconds of the process in brackets); the loop trains all seeds in "
          f"one call.  Verdict: |mean difference| / standard error, 'agree' when at most 2.\n")
    print("| exercise | metric | seeds | fit: mean ± std [min, max] | loop: mean ± std [min, max] | "
          "fit s | loop s | speed-up | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    if xla_rows:
        print("\nThe same loop compiled with XLA (`fitloop.train(..., jit=True)`):\n")
        print("| exercise | metric | loop+XLA: mean ± std [min, max] | loop+XLA s | speed-up | verdict |")
        print("| --- | --- | --- | --- | --- | --- |")
        print("\n".join(xla_rows))
    print("\nWithout shuffling (seed 0, `shuffle=False`): the held-out metric after `fit` and after the "
          "loop, the largest difference of any weight, and whether all weights are bit-identical:\n")
    print("| exercise | fit | loop | max abs weight difference | identical |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(exact_rows))
    if timings:
        print()
    if "one" in timings:
        fit_s, loop_s = timings["one"]
        print(f"- 300 one-batch epochs (exercise 11, seed 0): fit {fit_s:.2f} s, loop {loop_s:.2f} s "
              f"(tracing included), {fit_s / loop_s:.0f}x.")
    if "five" in timings:
        fit_s, loop_s, xla_s = timings["five"]
        print(f"- 5 seeds of the exercise-14 reference (780 steps each): fit {fit_s:.1f} s, loop "
              f"{loop_s:.1f} s ({fit_s / loop_s:.1f}x), loop with XLA {xla_s:.1f} s ({fit_s / xla_s:.1f}x).")
    within = sum(verdicts)
    chance = 1 - 0.954 ** len(verdicts)
    verdict = ("AGREE: every difference of means is within 2 standard errors" if all(verdicts) else
               f"{len(verdicts) - within} of {len(verdicts)} differences of means exceed 2 standard "
               f"errors (with {len(verdicts)} comparisons of equal distributions at least one does so "
               f"by chance {chance:.0%} of the time)")
    print(f"\nVerdict: {verdict}.  Benchmark time {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
