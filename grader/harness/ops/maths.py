"""Operations for numeric exercises: Keras losses and metrics, GradientTape references."""

from __future__ import annotations

__all__: list[str] = []
