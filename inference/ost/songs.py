"""Song names: the one normalisation the song-table build and the lookup share.

A song is known by its *main name* — the title without what follows it on a release ("(feat.
…)", "[Remix]", " - Remastered 2011", " - Love Theme from “Titanic”") — and its first artist;
the build merges the tables' copies of one song on that pair, and the index compares typed
queries with the same folded names. Korean releases often carry both scripts ("행복
(Happiness)", "I'm Busy (난 바빠)", "투명 우산 Don’t Let Me Go"): each script's part is a
name of the song too.
"""

from __future__ import annotations

import re

from inference.catalogue.titles import fold, has_hangul

# Bracketed parts anywhere, and a " - …" suffix (a version, a remaster, a film credit).
_BRACKETS = re.compile(r"\s*[(\[（【][^)\]）】]*[)\]）】]")
_SUFFIX = re.compile(r"\s+[-–—]\s+.*$")
_OPEN_BRACKET = re.compile(r"\s*[(\[（【].*$")
# Artists joined in one credit: "A, B", "A & B", "A feat. B", "A x B", "A with B", "A / B".
_ARTIST_JOIN = re.compile(
    r"\s*(?:,|;|\s/\s|\s&\s|\s(?:feat\.?|ft\.?|featuring|with|x|and|vs\.?)\s)\s*", re.IGNORECASE
)
_FEATURING = re.compile(r"^(?:feat|ft|featuring|with|prod)\b", re.IGNORECASE)
_HANGUL_RUN = re.compile(
    r"(?:\d+\s*)?[\uac00-\ud7a3\u3131-\u318e][\uac00-\ud7a3\u3131-\u318e\s\d!?.,~]*"
)
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9\s'’!?.,&-]*")


def main_title(title: str) -> str:
    """The song's own name: "Dynamite (Acoustic Remix)" → "Dynamite"; "(I Can't Get No)
    Satisfaction" → "Satisfaction"; the whole title when nothing would be left."""
    text = title
    while (inner := _BRACKETS.sub("", text)) != text:  # nested: "(어쩌란 말이냐 (GD))"
        text = inner
    text = _OPEN_BRACKET.sub("", _SUFFIX.sub("", text)).strip()  # an unclosed "(feat. …"
    return text.strip(" )]）】") or title.strip()


def first_artist(artist: str) -> str:
    """The first name of a credit: "Marvin Gaye, Diana Ross" → "Marvin Gaye"."""
    return _ARTIST_JOIN.split(artist.strip(), maxsplit=1)[0].strip() or artist.strip()


def song_key(title: str, artist: str) -> str:
    """What makes two rows the same song: folded main name and folded first artist."""
    return f"{fold(main_title(title))}|{fold(first_artist(artist))}"


def script_names(title: str) -> list[str]:
    """Other names a bilingual title gives, folded: the Hangul part of "I'm Busy (난 바빠)",
    the Latin part of "행복 (Happiness)", both parts of "Galaxy 우주를 줄게"; [] for a title
    in one script. A bracket that credits someone ("(feat. 박봄)") names no song, and a Latin
    bracket after a Latin title ("Trace (출처) [Scratch By DJ Tukutz]") is a version."""
    if not has_hangul(title):
        return []
    main = main_title(title)
    runs: list[str] = []
    for bracket in _BRACKETS.findall(title):
        inner = bracket.strip(" ()[]（）【】")
        if _FEATURING.match(inner):
            continue
        runs += _HANGUL_RUN.findall(inner)
        if has_hangul(main) and not _LATIN_RUN.fullmatch(main.strip()):
            runs += _LATIN_RUN.findall(_BRACKETS.sub(" ", inner))
    if has_hangul(main):  # "Galaxy 우주를 줄게": each script of the name itself
        runs += _HANGUL_RUN.findall(main) + _LATIN_RUN.findall(main)
    names: list[str] = []
    key = fold(main)
    for run in runs:
        name = fold(run)
        if len(name.replace(" ", "")) >= 2 and name != key and name not in names:
            names.append(name)
    return names
