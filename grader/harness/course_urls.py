"""Serve the course's CSV files for the course's URLs, offline (runs in the learner's worker).

The course reads its data from GitHub::

    pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris.csv')
    pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/refs/heads/master/csv/iris.csv')

There is no network while grading.  :func:`install` makes ``pandas.read_csv`` and
``pandas.read_table`` (and ``tf.keras.utils.get_file``, ``urllib.request.urlopen``)
read the bundled, byte-identical copies in ``grader_course/data/course/`` for those URLs
(also ``http://``, ``github.com/.../blob/master/csv/X?raw=true`` and ``/raw/``),
passing every other argument through.  Any other http(s)/ftp URL raises
:class:`NoNetworkWhileGrading`, whose message names the datasets that are
served.  Local paths pass through unchanged.  ``tf.keras.datasets.mnist.load_data()``
returns the grader's bundled 5,000-digit subset, with a note saying so.

:data:`LOG` records what was served (``served()`` lists it as plain data).
"""

from __future__ import annotations

import email.message
import functools
import io
import sys
import urllib.parse
import urllib.request
import urllib.response
from pathlib import Path
from typing import Any, Callable

from grader.data import COURSE_DIR
from grader.harness import caller
from grader.harness.shim_log import ShimLog
from grader.text import Text

COURSE_REPO = "blackdew/tensorflow1"
COURSE_COMMIT = "cccf7142cb06a982b5e9fcfbc005125697672e77"
SERVED = ("iris.csv", "iris2.csv", "boston.csv", "lemonade.csv")
URL_TEMPLATE = "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/{name}"
_BRANCH_REFS = (("master",), ("refs", "heads", "master"), (COURSE_COMMIT,))
_NETWORK_SCHEMES = ("http", "https", "ftp", "ftps", "s3", "gs", "gcs")
# pandas readers whose first argument may be a URL: served (CSV) or refused with the clear error.
_SERVING_READERS = ("read_csv", "read_table")
_REFUSING_READERS = ("read_fwf", "read_json", "read_excel", "read_html", "read_xml", "read_parquet",
                     "read_pickle", "read_feather", "read_stata", "read_sas", "read_spss", "read_orc")

LOG = ShimLog()

SERVED_NOTE = Text("read {name} from the course's URL ({url}): served offline from the grader's copy, "
                   "byte for byte the course's file",
                   "{name} 을(를) 강의 주소({url})에서 읽었습니다: 채점기에 들어 있는 강의 파일과 똑같은 사본을 "
                   "네트워크 없이 제공했습니다")
MNIST_NOTE = Text("tf.keras.datasets.mnist.load_data() gave the grader's bundled MNIST subset, not the full "
                  "70,000 digits: 3,200 training and 800 test images (28x28), with no download. Code that "
                  "assumes 60,000 images (reshape(60000, 784)) fails on it; use reshape(-1, 784) or len(x_train)",
                  "tf.keras.datasets.mnist.load_data()는 전체 70,000장이 아니라 채점기에 들어 있는 MNIST 일부를 "
                  "돌려주었습니다: 학습 3,200장, 테스트 800장(28x28), 다운로드 없음. "
                  "60,000장을 가정한 코드(reshape(60000, 784))는 실패하니 reshape(-1, 784)나 len(x_train)을 쓰세요")
NO_NETWORK = Text("There is no network while grading, so {url} cannot be downloaded. The grader serves only "
                  "the course's own files offline: {served}. Read one of those URLs (or a file next to your "
                  "notebook) instead.",
                  "채점 중에는 네트워크를 쓸 수 없어 {url} 을(를) 내려받을 수 없습니다. 채점기는 강의 파일만 "
                  "네트워크 없이 제공합니다: {served}. 이 주소 중 하나(또는 노트북 옆에 둔 파일)를 읽으세요.")
NOT_BUNDLED = Text("There is no network while grading, and the course's file {name} ({url}) is not bundled "
                   "with the grader. The grader serves only: {served}.",
                   "채점 중에는 네트워크를 쓸 수 없고, 강의 파일 {name} ({url}) 은(는) 채점기에 들어 있지 "
                   "않습니다. 채점기가 제공하는 파일: {served}.")


def served_list() -> str:
    return ", ".join(f"{name} ({URL_TEMPLATE.format(name=name)})" for name in SERVED)


class NoNetworkWhileGrading(OSError):
    """A URL the grader cannot serve: there is no network while grading.

    An ``OSError``, as a failed download is, so code that handles a network
    failure handles this too.  ``str()`` holds the message in English and Korean.
    """

    def __init__(self, url: str, text: Text) -> None:
        super().__init__(f"{text.en}\n{text.ko}")
        self.url = url
        self.text = text


def course_file(url: str) -> str | None:
    """The course file's name (``iris.csv``) when ``url`` is one of the course's URLs for it, else None.

    Names of files in the course's folder that are not bundled are returned too;
    :func:`local_copy` tells them apart.
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    segments = [urllib.parse.unquote(s) for s in parts.path.split("/") if s]
    if len(segments) < 4 or "/".join(segments[:2]).lower() != COURSE_REPO:
        return None
    rest = segments[2:]
    if host == "raw.githubusercontent.com":
        pass
    elif host in ("github.com", "www.github.com") and rest[0] in ("blob", "raw"):
        if rest[0] == "blob" and "raw=true" not in parts.query.lower():
            return None  # the HTML page, not the file
        rest = rest[1:]
    else:
        return None
    for ref in _BRANCH_REFS:
        n = len(ref)
        if tuple(rest[:n]) == ref and len(rest) == n + 2 and rest[n] == "csv":
            return rest[n + 1]
    return None


_instead: dict[str, Path] = {}  # a course file served from another copy while a notebook re-runs


class serving_instead:
    """While open, the course URL of ``name`` serves ``path`` (a table drawn at grading time)."""

    def __init__(self, name: str, path: Path) -> None:
        self.name, self.path = name, path

    def __enter__(self) -> None:
        _instead[self.name] = self.path

    def __exit__(self, *exc: object) -> None:
        _instead.pop(self.name, None)


def local_copy(name: str) -> Path | None:
    if name in _instead:
        return _instead[name]
    return COURSE_DIR / name if name in SERVED else None


def is_network_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    scheme = value.strip().split("://", 1)[0].lower() if "://" in value else ""
    return scheme in _NETWORK_SCHEMES


def resolve(value: Any, via: str) -> Any:
    """A local path for a course URL, ``value`` itself for anything that is not a URL; raises otherwise."""
    if not is_network_url(value):
        return value
    name = course_file(value)
    if name is None:
        raise NoNetworkWhileGrading(value, NO_NETWORK.format(url=value, served=served_list()))
    path = local_copy(name)
    if path is None:
        raise NoNetworkWhileGrading(value, NOT_BUNDLED.format(name=name, url=value, served=served_list()))
    LOG.record("course_url", SERVED_NOTE.format(name=name, url=value), caller.caller(1),
               dataset=name, url=value, via=via)
    return str(path)


def served() -> list[dict]:
    """Plain records of what was served: ``[{"dataset", "url", "via", "count", "where", ...}]``."""
    return [{**r["values"], "count": r["count"], "where": r["where"], "en": r["en"], "ko": r["ko"]}
            for r in LOG.records()]


# -- the patches ------------------------------------------------------------------------------

_originals: list[tuple[Any, str, Any]] = []
_keras_patched: list[bool] = []


def _patch(owner: Any, name: str, replacement: Any) -> None:
    if owner is None or not hasattr(owner, name):
        return
    _originals.append((owner, name, getattr(owner, name)))
    setattr(owner, name, replacement)


def _reader(original: Callable, via: str, serves: bool) -> Callable:
    @functools.wraps(original)
    def read(*args, **kwargs):
        key = "filepath_or_buffer" if serves else None
        if args:
            target = args[0]
        else:
            key = next((k for k in ("filepath_or_buffer", "path_or_buf", "io", "path", "filepath_or_buf")
                        if k in kwargs), None)
            target = kwargs.get(key) if key else None
        if is_network_url(target):
            if not serves:
                raise NoNetworkWhileGrading(target, NO_NETWORK.format(url=target, served=served_list()))
            local = resolve(target, via)
            kwargs.pop("storage_options", None)  # a local file takes none
            if args:
                args = (local,) + tuple(args[1:])
            else:
                kwargs[key] = local
        return original(*args, **kwargs)

    read.__grader_shim__ = True
    return read


def _get_file(original: Callable) -> Callable:
    @functools.wraps(original)
    def get_file(fname=None, origin=None, *args, **kwargs):
        url = origin if origin is not None else (fname if is_network_url(fname) else None)
        if is_network_url(url):
            return resolve(url, "keras.utils.get_file")
        return original(fname, origin, *args, **kwargs)

    get_file.__grader_shim__ = True
    return get_file


def _urlopen(original: Callable) -> Callable:
    @functools.wraps(original)
    def urlopen(url, *args, **kwargs):
        target = url.full_url if isinstance(url, urllib.request.Request) else url
        if is_network_url(target):
            local = Path(resolve(target, "urllib.request.urlopen"))
            data = local.read_bytes()
            headers = email.message.Message()
            headers["Content-Type"] = "text/plain; charset=utf-8"
            headers["Content-Length"] = str(len(data))
            return urllib.response.addinfourl(io.BytesIO(data), headers, target, code=200)
        return original(url, *args, **kwargs)

    urlopen.__grader_shim__ = True
    return urlopen


def bundled_mnist(path: str = "mnist.npz"):
    """``keras.datasets.mnist.load_data`` without a download: the bundled training digits (3,200 / 800)."""
    from grader.data import load_digits

    LOG.record("mnist_subset", MNIST_NOTE, caller.caller(1), dataset="mnist_train.npz",
               via="keras.datasets.mnist.load_data")
    return load_digits(full=False)


def _mnist_modules() -> list[Any]:
    found = []
    for name in ("keras.datasets.mnist", "keras.src.datasets.mnist", "keras._tf_keras.keras.datasets.mnist",
                 "tensorflow.keras.datasets.mnist"):
        module = sys.modules.get(name)
        if module is not None and module not in found:
            found.append(module)
    try:
        import tensorflow as tf

        module = tf.keras.datasets.mnist
        if module not in found:
            found.append(module)
    except Exception:  # noqa: BLE001 - no TensorFlow: Keras alone
        pass
    return found


def _utils_modules() -> list[Any]:
    found = []
    for name in ("keras.utils", "keras.src.utils", "keras.src.utils.file_utils", "keras._tf_keras.keras.utils"):
        module = sys.modules.get(name)
        if module is not None and module not in found and hasattr(module, "get_file"):
            found.append(module)
    try:
        import tensorflow as tf

        if tf.keras.utils not in found:
            found.append(tf.keras.utils)
    except Exception:  # noqa: BLE001
        pass
    return found


def install() -> None:
    """Patch pandas and urllib in this process, and Keras when it is already imported (never imports
    it: that costs seconds); idempotent, and a second call after Keras' import patches Keras too."""
    if not _originals:
        import pandas as pd

        for name in _SERVING_READERS + _REFUSING_READERS:
            original = getattr(pd, name, None)
            if original is None:
                continue
            wrapped = _reader(original, f"pandas.{name}", name in _SERVING_READERS)
            _patch(pd, name, wrapped)
            for module_name in ("pandas.io.parsers", "pandas.io.parsers.readers"):
                module = sys.modules.get(module_name)
                if module is not None and getattr(module, name, None) is original:
                    _patch(module, name, wrapped)
        _patch(urllib.request, "urlopen", _urlopen(urllib.request.urlopen))
    if "keras" not in sys.modules or _keras_patched:
        return
    _keras_patched.append(True)
    wrapped_get_file = None
    for module in _utils_modules():
        if wrapped_get_file is None:
            wrapped_get_file = _get_file(module.get_file)
        _patch(module, "get_file", wrapped_get_file)
    for module in _mnist_modules():
        _patch(module, "load_data", bundled_mnist)


def uninstall() -> None:
    """Undo :func:`install` (tests); the log is kept."""
    while _originals:
        owner, name, original = _originals.pop()
        setattr(owner, name, original)
    _keras_patched.clear()
