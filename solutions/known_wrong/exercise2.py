"""Known-wrong variants of exercise2 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("int_dtype", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("bad label")
    return np.eye(num_classes, dtype=int)[labels]
''', ("one_hot_is_float32",), ("one_hot",)),
    V("num_classes_ignored", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if labels.min() < 0 or (num_classes is not None and labels.max() >= num_classes):
        raise ValueError("bad label")
    return np.eye(int(labels.max()) + 1, dtype=np.float32)[labels]
''', ("one_hot_num_classes",), ("one_hot",)),
    V("classes_counted_not_max", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if num_classes is None:
        num_classes = len(np.unique(labels))
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("bad label")
    return np.eye(num_classes, dtype=np.float32)[labels]
''', ("one_hot_classes_from_max",), ("one_hot",)),
    V("no_label_validation", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    return np.eye(num_classes, dtype=np.float32)[labels]   # -1 wraps, too big is an IndexError
''', ("one_hot_rejects_bad_labels",), ("one_hot",)),
    V("transposed", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("bad label")
    return np.eye(num_classes, dtype=np.float32)[:, labels]
''', ("one_hot_mnist_labels", "one_hot_num_classes", "one_hot_classes_from_max"),
      ("one_hot",)),
    V("every_row_gets_every_label", '''
def one_hot(labels, num_classes=None):
    labels = np.asarray(labels).astype(int)
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("bad label")
    out = np.zeros((len(labels), num_classes), dtype=np.float32)
    out[:, labels] = 1          # should be out[np.arange(len(labels)), labels]
    return out
''', ("one_hot_small_example", "one_hot_mnist_labels", "one_hot_num_classes", "one_hot_classes_from_max"),
      ("one_hot",)),
    V("measurement_columns_reordered", '''
def split_iris(df):
    x = df[["꽃받침길이", "꽃받침폭", "꽃잎길이", "꽃잎폭"]]
    y = pd.get_dummies(df["품종"], prefix="품종")
    return x, y
''', ("split_iris_x_columns", "split_iris_drawn_rows"), ("split_iris",)),
    V("dummies_without_prefix", '''
def split_iris(df):
    return df[MEASUREMENTS], pd.get_dummies(df["품종"])
''', ("split_iris_one_hot_species", "split_iris_drawn_rows"), ("split_iris",)),
    V("whole_table_as_x", '''
def split_iris(df):
    return df, pd.get_dummies(df["품종"], prefix="품종", dtype=float)
''', ("split_iris_x_columns", "split_iris_drawn_rows"), ("split_iris",)),
    V("numpy_arrays", '''
def split_iris(df):
    x = df[MEASUREMENTS].to_numpy()
    y = np.eye(3, dtype=np.float32)[df["품종"].map(SPECIES.index).to_numpy()]
    return x, y
''', ("split_iris_x_columns", "split_iris_one_hot_species", "split_iris_drawn_rows"), ("split_iris",)),
    V("sorted_by_species", '''
def split_iris(df):
    df = df.sort_values("품종", kind="stable").reset_index(drop=True)
    return df[MEASUREMENTS], pd.get_dummies(df["품종"], prefix="품종")
''', ("split_iris_drawn_rows",), ("split_iris",)),
    V("reads_the_course_file", '''
def split_iris(df):
    from grader.data import load_iris
    df = load_iris()    # ignores the table it was given
    return df[MEASUREMENTS], pd.get_dummies(df["품종"], prefix="품종")
''', ("split_iris_drawn_rows",), ("split_iris",)),
]
