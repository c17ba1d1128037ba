"""Operations for trained-model exercises: training a learner's model, predicting with it."""

from __future__ import annotations

__all__: list[str] = []
