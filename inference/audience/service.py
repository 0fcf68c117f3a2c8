"""Serve box-office predictions: sha256-checked artifact and tables, numpy forward pass.

``AudienceModel.load`` reads models/audience/artifact (weights + metadata.json) and
data/audience (known films, yearly totals), refusing any file whose sha256 differs from its
metadata. Everything built at load is read-only afterwards, so one instance is safe to share
between threads; nothing is loaded at import time, and TensorFlow is never imported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from inference.audience.backends import Backend, load_backend, weights_file
from inference.audience.bins import BinProbability, label
from inference.audience.errors import (
    ArtifactError,
    InvalidCategory,
    InvalidName,
    InvalidReleaseDate,
)
from inference.audience.features import (
    CLAMPED_YEAR,
    EARLIEST_RELEASE,
    FEATURE_NAMES,
    GENRES,
    GROUPS,
    MIN_AUDIENCE,
    MIN_SCREENS,
    NATIONALITIES,
    RATINGS,
    ReleaseDescription,
    encode,
    market_levels,
    normalise_distributor,
    normalise_rating,
)
from inference.audience.names import TITLE_CUTOFF, NameIndex, NameMatch
from inference.audience.parsing import check_screens
from inference.audience.tables import KnownFilm, Tables, load_tables
from inference.audience.track_record import TrackRecord
from inference.checksums import verified_metadata

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "audience" / "artifact"
ROLES = ("director", "actor")
_YEAR_SUFFIX = re.compile(r"^(.*?)\s*\((\d{4})\)\s*$")


@dataclass(frozen=True)
class Factor:
    """A feature group and how much it moved the prediction, in log10 audience.

    ``effect`` = log10(prediction) − log10(prediction with this group at its training
    reference: the commonest category, or the median / a newcomer); +0.3 ≈ ×2, −0.3 ≈ ÷2.
    """

    feature: str
    effect: float


@dataclass(frozen=True)
class AudiencePrediction:
    audience: int
    low: int  # 80% interval: 10% quantile
    high: int  # 90% quantile
    bins: tuple[BinProbability, ...]
    top_factors: tuple[Factor, ...]  # the 3 largest |effect|, largest first
    model_version: str


@dataclass(frozen=True)
class FilmMatch:
    """A KOBIS film found by title (``film``), or None with up to 3 "title (year)" suggestions.

    ``in_training``: the served model was fitted on this film, so its prediction beside the
    actual audience is an in-sample figure, not a forecast.
    """

    query: str
    film: KnownFilm | None
    suggestions: tuple[str, ...]
    in_training: bool = False


@dataclass(frozen=True)
class Choices:
    """Canonical KOBIS values for the bot's buttons."""

    genres: tuple[str, ...] = GENRES
    ratings: tuple[str, ...] = RATINGS
    nationalities: tuple[str, ...] = NATIONALITIES


def _metadata(directory: Path) -> dict[str, Any]:
    try:
        model = str(json.loads((directory / "metadata.json").read_text(encoding="utf-8"))["model"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ArtifactError(f"cannot read {directory / 'metadata.json'}: {error}") from error
    raw = verified_metadata(directory, [weights_file(model)], ArtifactError)
    if list(raw.get("features", [])) != list(FEATURE_NAMES):
        raise ArtifactError("artifact was trained on other features than this code encodes")
    if CLAMPED_YEAR in FEATURE_NAMES and not isinstance(
        raw.get("params", {}).get("year_clamp"), int
    ):
        raise ArtifactError("artifact clamps the year but metadata.json has no params.year_clamp")
    return dict(raw)


def _display(film: KnownFilm) -> str:
    return f"{film.title} ({film.release.release_date.year})"


class AudienceModel:
    """Loaded once at start-up and shared by handlers; every method is read-only."""

    def __init__(self, backend: Backend, metadata: dict[str, Any], tables: Tables) -> None:
        self._backend = backend
        self._tables = tables
        self._reference = np.array(metadata["reference"], dtype=np.float64)
        self.model_version: str = str(metadata["name"])
        self._cutoff = date.fromisoformat(str(metadata["params"]["cutoff"]))
        clamp = metadata["params"].get("year_clamp")
        self._year_clamp = int(clamp) if CLAMPED_YEAR in FEATURE_NAMES else None
        self._records = TrackRecord(f.past() for f in tables.films)
        self._people = {
            "director": NameIndex(self._records.names("director")),
            "actor": NameIndex(self._records.names("actor")),
        }
        self._distributors = NameIndex(
            self._records.names("distributor"), key=normalise_distributor
        )
        self._films: dict[str, list[KnownFilm]] = {}
        for film in tables.films:
            self._films.setdefault(film.title, []).append(film)
        self._titles = NameIndex(self._films, scorer=fuzz.WRatio, cutoff=TITLE_CUTOFF)

    @classmethod
    def load(
        cls, artifact_dir: Path | None = None, tables_dir: Path | None = None
    ) -> AudienceModel:
        directory = artifact_dir or DEFAULT_DIR
        metadata = _metadata(directory)
        backend = load_backend(directory, str(metadata["model"]))
        return cls(backend, metadata, load_tables(tables_dir))

    @property
    def trained_through(self) -> date:
        """The last release date the served model was fitted on; later dates are extrapolated."""
        return self._cutoff

    @staticmethod
    def choices() -> Choices:
        return Choices()

    # -- names -----------------------------------------------------------------------------

    def match_person(self, name: str, role: str) -> NameMatch:
        """``role`` "director" or "actor"; exact (normalised) → known, else suggestions."""
        if role not in self._people:
            raise InvalidName("role", role)
        if not name.strip():
            raise InvalidName("empty")
        return self._people[role].match(name)

    def match_distributor(self, name: str) -> NameMatch:
        """Legal forms ((주), 주식회사 …) and renamed companies are folded before matching."""
        if not name.strip():
            raise InvalidName("empty")
        return self._distributors.match(name)

    def find_film(self, title: str) -> FilmMatch:
        """A KOBIS film by title; "title (year)" picks among films sharing a title."""
        query = title.strip()
        if not query:
            raise InvalidName("empty")
        wanted_year = None
        if m := _YEAR_SUFFIX.match(query):
            query, wanted_year = m[1], int(m[2])
        known = self._titles.exact(query)
        if known is None:
            close = [f for t in self._titles.close(query) for f in self._films[t]]
            return FilmMatch(title, None, tuple(_display(f) for f in close[:3]))
        films = self._films[known]
        if wanted_year is not None:
            films = [f for f in films if f.release.release_date.year == wanted_year] or films
        film = max(films, key=lambda f: f.release.release_date)
        others = tuple(_display(f) for f in self._films[known] if f is not film)
        r = film.release
        seen = r.release_date < self._cutoff and r.screens > MIN_SCREENS
        return FilmMatch(title, film, others[:3], in_training=seen and film.audience > MIN_AUDIENCE)

    # -- prediction -------------------------------------------------------------------------

    def _canonical(self, release: ReleaseDescription) -> ReleaseDescription:
        """Validate categories and screens; map names to their known spelling (or keep new)."""
        if release.genre not in GENRES:
            raise InvalidCategory("genre", release.genre)
        try:
            rating = normalise_rating(release.rating)
        except ValueError as error:
            raise InvalidCategory("rating", release.rating) from error
        if release.release_date < EARLIEST_RELEASE:
            raise InvalidReleaseDate("too_early", release.release_date.isoformat())
        check_screens(release.screens)
        director = release.director and (
            self._people["director"].exact(release.director) or release.director.strip()
        )
        distributor = release.distributor and normalise_distributor(release.distributor)
        actors = tuple(self._people["actor"].exact(a) or a.strip() for a in release.actors)
        return ReleaseDescription(
            release_date=release.release_date,
            screens=release.screens,
            genre=release.genre,
            rating=rating,
            nationality=release.nationality,
            distributor=distributor or None,
            director=director or None,
            actors=tuple(a for a in actors if a),
            independent=release.independent,
        )

    def predict(self, release: ReleaseDescription) -> AudiencePrediction:
        """Point (median), 80% interval, bin probabilities and the three strongest factors."""
        r = self._canonical(release)
        record = self._records.as_of(r.release_date, r.director, r.distributor, r.actors)
        level = self._records.screen_level(r.release_date)
        markets = market_levels(self._records, r.release_date)
        row = np.array(encode(r, record, level, self._year_clamp, markets).row, dtype=np.float64)
        batch = np.tile(row, (len(GROUPS) + 1, 1))
        for i, group in enumerate(GROUPS, start=1):
            cols = [FEATURE_NAMES.index(c) for c in group.columns]
            batch[i, cols] = self._reference[cols]
        quantiles, probabilities = self._backend.forward(batch)
        effects = quantiles[0, 1] - quantiles[1:, 1]
        order = np.argsort(-np.abs(effects), kind="stable")[:3]
        low, mid, high = (round(10 ** float(v)) for v in quantiles[0])
        return AudiencePrediction(
            audience=mid,
            low=min(low, mid),
            high=max(high, mid),
            bins=label(probabilities[0]),
            top_factors=tuple(Factor(GROUPS[i].name, round(float(effects[i]), 3)) for i in order),
            model_version=self.model_version,
        )
