"""exercise12's structure check reads an activation that comes as its own layer after a Dense
(Dense → BatchNormalization → Activation('swish')) as that Dense layer's activation."""

from conftest import statuses
from grader.framework.models import effective_activation as _effective_activation
from grader.harness.ops.inspection import LayerInfo


def effective_activation(layers, index):
    """On layers as the judge describes them (plain data here, read as its reply type)."""
    return _effective_activation([LayerInfo.from_plain({"params": 0, **layer}) for layer in layers], index)
from grader.results import Status


def test_activation_layer_after_batch_normalization_is_the_dense_layers_activation():
    layers = [{"class": "Dense", "units": 16, "activation": "linear"}, {"class": "BatchNormalization"},
              {"class": "Activation", "activation": "swish"},
              {"class": "Dense", "units": 3, "activation": "softmax"}]
    assert effective_activation(layers, 0) == "swish"
    relu = [{"class": "Dense", "units": 16, "activation": "linear"}, {"class": "ReLU"}]
    assert effective_activation(relu, 0) == "relu"


def test_an_activation_after_the_next_dense_layer_does_not_count():
    layers = [{"class": "Dense", "units": 16, "activation": "linear"},
              {"class": "Dense", "units": 16, "activation": "linear"},
              {"class": "Activation", "activation": "relu"},
              {"class": "Dense", "units": 3, "activation": "softmax"}]
    assert effective_activation(layers, 0) == "linear"
    assert effective_activation(layers, 1) == "relu"
    assert effective_activation([{"class": "Dense", "activation": "linear"},
                                 {"class": "Activation", "activation": "linear"}], 0) == "linear"


BN_SWISH = '''
from tensorflow import keras

FIT = {"epochs": 1, "batch_size": 150, "verbose": 0}


def build_iris_model():
    x = keras.Input(shape=(4,))
    h = keras.layers.Dense(16)(x)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Activation("swish")(h)
    model = keras.Model(x, keras.layers.Dense(3, activation="softmax")(h))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
'''


def test_exercise12_structure_passes_dense_batchnorm_activation(grade):
    assert statuses(grade("exercise12", BN_SWISH))["iris_model_structure"] is Status.PASSED
