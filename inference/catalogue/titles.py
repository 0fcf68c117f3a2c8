"""Film-title parsing and normalisation: the one definition shared by the build and the search.

The catalogue build joins OTT title lists to MovieLens on ``normalize_title(title)|year`` and the
title search compares normalised queries against normalised titles, so both must use exactly the
same rules; keeping them here (pure stdlib, no data) makes that impossible to get out of step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jamo import h2j, j2hcj
from korean_romanizer.romanizer import Romanizer

# Articles MovieLens moves to the end ("Matrix, The", "Haine, La"); they go back to the front
# for display. English ones are also dropped when comparing, as in ../shared/data/ott/SOURCE.md.
_TRAILING_ARTICLES = frozenset(
    {"The", "A", "An", "Les", "La", "Le", "L'", "Il", "Das", "Der", "Die", "El", "Los", "Las"}
)
# "teh"/"hte" are the usual typos of "the"; no title starts with them.
_LEADING_ENGLISH_ARTICLES = frozenset({"the", "a", "an", "teh", "hte"})
# Sequel numbers are written both ways ("Part II", "Part 2"). "i", "v" and "x" stay words
# ("I, Robot", "V for Vendetta", "Malcolm X").
_ROMAN_NUMERALS = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
# Letters NFKD does not decompose but every reader would spell with plain ASCII.
_LATIN_FOLDS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"})
_YEAR_SUFFIX = re.compile(r"\s*\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)\s*$")
_PARENTHESISED_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")
_NON_WORD = re.compile(r"[\W_]+")
_AKA = re.compile(r"^(?:a\.k\.a\.|aka)\s+", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# ASCII and precomposed Hangul syllables only: NFKD splits a syllable into conjoining letters
# (none of them a combining mark) and NFC puts it back, so the slow pass would change nothing.
_ASCII_AND_SYLLABLES = re.compile(r"[\x00-\x7f\uac00-\ud7a3]*")


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    """A MovieLens title split into the display form, alternate titles and year."""

    display: str
    aliases: tuple[str, ...]
    year: int | None


def article_to_front(title: str) -> str:
    """``"Matrix, The"`` → ``"The Matrix"``; titles without a trailing article are unchanged."""
    head, sep, tail = title.rpartition(", ")
    if not sep or tail not in _TRAILING_ARTICLES:
        return title
    return f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}"


def parse_movielens_title(raw: str) -> ParsedTitle:
    """Split ``"City of Lost Children, The (Cité des enfants perdus, La) (1995)"``.

    MovieLens appends the year and puts original or a.k.a. titles in parentheses; the first
    becomes the display title and the others aliases the search also knows.
    """
    text = raw.strip()
    year: int | None = None
    year_match = _YEAR_SUFFIX.search(text)
    if year_match:
        year = int(year_match.group(1))
        text = text[: year_match.start()]
    aliases: list[str] = []
    while (alias_match := _PARENTHESISED_SUFFIX.search(text)) and alias_match.start() > 0:
        alias = _AKA.sub("", alias_match.group(1).strip())
        if alias:
            aliases.insert(0, article_to_front(alias))
        text = text[: alias_match.start()]
    return ParsedTitle(article_to_front(text.strip()), tuple(aliases), year)


def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse spaces; keeps Hangul and other scripts.

    NFKD then dropping combining marks turns "Amélie" into "amelie"; NFC afterwards recomposes
    Hangul jamo so Korean text survives intact.
    """
    folded = text.casefold()
    # Most titles are ASCII, most others plain Korean: both skip the slow per-character pass.
    if not folded.isascii() and not _ASCII_AND_SYLLABLES.fullmatch(folded):
        decomposed = unicodedata.normalize("NFKD", folded)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", stripped).translate(_LATIN_FOLDS)
    return _NON_WORD.sub(" ", folded.replace("&", " and ")).strip()


def normalize_title(title: str) -> str:
    """The comparison key of a title: folded, leading English article removed, numerals unified.

    ``"The Matrix"``, ``"Matrix, The"`` and ``"matrix"`` all give ``"matrix"``; ``"Godfather:
    Part II"`` gives ``"godfather part 2"``. A title that is only an article ("A") keeps it so
    it does not become empty.
    """
    words = [_ROMAN_NUMERALS.get(w, w) for w in fold(article_to_front(title.strip())).split()]
    if len(words) > 1 and words[0] in _LEADING_ENGLISH_ARTICLES:
        words = words[1:]
    return " ".join(words)


def join_key(title: str, year: int | None) -> str | None:
    """``norm_title|year``, the exact key the build joins OTT lists on (None without a year)."""
    if year is None:
        return None
    norm = normalize_title(title)
    return f"{norm}|{year}" if norm else None


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable or letter: such a query is compared with the
    Korean titles, anything else with the English and original ones."""
    return _HANGUL.search(text) is not None


def compact(title: str) -> str:
    """``fold`` without spaces: Korean spacing varies ("살인의 추억", "살인의추억", "스타워즈
    에피소드 5: 제국의 역습" vs "…5 - 제국의 역습"), so Korean titles are compared without it.
    The build joins KOBIS to the Korean titles on this key."""
    return fold(title).replace(" ", "")


def to_jamo(text: str) -> str:
    """Hangul syllables decomposed into their letters ("올드보이" → "ㅇㅗㄹㄷㅡㅂㅗㅇㅣ").

    A Hangul typo usually changes one letter of one syllable ("올드보히"), which is a whole
    different character to a string matcher but one letter of ten here; other characters pass
    through unchanged.
    """
    return str(j2hcj(h2j(text)))


def korean_key(title: str) -> str:
    """The comparison key of a Korean title: spaces and punctuation dropped, letters decomposed."""
    return to_jamo(compact(title))


def romanise(text: str) -> str:
    """Revised Romanization of the Hangul in ``text`` (other characters kept), capitalised
    like a title: the English-mode name of a film known only by its Korean title."""
    try:
        roman = str(Romanizer(text).romanize())
    except Exception:  # the romanizer fails on a few odd characters; keep the original then
        return text
    return roman[:1].upper() + roman[1:]
