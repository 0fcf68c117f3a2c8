"""Which catalogue film each KOBIS film is: the bridge from a Korean release to its film.

KOBIS carries no TMDB, IMDb or MovieLens id, so a KOBIS film is placed by what it shares with a
catalogue film, most certain first:

1. **Korean title**: the same spacing-free Korean title as one the film already has from
   JustWatch Korea, KMRD or TMDB's Korean table (tied to the film by id), released within a few
   years of the film (so 올드보이 2003 and its 2013 remake stay apart);
2. **English title**: KOBIS's own English (or original) title equal to one of the film's names,
   production year within one of the film's year (or, without one, released in Korea up to
   three years after it);
3. **the learned linker** (``models/catalogue/linker.py``): the Korean title transliterated
   against the film's names, the director's name in both scripts, years and numbers — for the
   foreign films KOBIS names only in Hangul (인터스텔라 before 2014);
4. **romanised Korean title** for Korean films MovieLens lists under their romanised original
   title ("Masquerade (Gwanghai, Wangyidoen namja)").

A Korean release with a few thousand admissions is never placed on a film that hundreds of
MovieLens users rated: that is a namesake (트라이앵글 2009 vs the British "Triangle").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from inference.catalogue.films import kobis_id
from inference.catalogue.kobis_terms import english_display
from inference.catalogue.titles import compact, has_hangul, normalize_title, romanise
from models.catalogue.film_facts import FilmFacts
from models.catalogue.kobis_films import KOBIS_GENRES, NOTABLE_AUDIENCE, KobisFilm
from models.catalogue.korean import KoreanFacts, attach_kobis

# KOBIS release year minus the film's year: a foreign film reaches Korean cinemas up to a few
# years after it was made; a remake with the same Korean title is a decade away.
RELEASE_WINDOW = (-1, 3)
PRODUCTION_WINDOW = 1  # |film year - KOBIS production year|
RELEASE_ONLY_COST = 2.0
NO_YEAR_COST = 3.0
TIE_MARGIN = 0.5  # candidates this close in year cost are a tie: the English title cannot choose
# An English title this similar to one of the film's names confirms a Korean-title match; a
# Korean title that disagrees with KOBIS's English title gives way to it (라스트 미션 is The
# Last Rites of Joe May, not The Mule that JustWatch also calls 라스트 미션).
ENGLISH_AGREES = 80.0
IMPLAUSIBLE_AUDIENCE = 10_000
IMPLAUSIBLE_RATINGS = 300
COMPLETE_COUNTS_FROM = 2004  # KOBIS admissions are complete from this year on
ROMANISED_MIN_SCORE = 90.0  # rapidfuzz ratio of romanised KOBIS title vs a MovieLens alternate
ROMANISED_JUSTWATCH_MIN_SCORE = 75.0  # JustWatch's romanised "Korean" titles (another system)
ROMANISED_JUSTWATCH_MIN_CHARS = 8
ROMANISED_MIN_CHARS = 4


@dataclass(slots=True)
class Candidate:
    """A catalogue film as the linker sees it."""

    movie_id: int
    year: int | None
    ratings: int
    names: tuple[str, ...]  # English/original titles and aliases
    korean_names: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()  # Latin-letter names from the English tables
    cast: tuple[str, ...] = ()  # their first actors, Latin letters
    latin_korean: tuple[str, ...] = ()  # romanised "Korean" titles from JustWatch
    country: str = ""  # ISO code where a source says (the English tables, TMDB's Korean one)
    origin: str = ""
    votes: int = 0  # TMDB votes


@dataclass(slots=True)
class LinkStats:
    """How many KOBIS films each rule placed."""

    by_korean_title: int = 0
    by_english_title: int = 0
    by_linker: int = 0
    by_romanisation: int = 0
    unplaced: int = 0
    unplaced_adult: int = 0
    rejected_as_namesake: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)


def year_cost(kobis: KobisFilm, year: int | None) -> float | None:
    """How far the film's year is from what KOBIS says (0 best), or None when it cannot be the
    same film. The production year, where KOBIS gives one, is the better witness: a match on
    the Korean release year alone costs more (1995's Love Letter, released in Korea in 1999,
    is not 1999's The Love Letter). Without a year on the film, any is accepted at a cost."""
    if year is None:
        return NO_YEAR_COST
    costs = []
    if kobis.production_year is not None:
        gap = abs(year - kobis.production_year)
        if gap <= PRODUCTION_WINDOW:
            costs.append(float(gap))
    delta = kobis.release_year - year
    low, high = RELEASE_WINDOW
    if low <= delta <= high:
        base = RELEASE_ONLY_COST if kobis.production_year is not None else 0.0
        costs.append(base + abs(delta) + (0.5 if delta < 0 else 0.0))
    return min(costs) if costs else None


def implausible(kobis: KobisFilm, ratings: int) -> bool:
    """A little-seen Korean release cannot be a film many MovieLens users rated."""
    return (
        kobis.country == "KR"
        and kobis.release_year >= COMPLETE_COUNTS_FROM
        and kobis.audience < IMPLAUSIBLE_AUDIENCE
        and ratings > IMPLAUSIBLE_RATINGS
    )


def candidates_from(
    films: pd.DataFrame, facts: dict[int, KoreanFacts], by_film: dict[int, list[FilmFacts]]
) -> dict[int, Candidate]:
    """Every catalogue film as a ``Candidate``: its names, the Korean titles tied to it by id,
    and the directors the English tables credit."""
    found: dict[int, Candidate] = {}
    for row in films.itertuples(index=False):
        movie_id = int(row.movie_id)
        aliases = tuple(a for a in str(row.aliases or "").split("|") if a)
        fact = facts.get(movie_id)
        rows = by_film.get(movie_id, ())
        directors = tuple(dict.fromkeys(d for f in rows for d in f.directors))
        cast = tuple(dict.fromkeys(a for f in rows for a in f.cast[:4] if not has_hangul(a)))
        found[movie_id] = Candidate(
            movie_id=movie_id,
            year=None if pd.isna(row.year) else int(row.year),
            ratings=int(row.ratings),
            names=(str(row.title), *aliases),
            korean_names=tuple(t for t, _ in fact.titles) if fact else (),
            directors=directors,
            cast=cast,
            latin_korean=tuple(fact.latin_aliases) if fact else (),
            country=(fact.country if fact and fact.country else "")
            or next((f.country for f in by_film.get(movie_id, ()) if f.country), ""),
            origin=str(row.origin),
            votes=max((f.votes for f in by_film.get(movie_id, ())), default=0),
        )
    return found


def _index(candidates: Iterable[Candidate], keys: Callable[[Candidate], Iterable[str]]
           ) -> dict[str, list[int]]:  # fmt: skip
    found: dict[str, list[int]] = defaultdict(list)
    for candidate in candidates:
        for key in dict.fromkeys(keys(candidate)):
            if key:
                found[key].append(candidate.movie_id)
    return found


def _fitting(kobis: KobisFilm, ids: Iterable[int], candidates: dict[int, Candidate],
             stats: LinkStats) -> list[tuple[float, int, int]]:  # fmt: skip
    """(year cost, -ratings, id) of the films among ``ids`` that can be this KOBIS film."""
    fitting = []
    for movie_id in dict.fromkeys(ids):
        candidate = candidates[movie_id]
        cost = year_cost(kobis, candidate.year)
        if cost is None or not country_fits(kobis, candidate):
            continue
        if implausible(kobis, candidate.ratings):
            stats.rejected_as_namesake += 1
            continue
        fitting.append((cost, -candidate.ratings, movie_id))
    return sorted(fitting)


def country_fits(kobis: KobisFilm, candidate: Candidate) -> bool:
    """False when one side is known to be Korean and the other known to be from elsewhere."""
    if not kobis.country or not candidate.country:
        return True
    return (kobis.country == "KR") == (candidate.country == "KR")


def english_similarity(kobis: KobisFilm, candidate: Candidate) -> float:
    """0–100: how close KOBIS's English title is to the closest of the film's names."""
    if not kobis.title_en:
        return 0.0
    key = normalize_title(kobis.title_en)
    names = [normalize_title(n) for n in candidate.names]
    return max((fuzz.ratio(key, n) for n in names if n), default=0.0)


class KobisLinker:
    """Places KOBIS films on catalogue films (see the module docstring for the rules)."""

    def __init__(
        self,
        candidates: dict[int, Candidate],
        learned: Callable[[KobisFilm], int | None] | None = None,
    ) -> None:
        self.candidates = candidates
        self.learned = learned
        self.by_korean = _index(candidates.values(), lambda c: map(compact, c.korean_names))
        self.by_english = _index(candidates.values(), lambda c: map(normalize_title, c.names))
        self.stats = LinkStats()
        # JustWatch-only films that are a MovieLens film after all → that film's id
        self.twins: dict[int, int] = {}

    def by_korean_title(self, kobis: KobisFilm) -> int | None:
        """Rule 1: a Korean title the film already has (best year, then most rated)."""
        fitting = _fitting(kobis, self.by_korean.get(compact(kobis.title), ()),
                           self.candidates, self.stats)  # fmt: skip
        return fitting[0][2] if fitting else None

    def by_english_title(self, kobis: KobisFilm) -> int | None:
        """Rule 2: KOBIS's English or original title is one of the film's names — and no other
        film of that name fits the years about as well ("Confession", "Hero": then the
        learned linker decides). A Korean film must be one the catalogue knows to be Korean."""
        for name in (kobis.title_en, kobis.title_original):
            if not name or has_hangul(name):
                continue
            fitting = _fitting(kobis, self.by_english.get(normalize_title(name), ()),
                               self.candidates, self.stats)  # fmt: skip
            if not fitting:
                continue
            if len(fitting) > 1 and fitting[1][0] - fitting[0][0] < TIE_MARGIN:
                return None
            best = self.candidates[fitting[0][2]]
            if kobis.country == "KR" and best.country != "KR" and not best.korean_names:
                return None
            return best.movie_id
        return None

    def place(self, kobis: KobisFilm) -> tuple[int | None, str]:
        """The film this KOBIS film is, and the rule that placed it ("" when none did)."""
        if kobis.adult:
            return None, ""
        korean = self.by_korean_title(kobis)
        english = self.by_english_title(kobis)
        if korean is not None and english is not None and korean != english:
            chosen = self.candidates[korean]
            if chosen.origin == "justwatch-kr" and chosen.ratings == 0:
                self.twins[korean] = english  # one film, listed by JustWatch without its id
                return english, "english_title"
            if english_similarity(kobis, chosen) < ENGLISH_AGREES:
                return english, "english_title"
        if korean is not None:
            return korean, "korean_title"
        if english is not None:
            return english, "english_title"
        if self.learned is not None:
            found = self.learned(kobis)
            if found is not None:
                return found, "linker"
        return None, ""

    def place_all(self, films: list[KobisFilm]) -> list[tuple[KobisFilm, int | None, str]]:
        """Every KOBIS film placed (or not), then Korean films by their romanised titles."""
        placed = [(kobis, *self.place(kobis)) for kobis in films]
        placed = [(k, self.twins.get(m, m) if m is not None else None, r) for k, m, r in placed]
        taken = {movie_id for _, movie_id, _ in placed if movie_id is not None}
        romanised = self._romanised([k for k, m, _ in placed if m is None], taken)
        result = []
        for kobis, movie_id, rule in placed:
            if movie_id is None and id(kobis) in romanised:
                movie_id, rule = romanised[id(kobis)], "romanisation"
            result.append((kobis, movie_id, rule))
            if movie_id is None:
                self.stats.unplaced += 1
                self.stats.unplaced_adult += kobis.adult
            else:
                self.stats.by_rule[rule] = self.stats.by_rule.get(rule, 0) + 1
        self.stats.by_korean_title = self.stats.by_rule.get("korean_title", 0)
        self.stats.by_english_title = self.stats.by_rule.get("english_title", 0)
        self.stats.by_linker = self.stats.by_rule.get("linker", 0)
        self.stats.by_romanisation = self.stats.by_rule.get("romanisation", 0)
        return result

    def _romanised(self, unplaced: list[KobisFilm], taken: set[int]) -> dict[int, int]:
        """Rule 4: Korean films against MovieLens' romanised original titles (and JustWatch's
        romanised "Korean" titles), same year ± 1, among films without a Korean title."""
        by_year: dict[int, list[tuple[str, int, float, int]]] = defaultdict(list)
        for candidate in self.candidates.values():
            if candidate.year is None or candidate.korean_names:
                continue
            names = [(a, ROMANISED_MIN_SCORE) for a in candidate.names[1:]]
            names += [(a, ROMANISED_JUSTWATCH_MIN_SCORE
                       if len(_roman_key(a)) >= ROMANISED_JUSTWATCH_MIN_CHARS
                       else ROMANISED_MIN_SCORE) for a in candidate.latin_korean]  # fmt: skip
            for name, bar in names:
                key = _roman_key(name)
                if len(key) >= ROMANISED_MIN_CHARS:
                    by_year[candidate.year].append((key, candidate.movie_id, bar,
                                                    candidate.ratings))  # fmt: skip
        found: dict[int, int] = {}
        for kobis in unplaced:
            if kobis.country != "KR" or kobis.adult:
                continue
            roman = _roman_key(romanise(kobis.title))
            pool = [c for y in (kobis.year - 1, kobis.year, kobis.year + 1)
                    for c in by_year.get(y, []) if c[1] not in taken
                    and not implausible(kobis, c[3])]  # fmt: skip
            if len(roman) < ROMANISED_MIN_CHARS or not pool:
                continue
            scores = process.cdist([roman], [c[0] for c in pool], scorer=fuzz.ratio)[0]
            passing: dict[int, float] = {}
            for i, (_, movie_id, bar, _) in enumerate(pool):
                if scores[i] >= bar:
                    passing[movie_id] = max(float(scores[i]), passing.get(movie_id, 0))
            ranked = sorted(passing.items(), key=lambda item: -item[1])
            if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
                found[id(kobis)] = ranked[0][0]
                taken.add(ranked[0][0])
        return found


def _roman_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isascii() and c.isalnum())


Placed = list[tuple[KobisFilm, int | None, str]]


def _legacy(kobis: KobisFilm) -> bool:
    """Whether the previous catalogue's rule made this a KOBIS-only film when unplaced
    (Korean, from the release list, ≥ 1,000 admissions, not adult): its id must not change."""
    return (
        bool(kobis.legacy_title)
        and kobis.country == "KR"
        and kobis.audience >= NOTABLE_AUDIENCE
        and not kobis.adult
    )


def _own_ids(films: list[KobisFilm]) -> dict[int, int]:
    """An id per film (by ``id()``): the previous catalogue's films first, with their old ids;
    then the others, a collision moving the later film on to the next derived id."""
    taken: dict[int, KobisFilm] = {}
    ids: dict[int, int] = {}
    for kobis in (k for k in films if _legacy(k)):
        own = kobis_id(kobis.legacy_title, kobis.legacy_release)
        if own in taken:
            raise RuntimeError(f"KOBIS id collision: {kobis} and {taken[own]}")
        taken[own], ids[id(kobis)] = kobis, own
    for kobis in (k for k in films if not _legacy(k)):
        own, attempt = kobis_id(kobis.title, kobis.first_release), 1
        while own in taken:
            attempt += 1
            own = kobis_id(f"{kobis.title}|{attempt}", kobis.first_release)
        taken[own], ids[id(kobis)] = kobis, own
    return ids


def kobis_only_films(placed: Placed, facts: dict[int, KoreanFacts]) -> pd.DataFrame:
    """Notable KOBIS films nothing places, as catalogue films (any country: a foreign film
    shown in Korea that no other source has is still one a Korean fan may name)."""
    rows = []
    unplaced = [k for k, movie_id, _ in placed if movie_id is None and k.notable]
    own_ids = _own_ids(unplaced)
    for kobis in unplaced:
        own = own_ids[id(kobis)]
        attach_kobis(facts[own], kobis)
        english = kobis.title_en or (kobis.title_original if not has_hangul(kobis.title_original)
                                     else "")  # fmt: skip
        if english:
            title = english_display(english)
        elif kobis.country == "KR":
            title = romanise(kobis.title)  # a Korean film's name in Latin letters
        else:
            title = kobis.title  # a foreign film known only in Hangul: no invented spelling
        genres = (g for k in kobis.genres for g in KOBIS_GENRES.get(k, ()))
        rows.append(
            {
                "movie_id": own,
                "title": title,
                "aliases": "",
                "year": kobis.year,
                "genres": "|".join(dict.fromkeys(genres)),
                "imdb_id": None,
                "tmdb_id": None,
                "ratings": 0,
                "mean_rating": None,
                "origin": "kobis",
            }
        )
    return pd.DataFrame(rows)


def legacy_id_map(placed: Placed) -> pd.DataFrame:
    """Old KOBIS-only ids whose film another source now has (베테랑 is ml-latest's "Veteran
    (2015)"): saved favourites, feedback and watchlist rows move with them. Every group that
    met the previous catalogue's KOBIS-only rule (Korean, ≥ 1,000 admissions, not adult) is
    listed; ids no film had are harmless to a migration."""
    rows = []
    own = _own_ids([k for k, m, _ in placed if m is None and k.notable])
    for kobis, movie_id, _ in placed:
        target = movie_id if movie_id is not None else own.get(id(kobis))
        if target is None or not _legacy(kobis):
            continue
        for title, release in kobis.legacy_groups:
            old = kobis_id(title, release)
            if old != target:
                how = "kobis_linked" if movie_id is not None else "kobis_edition"
                rows.append({"old_id": old, "new_id": target, "how": how})
    frame = pd.DataFrame(rows, columns=["old_id", "new_id", "how"])
    return frame.drop_duplicates("old_id").sort_values("old_id", ignore_index=True)
