"""Who made each film and who is in it, and every person by the names people type.

The catalogue build (``models/catalogue/people.py``) merges the credits of KOBIS (Hangul, and
Latin letters for recent films), the English film tables (TMDB, IMDb, Wikipedia) and KMRD into
one person per human with a Korean and an English name — 봉준호 / Bong Joon-ho, 크리스토퍼 놀란
/ Christopher Nolan, 마동석 / Ma Dong-seok (also "Don Lee") — and writes them with the films
they are credited on. This module serves them: a film's directors and leads, a person's films
by role and year, and a fuzzy search over both scripts ("봉 준호", "bong joon ho", "크리스토퍼
놀란", "christopher nolan", "Don Lee"), with the same trigram index the title search uses.
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.catalogue.films import DEFAULT_DIR, Movie
from inference.catalogue.index import INDEX_PARTS, TitleIndex
from inference.catalogue.titles import has_hangul, korean_key, normalize_title

PEOPLE_FILE = "people.csv.gz"
CREDITS_FILE = "credits.csv.gz"
PEOPLE_INDEX = "people.npz"
ROLES = ("director", "actor")
DIRECTOR, ACTOR = 0, 1

MIN_SCORE = 75.0  # a person's name is short: below this it is another name
CONFIDENT = 88.0  # the person meant, when no other is within ``MARGIN``
MARGIN = 5.0
FAME_WEIGHT = 6.0  # at most this many points to order near-ties by how many films credit them
FAMOUS_FILMS = 80  # films credited at which the fame bonus is full


@dataclass(frozen=True, slots=True)
class Person:
    """One person: names in both scripts ("" where no source gives one)."""

    person_id: int
    name_ko: str
    name_en: str
    films: int  # catalogue films crediting them

    def name(self, language: str) -> str:
        """The name in the user's language, the other script when it is the only one."""
        if language == "ko":
            return self.name_ko or self.name_en
        return self.name_en or self.name_ko

    def label(self, language: str) -> str:
        """For English readers the Hangul beside a romanised Korean name ("Bong Joon-ho
        (봉준호)"); otherwise the name alone."""
        name = self.name(language)
        if language != "ko" and self.name_ko and self.name_en and _looks_korean(self.name_ko):
            return f"{name} ({self.name_ko})"
        return name


def _looks_korean(name: str) -> bool:
    """Two to four Hangul syllables: a Korean person's name (not a transliteration)."""
    return 2 <= len(name) <= 4 and all("가" <= c <= "힣" for c in name)


@dataclass(frozen=True, slots=True)
class Credits:
    """A film's directors and leads, in billing order."""

    directors: tuple[Person, ...]
    actors: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class FilmCredit:
    """One film a person is credited on."""

    movie_id: int
    role: str  # "director" or "actor"
    order: int  # billing position (0 first)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A search candidate; ``score`` is how well the name matches, 0–100."""

    person: Person
    score: float


@dataclass(frozen=True, slots=True)
class PersonResolution:
    """What a typed name comes to: one person, or candidates to choose from."""

    person: Person | None
    matches: tuple[PersonMatch, ...]


class CreditsTable:
    """People (as columns), their credits and the name index of both scripts."""

    def __init__(self, arrays: dict[str, npt.NDArray[Any]]) -> None:
        self._ids: npt.NDArray[np.int64] = arrays["person_ids"]
        count = len(self._ids)
        self._films: npt.NDArray[np.int32] = arrays["person_films"]
        self._ko = _unjoin(arrays["person_ko"], count)
        self._en = _unjoin(arrays["person_en"], count)
        self._position = {int(p): i for i, p in enumerate(self._ids)}
        # Ids of people the build merged into another (a Western-order twin, "Chan-wook
        # Park"): an id stored before (a list in the prediction log, a 📄 button) finds the
        # person it became.
        self._merged_from: npt.NDArray[np.int64] = arrays.get(
            "merged_from", np.zeros(0, dtype=np.int64))
        self._merged_into: npt.NDArray[np.int64] = arrays.get(
            "merged_into", np.zeros(0, dtype=np.int64))
        for old, new in zip(self._merged_from.tolist(), self._merged_into.tolist(), strict=True):
            if old not in self._position and new in self._position:
                self._position[old] = self._position[new]
        # credits sorted by film, then role and billing
        self._movie: npt.NDArray[np.int64] = arrays["credit_movie"]
        self._person: npt.NDArray[np.int32] = arrays["credit_person"]
        self._role: npt.NDArray[np.int8] = arrays["credit_role"]
        self._order: npt.NDArray[np.int16] = arrays["credit_order"]
        self._by_person = np.argsort(self._person, kind="stable")
        self._person_starts = np.searchsorted(self._person[self._by_person], np.arange(count + 1))
        fame = np.minimum(1.0, np.log1p(self._films) / math.log1p(FAMOUS_FILMS))
        self._fame: npt.NDArray[np.float64] = fame.astype(np.float64)
        self._korean = self._side(arrays, "ko", spaceless=True)
        self._latin = self._side(arrays, "en", spaceless=False)

    @staticmethod
    def _side(arrays: dict[str, npt.NDArray[Any]], side: str, *, spaceless: bool) -> TitleIndex:
        owners = arrays[f"{side}_owners"]
        keys = bytes(arrays[f"{side}_keys"]).decode("utf-8").split("\n") if owners.size else []
        postings = {n: arrays[f"{side}_{n}"] for n in INDEX_PARTS}
        return TitleIndex(keys, owners.tolist(), spaceless=spaceless, arrays=postings)

    @classmethod
    def from_rows(
        cls,
        people: Iterable[tuple[int, str, str, str, int]],
        credits: Iterable[tuple[int, int, str, int]],
        merged: Mapping[int, int] | None = None,
    ) -> CreditsTable:
        """Index people ``(id, Korean, English, aliases, films)`` and credits ``(movie, person,
        role, order)`` — what the build does once; the bot loads the arrays it writes.
        ``merged``: old id → the id of the person it was merged into."""
        rows = sorted(people)
        position = {row[0]: i for i, row in enumerate(rows)}
        moved = sorted((merged or {}).items())
        arrays: dict[str, npt.NDArray[Any]] = {
            "person_ids": np.asarray([r[0] for r in rows], dtype=np.int64),
            "person_films": np.asarray([r[4] for r in rows], dtype=np.int32),
            "person_ko": _join([r[1] for r in rows]),
            "person_en": _join([r[2] for r in rows]),
            "merged_from": np.asarray([old for old, _ in moved], dtype=np.int64),
            "merged_into": np.asarray([new for _, new in moved], dtype=np.int64),
        }
        table = sorted((m, ROLES.index(r), o, position[p]) for m, p, r, o in credits)
        arrays["credit_movie"] = np.asarray([t[0] for t in table], dtype=np.int64)
        arrays["credit_role"] = np.asarray([t[1] for t in table], dtype=np.int8)
        arrays["credit_order"] = np.asarray([min(t[2], 32_000) for t in table], dtype=np.int16)
        arrays["credit_person"] = np.asarray([t[3] for t in table], dtype=np.int32)
        korean: set[tuple[int, str]] = set()
        latin: set[tuple[int, str]] = set()
        for i, (_, ko, en, aliases, _) in enumerate(rows):
            for name in (ko, en, *[a for a in aliases.split("|") if a]):
                if has_hangul(name):
                    korean.add((i, korean_key(name)))
                elif name_key(name):
                    latin.add((i, name_key(name)))
        for side, keys, spaceless in (("ko", korean, True), ("en", latin, False)):
            ordered = sorted(k for k in keys if k[1])
            index = TitleIndex([k for _, k in ordered], [o for o, _ in ordered],
                               spaceless=spaceless)  # fmt: skip
            arrays.update({f"{side}_{n}": v for n, v in index.to_arrays().items()})
            arrays[f"{side}_keys"] = _join(index.titles)
            arrays[f"{side}_owners"] = np.asarray([o for o, _ in ordered], dtype=np.int64)
        return cls(arrays)

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """Every column and both name indexes, for ``CreditsTable(arrays)``."""
        arrays: dict[str, npt.NDArray[Any]] = {
            "person_ids": self._ids,
            "person_films": self._films,
            "person_ko": _join(self._ko),
            "person_en": _join(self._en),
            "credit_movie": self._movie,
            "credit_person": self._person,
            "credit_role": self._role,
            "credit_order": self._order,
            "merged_from": self._merged_from,
            "merged_into": self._merged_into,
        }
        for side, index in (("ko", self._korean), ("en", self._latin)):
            arrays.update({f"{side}_{n}": v for n, v in index.to_arrays().items()})
            arrays[f"{side}_keys"] = _join(index.titles)
            arrays[f"{side}_owners"] = np.asarray(index.owner_of_titles(), dtype=np.int64)
        return arrays

    @classmethod
    def load(cls, data_dir: Path | None = None) -> CreditsTable:
        """Read ``people.npz`` (written by the build); without it, as a test fixture may be,
        the CSVs; with neither, an empty table (the bot then shows no credits)."""
        directory = data_dir or DEFAULT_DIR
        if (directory / PEOPLE_INDEX).is_file():
            with np.load(directory / PEOPLE_INDEX, allow_pickle=False) as stored:
                return cls({name: stored[name] for name in stored.files})
        if not (directory / PEOPLE_FILE).is_file():
            return cls.from_rows([], [])
        return cls.from_rows(read_people(directory), read_credits(directory),
                             read_merged(directory))  # fmt: skip

    def __len__(self) -> int:
        return len(self._ids)

    def everyone(self) -> list[Person]:
        """Every person, in index order."""
        return [self._person_at(i) for i in range(len(self))]

    def _person_at(self, position: int) -> Person:
        return Person(int(self._ids[position]), self._ko[position], self._en[position],
                      int(self._films[position]))  # fmt: skip

    def person(self, person_id: int) -> Person | None:
        """The person with this id (or merged from a person of this id), or None."""
        position = self._position.get(person_id)
        return None if position is None else self._person_at(position)

    def of(self, movie: Movie) -> Credits | None:
        """A film's directors and leads (None when no source credits anyone)."""
        return self.of_id(movie.movie_id)

    def of_id(self, movie_id: int) -> Credits | None:
        """A film's directors and leads (None when no source credits anyone)."""
        start, end = np.searchsorted(self._movie, [movie_id, movie_id + 1])
        if start == end:
            return None
        directors: list[Person] = []
        actors: list[Person] = []
        for i in range(int(start), int(end)):
            person = self._person_at(int(self._person[i]))
            (directors if self._role[i] == DIRECTOR else actors).append(person)
        return Credits(tuple(directors), tuple(actors))

    def columns(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32],
                               npt.NDArray[np.int8], npt.NDArray[np.int16]]:  # fmt: skip
        """Every credit as columns — film id, person position, role (``DIRECTOR``/``ACTOR``),
        billing — sorted by film: the recommender's people vectors are built from them."""
        return self._movie, self._person, self._role, self._order

    def films_of(self, person_id: int) -> list[FilmCredit]:
        """Every film crediting the person, in billing order per film."""
        position = self._position.get(person_id)
        if position is None:
            return []
        start, end = self._person_starts[position], self._person_starts[position + 1]
        rows = self._by_person[start:end]
        return [FilmCredit(int(self._movie[i]), ROLES[int(self._role[i])], int(self._order[i]))
                for i in rows]  # fmt: skip

    def _has_role(self, person_id: int, role: str | None) -> bool:
        return any(c.role == role for c in self.films_of(person_id))

    def search(self, query: str, limit: int = 5) -> list[PersonMatch]:
        """People whose name (either script, any spelling) matches, best first."""
        text = " ".join(query.split())[:80]
        if not text:
            return []
        if has_hangul(text):
            index, key = self._korean, korean_key(text)
        else:
            index, key = self._latin, name_key(text)
        if not key:
            return []
        positions, scores = index.search(key)
        if scores.size == 0:
            return []
        owners = index.owners[positions]
        keep = scores >= MIN_SCORE
        owners, scores = owners[keep], scores[keep]
        rank = scores + FAME_WEIGHT * self._fame[owners]
        order = np.lexsort((owners, -rank))[:limit]
        return [PersonMatch(self._person_at(int(owners[i])), round(float(scores[i]), 1))
                for i in order]  # fmt: skip

    def resolve(self, query: str, limit: int = 5, role: str | None = None) -> PersonResolution:
        """The person a typed name means, when one clearly leads; else the candidates. With a
        ``role``, people never credited in it go last (이병헌 the director of 극한직업 for "이병헌
        감독", 이병헌 the actor for "이병헌 나오는")."""
        matches = self.search(query, limit)
        if role in ROLES and len(matches) > 1:
            matches.sort(key=lambda m: not self._has_role(m.person.person_id, role))
        if not matches or matches[0].score < CONFIDENT:
            return PersonResolution(None, tuple(matches))
        first = matches[0]
        rivals = [m for m in matches[1:] if m.score > first.score - MARGIN
                  and m.person.films * 4 > first.person.films
                  and (role is None or self._has_role(m.person.person_id, role))]  # fmt: skip
        return PersonResolution(None if rivals else first.person, tuple(matches))


def name_key(name: str) -> str:
    """A Latin name's comparison key: folded, hyphens and dots as spaces ("Bong Joon-ho" →
    "bong joon ho"; "J.K. Simmons" → "j k simmons")."""
    return normalize_title(name.replace("-", " ").replace(".", " "))


def _join(values: list[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _unjoin(stored: npt.NDArray[Any], count: int) -> list[str]:
    values = bytes(stored).decode("utf-8").split("\n") if count else []
    if len(values) != count:
        raise ValueError("a stored name column does not have one value per person")
    return values


def read_people(directory: Path) -> list[tuple[int, str, str, str, int]]:
    """``people.csv.gz`` rows: (id, Korean, English, aliases, films)."""
    with gzip.open(directory / PEOPLE_FILE, "rt", encoding="utf-8", newline="") as handle:
        return [(int(r["person_id"]), r["name_ko"], r["name_en"], r["aliases"], int(r["films"]))
                for r in csv.DictReader(handle)]  # fmt: skip


def read_merged(directory: Path) -> dict[int, int]:
    """``people.csv.gz``'s ``merged_ids`` (absent in older files): old id → the id of the
    person it was merged into."""
    with gzip.open(directory / PEOPLE_FILE, "rt", encoding="utf-8", newline="") as handle:
        return {int(old): int(r["person_id"]) for r in csv.DictReader(handle)
                for old in (r.get("merged_ids") or "").split("|") if old}  # fmt: skip


def read_credits(directory: Path) -> list[tuple[int, int, str, int]]:
    """``credits.csv.gz`` rows: (movie, person, role, order)."""
    with gzip.open(directory / CREDITS_FILE, "rt", encoding="utf-8", newline="") as handle:
        return [(int(r["movie_id"]), int(r["person_id"]), r["role"], int(r["order"]))
                for r in csv.DictReader(handle)]  # fmt: skip
