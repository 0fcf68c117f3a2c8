"""The typed result the bot formats; no torch types leak past this module."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GenreScore:
    """One genre: IMDb name (as in labels.csv), calibrated probability, the genre's base rate
    among training posters, the evidence score the genres are ranked by, and whether it counts
    as a guess (evidence at or above the validation-chosen cut-off)."""

    genre: str
    probability: float
    base_rate: float
    evidence: float
    predicted: bool

    @property
    def lift(self) -> float:
        """How many times likelier than for a typical poster (probability / base rate)."""
        return self.probability / self.base_rate if self.base_rate > 0 else 0.0


@dataclass(frozen=True, slots=True)
class PosterPrediction:
    """Every genre, strongest evidence first; whether the image looks like a poster at all."""

    scores: tuple[GenreScore, ...]
    model_version: str
    #: False when the out-of-distribution score says this is not a film poster: the guesses
    #: are then to be shown as unsure.
    looks_like_poster: bool = True
    #: The out-of-distribution score (≈ 1 for a typical poster) and the threshold it was held to.
    ood_score: float = 0.0
    ood_threshold: float = float("inf")

    def top(self, n: int = 3) -> tuple[GenreScore, ...]:
        """The ``n`` genres with the strongest evidence (predicted or not)."""
        return self.scores[: max(0, n)]

    def guesses(self, most: int = 3) -> tuple[GenreScore, ...]:
        """The predicted genres (at least the strongest one), at most ``most``."""
        chosen = tuple(s for s in self.scores if s.predicted)[:most]
        return chosen or self.scores[:1]

    def probability(self, genre: str) -> float:
        """The probability of one genre; 0.0 for a genre the model does not know."""
        return next((s.probability for s in self.scores if s.genre == genre), 0.0)
