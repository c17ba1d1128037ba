"""The harness operations a check may ask a worker to run, each declared as a request type.

A request type (:class:`grader.harness.operation.HarnessRequest`) names its operation, holds its
keywords, says which reply type reads its answer and runs in the worker on the loaded
submission's namespace.  They live in the modules of this package, one per topic; only the types
in a module's ``OPERATIONS`` can be asked for.  A new exercise that needs one adds it to a topic
module, or adds a module here (found without being listed).

- :mod:`~grader.harness.ops.gradients`: GradientTape and R2Score references; tracing logic gates;
- :mod:`~grader.harness.ops.inspection`: a learner's model rebuilt and inspected; optimizer steps;
- :mod:`~grader.harness.ops.maths`: Keras losses;
- :mod:`~grader.harness.ops.operations`: every request type by name, for checks modules (`grader.authoring.ops`);
- :mod:`~grader.harness.ops.notebooks`: a notebook's top-level tables;
- :mod:`~grader.harness.ops.training`: training a learner's model; a notebook's models; the course
  shims' notes; the devices TensorFlow sees.
"""

from __future__ import annotations

import importlib
import pkgutil

from grader.harness.operation import HarnessRequest


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def lookup(name: str) -> type[HarnessRequest] | None:
    """The declared request type of the operation ``name``; None when no module declares it."""
    for module_name in _modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        for operation in getattr(module, "OPERATIONS", ()):
            if operation.name == name:
                return operation
    return None
