"""Numbered parts of a film series: "범죄도시4", "아바타 2", "Dune Part Two", "미션 임파서블 7".

Sequels are asked for by number, but many do not carry it in their title (아바타: 물의 길 is
Avatar 2, 미션 임파서블: 데드 레코닝 is the seventh Mission: Impossible), and a number the
catalogue does not have yet ("범죄도시 7") must not be answered with another part. A series
here is the catalogue's films whose title starts with the name asked for — followed by nothing,
a subtitle, or a number — that are well enough known and share a director or a lead with another
of them (so 1984's Dune, by another director, is not part 1 of Villeneuve's). A film's part is
the number right after the name when it has one, else its place in release order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from inference.catalogue.films import Movie
from inference.catalogue.titles import compact, has_hangul

MAX_PART = 15  # a larger trailing number is a title's own ("Blade Runner 2049", "2012")
MIN_KNOWN_BY = 300  # MovieLens ratings or TMDB votes for a series member …
MIN_AUDIENCE = 30_000  # … or admissions in Korea
FIGURES_END = date(2025, 3, 1)  # KOBIS admissions are held back from here on
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|ⅱ|ⅲ|ⅳ|ⅴ|[ivx]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten)"
# "범죄도시4", "아바타 2", "듄 파트2", "dune part two", "신과함께 2편", "글래디에이터 Ⅱ"
_PART = re.compile(
    rf"^(?P<base>.*?\S)\s*(?:[:\-]\s*)?(?P<word>part|chapter|파트|시즌)?\s*(?P<number>{_NUMBER})"
    r"\s*(?P<counter>편|부|탄)?\s*$",
    re.IGNORECASE,
)
_UNICODE_ROMAN = {"ⅱ": 2, "ⅲ": 3, "ⅳ": 4, "ⅴ": 5}


@dataclass(frozen=True, slots=True)
class PartQuery:
    """A query asking for part ``number`` of the series named ``base``."""

    base: str
    number: int


def _number(text: str) -> int | None:
    word = text.casefold()
    if word.isdigit():
        return int(word)
    return _WORDS.get(word) or _ROMAN.get(word) or _UNICODE_ROMAN.get(word)


def split_part(query: str) -> PartQuery | None:
    """``"범죄도시4"`` → (범죄도시, 4); None when the query names no part (a number of its own
    such as "2012" or "Blade Runner 2049", or no number at all)."""
    text = " ".join(query.split())
    found = _PART.match(text)
    if not found:
        return None
    base, raw = found.group("base").strip(" :-"), found.group("number")
    number = _number(raw)
    named = bool(found.group("word") or found.group("counter"))  # "듄 파트2", "신과함께 2편"
    if number is None or not 2 <= number <= MAX_PART or not any(c.isalpha() for c in base):
        return None
    if len(compact(base)) < 2 and not named:
        return None
    if raw.casefold() in _ROMAN and raw.isalpha() and not raw.isupper() and not _spaced(text, raw):
        return None  # "Rocky" is not "Rock" + "y"…; a Roman numeral must stand apart
    return PartQuery(base, number)


def _spaced(text: str, raw: str) -> bool:
    return text.endswith(f" {raw}")


_SEPARATORS = frozenset(" :-–·.,(")
_LEAD = re.compile(rf"^(?:part|chapter|파트)?\s*({_NUMBER})(?:편|부)?(?=$|[\s:.,)])", re.IGNORECASE)


def starts_series(title: str, base: str) -> int | None:
    """How a title continues after ``base`` (spacing and punctuation ignored): 1 when it is the
    base itself, the number right after it ("범죄도시4", "듄: 파트2", "Dune: Part Two"), 0 for
    a subtitle ("아바타: 물의 길"); None when it does not start with the base as a whole name
    ("아바타르" does not continue "아바타")."""
    key, text = compact(base), title.casefold()
    consumed, position = 0, 0
    while position < len(text) and consumed < len(key):
        piece = compact(text[position])
        if piece:
            if key[consumed : consumed + len(piece)] != piece:
                return None
            consumed += len(piece)
        position += 1
    if consumed < len(key):
        return None
    rest = text[position:]
    stripped = rest.strip(" :-–·.,!?'\"")
    if not stripped:
        return 1
    if not (rest[0] in _SEPARATORS or rest[0].isdigit() or rest[0] in _UNICODE_ROMAN):
        return None
    lead = _LEAD.match(stripped)
    if lead:
        number = _number(lead.group(1))
        if number is not None and 2 <= number <= MAX_PART:
            return number
    return 0


def _known(movie: Movie) -> bool:
    """Well known, or a release after the last admissions the data has (every such film the
    catalogue holds was in a KOBIS chart)."""
    recent = movie.kr_release is not None and movie.kr_release >= FIGURES_END
    return movie.known_by >= MIN_KNOWN_BY or movie.kr_audience >= MIN_AUDIENCE or recent


def series_parts(
    base: str,
    candidates: Iterable[Movie],
    people_of: Callable[[Movie], frozenset[int]],
) -> list[tuple[int, Movie]]:
    """(part, film) for the series named ``base`` among ``candidates``, in part order."""
    korean = has_hangul(base)
    members: list[tuple[int, Movie]] = []
    for movie in candidates:
        title = (movie.title_ko or "") if korean else movie.title
        if not title or not _known(movie):
            continue
        explicit = starts_series(title, base)
        if explicit is not None and not any(m.movie_id == movie.movie_id for _, m in members):
            members.append((explicit, movie))
    if len(members) < 2:
        return []
    people = {m.movie_id: people_of(m) for _, m in members}
    linked = [(n, m) for n, m in members
              if any(people[m.movie_id] & people[o.movie_id] for _, o in members if o is not m)
              or not people[m.movie_id]]  # fmt: skip
    if len(linked) < 2:
        return []
    linked.sort(key=lambda item: (item[1].year or 0, item[1].kr_release or date.min,
                                  item[1].movie_id))  # fmt: skip
    parts: list[tuple[int, Movie]] = []
    for place, (explicit, movie) in enumerate(linked, start=1):
        parts.append((explicit if explicit >= 2 else place, movie))
    return sorted(parts, key=lambda item: item[0])
