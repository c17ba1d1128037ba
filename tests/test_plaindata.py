"""The wire format carries plain data only, and refuses anything else."""

import json
import math
import pickle

import numpy as np
import pytest

from grader import plaindata
from grader.plaindata import MalformedData, Table, Unsupported


def roundtrip(value):
    return plaindata.decode(plaindata.encode(plaindata.to_plain(value)))


def test_values_survive_the_trip():
    value = {"a": [1, 2.5, None, True, "x"], "t": (1, (2, 3)), "nan": float("nan"), "inf": -math.inf}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True, "x"]
    assert back["t"] == (1, (2, 3)) and isinstance(back["t"], tuple)
    assert math.isnan(back["nan"]) and back["inf"] == -math.inf


@pytest.mark.parametrize("dtype", ["uint8", "int64", "float32", "float64", "bool", "complex128"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    arr = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    back = roundtrip(arr)
    assert back.dtype == arr.dtype and back.shape == arr.shape and np.array_equal(back, arr)


def test_numpy_scalars_become_zero_d_arrays_keeping_their_type():
    back = roundtrip(np.int64(896))
    assert back.shape == () and back.dtype == np.int64 and int(back) == 896


def test_objects_are_described_not_serialised():
    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    back = roundtrip([Evil(), np.array([object()], dtype=object)])
    assert isinstance(back[0], Unsupported) and back[0].type_name.endswith("Evil")
    assert isinstance(back[1], Unsupported)


def test_pandas_tables_become_columns():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [True, False]})
    back = roundtrip(frame)
    assert isinstance(back, Table) and back.columns == ["a", "b"] and back.shape == (2, 2)


@pytest.mark.parametrize("payload", [
    pickle.dumps([1, 2]),
    b'{"t": "nd", "dtype": "O", "shape": [1], "data": ""}',
    b'{"t": "nd", "dtype": "f8", "shape": [3], "data": "AAAA"}',
    b'{"t": "pickle", "v": "gASV"}',
    b'{"t": "float", "v": "__import__(\'os\')"}',
    b'\xff\xfe',
])
def test_malformed_messages_are_refused(payload):
    with pytest.raises(MalformedData):
        plaindata.decode(payload)


def test_encoded_messages_are_plain_json():
    data = plaindata.encode(plaindata.to_plain({"w": np.ones(2, np.float32)}))
    assert json.loads(data)["t"] == "dict"
