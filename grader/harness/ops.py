"""Operations a check may ask a worker to run by name (``session.harness(name, ...)``).

Each takes the loaded submission's namespace first.  Only the names in
``__all__`` can be asked for.
"""

from __future__ import annotations

from grader.harness import models

__all__ = ["inspect_model"]


def inspect_model(namespace: dict, model: dict) -> dict:
    """Rebuild a described model safely and report its structure (trusted worker only)."""
    return models.inspect(model[models.MODEL_KEY])
