"""연습 17 — 빠진 값과 범주형 품종 / Exercise 17 — missing values and a categorical species

출처 / Source: 강의 저장소의 appendix1-data.ipynb (iris2.csv: astype('category'), fillna, get_dummies).

과제 (한국어)
- prepare_iris2: iris2.csv 모양의 표(열: 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭, 품종)를 받습니다.
  품종은 숫자(0, 1, 2)라서 pd.get_dummies가 그대로는 원-핫 인코딩하지 않고, 측정값에는 빠진 값(NaN)이
  있을 수 있습니다. 다음을 돌려주세요:
  x = 측정값 네 열(이 순서)의 DataFrame, 빠진 값은 그 열의 평균(빠진 값을 뺀 평균, .mean())으로 채움;
  y = 품종을 범주형(astype('category'))으로 바꾼 뒤 get_dummies 한 0/1 DataFrame
  (열: 품종_0, 품종_1, 품종_2; True/False 도 0/1로 인정). 행 순서는 그대로 둡니다.
- 채점 때는 iris2.csv 말고도, 채점 때 뽑은 행과 여러 열에 놓인 빠진 값으로 만든 표도 씁니다:
  평균을 숫자로 적어 두면(예: 3.0544) 통과하지 못합니다.

Task (English)
- prepare_iris2: you get a table shaped like iris2.csv (columns 꽃잎길이, 꽃잎폭, 꽃받침길이, 꽃받침폭,
  품종). 품종 holds numbers (0, 1, 2), so pd.get_dummies does not one-hot encode it as it is, and the
  measurements may have missing values (NaN). Return:
  x, a DataFrame of the four measurement columns in that order, each missing value filled with its
  column's mean (the mean of the values present, .mean());
  y, the 0/1 DataFrame get_dummies makes once 품종 is categorical (astype('category')): columns
  품종_0, 품종_1, 품종_2 (True/False counts as 0/1). Keep row order.
- Grading also uses tables drawn at grading time, with missing values in several columns: a mean
  written as a number (e.g. 3.0544) does not pass.

강의의 예 / Example from the course (appendix1-data.ipynb)
    아이리스 = pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris2.csv')
    아이리스['품종'] = 아이리스['품종'].astype('category')
    mean = 아이리스['꽃잎폭'].mean()          # 3.0544...
    아이리스['꽃잎폭'] = 아이리스['꽃잎폭'].fillna(mean)
    인코딩 = pd.get_dummies(아이리스)          # 품종_0, 품종_1, 품종_2

직접 실험하려면 이 파일을 실행하세요 (python exercise17.py). 실험 코드는
`if __name__ == "__main__":` 아래에만 두세요 — 채점할 때는 그 블록이 실행되지 않습니다.
To experiment, run this file (python exercise17.py). Keep experiment code only under
`if __name__ == "__main__":` — that block does not run at grading.
"""
import pandas as pd


def prepare_iris2(df):
    """iris2 표에서 빠진 값을 열 평균으로 채운 x 와 원-핫 품종 y 를 돌려줍니다.
    From an iris2 table return x (missing values filled with column means) and one-hot species y.

    예 / Example: x, y = prepare_iris2(pd.read_csv("iris2.csv"))
    """
    raise NotImplementedError


if __name__ == "__main__":
    df = pd.read_csv("https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris2.csv")
    x, y = prepare_iris2(df)
    print(x.tail())
    print(y.tail())
