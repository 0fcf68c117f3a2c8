"""Box-office audience forecast for a planned Korean release (sha256-checked, numpy-served)."""

from inference.audience.bins import BINS, BinProbability
from inference.audience.errors import (
    ArtifactError,
    AudienceInputError,
    InvalidCategory,
    InvalidName,
    InvalidReleaseDate,
    InvalidScreens,
)
from inference.audience.features import GENRES, NATIONALITIES, RATINGS, ReleaseDescription
from inference.audience.names import NameMatch
from inference.audience.parsing import MAX_SCREENS, parse_release_date, parse_screens
from inference.audience.service import (
    AudienceModel,
    AudiencePrediction,
    Choices,
    Factor,
    FilmMatch,
)
from inference.audience.tables import KnownFilm
from inference.audience.track_record import MIN_SCREENS, Career

__all__ = [
    "BINS",
    "GENRES",
    "MAX_SCREENS",
    "MIN_SCREENS",
    "NATIONALITIES",
    "RATINGS",
    "ArtifactError",
    "AudienceInputError",
    "AudienceModel",
    "AudiencePrediction",
    "BinProbability",
    "Career",
    "Choices",
    "Factor",
    "FilmMatch",
    "InvalidCategory",
    "InvalidName",
    "InvalidReleaseDate",
    "InvalidScreens",
    "KnownFilm",
    "NameMatch",
    "ReleaseDescription",
    "parse_release_date",
    "parse_screens",
]
