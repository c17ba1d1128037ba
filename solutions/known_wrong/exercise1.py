"""Known-wrong variants of exercise1 (see grader/framework/known_wrong.py)."""

from grader.framework.known_wrong import KnownWrong as V

VARIANTS = [
    V("shape_as_list", '''
def shape_after(shape, new_shape):
    import numpy as np
    return list(np.empty(shape).reshape(new_shape).shape)
''', ("shape_after_notes_examples", "shape_after_mnist", "shape_after_drawn_shapes"), ("shape_after",)),
    V("minus_one_not_resolved", '''
def shape_after(shape, new_shape):
    import math
    if -1 not in new_shape and math.prod(shape) != math.prod(new_shape):
        raise ValueError("size mismatch")
    return tuple(new_shape)
''', ("shape_after_mnist", "shape_after_drawn_shapes", "shape_after_rejects_bad_shapes"), ("shape_after",)),
    V("never_raises", '''
def shape_after(shape, new_shape):
    import math
    size, known = math.prod(shape), math.prod(d for d in new_shape if d != -1)
    return tuple(size // known if d == -1 else d for d in new_shape)
''', ("shape_after_rejects_bad_shapes",), ("shape_after",)),
    V("hardcoded_note_shapes", '''
def shape_after(shape, new_shape):
    table = {(1, 12): (1, 12), (12, 1): (12, 1), (6, 2): (6, 2), (3, 2, 2): (3, 2, 2),
             (2, 3, 2): (2, 3, 2), (60000, 784): (60000, 784), (-1, 784): (60000, 784)}
    if new_shape in ((5, 2), (-1, -1), (-1, 783)):
        raise ValueError("no")
    return table.get(tuple(new_shape), tuple(new_shape))
''', ("shape_after_drawn_shapes",), ("shape_after",)),
    V("fortran_order", '''
def flatten_images(x):
    import numpy as np
    x = np.asarray(x)
    return x.reshape(x.shape[0], -1, order="F")
''', ("flatten_images_mnist_like", "flatten_images_drawn"), ("flatten_images",)),
    V("dtype_changed", '''
def flatten_images(x):
    import numpy as np
    x = np.asarray(x, dtype=np.float64)
    return x.reshape(x.shape[0], -1)
''', ("flatten_images_mnist_like", "flatten_images_drawn"), ("flatten_images",)),
    V("row_not_column", '''
def as_column(values):
    import numpy as np
    return np.array(values).reshape(1, -1)
''', ("as_column_notes_data", "as_column_drawn"), ("as_column",)),
    V("hardcoded_column", '''
def as_column(values):
    import numpy as np
    return np.array([-3, 31, -11, 4, 0, 22, -2, -5, -25, -14]).reshape(-1, 1)
''', ("as_column_drawn",), ("as_column",)),
]
