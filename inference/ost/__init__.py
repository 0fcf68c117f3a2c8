"""OST audio features → film-genre fit (multi-label, calibrated, sha256-checked artifact)."""

from inference.ost.features import OutOfRange, ParsedFeatures, UnknownFeature, missing, parse_line
from inference.ost.service import (
    ArtifactError,
    GenreFit,
    MissingFeatures,
    OstGenreModel,
    OstPrediction,
)
from inference.ost.tracks import Track, TrackIndex, TrackMatch

__all__ = [
    "ArtifactError",
    "GenreFit",
    "MissingFeatures",
    "OstGenreModel",
    "OstPrediction",
    "OutOfRange",
    "ParsedFeatures",
    "Track",
    "TrackIndex",
    "TrackMatch",
    "UnknownFeature",
    "missing",
    "parse_line",
]
