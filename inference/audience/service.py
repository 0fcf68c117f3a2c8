"""Serve box-office forecasts: sha256-checked artifact and tables, numpy only.

``AudienceModel.load`` reads models/audience/artifact (the packed gradient boosting, the
quantile table, metadata.json) and data/audience (known films, yearly totals), refusing any
file whose sha256 differs from its metadata. Everything built at load is read-only afterwards,
so one instance is safe to share between threads; nothing is loaded at import time, and neither
TensorFlow nor scikit-learn is imported.

One forecast: the film's row (``features.encode``) → the median log10 admissions relative to
the market (``PackedBoosting``, monotone in screens) → plus the market offset → the film's whole
distribution (``distribution.QuantileTable``) → clipped to the ceiling → median, 80 % interval
and range chances, all read off that one distribution.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from inference.audience.bins import EDGES, BinProbability, label
from inference.audience.distribution import (
    HIGH,
    LEVELS,
    LOW,
    MEDIAN,
    QuantileTable,
    bin_probabilities,
    clip,
)
from inference.audience.errors import (
    ArtifactError,
    InvalidCategory,
    InvalidName,
    InvalidReleaseDate,
    InvalidScreens,
)
from inference.audience.features import (
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
    normalise_distributor,
    normalise_nationality,
    normalise_rating,
)
from inference.audience.forest import PackedBoosting
from inference.audience.monotone import monotone_predict
from inference.audience.names import TITLE_CUTOFF, CompanyIndex, NameIndex, NameMatch
from inference.audience.network import NetworkEnsemble
from inference.audience.parsing import check_screens
from inference.audience.tables import KnownFilm, Tables, load_tables
from inference.audience.track_record import Career, TrackRecord
from inference.checksums import verified_metadata

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "audience" / "artifact"
MEDIAN_FILE = "median.npz"
QUANTILES_FILE = "quantiles.npz"
ROLES = ("director", "actor")
FACTORS = 3
_YEAR_SUFFIX = re.compile(r"^(.*?)\s*\((\d{4})\)\s*$")
# The market of calendar 2019 (the year ending 30 days before this day): the last normal year.
BEFORE_COVID = date(2020, 1, 31)


@dataclass(frozen=True)
class Factor:
    """A feature group and how much it moved the median, in log10 admissions, with the facts
    the reply words it with.

    ``effect`` = log10(median) − log10(median with this group at its reference: the commonest
    category, the median screen count, a newcomer, the training years' typical market); +0.3 ≈
    ×2, −0.3 ≈ ÷2. ``feature`` is a group of ``features.GROUPS`` or "market".
    """

    feature: str
    effect: float
    value: str = ""  # the category (genre, rating, country), the month "7", or the screens
    screens: int = 0  # "screens": the count and the typical wide release then
    typical_screens: int = 0
    year: int = 0  # the year of the screen level / market the film is compared with
    careers: tuple[Career, ...] = ()  # people groups: the named people's earlier films
    market_audience: int = 0  # "market": the typical recent release's admissions
    # … and in the last year before covid, the year people remember as normal (0 for a release
    # in or before it): "요즘 극장 관객이 2019년의 3분의 1 수준"
    before_covid_audience: int = 0


@dataclass(frozen=True)
class AudiencePrediction:
    """One film's forecast distribution, read off once.

    ``audience``: its median; ``low``/``high``: its 10 % and 90 % quantiles (the 80 %
    interval); ``bins``: the chance of each range; ``quantiles``: admissions at each of
    ``distribution.LEVELS`` (the chart draws them); all at most ``ceiling``.
    ``notes``: "after_data" (the date is past the data: the latest market is assumed),
    "screens_above" (more screens than any release in the data: forecast as for the widest).
    """

    audience: int
    low: int
    high: int
    bins: tuple[BinProbability, ...]
    top_factors: tuple[Factor, ...]  # the FACTORS largest |effect|, largest first
    model_version: str
    quantiles: tuple[int, ...] = ()
    ceiling: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilmMatch:
    """A KOBIS film found by title (``film``), or None with up to 3 "title (year)" suggestions.

    ``in_training``: the served model was fitted on this film, so its forecast beside the
    actual audience is an in-sample figure, not a forecast. ``film.audience`` None: the data
    has no admissions for it (released from 2025-03-01 on); ``AudienceModel.missing`` says what
    a forecast still needs.
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


class Median(Protocol):
    def predict(self, rows: npt.ArrayLike) -> npt.NDArray[np.float64]: ...


def _weights(metadata: dict[str, Any]) -> list[str]:
    """The files holding the median model: one packed boosting, or the network's members."""
    if metadata.get("model") == "network":
        return [str(name) for name in metadata.get("members", [])]
    return [MEDIAN_FILE]


def _metadata(directory: Path) -> dict[str, Any]:
    try:
        declared = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(f"cannot read {directory / 'metadata.json'}: {error}") from error
    if not isinstance(declared, dict):
        raise ArtifactError("metadata.json is not an object")
    raw = verified_metadata(directory, [*_weights(declared), QUANTILES_FILE], ArtifactError)
    if list(raw.get("features", [])) != list(FEATURE_NAMES):
        raise ArtifactError("artifact was trained on other features than this code encodes")
    if list(raw.get("levels", [])) != list(LEVELS):
        raise ArtifactError("artifact's quantile levels differ from this code's")
    return dict(raw)


def _quantile_table(path: Path) -> QuantileTable:
    with np.load(path, allow_pickle=False) as arrays:
        return QuantileTable(arrays["grid"], arrays["values"])


def _display(film: KnownFilm) -> str:
    return f"{film.title} ({film.release.release_date.year})"


class AudienceModel:
    """Loaded once at start-up and shared by handlers; every method is read-only."""

    def __init__(
        self,
        median: Median,
        table: QuantileTable,
        metadata: dict[str, Any],
        tables: Tables,
    ) -> None:
        self._median = median
        self._table = table
        self._tables = tables
        self._reference = np.array(metadata["reference"], dtype=np.float64)
        self._reference_offset = float(metadata["reference_offset"])
        self.model_version: str = str(metadata["name"])
        params = metadata["params"]
        self._cutoff = date.fromisoformat(str(params["cutoff"]))
        counted = [f for f in tables.films if f.audience is not None]
        # The market and screen level the artifact was trained with (absent: the fifth
        # selection's median of every release and 90 % point, ``track_record``).
        self._records = TrackRecord(
            (f.past() for f in counted),
            tables.totals.by_year,
            tables.totals.last_complete,
            market_top=params.get("market_top"),
            screen_rank=params.get("screen_rank"),
        )
        population = [
            f
            for f in counted
            if f.release.screens > MIN_SCREENS
            and (f.audience or 0) > MIN_AUDIENCE
            and f.release.release_date < self._cutoff
        ]
        self.max_screens = max((f.release.screens for f in population), default=3_000)
        #: The latest release whose admissions the data has; later films are metadata only.
        self.data_until = max(f.release.release_date for f in counted)
        self._people = {
            "director": NameIndex(self._records.names("director")),
            "actor": NameIndex(self._records.names("actor")),
        }
        self._distributors = CompanyIndex(self._records.names("distributor"))
        #: The latest release the table lists (admissions or not).
        self.listed_until = max(f.release.release_date for f in tables.films)
        self._by_id = {f.film_id: f for f in tables.films}
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
        median: Median
        if metadata.get("model") == "network":
            median = NetworkEnsemble.load(directory, _weights(metadata))
        else:
            median = PackedBoosting.load(directory / MEDIAN_FILE)
        table = _quantile_table(directory / QUANTILES_FILE)
        return cls(median, table, metadata, load_tables(tables_dir))

    @property
    def trained_through(self) -> date:
        """The last release date the served model was fitted on; later dates assume the
        latest market."""
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
        """Legal forms ((주), 주식회사 …) and renamed companies are folded before matching; a
        typed beginning ("에이비오") or a close spelling is offered as the full name."""
        if not name.strip():
            raise InvalidName("empty")
        return self._distributors.match(name)

    def career(self, role: str, name: str, day: date) -> Career:
        """``name``'s films before ``day`` ("distributor": its last three years)."""
        key = (normalise_distributor(name) or "") if role == "distributor" else name
        return self._records.career(role, key, day, recent=role == "distributor")

    def is_title(self, text: str) -> bool:
        """Whether ``text`` is exactly a KOBIS title (after normalisation)."""
        query = text.strip()
        if m := _YEAR_SUFFIX.match(query):
            query = m[1]
        return bool(query) and self._titles.exact(query) is not None

    def knows_name(self, text: str) -> bool:
        """Whether ``text`` is exactly a known director, actor or distributor."""
        return bool(text.strip()) and (
            self._people["director"].exact(text) is not None
            or self._people["actor"].exact(text) is not None
            or self._distributors.exact(text) is not None
        )

    def film(self, film_id: int) -> KnownFilm | None:
        """A listed film by its id (``KnownFilm.film_id``), or None."""
        return self._by_id.get(film_id)

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
        seen = r.release_date < self._cutoff and r.screens > MIN_SCREENS and film.settled
        fitted = seen and (film.audience or 0) > MIN_AUDIENCE and self._describable(film)
        return FilmMatch(title, film, others[:3], in_training=fitted)

    @staticmethod
    def _describable(film: KnownFilm) -> bool:
        r = film.release
        return r.genre in GENRES and r.rating in RATINGS and bool(r.nationality)

    @staticmethod
    def missing(film: KnownFilm) -> tuple[str, ...]:
        """What the data lacks to forecast ``film`` ("screens", "genre", "rating",
        "nationality"): a film released from 2025-03-01 on has no screen count, and a few
        films of the 2026 files have no genre or rating. The bot asks for them."""
        r = film.release
        gaps = {
            "screens": r.screens <= 0,
            "genre": r.genre not in GENRES,
            "rating": r.rating not in RATINGS,
            "nationality": not r.nationality,
        }
        return tuple(name for name, gap in gaps.items() if gap)

    # -- prediction -------------------------------------------------------------------------

    def _canonical(self, release: ReleaseDescription) -> ReleaseDescription:
        """Validate categories, date and screens; map names to their known spelling."""
        if release.genre not in GENRES:
            raise InvalidCategory("genre", release.genre)
        try:
            rating = normalise_rating(release.rating)
        except ValueError as error:
            raise InvalidCategory("rating", release.rating) from error
        if release.release_date < EARLIEST_RELEASE:
            raise InvalidReleaseDate("too_early", release.release_date.isoformat())
        check_screens(release.screens)
        if release.screens <= MIN_SCREENS:
            raise InvalidScreens("below_population", str(release.screens))
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
            nationality=normalise_nationality(release.nationality),
            distributor=distributor or None,
            director=director or None,
            actors=tuple(dict.fromkeys(a for a in actors if a)),
            independent=release.independent,
        )

    def predict(self, release: ReleaseDescription) -> AudiencePrediction:
        """The film's distribution: median, 80 % interval, range chances, three factors.

        Screens at or below MIN_SCREENS are outside the population the model learnt from:
        ``InvalidScreens("below_population")``, never an extrapolation. More screens than the
        widest release in the data are read as that widest release (noted).
        """
        r = self._canonical(release)
        notes = []
        screens = r.screens
        if screens > self.max_screens:
            notes.append("screens_above")
            screens = self.max_screens
        if r.release_date >= self._cutoff:
            notes.append("after_data")
        held = replace(r, screens=screens)
        day = r.release_date
        record = self._records.as_of(day, r.director, r.distributor, r.actors)
        level = self._records.screen_level(day)
        market = self._records.market(day)
        encoded = encode(held, record, level, market)
        row = np.array(encoded.row, dtype=np.float64)
        batch = np.tile(row, (len(GROUPS) + 1, 1))
        for i, group in enumerate(GROUPS, start=1):
            cols = [FEATURE_NAMES.index(c) for c in group.columns]
            batch[i, cols] = self._reference[cols]
        # The headline goes through the screen envelope (monotone by construction); the
        # factors compare the model's own medians (one row each: ~1 ms instead of ~60).
        relative = np.asarray(self._median.predict(batch))
        median = float(monotone_predict(self._median.predict, row)[0] + encoded.offset)
        ceiling = self._records.ceiling(day)
        log_ceiling = float(np.log10(ceiling))
        quantiles = clip(self._table.quantiles(np.array([median])), np.array([log_ceiling]))[0]
        probabilities = bin_probabilities(quantiles, np.log10(EDGES), log_ceiling)
        effects = [(g.name, float(relative[0] - relative[i])) for i, g in enumerate(GROUPS, 1)]
        effects.append(("market", encoded.offset - self._reference_offset))
        effects.sort(key=lambda item: -abs(item[1]))
        factors = tuple(
            self._factor(name, effect, r, held, level) for name, effect in effects[:FACTORS]
        )
        admissions = tuple(round(10 ** float(v)) for v in quantiles)
        return AudiencePrediction(
            audience=admissions[MEDIAN],
            low=admissions[LOW],
            high=admissions[HIGH],
            bins=label(probabilities),
            top_factors=factors,
            model_version=self.model_version,
            quantiles=admissions,
            ceiling=ceiling,
            notes=tuple(notes),
        )

    def _factor(
        self,
        name: str,
        effect: float,
        release: ReleaseDescription,
        held: ReleaseDescription,
        level: float,
    ) -> Factor:
        """The facts that word one factor (see ``Factor``)."""
        day = release.release_date
        year = min(day, self.data_until).year
        effect = round(effect, 3)
        if name == "screens":
            typical = int(round(10**level, -1))
            return Factor(name, effect, str(held.screens), release.screens, typical, year)
        if name == "market":
            market = self._records.market(day)
            normal = self._records.market(BEFORE_COVID) if day > BEFORE_COVID else None
            return Factor(name, effect, year=year, market_audience=int(10**market.audience),
                          before_covid_audience=int(10**normal.audience) if normal else 0)
        if name == "release_month":
            return Factor(name, effect, str(day.month))
        if name in ("genre", "rating", "nationality"):
            return Factor(name, effect, str(getattr(release, name)))
        if name == "independent":
            return Factor(name, effect, "1" if release.independent else "0")
        if name == "covid":
            return Factor(name, effect, "1" if day.year in range(2020, 2023) else "0")
        role = {"director": "director", "distributor": "distributor", "actors": "actor"}[name]
        people = {
            "director": (release.director,),
            "distributor": (release.distributor,),
            "actor": release.actors,
        }[role]
        careers = tuple(
            self._records.career(role, person, day, recent=role == "distributor")
            for person in people
            if person
        )
        return Factor(name, effect, careers=careers)
