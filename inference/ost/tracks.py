"""Offline song lookup: "title" or "title - artist" → the song's audio features.

Spotify's audio-features endpoint is closed to new apps (November 2024), so the bot searches
its own table (data/ost/tracks.csv.gz, built by ``models/ost/build_tracks.py``): Spotify's
16k-track table and the soundtrack table, values already on the model's scale. Matching reuses
the film catalogue's fuzzy ``TitleIndex`` over two keys per song: its title, and its title
followed by the artist, so "someone like you adele" and "Someone Like You - Adele" both work.
"""

from __future__ import annotations

import gzip
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from inference.catalogue.index import TitleIndex
from inference.catalogue.titles import fold
from inference.ost.features import MODEL_FEATURES

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "ost"
TRACKS_FILE = "tracks.csv.gz"
FEATURES: tuple[str, ...] = (*MODEL_FEATURES, "key", "duration")
COLUMNS: tuple[str, ...] = ("title", "artist", "source", "film", "film_genres", *FEATURES)
MIN_SCORE = 60.0
CONFIDENT_SCORE = 90.0
CONFIDENT_MARGIN = 4.0
MAX_QUERY_CHARS = 120
_ARTIST_SEPARATOR = re.compile(r"\s+(?:-|–|—|by|/)\s+|\s*[-–—]\s+", re.IGNORECASE)
# What follows the song's own name: "(with Justin Bieber)", "[Live]", " - Piano Version".
_TITLE_SUFFIX = re.compile(r"\s*(?:[(\[].*|\s[-–—]\s.*)$")


def _query_key(query: str) -> str:
    """A typed title or "title - artist" as the index compares it."""
    return fold(_ARTIST_SEPARATOR.sub(" ", query))[:MAX_QUERY_CHARS]


def _names(track: Track) -> tuple[str, ...]:
    """The song's own name (suffixes dropped), alone and followed by the artist."""
    main = fold(_TITLE_SUFFIX.sub("", track.title)) or fold(track.title)
    return (main, f"{main} {fold(track.artist)}".strip()) if track.artist else (main,)


@dataclass(frozen=True)
class Track:
    """One song: where it comes from and its features on the model's scale (None = unknown)."""

    index: int
    title: str
    artist: str
    source: str  # "spotify" or "soundtrack"
    film: str  # "Title (year)" for soundtrack tracks, "" otherwise
    film_genres: tuple[str, ...]
    features: dict[str, float]

    @property
    def label(self) -> str:
        return f"{self.title} — {self.artist}" if self.artist else self.title


@dataclass(frozen=True)
class TrackMatch:
    track: Track
    score: float


class TrackIndex:
    """All songs and their fuzzy index; read-only after load, so safe across threads."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame.reset_index(drop=True)
        # The fuzzy index of ~36k titles takes ~1 s to build: it is built on first need (or
        # by ``warm``, which the bot starts in the background), so start-up does not wait.
        self._built: TitleIndex | None = None
        self._lock = threading.Lock()

    @property
    def _index(self) -> TitleIndex:
        with self._lock:
            if self._built is None:
                self._built = self._build_index()
            return self._built

    def warm(self) -> None:
        """Build the title index now (the first search would otherwise do it)."""
        _ = self._index

    def _build_index(self) -> TitleIndex:
        titles, owners = [], []
        for index, (title, artist) in enumerate(
            zip(self._frame["title"], self._frame["artist"], strict=True)
        ):
            key = fold(str(title))
            titles.append(key)
            owners.append(index)
            if artist:
                titles.append(f"{key} {fold(str(artist))}".strip())
                owners.append(index)
        return TitleIndex(titles, owners)

    def __len__(self) -> int:
        return len(self._frame)

    @classmethod
    def load(cls, directory: Path | None = None) -> TrackIndex:
        path = (directory or DEFAULT_DIR) / TRACKS_FILE
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            empty_is_nan = {f: [""] for f in FEATURES}
            frame = pd.read_csv(handle, keep_default_na=False, na_values=empty_is_nan)
        return cls(frame)

    def track(self, index: int) -> Track | None:
        """The song at ``index`` (as in a button), or None when there is no such row."""
        if not 0 <= index < len(self._frame):
            return None
        row = self._frame.iloc[index]
        features = {n: float(row[n]) for n in FEATURES if row[n] == row[n]}
        genres = tuple(g for g in str(row["film_genres"]).split("|") if g)
        return Track(
            index, str(row["title"]), str(row["artist"]), str(row["source"]), str(row["film"]),
            genres, features,
        )  # fmt: skip

    def search(self, query: str, limit: int = 5) -> list[TrackMatch]:
        """Songs for a typed title or "title - artist", best first; [] when nothing is close."""
        key = _query_key(query)
        if limit <= 0 or not key or not any(c.isalnum() for c in key):
            return []
        scores = self._index.scores(key)
        order = np.argsort(-scores, kind="stable")[:limit]
        matches = []
        for position in order:
            if scores[position] < MIN_SCORE:
                break
            track = self.track(int(self._index.owners[position]))
            assert track is not None
            matches.append(TrackMatch(track, float(scores[position])))
        return matches

    @staticmethod
    def confident(query: str, matches: list[TrackMatch]) -> Track | None:
        """The one song to answer with, or None when the user should pick from buttons:
        several songs share a title ("Hallelujah", "Home"), or the query names only part of
        the best song's name ("They Were" is not yet "They Were Starting to Like Me"; the
        index scores such a prefix 90, as high as a typo, so the name itself is compared)."""
        if not matches or matches[0].score < CONFIDENT_SCORE:
            return None
        if any(m.score > matches[0].score - CONFIDENT_MARGIN for m in matches[1:]):
            return None
        key = _query_key(query)
        if max(fuzz.ratio(key, name) for name in _names(matches[0].track)) < CONFIDENT_SCORE:
            return None
        return matches[0].track
