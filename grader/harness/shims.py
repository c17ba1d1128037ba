"""The course's shims, installed in a learner's worker before its code runs.

- :mod:`~grader.harness.course_urls`: the course's CSV URLs served from the bundled copies;
- :mod:`~grader.harness.keras2_compat`: the course's Keras 2 idioms under Keras 3;
- :mod:`~grader.harness.fit_recorder`: ``model.fit`` recorded, not run (the grader trains).

Each is installed when the module it patches is imported, not before: a submission that never
imports pandas or Keras pays nothing for them (importing TensorFlow costs seconds).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from typing import Callable


def _pandas() -> None:
    from grader.harness import course_urls

    course_urls.install()


def _keras() -> None:
    from grader.harness import course_urls, fit_recorder, keras2_compat

    course_urls.install()  # idempotent; now Keras' get_file and mnist too
    keras2_compat.install()
    fit_recorder.install()


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a callback once a watched module has been imported (the import itself is unchanged)."""

    def __init__(self, callbacks: dict[str, Callable[[], None]]) -> None:
        self.callbacks = callbacks

    def find_spec(self, name, path, target=None):
        if name not in self.callbacks:
            return None
        callback = self.callbacks.pop(name)
        if not self.callbacks:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Then(spec.loader, callback)
        return spec


class _Then(importlib.abc.Loader):
    def __init__(self, loader, callback: Callable[[], None]) -> None:
        self._loader, self._callback = loader, callback

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        self._loader.exec_module(module)
        try:
            self._callback()
        except Exception:  # noqa: BLE001 - a shim must never stop the learner's import
            pass


def install() -> None:
    """Install each shim now if its module is already imported, else when it is."""
    pending: dict[str, Callable[[], None]] = {}
    for module, install_it in (("pandas", _pandas), ("keras", _keras)):
        if module in sys.modules:
            install_it()
        else:
            pending[module] = install_it
    if pending:
        sys.meta_path.insert(0, _AfterImport(pending))
