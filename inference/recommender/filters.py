"""Which films a request allows: "한국 스릴러", "a funny movie from the 90s", "on Netflix".

A :class:`FilmFilter` is read from what the user asked (genres they named, the genres of a
mood, a country, a period) and turned into the set of catalogue ids the recommender may rank
(``Recommender.recommend(..., allowed=…)``); a service filter is intersected with the offline
availability by the caller. Explicit genres must all be present ("로맨틱 코미디" = Romance and
Comedy); a mood asks for any of its genres ("무서운" = Horror or Thriller). Computed on the
catalogue's columns, so a filter over 89k films takes a few milliseconds.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from inference.catalogue.credits import CreditsTable
from inference.catalogue.films import FilmTable
from inference.catalogue.titles import compact, fold, has_hangul


@dataclass(frozen=True, slots=True)
class FilmFilter:
    """What the films must be."""

    all_genres: frozenset[str] = frozenset()
    any_genres: frozenset[str] = frozenset()
    # The part of ``all_genres`` a mood asked for (dropped with the mood when widening).
    mood_genres: frozenset[str] = frozenset()
    country: str | None = None
    years: tuple[int, int] | None = None
    # Conditions: genres a film must not have ("공포 말고"), genres of which it needs one besides
    # the mood's (kids: Children or Animation), and films ruled out by name ("마블 말고").
    no_genres: frozenset[str] = frozenset()
    audience_genres: frozenset[str] = frozenset()
    excluded: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        """True when it lets every film through."""
        return not (self.all_genres or self.any_genres or self.country or self.years
                    or self.no_genres or self.audience_genres or self.excluded)  # fmt: skip

    def without_mood(self) -> FilmFilter:
        """The same filter without its mood genres (to widen a request that found too little)."""
        return replace(
            self, all_genres=self.all_genres - self.mood_genres, any_genres=frozenset(),
            mood_genres=frozenset(),
        )  # fmt: skip

    def mask(self, table: FilmTable) -> npt.NDArray[np.bool_]:
        """One boolean per catalogue film."""
        keep = np.ones(table.ids.size, dtype=np.bool_)
        if self.all_genres or self.any_genres or self.no_genres or self.audience_genres:
            per_code = np.array(
                [
                    self.all_genres <= set(genres)
                    and (not self.any_genres or bool(self.any_genres & set(genres)))
                    and (not self.audience_genres or bool(self.audience_genres & set(genres)))
                    and not self.no_genres & set(genres)
                    for genres in table.genre_sets
                ],
                dtype=np.bool_,
            )
            keep &= per_code[table.genre_codes]
        if self.excluded:
            keep &= ~np.isin(table.ids, np.fromiter(self.excluded, dtype=np.int64))
        if self.country:
            per_country = np.array([c == self.country for c in table.countries], dtype=np.bool_)
            keep &= per_country[table.country_codes]
        if self.years:
            low, high = self.years
            keep &= (table.years >= low) & (table.years <= high)
        return keep

    def allowed(self, table: FilmTable, within: frozenset[int] | None = None) -> frozenset[int]:
        """The ids of the films that pass (and are in ``within`` when given)."""
        ids = table.ids[self.mask(table)]
        if within is not None:
            ids = ids[np.isin(ids, np.fromiter(within, dtype=np.int64))]
        return frozenset(int(i) for i in ids)


# Studios and franchises whose films seldom carry the name in their title: a term excluded
# ("마블 말고", "except Marvel") also rules out titles that start a film of theirs. The catalogue
# has no studio or keyword data, so this short table is all there is beyond titles and people.
FRANCHISES: dict[str, tuple[str, ...]] = {
    r"마블|marvel|mcu": (
        "avengers", "어벤져스", "iron man", "아이언맨", "captain america", "캡틴 아메리카",
        "captain marvel", "캡틴 마블", "thor", "토르", "spider-man", "스파이더맨", "ant-man",
        "앤트맨", "black panther", "블랙 팬서", "doctor strange", "닥터 스트레인지",
        "guardians of the galaxy", "가디언즈 오브 갤럭시", "black widow", "블랙 위도우",
        "eternals", "이터널스", "shang-chi", "샹치", "hulk", "헐크", "deadpool", "데드풀",
        "x-men", "엑스맨", "wolverine", "울버린", "venom", "베놈", "the marvels", "더 마블스",
    ),
    r"\bdc\b|디씨": (
        "batman", "배트맨", "superman", "슈퍼맨", "justice league", "저스티스 리그",
        "wonder woman", "원더 우먼", "원더우먼", "aquaman", "아쿠아맨", "suicide squad",
        "수어사이드 스쿼드", "shazam", "샤잠", "the flash", "플래시", "joker", "조커",
        "man of steel", "맨 오브 스틸",
    ),
    r"스타\s*워즈|star\s*wars": ("star wars", "스타워즈", "스타 워즈", "rogue one", "로그 원"),
    r"해리\s*포터|harry\s*potter": ("harry potter", "해리 포터", "해리포터",
                                     "fantastic beasts", "신비한 동물"),
}  # fmt: skip
_FRANCHISES = [(re.compile(p, re.IGNORECASE), titles) for p, titles in FRANCHISES.items()]


_KEYS: weakref.WeakKeyDictionary[FilmTable, tuple[list[str], list[str]]] = (
    weakref.WeakKeyDictionary()
)
_KEYS_LOCK = threading.Lock()


def _title_keys(table: FilmTable) -> tuple[list[str], list[str]]:
    """Every title folded and every Korean title compacted, once per table (~1 s)."""
    with _KEYS_LOCK:
        keys = _KEYS.get(table)
        if keys is None:
            keys = ([fold(t) for t in table.titles], [compact(t) if t else "" for t in
                                                      table.titles_ko])  # fmt: skip
            _KEYS[table] = keys
        return keys


def films_named(
    table: FilmTable, credits: CreditsTable | None, terms: tuple[str, ...]
) -> frozenset[int]:
    """The films an excluded term names: by title (either script, spacing and case aside; a
    studio's or franchise's best-known titles too) and the films of a person of that exact
    name ("봉준호 말고")."""
    stems: list[str] = []
    for term in terms:
        stems.append(term)
        for pattern, titles in _FRANCHISES:
            if pattern.search(term):
                stems += titles
    # Hangul is compared without spaces (Korean spacing varies), Latin as whole words ("thor"
    # is no part of "author").
    hangul = [k for k in dict.fromkeys(compact(s) for s in stems if has_hangul(s)) if len(k) >= 2]
    latin = [fold(s) for s in dict.fromkeys(stems) if not has_hangul(s) and len(fold(s)) >= 2]
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, latin)) + r")\b") if latin else None
    folded, compacted = _title_keys(table)
    found = {
        int(movie_id)
        for movie_id, title, title_ko in zip(table.ids, folded, compacted, strict=True)
        if (words is not None and words.search(title))
        or (title_ko and any(key in title_ko for key in hangul))
    }
    if credits is not None:
        for term in terms:
            for match in credits.search(term, 3):
                person = match.person
                if compact(term) in (compact(person.name_ko), compact(person.name_en)):
                    found |= {c.movie_id for c in credits.films_of(person.person_id)}
    return frozenset(found)


# Who watches → what the films must (not) be. The catalogue has no age ratings (and KOBIS's
# adult films are never placed in it), so genres stand in: with kids, a children's film or an
# animation, and none of the genres that are seldom for children; with the whole family, no
# horror. Parents, a partner, friends or alone change nothing.
COMPANY_GENRES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "kids": (
        frozenset({"Children", "Animation"}),
        frozenset({"Horror", "Thriller", "Crime", "War", "Film-Noir"}),
    ),
    "family": (frozenset(), frozenset({"Horror"})),
}
RECENT_YEARS = 3  # "요즘", "latest": this year and the two before
OLD_BEFORE = 2000  # "옛날", "classic": films from before this year


def preferred_years(recency: str | None, this_year: int) -> tuple[int, int] | None:
    """The years a recency preference ranks first: the last three for "recent", before 2000
    for "old"."""
    if recency == "recent":
        return this_year - RECENT_YEARS + 1, this_year
    if recency == "old":
        return 1870, OLD_BEFORE - 1
    return None


def films_of_years(
    table: FilmTable, years: tuple[int, int], within: frozenset[int] | None = None
) -> frozenset[int]:
    """The ids of the films from those years (and in ``within`` when given)."""
    return FilmFilter(years=years).allowed(table, within)
