"""Operations for trained-model exercises.

``train_models`` runs in the JUDGE, a confined worker that holds no learner code: it rebuilds the
learner's model from its description (architecture and compile settings, never weights), fresh
under each of the grader's seeds, trains it with the learner's FIT on the training data the grader
sent (:mod:`grader.harness.fitloop`, one compiled loop) and predicts on the held-out inputs; the
held-out labels never leave the grading process.  ``notebook_models`` runs in the LEARNER's worker:
the models its notebook-style code built at top level, with the ``model.fit`` calls it made
(recorded, not run: :mod:`grader.harness.fit_recorder`).
"""

from __future__ import annotations

import numpy as np

from grader.harness import models

__all__ = ["train_models", "notebook_models", "shim_notes", "devices"]


def _device_name() -> str:
    import tensorflow as tf

    gpus = tf.config.get_visible_devices("GPU")
    return f"GPU ({gpus[0].name})" if gpus else "CPU"


def devices(namespace: dict) -> dict:
    """The devices TensorFlow sees in this process."""
    import tensorflow as tf

    return {"gpus": [d.name for d in tf.config.list_physical_devices("GPU")],
            "visible_gpus": [d.name for d in tf.config.get_visible_devices("GPU")]}


def train_models(namespace: dict, model: dict, fit: dict, x: np.ndarray, y: np.ndarray, x_test: np.ndarray,
                 seeds: list) -> list[dict]:
    """Train the described model under each seed; per seed: loss per epoch, weights, predictions."""
    from grader.harness import fitloop

    architecture = judged(model)
    x = np.asarray(x)
    runs = fitloop.train(architecture, model[models.MODEL_KEY].get("compile") or {}, fit, x, np.asarray(y),
                         [int(s) for s in seeds], x_test=np.asarray(x_test))
    device = _device_name()
    return [{"seed": run.seed, "loss": np.asarray(run.loss, dtype=np.float64),
             "weights": [np.asarray(w) for w in run.weights], "predictions": run.predictions,
             "seconds": run.seconds, "device": device, **_change(architecture, run, x.shape[1:])}
            for run in runs]


def judged(model: dict) -> str:
    """The architecture of a described model as the judge builds it (checked again here against
    :mod:`grader.harness.vocabulary`, the learner's seeds dropped), as JSON text."""
    import json

    from grader.harness import architecture_check, judged_model

    info = model[models.MODEL_KEY]
    if "error" in info or "architecture" not in info:
        raise models.UnsafeModel(info.get("error", "no architecture"))
    try:
        return json.dumps(judged_model.judged_architecture(architecture_check.parse_architecture(info["architecture"])))
    except ValueError as exc:  # Refused, EmbeddedData, not JSON
        raise models.UnsafeModel(str(exc)[:500]) from None


def _change(architecture: str, run, input_shape: tuple) -> dict:
    """How many numbers training could change (the trainable weights) and the largest change it made:
    the model as it started under the run's seed is built again (the same seed gives the same start)."""
    from grader.harness import fitloop

    start = fitloop.build_model(architecture, run.seed, input_shape)
    pairs = [(np.asarray(variable), np.asarray(after)) for variable, after in zip(start.weights, run.weights)
             if variable.trainable]
    moved = max((float(np.max(np.abs(after - before))) for before, after in pairs if before.size), default=0.0)
    return {"trainable": int(sum(before.size for before, _ in pairs)), "moved": moved}


def notebook_models(namespace: dict) -> list[dict]:
    """The models the learner's code made (fit or not), as plain descriptions with their fit calls."""
    from grader.harness import fit_recorder

    found = []
    for entry in fit_recorder.described_models(namespace):
        described = {"class": entry.get("class"), "input_shape": entry.get("input_shape"),
                     "output_shape": entry.get("output_shape"), "compile": entry.get("compile")}
        if entry.get("architecture"):
            described["architecture"] = entry["architecture"]
        else:
            described["error"] = entry.get("architecture_error") or "no architecture"
        found.append({"model": {models.MODEL_KEY: described}, "names": entry.get("names") or [],
                      "cell": entry.get("cell"), "fits": [
                          {key: fit.get(key) for key in ("trained_epochs", "batch_size", "shuffle",
                                                         "validation_split", "cell", "line")}
                          for fit in entry.get("fits") or []]})
    return found


def shim_notes(namespace: dict) -> list[dict]:
    """What the course shims did while the file loaded (a served URL, a Keras 2 idiom), in both languages."""
    from grader.harness import course_urls, keras2_compat

    return [{"en": str(r["en"]), "ko": str(r["ko"])}
            for r in course_urls.LOG.records() + keras2_compat.LOG.records()]
