"""The course's own notebooks under Keras 3, and what their models reach on the grader's splits.

Run from the repository root::

    .venv/bin/python bench/course_notebooks.py --repo /path/to/blackdew/tensorflow1/.git [--seeds 10]

The notebooks are read from a git clone of the course's repository
(``blackdew/tensorflow1``, the ``--repo`` git directory; ``$COURSE_REPO_GIT``)
into a scratch folder and never copied into this repository.

1. **Run**: each notebook's code cells in order in a fresh process
   (:func:`grader.sandbox.loader.load_notebook`, real Keras ``fit``), twice:
   with only ``course_urls`` (the course's URLs served offline: what Keras 3
   itself does with the notebook) and with ``keras2_compat`` too.  Every cell
   that raised, every warning and every shim note is listed.
2. **Train**: each notebook is run again with ``fit_recorder``;
   :func:`~grader.harness.fit_recorder.described_models` gives each model's
   architecture, compile settings and total epochs, and for each seed
   (``keras.utils.set_random_seed`` before building, op determinism on) the
   model is rebuilt from that and trained with plain ``model.fit`` on the
   training part of :mod:`grader.data.splits` (iris 120/30, housing 404/102;
   lemonade: the course's whole file), then judged on the held-out part.
3. **Appendix 1**: what ``pd.get_dummies`` gives on ``iris2.csv`` before and
   after the notebook's ``astype('category')`` and ``fillna(mean)``.

Writes ``bench/course_notebooks.md`` (``--out``) and the raw results as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GIT = os.environ.get("COURSE_REPO_GIT", "/work/.mirror/blackdew+tensorflow1/repo/.git")
NOTEBOOKS = ("practice1-pandas", "practice2-lemonade", "practice3-boston", "practice4-iris",
             "practice5-multilayer", "appendix1-data", "appendix2-model")
ACTIVATION_LABELS = {"silu": "swish"}  # Keras 3 saves swish as silu
TRAINED = ("practice2-lemonade", "practice3-boston", "practice4-iris", "practice5-multilayer")


# -- children -------------------------------------------------------------------------------------

def _quiet_tensorflow() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["CUDA_VISIBLE_DEVICES"] = "-1"


def child_run(notebook: str, mode: str) -> dict:
    """Exec a notebook's cells with the real fit; ``mode`` is ``keras3`` or ``compat``."""
    import warnings

    _quiet_tensorflow()
    import keras  # noqa: F401

    from grader.harness import course_urls, keras2_compat
    from grader.sandbox import loader

    course_urls.install()
    if mode == "compat":
        keras2_compat.install()
    started = time.monotonic()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = loader.load_notebook(notebook, Path(notebook).name, "submission")
    problems = []
    for problem in loaded.problems:
        error = problem.get("error") or {}
        frame = (error.get("frames") or [{}])[-1]
        problems.append({"cell": problem.get("cell"), "kind": problem["kind"], "type": error.get("type"),
                         "message": str(error.get("message", ""))[:300], "code": frame.get("code", ""),
                         "line": frame.get("line"), "suggestion": error.get("suggestion")})
    seen, warned = set(), []
    for w in caught:
        text = f"{w.category.__name__}: {str(w.message).splitlines()[0][:200]}"
        if text not in seen:
            seen.add(text)
            warned.append({"text": text, "file": os.path.relpath(w.filename, sys.prefix)
                           if w.filename.startswith(sys.prefix) else w.filename, "line": w.lineno})
    return {"notebook": Path(notebook).stem, "mode": mode, "seconds": round(time.monotonic() - started, 1),
            "problems": problems, "warnings": warned,
            "notes": [{"kind": r["kind"], "en": r["en"], "cell": (r["where"] or {}).get("cell"), "count": r["count"]}
                      for r in course_urls.LOG.records() + keras2_compat.LOG.records()]}


def _held_out(task: str):
    import numpy as np

    from grader.data import DATA_DIR, judged, splits

    if task == "iris":
        return judged.iris()
    if task == "housing":
        return judged.housing()
    import pandas as pd

    table = pd.read_csv(DATA_DIR / "course" / "lemonade.csv")
    x = table[["온도"]].to_numpy(np.float32)
    y = table[["판매량"]].to_numpy(np.float32)
    return splits.Split(x, y, np.array([[15.0]], np.float32), np.array([30.0], np.float32))


def _task(model: dict) -> str:
    fit = model["fits"][0]
    columns = (fit.get("x") or {}).get("columns") or []
    if "꽃잎길이" in columns:
        return "iris"
    if "crim" in columns:
        return "housing"
    return "lemonade"


def child_train(notebook: str, seeds: list[int]) -> dict:
    """Record the notebook's models, then train each on the grader's split under every seed."""
    _quiet_tensorflow()
    import keras
    import numpy as np
    import tensorflow as tf

    from grader.data import IRIS_FEATURES
    from grader.harness import course_urls, fit_recorder, keras2_compat
    from grader.sandbox import loader

    course_urls.install()
    fit_recorder.install()
    keras2_compat.install()
    loaded = loader.load_notebook(notebook, Path(notebook).name, "submission")
    described = [m for m in fit_recorder.described_models(loaded.namespace) if m["fits"]]
    keras2_compat.uninstall()
    fit_recorder.uninstall()
    tf.config.experimental.enable_op_determinism()
    results = []
    for model in described:
        task = _task(model)
        split = _held_out(task)
        columns = model["fits"][0]["x"].get("columns")
        if task == "iris":
            assert columns == IRIS_FEATURES, columns
        batch_size = model["fits"][-1]["batch_size"]
        per_seed = []
        started = time.monotonic()
        for seed in seeds:
            keras.utils.set_random_seed(seed)
            rebuilt = keras.models.model_from_json(model["architecture"])
            rebuilt.compile_from_config(model["compile"])
            history = rebuilt.fit(split.x_train, split.y_train, epochs=model["epochs"], batch_size=batch_size,
                                  verbose=0)
            predicted = rebuilt.predict(split.x_test, verbose=0)
            if task == "iris":
                value = float(np.mean(predicted.argmax(axis=1) == split.y_test))
            elif task == "housing":
                truth = split.y_test.ravel()
                value = float(1 - np.sum((truth - predicted.ravel()) ** 2) / np.sum((truth - truth.mean()) ** 2))
            else:
                value = float(predicted.ravel()[0])
            per_seed.append({"seed": seed, "value": value, "final_loss": float(history.history["loss"][-1])})
        layers = json.loads(model["architecture"])["config"]["layers"]
        dense = [(layer["config"]["units"], layer["config"]["activation"]) for layer in layers
                 if layer["class_name"] == "Dense"]
        results.append({"notebook": Path(notebook).stem, "cell": model["cell"], "names": model["names"],
                        "task": task, "dense": dense, "epochs": model["epochs"],
                        "fits": [f["epochs"] for f in model["fits"]], "batch_size": batch_size,
                        "loss": model["compile"]["loss"], "metrics": model["compile"]["metrics"],
                        "optimizer": model["compile"]["optimizer"]["class_name"],
                        "seconds": round(time.monotonic() - started, 1), "per_seed": per_seed})
    return {"notebook": Path(notebook).stem, "models": results}


def appendix1() -> dict:
    import pandas as pd

    from grader.data import DATA_DIR

    def state(frame: pd.DataFrame) -> dict:
        encoded = pd.get_dummies(frame)
        return {"columns": [str(c) for c in encoded.columns],
                "dtypes": {str(c): str(t) for c, t in encoded.dtypes.items()},
                "nan": int(encoded.isna().sum().sum()), "shape": list(encoded.shape)}

    iris2 = pd.read_csv(DATA_DIR / "course" / "iris2.csv")
    before = state(iris2)
    iris2["품종"] = iris2["품종"].astype("category")
    after_category = state(iris2)
    iris2["꽃잎폭"] = iris2["꽃잎폭"].fillna(iris2["꽃잎폭"].mean())
    return {"raw": before, "category": after_category, "category_fillna": state(iris2),
            "mean": float(pd.read_csv(DATA_DIR / "course" / "iris2.csv")["꽃잎폭"].mean())}


# -- parent ---------------------------------------------------------------------------------------

def _spawn(arguments: list[str], scratch: Path) -> dict:
    out = scratch / f"result-{abs(hash(tuple(arguments)))}.json"
    command = [sys.executable, __file__, "--child-out", str(out)] + arguments
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"{' '.join(arguments)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def _export(git_dir: str, scratch: Path) -> dict[str, Path]:
    paths = {}
    for name in NOTEBOOKS:
        data = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{name}.ipynb"], capture_output=True,
                              check=True).stdout
        path = scratch / f"{name}.ipynb"
        path.write_bytes(data)
        paths[name] = path
    return paths


NOTES_IDIOMS = """## 4. The lecture notes' idioms under Keras 3 (not in these notebooks)

Checked by `tests/test_course_shims.py` and by hand under the versions above:

- `Dense(units=1, activation='linear', input_dim=1)` as a Sequential's first layer (note 001): Keras 3 still
  builds `Input(shape=(1,))` from it, with a UserWarning; `keras2_compat` replaces the warning by a note.
- `model.predict([[11], [12], [13]])` (note 001), like practice 2's `predict([[15]])`: Keras 3 raises
  "Unrecognized data type"; `keras2_compat` reads the list as `np.array` (`fit`, `evaluate` too).
- `compile(..., metrics = 'accuracy')` (note 002): raises, as in the notebooks; read as `['accuracy']`.
- `metrics=["accuracy", tf.keras.metrics.AUC]` (note 000: the class, not an instance) trains under Keras 3, but
  `model.get_compile_config()` raises `TypeError: AUC.get_config() missing ... 'self'`; `fit_recorder` serialises
  the settings piece by piece (`{"class": "AUC", ...}`).
- `tf.keras.Models(x, y)` (note 002's typo): AttributeError, deliberately kept; the report says "Did you mean
  tf.keras.Model?" (in a notebook only since the loader gives tracebacks the cells' lines).
- `tf.keras.datasets.mnist.load_data()` (note 000): served from the bundled 4,000 / 1,000 subset; note 000's
  `x_train.reshape(60000, 784)` then fails (use `reshape(-1, 784)`), which the shim's note says.
- `tf.keras.models.Model`, `tf.keras.Model`, `tf.keras.Input`, `tf.keras.utils.to_categorical`,
  `optimizer='adam'` / `'Adagrad'`, `metrics=[tf.keras.metrics.R2Score()]`, a GradientTape loop on
  `DataFrame.values`: work unchanged.
- `import matplotlib.pyplot as plt` (note 000): matplotlib is not a dependency of the grader, so that cell raises
  ModuleNotFoundError (later cells still run).
"""


def _reaches(task: str, value: float) -> bool:
    if task == "iris":
        return value >= 0.90
    if task == "housing":
        return value >= 0.70
    return abs(value - 30.0) <= 1.0


def _summary(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def render(runs: list[dict], trained: list[dict], app: dict, seeds: list[int], commit: str, versions: dict) -> str:
    lines = ["# The course's notebooks under Keras 3", "",
             f"Generated by `bench/course_notebooks.py` from `blackdew/tensorflow1` at `{commit[:12]}`; "
             f"TensorFlow {versions['tensorflow']}, Keras {versions['keras']}, pandas {versions['pandas']}, "
             f"NumPy {versions['numpy']}, CPU.", "",
             "## 1. Running each notebook (real `fit`)", "",
             "`keras3`: only the course's URLs served offline (what Keras 3 itself does with the notebook); "
             "`compat`: `keras2_compat` installed too.", "",
             "| notebook | mode | cells that raised | shim notes | seconds |", "|---|---|---|---|---|"]
    for run in runs:
        raised = "; ".join(f"cell {p['cell']}: {p['type']}: {p['message'][:110]} (`{p['code'].strip()[:60]}`)"
                           for p in run["problems"]) or "none"
        notes = "; ".join(f"{n['kind']} (cell {n['cell']})" for n in run["notes"]) or "none"
        lines.append(f"| {run['notebook']} | {run['mode']} | {raised} | {notes} | {run['seconds']} |")
    lines += ["", "Warnings raised while running (deduplicated, `compat` mode):", ""]
    warned = [f"- {run['notebook']}: {w['text']} ({w['file']}:{w['line']})"
              for run in runs if run["mode"] == "compat" for w in run["warnings"]]
    lines += warned or ["- none"]
    lines += ["", "## 2. The notebooks' models on the grader's splits", "",
              f"Seeds {seeds[0]}–{seeds[-1]} ({len(seeds)}), `keras.utils.set_random_seed(seed)` before building, "
              "op determinism on; architecture, compile settings and total epochs as recorded by `fit_recorder` "
              "from the notebook; plain `model.fit` on the training part (batch size as in the notebook). "
              "Iris: accuracy on the 30 held-out flowers; housing: R² on the 102 held-out houses; "
              "lemonade: the prediction for 15 (the data has 판매량 = 2 × 온도, so 30).", "",
              "| notebook (cell) | model | compile | epochs | metric | min | median | max |",
              "|---|---|---|---|---|---|---|---|"]
    metric = {"iris": "accuracy (30)", "housing": "R² (102)", "lemonade": "predict(15)"}
    for result in trained:
        for model in result["models"]:
            values = [s["value"] for s in model["per_seed"]]
            low, mid, high = _summary(values)
            dense = " → ".join(f"Dense({u}{'' if a == 'linear' else ', ' + ACTIVATION_LABELS.get(a, a)})"
                               for u, a in model["dense"])
            compile_ = f"{model['optimizer']}, {model['loss']}" + (f", {model['metrics']}" if model["metrics"] else "")
            epochs = " + ".join(str(e) for e in model["fits"])
            lines.append(f"| {model['notebook']} ({model['cell']}) | {dense} | {compile_} | {epochs} | "
                         f"{metric[model['task']]} | {low:.3f} | {mid:.3f} | {high:.3f} |")
    lines += ["", "Seeds reaching the exercises' lines (iris accuracy ≥ 0.90, housing R² ≥ 0.70, lemonade within "
              "1 of 30):", ""]
    for result in trained:
        for model in result["models"]:
            reached = sum(_reaches(model["task"], s["value"]) for s in model["per_seed"])
            lines.append(f"- {model['notebook']} (cell {model['cell']}): {reached} of {len(model['per_seed'])}")
    lines += ["", "Per seed:", "", "| notebook (cell) | " + " | ".join(str(s) for s in seeds) + " | s/seed |",
              "|---|" + "---|" * len(seeds) + "---|"]
    for result in trained:
        for model in result["models"]:
            cells = " | ".join(f"{s['value']:.3f}" for s in model["per_seed"])
            lines.append(f"| {model['notebook']} ({model['cell']}) | {cells} | "
                         f"{model['seconds'] / len(model['per_seed']):.1f} |")
    lines += ["", "## 3. Appendix 1: `pd.get_dummies` on iris2.csv", "",
              "| state | columns | NaN | dtypes of the new columns |", "|---|---|---|---|"]
    for key, label in (("raw", "as read (품종 int64)"), ("category", "after astype('category')"),
                       ("category_fillna", f"after astype('category') and fillna(mean = {app['mean']:.4f})")):
        state = app[key]
        new = {c: t for c, t in state["dtypes"].items() if c.startswith("품종")}
        lines.append(f"| {label} | {', '.join(state['columns'])} | {state['nan']} | "
                     f"{', '.join(f'{c}: {t}' for c, t in new.items())} |")
    lines += ["", NOTES_IDIOMS]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", default=DEFAULT_GIT, help="git directory of blackdew/tensorflow1")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(REPO / "bench" / "course_notebooks.md"))
    parser.add_argument("--json", default=None, help="also write the raw results here")
    parser.add_argument("--from-json", default=None, help="only render the page from a --json file")
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        if kind == "run":
            result = child_run(rest[0], rest[1])
        elif kind == "train":
            result = child_train(rest[0], [int(s) for s in rest[1:]])
        else:
            result = appendix1()
        Path(args.child_out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        Path(args.out).write_text(render(saved["runs"], saved["trained"], saved["appendix1"], saved["seeds"],
                                         saved["commit"], saved["versions"]), encoding="utf-8")
        return
    seeds = list(range(args.seeds))
    commit = subprocess.run(["git", f"--git-dir={args.repo}", "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="course-notebooks-") as scratch_name:
        scratch = Path(scratch_name)
        paths = _export(args.repo, scratch)
        jobs = [["--child", "run", str(paths[n]), mode] for n in NOTEBOOKS for mode in ("keras3", "compat")]
        jobs += [["--child", "train", str(paths[n])] + [str(s) for s in seeds] for n in TRAINED]
        jobs += [["--child", "appendix1"]]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(lambda job: _spawn(job, scratch), jobs))
    runs = results[: 2 * len(NOTEBOOKS)]
    trained = results[2 * len(NOTEBOOKS): -1]
    app = results[-1]
    import keras
    import numpy
    import pandas
    import tensorflow

    versions = {"tensorflow": tensorflow.__version__, "keras": keras.__version__, "pandas": pandas.__version__,
                "numpy": numpy.__version__}
    Path(args.out).write_text(render(runs, trained, app, seeds, commit, versions), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "trained": trained, "appendix1": app, "seeds": seeds,
                                               "commit": commit, "versions": versions},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
