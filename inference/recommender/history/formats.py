"""Reading one CSV of film history: its encoding, which service wrote it, and its rows.

The format is told by the header, never by the file name: Letterboxd's CSVs have a
``Letterboxd URI`` column, IMDb's a ``Const`` column (``tt1234567``), Netflix's viewing
activity is ``Title,Date`` (``제목,날짜`` in some Korean exports). Headers are compared without
case, dots or extra spaces, so older IMDb exports (``You rated``, ``Title type``) read too.
Only a Letterboxd CSV without ratings needs its name: ``watched.csv`` and ``watchlist.csv``
have the same columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date

from inference.recommender.history.rows import (
    BAD_ROW,
    IMDB,
    LETTERBOXD,
    MAX_ROWS,
    NETFLIX,
    NOT_FILM,
    RATED,
    SERIES,
    WATCHED,
    WATCHLIST,
    HistoryRow,
    InvalidHistory,
    ParsedHistory,
)

FIRST_YEAR = 1874  # the oldest film on record
MAX_FIELD_CHARS = 10_000  # a longer cell is not a history file (csv's own limit is 128 k)
# Text that is mostly letters: a binary file decoded by luck has many control characters.
MAX_CONTROL_SHARE = 0.01

# Letterboxd's CSVs (in its ZIP or alone) and what each row of them says.
LETTERBOXD_FILES = {
    "ratings.csv": "ratings",
    "watched.csv": "watched",
    "watchlist.csv": "watchlist",
    "diary.csv": "diary",
    "reviews.csv": "reviews",
    "likes/films.csv": "likes",
}

# IMDb title types (new exports: movie, tvSeries…; older ones: Feature Film, TV Series…),
# spaces, dashes and case dropped. Films are imported; series and episodes are said to be so.
IMDB_FILMS = frozenset(
    {"movie", "tvmovie", "short", "tvshort", "video", "featurefilm", "shortfilm",
     "documentary", ""}
)  # fmt: skip
IMDB_SERIES = frozenset(
    {"tvseries", "tvminiseries", "tvepisode", "episode", "series", "miniseries"}
)  # fmt: skip

# A Netflix title that names a season, an episode or a limited series is a series episode.
SERIES_MARKERS = re.compile(
    r":\s*(season|series|limited series)\b|\bseason\s+\d+|:\s*episode\s+\d+"
    r"|:\s*(part|book|volume|chapter)\s+\w+\s*:"
    r"|:\s*시즌|시즌\s*\d+|:\s*에피소드\s*\d+|리미티드\s*시리즈|:\s*파트\s*\d+\s*:"
    r"|(^|[:\s])제?\s*\d+\s*화(\s|$|:)",
    re.IGNORECASE,
)


def decode(data: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode
    text"), else CP949 (EUC-KR and its extension, what Korean Windows and older Korean
    exports write). Refuses empty files and bytes that are not text."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InvalidHistory("empty")
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    else:
        text = _decode(data, "utf-8") or _decode(data, "cp949")
    if text is None or "\x00" in text:
        raise InvalidHistory("not_text")
    control = sum(1 for c in text if c < " " and c not in "\t\r\n")
    if control > MAX_CONTROL_SHARE * len(text):
        raise InvalidHistory("not_text")
    return text.lstrip("\ufeff")


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def header_key(name: str) -> str:
    """A header cell compared without case, dots, underscores, BOM or extra spaces."""
    cleaned = name.replace("\ufeff", "").replace(".", "").replace("_", " ").lower()
    return " ".join(cleaned.split())


def _delimiter(first_line: str) -> str:
    """Comma, unless the header is clearly separated by semicolons or tabs (a CSV re-saved by
    a spreadsheet in another locale)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _table(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The normalised header and ``(line, cells)`` of every non-blank row after it."""
    first_line = text.split("\n", 1)[0]
    # strict: a quote left open or stray quotes are a broken file, not a row with odd cells
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InvalidHistory("malformed") from error
    if header is None or not any(cell.strip() for cell in header):
        raise InvalidHistory("empty")
    if any(len(cell) > MAX_FIELD_CHARS for cell in header):
        raise InvalidHistory("malformed")

    def rows() -> Iterator[tuple[int, list[str]]]:
        count = 0
        try:
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise InvalidHistory("too_many_rows", limit=MAX_ROWS)
                if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
                    raise InvalidHistory("malformed")
                yield reader.line_num, cells
        except csv.Error as error:
            raise InvalidHistory("malformed") from error

    return [header_key(cell) for cell in header], rows()


def detect(header: list[str]) -> str | None:
    """Which service wrote a CSV with this (normalised) header, None when none did."""
    columns = set(header)
    if "letterboxd uri" in columns and "name" in columns:
        return LETTERBOXD
    if "const" in columns:
        return IMDB
    named = [h for h in header if h]
    if named in (["title", "date"], ["제목", "날짜"]):
        return NETFLIX
    return None


def parse_csv(data: bytes, file_name: str, *, letterboxd_kind: str | None = None) -> ParsedHistory:
    """Every row of one CSV. ``letterboxd_kind`` is which Letterboxd file it is (ratings,
    watched, watchlist, diary, reviews, likes) when a ZIP says so; alone, its name does."""
    header, rows = _table(decode(data))
    source = detect(header)
    if source is None:
        raise InvalidHistory("unknown_format")
    if source == LETTERBOXD:
        kind = letterboxd_kind or _letterboxd_kind(file_name, header)
        parsed = _letterboxd(header, rows, kind, file_name)
    elif source == IMDB:
        parsed = _imdb(header, rows, file_name)
    else:
        parsed = _netflix(rows, file_name)
    return ParsedHistory(source, tuple(parsed), (file_name,))


def _letterboxd_kind(file_name: str, header: list[str]) -> str:
    """Which Letterboxd file a CSV sent alone is: by its name, since watched.csv and
    watchlist.csv share their columns; a renamed file without ratings is refused rather than
    guessed (a watchlist taken for watched films would hide them from every list)."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for word, kind in (("watchlist", "watchlist"), ("watched", "watched"), ("rating", "ratings"),
                       ("diary", "diary"), ("review", "reviews"), ("like", "likes")):  # fmt: skip
        if word in name:
            return kind
    if "rating" in header:
        return "ratings"
    raise InvalidHistory("letterboxd_which")


def _column(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _year(text: str) -> int | None:
    """A release year, or ValueError for a cell that is not one (empty → None)."""
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(text)
    year = int(text)
    if not FIRST_YEAR <= year <= date.today().year + 5:
        raise ValueError(text)
    return year


def _stars(text: str) -> float | None:
    """Letterboxd's 0.5–5 stars in halves, on the 1–10 scale (ValueError otherwise)."""
    if not text:
        return None
    stars = float(text)
    if not 0.5 <= stars <= 5 or (stars * 2) != int(stars * 2):
        raise ValueError(text)
    return stars * 2


def _score(text: str) -> float | None:
    """IMDb's 1–10 (ValueError otherwise)."""
    if not text:
        return None
    score = float(text)
    if not 1 <= score <= 10 or score != int(score):
        raise ValueError(text)
    return score


def _guarded(
    build: Callable[[int, list[str]], HistoryRow],
    bad: Callable[[int, list[str]], HistoryRow],
) -> Callable[[int, list[str]], HistoryRow]:
    """A row builder that turns a cell it cannot read into a bad row, never an error."""

    def read(line: int, cells: list[str]) -> HistoryRow:
        try:
            return build(line, cells)
        except (ValueError, OverflowError):
            return bad(line, cells)

    return read


def _letterboxd(
    header: list[str], rows: Iterator[tuple[int, list[str]]], kind: str, file_name: str
) -> list[HistoryRow]:
    name, year, rating = (_column(header, c) for c in ("name", "year", "rating"))

    needed = max(i for i in (name, year, rating) if i is not None)

    def build(line: int, cells: list[str]) -> HistoryRow:
        title = _cell(cells, name)
        if not title or len(cells) <= needed:
            raise ValueError("no title, or cells missing")
        stars = _stars(_cell(cells, rating))
        what = WATCHLIST if kind == "watchlist" else RATED if stars is not None else WATCHED
        return HistoryRow(LETTERBOXD, what, title, line, _year(_cell(cells, year)),
                          rating=stars, file=file_name)  # fmt: skip

    def bad(line: int, cells: list[str]) -> HistoryRow:
        return HistoryRow(LETTERBOXD, WATCHED, _cell(cells, name), line, file=file_name,
                          problem=BAD_ROW)  # fmt: skip

    read = _guarded(build, bad)
    return [read(line, cells) for line, cells in rows]


def _imdb(
    header: list[str], rows: Iterator[tuple[int, list[str]]], file_name: str
) -> list[HistoryRow]:
    const = _column(header, "const")
    rating = _column(header, "your rating", "you rated")
    title = _column(header, "title")
    original = _column(header, "original title")
    kind = _column(header, "title type")
    year = _column(header, "year")
    # A list export (the watchlist: "Position, Const, Created…"), or a file without ratings:
    # its unrated rows are films to watch; in a ratings export an unrated row is broken.
    is_list = rating is None or "position" in header

    def build(line: int, cells: list[str]) -> HistoryRow:
        imdb_id = _cell(cells, const).lower() or None
        name = _cell(cells, title) or _cell(cells, original)
        if imdb_id is not None and not re.fullmatch(r"tt\d{7,10}", imdb_id):
            imdb_id = None
        if imdb_id is None and not name:
            raise ValueError("neither an IMDb id nor a title")
        score = _score(_cell(cells, rating))
        if score is None and not is_list:
            raise ValueError("a ratings row without a rating")
        type_key = re.sub(r"[\s\-_]", "", _cell(cells, kind).lower())
        problem = None
        if type_key in IMDB_SERIES:
            problem = SERIES
        elif type_key not in IMDB_FILMS:
            problem = NOT_FILM
        return HistoryRow(
            IMDB,
            RATED if score is not None else WATCHLIST,
            name or imdb_id or "",
            line,
            _year(_cell(cells, year)),
            imdb_id=imdb_id,
            rating=score,
            original_title=_cell(cells, original) or None,
            file=file_name,
            problem=problem,
        )

    def bad(line: int, cells: list[str]) -> HistoryRow:
        name = _cell(cells, title) or _cell(cells, const)
        return HistoryRow(IMDB, WATCHED, name, line, file=file_name, problem=BAD_ROW)

    read = _guarded(build, bad)
    return [read(line, cells) for line, cells in rows]


def is_series_title(title: str) -> bool:
    """Whether a Netflix title names a season, an episode or a limited series."""
    return SERIES_MARKERS.search(title) is not None


def _netflix(rows: Iterator[tuple[int, list[str]]], file_name: str) -> list[HistoryRow]:
    found = []
    for line, cells in rows:
        title = _cell(cells, 0)
        problem = None
        if not title:
            problem = BAD_ROW
        elif is_series_title(title):
            problem = SERIES
        found.append(HistoryRow(NETFLIX, WATCHED, title, line, file=file_name, problem=problem))
    return found
