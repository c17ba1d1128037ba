"""The harness operations a check may ask a worker to run, each declared as a request type.

A request type (:class:`grader.harness.operation.HarnessRequest`) names its operation, holds its
keywords, says which reply type reads its answer and runs in the worker on the loaded
submission's namespace.  They live in the modules of this package, one per topic; only the types
in a module's ``OPERATIONS`` can be asked for (:func:`declared`: all of them).  A new exercise that
needs one adds it to a topic module's ``OPERATIONS``, or adds a module here (found without being
listed); checks modules then reach it as ``grader.authoring.ops.NAME``, with no other list to edit.

- :mod:`~grader.harness.ops.gradients`: GradientTape and R2Score references; tracing logic gates;
- :mod:`~grader.harness.ops.inspection`: a learner's model rebuilt and inspected; optimizer steps;
- :mod:`~grader.harness.ops.maths`: Keras losses;
- :mod:`~grader.harness.ops.operations`: every declared request type by its name, for checks modules
  (``grader.authoring.ops``), read from the modules' ``OPERATIONS``;
- :mod:`~grader.harness.ops.notebooks`: a notebook's top-level tables;
- :mod:`~grader.harness.ops.training`: training a learner's model; a notebook's models; the course
  shims' notes; the devices TensorFlow sees.
"""

from __future__ import annotations

import importlib
import pkgutil

from grader.harness.operation import HarnessRequest


def _modules() -> list[str]:
    """The topic modules (``operations`` is the index of their types, not a topic)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__)
                  if not m.name.startswith("_") and m.name != "operations")


def declared() -> tuple[type[HarnessRequest], ...]:
    """Every declared operation's request type: each topic module's ``OPERATIONS``, the one list
    (:mod:`~grader.harness.ops.operations` and :func:`lookup` read it; nothing lists them again)."""
    found: list[type[HarnessRequest]] = []
    for module_name in _modules():
        found += getattr(importlib.import_module(f"{__name__}.{module_name}"), "OPERATIONS", ())
    return tuple(found)


def lookup(name: str) -> type[HarnessRequest] | None:
    """The declared request type of the operation ``name``; None when no module declares it."""
    return next((operation for operation in declared() if operation.name == name), None)
