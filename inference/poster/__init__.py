"""Poster → genre guesses (EfficientNet-Lite0, multi-label over IMDb genres).

The package's face imports no torch: the bot classifies in a worker process
(``inference.poster.worker``); the network itself is ``inference.poster.classifier``.
"""

from inference.poster.errors import InvalidImage
from inference.poster.prediction import GenreScore, PosterPrediction
from inference.poster.taste import taste_match
from inference.poster.worker import PosterWorker

__all__ = [
    "GenreScore",
    "InvalidImage",
    "PosterPrediction",
    "PosterWorker",
    "taste_match",
]
