"""The learned linker: which catalogue film a KOBIS film named only in Hangul is.

Before 2014 KOBIS gives foreign films no English title: 인터스텔라, 터미네이터: 미래전쟁의 시작,
007 스카이폴 reach us as Hangul, a Korean-spelled director and a release date. The linker
scores each plausible film — released in the right years, its names sounding like the Hangul —
on what the two records share:

* the title transliterated (``inference.catalogue.transliteration``: 인터스텔라 ↔ Interstellar),
  whole and word by word (터미네이터 ↔ Terminator in "Terminator Salvation");
* the director's name in both scripts (크리스토퍼 놀란 ↔ Christopher Nolan), where the English
  tables credit one — a strong witness for a translated title (슈퍼배드 3 ↔ Despicable Me 3);
* the numbers both titles carry, the years, the country, and how well known the film is
  against the Korean admissions;

and a logistic regression trained on the KOBIS films that the rules place through titles tied
to a film by id (``models/catalogue/train_linker.py``) turns them into a probability. The best
film is taken when that probability clears a threshold chosen on validation for a precision of
0.99, and no other film comes close.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from inference.catalogue.titles import romanise
from inference.catalogue.transliteration import (
    Transliterator,
    hangul_skeleton,
    latin_skeleton,
)
from inference.checksums import verified_metadata
from models.catalogue.kobis_films import KobisFilm, Name
from models.catalogue.kobis_links import Candidate, country_fits, year_cost
from models.catalogue.people import latin_key

ARTIFACT = Path(__file__).resolve().parent / "linker"
WEIGHTS = "weights.json"
POOL = 30  # candidates kept per KOBIS film by the skeleton prefilter
PERSON_POOL = 10  # films added per director or lead whose name sounds alike …
MIN_PERSON_SKELETON = 60.0  # … this closely (skeleton ratio)
MIN_SKELETON = 40.0  # a candidate's name skeleton must be at least this close
WORDED = 3  # candidates (best by whole-title sound) whose words are aligned one by one
_DIGITS = re.compile(r"\d+")
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
          "ⅱ": "2", "ⅲ": "3", "ⅳ": "4"}  # fmt: skip
FEATURES = (
    "title", "title_words", "title_romanised", "title_rank", "title_margin", "skeleton",
    "director_known", "director", "cast_known", "cast", "numbers_agree", "numbers_differ",
    "year_cost", "release_gap", "log_audience", "log_known_by", "country_fits",
    "director_margin", "cast_margin",
)  # fmt: skip


class LinkerArtifactError(RuntimeError):
    """The linker's weights are missing or altered."""


def numbers(text: str) -> frozenset[str]:
    """The numbers a title carries, Roman numerals as digits ("Rocky III" → {"3"})."""
    found = set(_DIGITS.findall(text))
    for word in re.findall(r"[a-zⅱⅲⅳ]+", text.casefold()):
        if word in _ROMAN:
            found.add(_ROMAN[word])
    return frozenset(n.lstrip("0") or "0" for n in found)


def without_digits(text: str) -> str:
    return " ".join(_DIGITS.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """One candidate film of one KOBIS film, and why it is in the pool."""

    movie_id: int
    skeleton: float  # 0–100: skeleton similarity of the best name


class Pools:
    """Candidate generation: films of the right years whose names sound like the Hangul."""

    def __init__(
        self, candidates: dict[int, Candidate], known_names: dict[str, set[str]] | None = None
    ) -> None:
        self.candidates = candidates
        self.known_names = known_names or {}
        self.by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.people_by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.by_person: dict[str, list[int]] = defaultdict(list)
        for candidate in candidates.values():
            if candidate.year is None:
                continue
            for name in dict.fromkeys(candidate.names):
                key = latin_skeleton(name)
                if key:
                    self.by_year[candidate.year].append((key, candidate.movie_id))
            for person in dict.fromkeys((*candidate.directors, *candidate.cast)):
                key = latin_skeleton(person)
                if key:
                    self.people_by_year[candidate.year].append((key, candidate.movie_id))
                self.by_person[latin_key(person)].append(candidate.movie_id)

    def years(self, kobis: KobisFilm) -> range:
        low = min(kobis.release_year - 3, (kobis.production_year or 9999) - 1)
        high = max(kobis.release_year + 1, (kobis.production_year or 0) + 1)
        return range(low, high + 1)

    def pool(self, kobis: KobisFilm) -> list[PoolEntry]:
        """At most ``POOL`` films by title sound, plus films whose director sounds like the
        KOBIS director's name, each only when its year fits."""
        years = self.years(kobis)
        entries: dict[int, float] = {}
        title = hangul_skeleton(without_digits(kobis.title))
        if title:
            names = [entry for y in years for entry in self.by_year.get(y, ())]
            if names:
                scores = process.cdist([title], [n for n, _ in names], scorer=fuzz.ratio)[0]
                for i in np.argsort(-scores, kind="stable")[: POOL * 3]:
                    if scores[i] < MIN_SKELETON:
                        break
                    movie_id = names[int(i)][1]
                    entries[movie_id] = max(float(scores[i]), entries.get(movie_id, 0.0))
                    if len(entries) >= POOL:
                        break
        named = [entry for y in years for entry in self.people_by_year.get(y, ())]
        for person in (*kobis.directors[:2], *kobis.actors[:3]):
            known = set(self.known_names.get(person.ko, ()))
            if person.en:
                known.add(latin_key(person.en))
            for name in known:
                for movie_id in self.by_person.get(name, ()):
                    if self.candidates[movie_id].year in years:
                        entries.setdefault(movie_id, 0.0)
            key = hangul_skeleton(person.ko)
            if not key or not named:
                continue
            scores = process.cdist([key], [n for n, _ in named], scorer=fuzz.ratio)[0]
            for i in np.argsort(-scores, kind="stable")[:PERSON_POOL]:
                if scores[i] < MIN_PERSON_SKELETON:
                    break
                entries.setdefault(named[int(i)][1], 0.0)
        return [PoolEntry(m, s) for m, s in entries.items()
                if year_cost(kobis, self.candidates[m].year) is not None]  # fmt: skip


class Features:
    """The features of (KOBIS film, candidate) pairs; see ``FEATURES``."""

    def __init__(self, candidates: dict[int, Candidate], model: Transliterator,
                 known_names: dict[str, set[str]]) -> None:  # fmt: skip
        self.candidates = candidates
        self.model = model
        self.known_names = known_names  # Hangul name → Latin keys the name tables give

    def of(self, kobis: KobisFilm, pool: Sequence[PoolEntry]) -> npt.NDArray[np.float64]:
        """One row per pool entry, columns in ``FEATURES`` order."""
        if not pool:
            return np.zeros((0, len(FEATURES)))
        hangul = without_digits(kobis.title)
        wanted = numbers(kobis.title)
        rows = []
        names_of = [list(dict.fromkeys(self.candidates[e.movie_id].names))[:4] for e in pool]
        flat = [name for names in names_of for name in names]
        scored = self.model.probabilities(hangul, flat) if hangul and flat else np.zeros(len(flat))
        title_scores, start = [], 0
        for names in names_of:
            title_scores.append(float(scored[start : start + len(names)].max(initial=0.0)))
            start += len(names)
        roman_key = latin_key(romanise(hangul)) if hangul else ""
        best_other = _second_best(title_scores)
        order = np.argsort(-np.asarray(title_scores), kind="stable")
        rank = np.empty(len(pool))
        rank[order] = np.arange(len(pool))
        worded = set(order[:WORDED].tolist())  # word alignment is slow: the best few only
        sounds = self._sounds(kobis, pool)
        for i, entry in enumerate(pool):
            candidate = self.candidates[entry.movie_id]
            names = names_of[i]
            words = 0.0
            if i in worded and hangul:
                words = max((self.model.word_probability(hangul, n) for n in names[:1]),
                            default=0.0)  # fmt: skip
            roman = max((fuzz.ratio(roman_key, latin_key(n)) / 100.0 for n in names),
                        default=0.0)
            have: frozenset[str] = frozenset().union(*(numbers(n) for n in names))
            known, director = self._people(kobis.directors[:2], candidate.directors, sounds)
            cast_known, cast = self._people(kobis.actors[:3], candidate.cast, sounds)
            cost = year_cost(kobis, candidate.year)
            rows.append([
                title_scores[i],
                words,
                roman,
                math.log1p(rank[i]),
                title_scores[i] - best_other[i],
                entry.skeleton / 100.0,
                float(known),
                director,
                float(cast_known),
                cast,
                float(bool(wanted) and wanted <= have),
                float(bool(wanted - have) or (not wanted and bool(have))),
                3.0 if cost is None else cost,
                float(kobis.release_year - (candidate.year or kobis.release_year)),
                math.log10(1 + kobis.audience),
                math.log10(1 + max(candidate.ratings, candidate.votes)),
                float(country_fits(kobis, candidate)),
            ])  # fmt: skip
        table = np.asarray(rows, dtype=np.float64)
        # How far each film's people lead the pool's others: one film directed by 김성수 among
        # thirty candidates is the one, even when its title is a translation.
        people = table[:, [FEATURES.index("director"), FEATURES.index("cast")]]
        others = np.asarray([_second_best(list(column)) for column in people.T]).T
        return np.column_stack([table, people - others])

    def _sounds(self, kobis: KobisFilm, pool: Sequence[PoolEntry]) -> dict[tuple[str, str], float]:
        """P(same name) of each KOBIS director and lead against every Latin name the pool's
        films credit — one batched call per KOBIS person."""
        latin = list(dict.fromkeys(name for e in pool for name in
                                   (*self.candidates[e.movie_id].directors,
                                    *self.candidates[e.movie_id].cast)))  # fmt: skip
        sounds: dict[tuple[str, str], float] = {}
        if not latin:
            return sounds
        for person in (*kobis.directors[:2], *kobis.actors[:3]):
            if person.ko and (person.ko, latin[0]) not in sounds:
                for name, p in zip(latin, self.model.probabilities(person.ko, latin), strict=True):
                    sounds[(person.ko, name)] = float(p)
        return sounds

    def _people(
        self, korean: Sequence[Name], latin: Sequence[str], sounds: dict[tuple[str, str], float]
    ) -> tuple[bool, float]:
        """Whether both sides name people, and how sure one of them is the same person (a
        Latin name a source pairs with the Hangul one counts as sure)."""
        if not korean or not latin:
            return False, 0.0
        keys = {latin_key(name) for name in latin}
        best = 0.0
        for person in korean:
            if person.en and latin_key(person.en) in keys:
                return True, 1.0
            if keys & self.known_names.get(person.ko, set()):
                return True, 1.0
            best = max([best, *(sounds.get((person.ko, name), 0.0) for name in latin)])
        return True, best


def _second_best(values: Sequence[float]) -> list[float]:
    """For each value, the best of the others (0 when alone)."""
    if len(values) < 2:
        return [0.0] * len(values)
    ordered = sorted(values, reverse=True)
    return [ordered[1] if v == ordered[0] else ordered[0] for v in values]


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted logistic regression on standardised features, and the decision rule."""

    coef: npt.NDArray[np.float64]
    intercept: float
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    threshold: float  # the best film's probability must reach this …
    margin: float  # … and be this far ahead of the next

    def probabilities(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        if rows.size == 0:
            return np.zeros(0)
        logits = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "coef": self.coef.tolist(),
                "intercept": self.intercept, "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "threshold": self.threshold,
                "margin": self.margin}  # fmt: skip

    @classmethod
    def load(cls, directory: Path = ARTIFACT) -> Weights:
        verified_metadata(directory, [WEIGHTS], LinkerArtifactError)
        payload = json.loads((directory / WEIGHTS).read_text(encoding="utf-8"))
        if tuple(payload["features"]) != FEATURES:
            raise LinkerArtifactError("the linker was trained on other features")
        return cls(np.asarray(payload["coef"]), float(payload["intercept"]),
                   np.asarray(payload["mean"]), np.asarray(payload["scale"]),
                   float(payload["threshold"]), float(payload["margin"]))  # fmt: skip


class LearnedLinker:
    """Pools, features and weights together: ``linker(kobis)`` is the film, or None."""

    def __init__(self, pools: Pools, features: Features, weights: Weights) -> None:
        self.pools = pools
        self.features = features
        self.weights = weights

    def scored(self, kobis: KobisFilm) -> list[tuple[float, int]]:
        """(probability, film) of every pool entry, best first."""
        pool = self.pools.pool(kobis)
        probabilities = self.weights.probabilities(self.features.of(kobis, pool))
        return sorted(((float(p), e.movie_id) for p, e in zip(probabilities, pool, strict=True)),
                      reverse=True)  # fmt: skip

    def __call__(self, kobis: KobisFilm) -> int | None:
        ranked = self.scored(kobis)
        if not ranked:
            return None
        best, movie_id = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        if best >= self.weights.threshold and best - second >= self.weights.margin:
            return movie_id
        return None


def known_latin_names(pairs: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Hangul name → Latin keys, from the name tables (``people.name_pairs``)."""
    found: dict[str, set[str]] = defaultdict(set)
    for ko, en, _ in pairs:
        if latin_key(en):
            found[ko].add(latin_key(en))
    return found


def learned_linker(
    candidates: dict[int, Candidate], model: Transliterator, known: dict[str, set[str]]
) -> Callable[[KobisFilm], int | None]:
    """The committed linker, applied to the KOBIS films worth a film of their own (charted or
    ≥ 1,000 admissions): the rest are not placed, so scoring them would only cost time."""
    learned = LearnedLinker(Pools(candidates, known), Features(candidates, model, known),
                            Weights.load())  # fmt: skip

    def place(kobis: KobisFilm) -> int | None:
        return learned(kobis) if kobis.notable else None

    return place
