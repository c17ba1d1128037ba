"""연습 15 — 온도로 레모네이드 판매량 예측 / Exercise 15 — lemonade sales from the temperature

출처 / Source: practice2-lemonade.ipynb (blackdew/tensorflow1): lemonade.csv, 온도 → 판매량.

과제 (한국어)
- build_lemonade_model: 온도(입력 하나)를 받아 판매량(출력 하나)을 내는 모델을 만들어 loss 'mse'로
  compile해서 돌려주세요. 층은 Dense 유닛 하나, 활성화 없이(선형).
- 학습은 채점기가 합니다: 어떤 옵티마이저로 compile했든 채점기는 Adam (학습률 0.1) 으로 전체 배치
  1000 에포크 학습합니다. 이 연습은 모델의 구조를 판정합니다.
- 판정: lemonade.csv (20-25 도) 로 학습한 뒤 15 도에 30 잔, 10 도에 20 잔, 30 도에 60 잔 (± 0.5),
  그리고 채점 때 뽑은 다른 가게 (판매량 = a × 온도 + b).

Task (English)
- build_lemonade_model: a model from the temperature (one input) to the sales (one output),
  compiled with loss 'mse'. One Dense unit, no activation (linear).
- The grader trains it: whatever optimizer you compile with, it trains with Adam (learning rate 0.1)
  for 1000 full-batch epochs. This exercise judges the model's structure.
- Judged: trained on lemonade.csv (20-25 °C), 30 cups for 15 °C, 20 for 10, 60 for 30 (± 0.5), and a
  stand drawn at grading time (판매량 = a × 온도 + b).

실습의 예 / Example from the practice notebook
    레모네이드 = pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/lemonade.csv')
    독립 = 레모네이드[['온도']]; 종속 = 레모네이드[['판매량']]
    model.fit(독립, 종속, epochs=1000, verbose=0)
    print(model.predict([[15]]))     # 약 30 / about 30

직접 실험하려면 이 파일을 실행하세요 (python exercise15.py). 실험 코드는
`if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 그 블록이 실행되지 않습니다.
To experiment, run this file (python exercise15.py). Keep experiment code only under
`if __name__ == "__main__":` — that block does not run at grading.
"""
import tensorflow as tf


def build_lemonade_model() -> tf.keras.Model:
    """온도 하나를 받아 판매량 하나를 내는 선형 Dense 유닛 하나, 'mse'로 compile.
    One input (온도), one linear Dense unit (판매량); compiled with 'mse'.
    """
    raise NotImplementedError


if __name__ == "__main__":
    import pandas as pd

    레모네이드 = pd.read_csv("https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/lemonade.csv")
    독립, 종속 = 레모네이드[["온도"]], 레모네이드[["판매량"]]
    model = build_lemonade_model()
    model.fit(독립, 종속, epochs=1000, verbose=0)
    print(model.predict([[15]]))
