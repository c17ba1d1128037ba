"""연습 4 — 파라미터 개수 세기 / Exercise 4 — counting parameters

출처 / Source: 노트 001 (Dense(1)의 param 2개), 노트 002 (model.summary(), BatchNormalization, batch_size).

과제 (한국어)
- dense_params: 입력 n_inputs개를 받는 Dense(units) 층의 파라미터 수를 구하세요.
- batchnorm_params: model.summary()가 BatchNormalization 층에 보여 주는 파라미터 수를 구하세요.
- mlp_params: Input, hidden 크기의 Dense 층들(batchnorm이면 각각 뒤에 BatchNormalization),
  마지막 Dense(n_outputs)로 된 모델의 전체 파라미터 수를 구하세요.
- steps_per_epoch: 샘플 n_samples개를 batch_size씩 나눌 때 한 epoch의 배치 수를 구하세요.
- build_housing_model: 노트 002의 모델 Input(13), Dense(64, 'swish'), Dense(64, 'swish'), Dense(1)을
  만들고 loss 'mse'로 compile해서 돌려주세요.

Task (English)
- dense_params: the number of parameters of a Dense(units) layer with n_inputs inputs.
- batchnorm_params: the parameters model.summary() shows for a BatchNormalization layer.
- mlp_params: total parameters of Input, Dense layers of the `hidden` sizes (each followed by
  BatchNormalization when batchnorm is True), then Dense(n_outputs).
- steps_per_epoch: batches in one epoch for n_samples samples and the given batch_size.
- build_housing_model: note 002's model Input(13), Dense(64, 'swish'), Dense(64, 'swish'), Dense(1),
  compiled with loss 'mse'.

노트의 예 / Examples from the notes
    dense (None, 64)   896    # (13+1)*64 = 896
    dense (None, 64)  4160    # (64+1)*64 = 4160
    dense (None, 1)     65    # (64+1) = 65          Total params: 5121
    batch_normalization (None, 64)   256
    note 001: Dense(units=1, input_dim=1) -> Total params: 2
    note 002: batch_size 기본값 32, 150개면 5 배치 / default batch_size 32: 150 samples, 5 batches
    mlp_params(4, [64, 64], 3, True) -> 5187;  mlp_params(784, [], 10) -> 7850
"""
import tensorflow as tf
from tensorflow import keras


def dense_params(n_inputs: int, units: int) -> int:
    """Dense 층의 파라미터 수 (가중치 + 편향). / Parameters of a Dense layer (weights + biases).

    예 / Example: dense_params(13, 64)  # 896
    """
    raise NotImplementedError


def batchnorm_params(features: int) -> int:
    """BatchNormalization 층의 파라미터 수 (model.summary() 기준).
    Parameters of a BatchNormalization layer, as model.summary() shows them.

    예 / Example: batchnorm_params(64)  # 256
    """
    raise NotImplementedError


def mlp_params(n_inputs: int, hidden: list[int], n_outputs: int, batchnorm: bool = False) -> int:
    """Input → Dense(hidden...) (→ BatchNormalization) → Dense(n_outputs)의 전체 파라미터 수.
    Total parameters of Input, Dense layers of the hidden sizes (each optionally followed by
    BatchNormalization), then Dense(n_outputs).

    예 / Example: mlp_params(13, [64, 64], 1)  # 5121
    """
    raise NotImplementedError


def steps_per_epoch(n_samples: int, batch_size: int = 32) -> int:
    """한 epoch의 배치 수. / Batches in one epoch.

    예 / Example: steps_per_epoch(150, 32)  # 5;  steps_per_epoch(60000)  # 1875
    """
    raise NotImplementedError


def build_housing_model() -> keras.Model:
    """노트 002의 집값 모델을 만들고 loss 'mse'로 compile해서 돌려줍니다.
    Build note 002's housing model and return it compiled with loss 'mse'.
    """
    raise NotImplementedError
