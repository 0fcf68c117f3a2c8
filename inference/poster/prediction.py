"""The typed result the bot formats; no torch types leak past this module."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GenreScore:
    """One genre: IMDb name (as in labels.csv), sigmoid probability, above its threshold?"""

    genre: str
    probability: float
    predicted: bool


@dataclass(frozen=True, slots=True)
class PosterPrediction:
    """Every genre, highest probability first, and which model produced it."""

    scores: tuple[GenreScore, ...]
    model_version: str

    def top(self, n: int = 3) -> tuple[GenreScore, ...]:
        """The ``n`` most probable genres (predicted or not), for a "looks like…" reply."""
        return self.scores[: max(0, n)]

    def probability(self, genre: str) -> float:
        """The probability of one genre; 0.0 for a genre the model does not know."""
        return next((s.probability for s in self.scores if s.genre == genre), 0.0)
