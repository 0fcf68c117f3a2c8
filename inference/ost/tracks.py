"""Offline song lookup: "title", "title - artist", "artist title", in English or Korean → features.

Spotify's audio-features endpoint is closed to new apps (November 2024), so the bot searches
its own table (data/ost/tracks.csv.gz, built by ``models/ost/build_tracks.py``): about 60k songs
from five tables, values already on the model's scale. Each song is indexed under its main name
and its other names (the ``aka`` column: both scripts of a bilingual K-pop title, hand-written
Korean titles such as 좋은 날 for IU's "Good day"), alone and followed by the artist, in the film
catalogue's trigram-candidate fuzzy index; "artist title" is caught by its word-order score.

A Korean query is also tried with the Korean artist names of ``data/ost/aliases.csv`` put in
place (방탄소년단 → BTS, 아이유 → IU; a Hangul typo of a long name allowed), and with what
Hangul is left romanised (태연 → taeyeon, the table's TAEYEON); each song keeps its best score
over these forms. Equal scores go to the better-known song (its popularity percentile), so
"Dynamite" lists BTS before Taio Cruz.
"""

from __future__ import annotations

import csv
import gzip
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process

from inference.catalogue.index import INDEX_PARTS, TitleIndex
from inference.catalogue.titles import fold, has_hangul, romanise, to_jamo
from inference.checksums import sha256_file
from inference.ost.features import MODEL_FEATURES
from inference.ost.songs import main_title

_LOG = logging.getLogger(__name__)
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "ost"
TRACKS_FILE = "tracks.csv.gz"
ALIASES_FILE = "aliases.csv"
# The fuzzy index of the songs' names, prebuilt (``models/ost/build_tracks.py --index-only``):
# building it takes ~1 s at every start, reading it ~0.1 s. It records the sha256 of the
# tracks file it was built from; a stale or missing one is rebuilt in memory instead.
INDEX_FILE = "track_index.npz"
FEATURES: tuple[str, ...] = (*MODEL_FEATURES, "key", "duration")
COLUMNS: tuple[str, ...] = (
    "title", "artist", "source", "film", "film_genres", "popularity", "aka", *FEATURES,
)  # fmt: skip
MIN_SCORE = 60.0
CONFIDENT_SCORE = 90.0
CONFIDENT_MARGIN = 4.0
# Among songs scoring alike, the better known comes first: popularity (0–100 percentile)
# adds up to this many points to the ranking (never to the score shown or the confidence).
# The smallest of those tried with the best dev top-1 (bench/song_lookup.py --tune: 0 → 0.905,
# 1, 3, 5 and 10 → 0.995 on the dev half of bench/data/song_queries.csv).
POPULARITY_BONUS = 1.0
MAX_QUERY_CHARS = 120
# A query of fewer letters (Hangul counted by its letters: 봄날 is six) gets buttons, never an
# answer at once.
MIN_DIRECT_LETTERS = 3
ALIAS_TYPO_SCORE = 88.0  # jamo similarity for a Korean artist name typed with a typo
_ARTIST_SEPARATOR = re.compile(r"\s+(?:-|–|—|by|/)\s+|\s*[-–—]\s+", re.IGNORECASE)
# Words after a Korean name that are not part of it: 아이유의, 아이유 노래.
_KOREAN_TAILS = ("의", "이", "가", "은", "는", "을", "를", "노래", "곡")
_MAX_WINDOW = 3  # words joined when looking a Korean name up (스트레이 키즈 → 스트레이키즈)


def _query_text(query: str) -> str:
    """A typed title, "title - artist" or "title by artist", separators dropped."""
    return _ARTIST_SEPARATOR.sub(" ", query)[:MAX_QUERY_CHARS]


@dataclass(frozen=True)
class Track:
    """One song: where it comes from and its features on the model's scale (None = unknown)."""

    index: int
    title: str
    artist: str
    source: str  # soundtrack, spotify, tidytuesday, billboard or kpop
    film: str  # "Title (year)" for soundtrack tracks, "" otherwise
    film_genres: tuple[str, ...]
    features: dict[str, float]
    popularity: int = 0  # percentile within its table
    # What Korean listeners call the song and the artist (aliases.csv), "" when unknown.
    korean_title: str = ""
    korean_artist: str = ""

    @property
    def label(self) -> str:
        return f"{self.title} — {self.artist}" if self.artist else self.title


@dataclass(frozen=True)
class TrackMatch:
    track: Track
    score: float
    key: str = ""  # the form of the query that matched (after Korean names were replaced)


class KoreanNames:
    """Korean artist names → the table's names, for rewriting a query (방탄소년단 → BTS)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._names: dict[str, str] = {}
        for korean, name in pairs:
            self._names.setdefault(fold(korean).replace(" ", ""), name)
        self._long = [k for k in self._names if len(k) >= 3]
        self._long_jamo = [to_jamo(k) for k in self._long]

    def __len__(self) -> int:
        return len(self._names)

    def _exact(self, word: str) -> str | None:
        if word in self._names:
            return self._names[word]
        for tail in _KOREAN_TAILS:
            if word.endswith(tail) and word[: -len(tail)] in self._names:
                return self._names[word[: -len(tail)]]
        return None

    def _near(self, word: str) -> str | None:
        """A long name with one Hangul letter wrong (방탄소년당)."""
        if len(word) < 3 or not self._long:
            return None
        found = process.extractOne(
            to_jamo(word), self._long_jamo, scorer=fuzz.ratio, score_cutoff=ALIAS_TYPO_SCORE
        )
        return None if found is None else self._names[self._long[found[2]]]

    def _split(self, word: str) -> list[str] | None:
        """A name run into the title without a space (아이유좋은날 → IU 좋은날)."""
        for size in range(min(len(word) - 1, 8), 1, -1):
            head, tail = word[:size], word[size:]
            if head in self._names:
                return [self._names[head], tail]
            head, tail = word[:-size], word[-size:]
            if tail in self._names:
                return [head, self._names[tail]]
        return None

    def rewrite(self, text: str) -> str:
        """``text`` (folded) with the Korean artist names it contains in their table form."""
        words = text.split()
        out: list[str] = []
        start = 0
        while start < len(words):
            for size in range(min(_MAX_WINDOW, len(words) - start), 0, -1):
                window = "".join(words[start : start + size])
                if not has_hangul(window):
                    continue
                name = self._exact(window) or (self._near(window) if size == 1 else None)
                if name is not None:
                    out.append(name)
                    start += size
                    break
            else:
                word = words[start]
                split = self._split(word) if has_hangul(word) and len(word) >= 4 else None
                out.extend(split or [word])
                start += 1
        return " ".join(out)


def _loose(key: str) -> str:
    """A key compared without word order or Korean spacing: its Hangul run together, then its
    other words sorted ("좋은 날 iu" and "iu 좋은날" both give "좋은날 iu")."""
    words = key.split()
    hangul = "".join(w for w in words if has_hangul(w))
    return " ".join([hangul, *sorted(w for w in words if not has_hangul(w))]).strip()


def _romanised(text: str) -> str:
    """The Hangul words of ``text`` romanised (태연 → taeyeon), the rest as it is."""
    return " ".join(fold(romanise(w)) if has_hangul(w) else w for w in text.split())


def tracks_digest(folder: Path) -> str:
    """The sha256 of the tracks file: the stored index is valid for this table only."""
    return sha256_file(folder / TRACKS_FILE)


def _stored_index(folder: Path) -> dict[str, npt.NDArray[Any]] | None:
    """``INDEX_FILE``'s arrays, or None when there is none or it was built from another table
    (then ``warm`` builds the index in memory, as before the file existed)."""
    path = folder / INDEX_FILE
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    if str(arrays.pop("tracks_sha256", "")) != tracks_digest(folder):
        _LOG.warning("%s was built from another %s: building the song index in memory",
                     path, TRACKS_FILE)  # fmt: skip
        return None
    return arrays


def postings(keys: list[str]) -> dict[str, npt.NDArray[Any]]:
    """The trigram postings ``TitleIndex`` would compute for ``keys``, vectorised.

    ``TitleIndex`` builds them in a Python loop (about 5 s for the table's ~120k names); here
    each padded key is a row of code points, its trigrams one int64 each, and sorting does the
    rest (a fraction of a second). Gram ids differ from the loop's, but the strings they stand
    for travel with them, so searches give the same results (tested).
    """
    padded = [f" {key} " for key in keys]
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    counts = np.maximum(lengths - 2, 0)
    owner = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
    first = np.repeat(np.cumsum(lengths) - lengths, counts)
    offset = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    at = first + offset
    grams = (codes[at] << 42) | (codes[at + 1] << 21) | codes[at + 2]
    ordered = np.sort(grams)  # (np.unique with inverse indices is several times slower)
    unique = ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
    # One more sort orders the (gram, key) pairs by gram, then key; repeats ("banana") go.
    width = max(1, len(keys))
    pairs = np.sort(np.searchsorted(unique, grams) * width + owner)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    ids, owner = pairs // width, pairs % width
    strings = "\n".join(
        chr(g >> 42) + chr((g >> 21) & 0x1FFFFF) + chr(g & 0x1FFFFF) for g in unique.tolist()
    )
    return {
        "grams": np.frombuffer(strings.encode("utf-8"), np.uint8),
        "gram_counts": np.bincount(owner, minlength=len(keys)).astype(np.int32),
        "postings": owner.astype(np.int32),
        "offsets": np.searchsorted(ids, np.arange(len(unique) + 1)).astype(np.int64),
    }


class KoreanDisplay:
    """The Korean names of songs and artists to show a Korean user ("좋은 날", "아이유"): the
    hand-written aliases, one per song (the first listed wins) and per artist the fullest name
    (the longest: "방탄소년단", not the nickname "방탄" people also search by)."""

    def __init__(
        self, artists: Iterable[tuple[str, str]], titles: Iterable[tuple[str, str, str]]
    ) -> None:
        self._artists: dict[str, str] = {}
        for korean, name in artists:
            key = name.casefold()
            if len(korean) > len(self._artists.get(key, "")):
                self._artists[key] = korean
        self._titles: dict[tuple[str, str], str] = {}
        for korean, name, artist in titles:
            self._titles.setdefault((name.casefold(), artist.casefold()), korean)

    def artist(self, name: str) -> str:
        return self._artists.get(name.casefold(), "")

    def title(self, title: str, artist: str) -> str:
        return self._titles.get((title.casefold(), artist.casefold()), "")


class TrackIndex:
    """All songs and their fuzzy index; read-only after load, so safe across threads."""

    def __init__(
        self,
        frame: pd.DataFrame,
        names: KoreanNames | None = None,
        korean: KoreanDisplay | None = None,
    ) -> None:
        def strings(column: str) -> list[str]:
            if column not in frame:
                return [""] * len(frame)
            return cast(list[str], frame[column].fillna("").astype(str).tolist())

        self._titles, self._artists = strings("title"), strings("artist")
        self._sources, self._films = strings("source"), strings("film")
        self._genres, self._akas = strings("film_genres"), strings("aka")
        self._features = frame[list(FEATURES)].to_numpy(np.float64)
        self._popularity = (
            frame["popularity"].to_numpy(np.float64)
            if "popularity" in frame
            else np.zeros(len(frame))
        )
        self.names = names or KoreanNames(())
        self.korean = korean or KoreanDisplay((), ())
        # The fuzzy index of ~120k names: read from ``INDEX_FILE`` by ``load``, else built
        # (about a second) by ``warm`` at start-up or on first need.
        self._built: tuple[TitleIndex, npt.NDArray[np.int64]] | None = None
        self._lock = threading.Lock()

    @property
    def _index(self) -> TitleIndex:
        return self._built_index()[0]

    def _built_index(self) -> tuple[TitleIndex, npt.NDArray[np.int64]]:
        with self._lock:
            if self._built is None:
                self._built = self._build_index()
            return self._built

    def warm(self) -> None:
        """Build the title index now (the first search would otherwise do it)."""
        self._built_index()

    def index_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The fuzzy index as plain arrays, for ``INDEX_FILE`` (read back by ``load``)."""
        index, starts = self._built_index()
        return {
            "keys": np.frombuffer("\n".join(index.titles).encode("utf-8"), np.uint8),
            "starts": starts,
            **index.to_arrays(),
        }

    def _use_index(self, arrays: dict[str, npt.NDArray[Any]]) -> None:
        starts = arrays["starts"]
        if len(starts) != len(self._titles) + 1:
            raise ValueError("the stored song index belongs to another table")
        keys = bytes(arrays["keys"]).decode("utf-8").split("\n") if arrays["keys"].size else []
        owners = np.repeat(np.arange(len(self._titles), dtype=np.int64), np.diff(starts))
        parts = {name: arrays[name] for name in INDEX_PARTS}
        self._built = (TitleIndex(keys, owners.tolist(), arrays=parts), starts)

    def _build_index(self) -> tuple[TitleIndex, npt.NDArray[np.int64]]:
        keys: list[str] = []
        owners: list[int] = []
        starts = np.zeros(len(self._titles) + 1, dtype=np.int64)
        for row in range(len(self._titles)):
            for key in self._keys(row):
                keys.append(key)
                owners.append(row)
            starts[row + 1] = len(keys)
        return TitleIndex(keys, owners, arrays=postings(keys)), starts

    def _keys(self, row: int) -> list[str]:
        """The names a song is found by: each name alone and followed by the artist."""
        title, artist = self._titles[row], fold(self._artists[row])
        names = [fold(main_title(title)) or fold(title)]
        if self._akas[row]:
            names += [n for n in self._akas[row].split("|") if n and n not in names]
        keys = []
        for name in names:
            keys.append(name)
            if artist:
                keys.append(f"{name} {artist}")
        return keys

    def names_of(self, row: int) -> list[str]:
        """The index keys of one song (its names, alone and with the artist)."""
        index, starts = self._built_index()
        names: list[str] = index.titles[int(starts[row]) : int(starts[row + 1])]
        return names

    def __len__(self) -> int:
        return len(self._titles)

    @classmethod
    def load(cls, directory: Path | None = None, *, stored_index: bool = True) -> TrackIndex:
        """The table in ``directory`` and, unless ``stored_index`` is False (the build of
        ``INDEX_FILE`` itself), its prebuilt fuzzy index."""
        folder = directory or DEFAULT_DIR
        text = {c: str for c in ("title", "artist", "source", "film", "film_genres", "aka")}
        with gzip.open(folder / TRACKS_FILE, "rt", encoding="utf-8") as handle:
            empty_is_nan = {f: [""] for f in FEATURES}
            frame = pd.read_csv(
                handle,
                keep_default_na=False,
                na_values=empty_is_nan,
                dtype=text,  # type: ignore[arg-type]
            )
        aliases = folder / ALIASES_FILE
        rows: list[dict[str, str]] = []
        if aliases.is_file():
            with aliases.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        pairs = [(r["korean"], r["name"]) for r in rows if r["kind"] == "artist"]
        titles = [(r["korean"], r["name"], r["artist"]) for r in rows if r["kind"] == "title"]
        tracks = cls(frame, KoreanNames(pairs), KoreanDisplay(pairs, titles))
        stored = _stored_index(folder) if stored_index else None
        if stored is not None:
            tracks._use_index(stored)
        return tracks

    def track(self, index: int) -> Track | None:
        """The song at ``index`` (as in a button), or None when there is no such row."""
        if not 0 <= index < len(self._titles):
            return None
        values = self._features[index]
        features = {n: float(v) for n, v in zip(FEATURES, values.tolist(), strict=True) if v == v}
        genres = tuple(g for g in self._genres[index].split("|") if g)
        title, artist = self._titles[index], self._artists[index]
        return Track(
            index, title, artist, self._sources[index], self._films[index], genres, features,
            int(self._popularity[index]), self.korean.title(title, artist),
            self.korean.artist(artist),
        )  # fmt: skip

    def query_forms(self, query: str) -> list[str]:
        """The forms a query is searched in: as typed (folded); for Korean text also with the
        Korean artist names replaced, and with the Hangul left romanised."""
        typed = fold(_query_text(query))
        forms = [typed]
        if has_hangul(typed):
            named = fold(self.names.rewrite(typed))
            forms.append(named)
            if has_hangul(named):
                forms.append(_romanised(named))
        return [f for f in dict.fromkeys(forms) if f and any(c.isalnum() for c in f)]

    def search(self, query: str, limit: int = 5) -> list[TrackMatch]:
        """Songs for a typed title or "title - artist", best first; [] when nothing is close."""
        forms = self.query_forms(query)
        if limit <= 0 or not forms:
            return []
        index = self._index
        best: dict[int, tuple[float, str]] = {}
        for form in forms:
            positions, scores = index.search(form)
            for position, score in zip(positions.tolist(), scores.tolist(), strict=True):
                if score >= MIN_SCORE and score > best.get(position, (-1.0, ""))[0]:
                    best[position] = (score, form)
        if not best:
            return []
        positions = np.fromiter(best, dtype=np.int64, count=len(best))
        owners = index.owners[positions]
        scores = np.asarray([best[p][0] for p in positions.tolist()])
        ranking = scores + POPULARITY_BONUS * self._popularity[owners] / 100
        order = np.lexsort((owners, -ranking))[:limit]
        matches = []
        for place in order.tolist():
            track = self.track(int(owners[place]))
            assert track is not None
            matches.append(TrackMatch(track, float(scores[place]), best[int(positions[place])][1]))
        return matches

    def confident(self, query: str, matches: list[TrackMatch]) -> Track | None:
        """The one song to answer with, or None when the user should pick from buttons:
        the query is under ``MIN_DIRECT_LETTERS`` letters ("-0" is not a request for god's
        "0%"), several songs score alike ("Hallelujah", "Dynamite" alone), or the query names only
        part of the best song's name ("They Were" is not yet "They Were Starting to Like Me";
        the index scores such a prefix 90, as high as a typo, so the names are compared)."""
        if not matches or matches[0].score < CONFIDENT_SCORE:
            return None
        letters = max((len(to_jamo(f)) for f in self.query_forms(query)), default=0)
        if letters < MIN_DIRECT_LETTERS:
            return None  # "0", "22", "TT": too short to be sure which song is meant
        if any(m.score > matches[0].score - CONFIDENT_MARGIN for m in matches[1:]):
            return None
        top = matches[0]
        forms = [top.key] if top.key else self.query_forms(query)
        names = self.names_of(top.track.index)
        similar = max(
            max(fuzz.ratio(f, n), fuzz.ratio(_loose(f), _loose(n))) for f in forms for n in names
        )
        if similar < CONFIDENT_SCORE:
            return None
        return top.track
