"""The vocabulary of judged models accepts what the course builds and refuses numbers of the learner's
choosing; the checks of a description are linear and bounded (the attacks themselves run through
``grade`` in test_attack_model_numbers.py and test_attack_model_size.py)."""

from __future__ import annotations

import json
import time

import pytest

keras = pytest.importorskip("keras")

from grader.harness import architecture_check, judged_model, vocabulary  # noqa: E402


def _config(*layers, inputs: int = 4) -> dict:
    return json.loads(keras.Sequential([keras.Input(shape=(inputs,)), *layers]).to_json())


def test_every_layer_of_the_vocabulary_with_its_usual_arguments_is_accepted():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(16, activation="swish", kernel_initializer=keras.initializers.HeNormal(seed=3),
                           bias_initializer=keras.initializers.RandomNormal(0.0, 0.1), kernel_regularizer="l2")(x)
    h = keras.layers.BatchNormalization(momentum=0.9)(h)
    h = keras.layers.Dropout(0.3, seed=7)(h)
    h = keras.layers.Activation("relu")(h)
    h = keras.layers.Flatten()(keras.layers.Reshape((4, 4))(h))
    h = keras.layers.LeakyReLU(0.1)(keras.layers.ReLU()(h))
    y = keras.layers.Softmax()(keras.layers.Dense(3, kernel_initializer=keras.initializers.RandomUniform(-0.1, 0.1))(h))
    model = keras.Model(x, y)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    judged = judged_model.judged_architecture(json.loads(model.to_json()))
    assert "compile_config" not in judged
    seeds = [layer["config"].get("kernel_initializer", {}).get("config", {}).get("seed")
             for layer in judged["config"]["layers"] if layer["class_name"] == "Dense"]
    seeds += [layer["config"]["seed"] for layer in judged["config"]["layers"] if layer["class_name"] == "Dropout"]
    assert seeds == [None, None, None]  # the learner's seeds 3 and 7 are gone
    keras.saving.deserialize_keras_object(judged, safe_mode=True)  # and Keras still builds it


@pytest.mark.parametrize("layer", [
    keras.layers.Dense(3, kernel_initializer=keras.initializers.Constant(0.5)),
    keras.layers.Dense(3, kernel_initializer="ones"),
    keras.layers.Dense(3, kernel_initializer="identity"),
    keras.layers.Dense(3, kernel_initializer="orthogonal"),
    keras.layers.Dense(3, kernel_initializer=keras.initializers.RandomUniform(0.9, 1.1)),
    keras.layers.Dense(3, kernel_initializer=keras.initializers.RandomNormal(1.0, 1e-9)),
    keras.layers.Dense(3, bias_initializer="ones"),
    keras.layers.Dense(3, kernel_constraint="non_neg"),
    keras.layers.BatchNormalization(gamma_initializer=keras.initializers.Constant(2.0)),
    keras.layers.ReLU(threshold=1.5),
    keras.layers.Rescaling(2.0, 1.0),
    keras.layers.Normalization(mean=1.0, variance=2.0),
], ids=lambda layer: layer.__class__.__name__ + "-" + layer.name)
def test_a_number_of_the_learners_choosing_is_refused_in_both_languages(layer):
    with pytest.raises(vocabulary.Refused) as refused:
        judged_model.judged_architecture(_config(layer))
    assert any("\uac00" <= c <= "\ud7a3" for c in refused.value.ko)


def test_a_keras_op_with_a_constant_in_a_functional_graph_is_refused():
    x = keras.Input(shape=(2,))
    with pytest.raises(vocabulary.Refused):
        judged_model.judged_architecture(json.loads(keras.Model(x, keras.layers.Dense(1)(x) * 2.0).to_json()))


def test_a_description_of_nested_lists_is_refused_in_linear_time():
    nested = "[" + ",".join(["[" * 400 + "]" * 400] * 5000) + "]"
    started = time.monotonic()
    with pytest.raises(architecture_check.EmbeddedData):
        architecture_check.parse_architecture(nested)
    with pytest.raises(architecture_check.EmbeddedData):  # under the size bound, the value bound
        architecture_check.parse_architecture("[" + ",".join(["[[[]]]"] * 60_000) + "]")
    assert time.monotonic() - started < 5


def test_the_count_of_numbers_in_a_list_includes_its_nested_lists():
    architecture_check.refuse_embedded_data({"a": [[1.0] * 32, [2.0] * 32]})  # 64: at the bound
    with pytest.raises(architecture_check.EmbeddedData):
        architecture_check.refuse_embedded_data({"a": [[1.0] * 32, [[2.0] * 32, 3.0]]})
