"""Known-wrong variants of exercise3 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("no_max_subtraction", '''
def softmax(z):
    import numpy as np
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
''', ("softmax_huge_logits", "softmax_large_random_logits"), ("softmax", "dense_softmax")),
    V("not_normalised", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    return np.exp(z - z.max(axis=-1, keepdims=True))
''', ("softmax_small_example", "softmax_rows_of_a_batch"), ("softmax", "dense_softmax")),
    V("wrong_axis", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''', ("softmax_rows_of_a_batch", "softmax_large_random_logits"), ("softmax", "dense_softmax")),
    V("overflow_then_fallback", '''
def softmax(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    e = np.exp(z)
    out = e / e.sum(axis=-1, keepdims=True)
    if not np.isfinite(out).all():
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        out = e / e.sum(axis=-1, keepdims=True)
    return out
''', ("softmax_huge_logits",), ("softmax",)),
    V("bias_forgotten", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    z = np.asarray(x, dtype=float) @ np.asarray(kernel, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', ("dense_softmax_iris_note", "dense_softmax_batch"), ("dense_softmax",)),
    V("kernel_transposed", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    z = np.asarray(kernel, dtype=float) @ np.asarray(x, dtype=float).T
    z = z.T + np.asarray(bias)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''', ("dense_softmax_iris_note", "dense_softmax_batch"), ("dense_softmax",)),
    V("hardcoded_iris", '''
def dense_softmax(x, kernel, bias):
    import numpy as np
    return np.array([0.95364212, 0.0450597, 0.00129818])
''', ("dense_softmax_batch",), ("dense_softmax",)),
]
