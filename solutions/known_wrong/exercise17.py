"""Known-wrong variants of exercise17 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    # Appendix 1's first get_dummies: 품종 left as numbers, so it stays one column.
    V("species_not_categorical", '''
def prepare_iris2(df):
    import pandas as pd
    df = df.copy()
    for column in FEATURES:
        df[column] = df[column].fillna(df[column].mean())
    encoded = pd.get_dummies(df)
    return encoded[FEATURES], encoded[["품종"]]
''', ("iris2_species_one_hot", "iris2_drawn_table"), ("prepare_iris2",)),
    # The missing value left in place.
    V("no_fillna", '''
def prepare_iris2(df):
    import pandas as pd
    df = df.copy()
    df["품종"] = df["품종"].astype("category")
    encoded = pd.get_dummies(df)
    return encoded[FEATURES], encoded[["품종_0", "품종_1", "품종_2"]]
''', ("iris2_missing_filled_with_mean", "iris2_drawn_table"), ("prepare_iris2",)),
    V("filled_with_zero", '''
def prepare_iris2(df):
    import pandas as pd
    df = df.copy()
    df["품종"] = df["품종"].astype("category")
    encoded = pd.get_dummies(df.fillna(0))
    return encoded[FEATURES], encoded[["품종_0", "품종_1", "품종_2"]]
''', ("iris2_missing_filled_with_mean", "iris2_drawn_table"), ("prepare_iris2",)),
    # The notebook's mean written down as a number: right on iris2.csv (passes both public checks),
    # wrong on any other table.
    V("hard_coded_mean", '''
def prepare_iris2(df):
    import pandas as pd
    df = df.copy()
    df["품종"] = df["품종"].astype("category")
    encoded = pd.get_dummies(df.fillna(3.0543624161073826))
    return encoded[FEATURES], encoded[["품종_0", "품종_1", "품종_2"]]
''', ("iris2_drawn_table",), ("prepare_iris2",)),
]
