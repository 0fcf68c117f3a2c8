"""Poster → genre guesses (EfficientNet-Lite0, multi-label over IMDb genres)."""

from inference.poster.artifact import ArtifactError
from inference.poster.classifier import PosterClassifier
from inference.poster.errors import InvalidImage
from inference.poster.prediction import GenreScore, PosterPrediction
from inference.poster.taste import taste_match

__all__ = [
    "ArtifactError",
    "GenreScore",
    "InvalidImage",
    "PosterClassifier",
    "PosterPrediction",
    "taste_match",
]
