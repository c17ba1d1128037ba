"""연습 16 — 보스턴 집값 선형 회귀 / Exercise 16 — Boston house prices by linear regression

출처 / Source: practice3-boston.ipynb (blackdew/tensorflow1): boston.csv, 열 13개 → medv.

과제 (한국어)
- build_boston_model: 열 13개(crim, zn, ..., lstat)를 받아 집값(medv) 하나를 내는 모델을 만들어
  loss 'mse'로 compile해서 돌려주세요. 층은 선형 Dense 유닛 하나 (파라미터 (13+1)*1 = 14개).
- FIT: model.fit에 넘길 키워드 인자 dict (예: epochs, batch_size, verbose). epochs는 최대 1500.
- fit은 채점기가 실행합니다: 집 404채로 FIT 대로 학습(시드 3개)하고, 보지 못한 102채에서 R²를 잽니다.
- 판정: R² 0.60 이상 (과반 시드). 실습 노트북 그대로 (RMSprop 0.001, 1010 에포크) 약 0.68 입니다.

Task (English)
- build_boston_model: a model from the 13 columns (crim, zn, ..., lstat) to the price (medv),
  compiled with loss 'mse': one linear Dense unit ((13+1)*1 = 14 parameters).
- FIT: a dict of model.fit keyword arguments (e.g. epochs, batch_size, verbose); at most 1500 epochs.
- The grader runs fit: it trains on 404 houses with your FIT (3 seeds) and measures R² on 102 houses
  the training never saw.
- Judged: R² of at least 0.60 (most seeds). The practice notebook as written (RMSprop at 0.001, 1010
  epochs) reaches about 0.68.

실습의 예 / Example from the practice notebook
    보스턴 = pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/boston.csv')
    독립 = 보스턴[['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax',
                'ptratio', 'b', 'lstat']]
    종속 = 보스턴[['medv']]
    model.fit(독립, 종속, epochs=1000, verbose=0)

직접 실험하려면 이 파일을 실행하세요 (python exercise16.py). 실험 코드는
`if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 그 블록이 실행되지 않습니다.
To experiment, run this file (python exercise16.py). Keep experiment code only under
`if __name__ == "__main__":` — that block does not run at grading.
"""
import tensorflow as tf

FIT = None


def build_boston_model() -> tf.keras.Model:
    """열 13개를 받는 선형 Dense 유닛 하나, 'mse'로 compile. / 13 columns, one linear Dense unit, 'mse'."""
    raise NotImplementedError


if __name__ == "__main__":
    import pandas as pd

    보스턴 = pd.read_csv("https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/boston.csv")
    독립, 종속 = 보스턴.drop(columns=["medv"]), 보스턴[["medv"]]
    model = build_boston_model()
    model.fit(독립, 종속, **FIT)
    print(model.predict(독립[5:10], verbose=0))
