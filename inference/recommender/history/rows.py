"""What a history file comes to before matching: rows, the limits, and the refusal.

Every service's rating is kept on one 1–10 scale (Letterboxd's 0.5–5 stars doubled), so one
rule decides favourites and dislikes for all of them: 8 and above (Letterboxd ★★★★, IMDb 8)
is a favourite, 4 and below (★★, IMDb 4) a dislike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Limits on what one upload may be (checked on Telegram's file_size before downloading, and
# again on the bytes): a Letterboxd export of 5,000 films is well under 1 MB zipped.
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000  # rows per CSV (each CSV of a ZIP on its own)

FAVOURITE_RATING = 8.0  # on the 1–10 scale: Letterboxd ≥ 4 stars, IMDb ≥ 8
DISLIKE_RATING = 4.0  # Letterboxd ≤ 2 stars, IMDb ≤ 4

# What a row says about its film.
RATED, WATCHED, WATCHLIST = "rated", "watched", "watchlist"

# Why a row is not imported (``Unmatched.reason``): the handler's texts are keyed by these.
NOT_FOUND, SERIES, AMBIGUOUS, NO_YEAR_MATCH, BAD_ROW, NOT_FILM = (
    "not_found", "series", "ambiguous", "no_year_match", "bad_row", "not_film",
)  # fmt: skip
REASONS = (NOT_FOUND, NO_YEAR_MATCH, AMBIGUOUS, SERIES, NOT_FILM, BAD_ROW)

# The formats (``ParsedHistory.source``).
LETTERBOXD, IMDB, NETFLIX = "letterboxd", "imdb", "netflix"


class InvalidHistory(ValueError):
    """A file that cannot be imported; ``key`` names the message the user gets (``history.``
    + key), ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One row of a history file, as the service wrote it.

    ``rating`` is on the 1–10 scale (None: not rated); ``problem`` is set for a row that is
    not a film to look up (a series episode, a bad row) and says why.
    """

    source: str  # letterboxd, imdb, netflix
    kind: str  # rated, watched, watchlist
    title: str
    line: int  # the row's line in its file (the header is line 1)
    year: int | None = None
    imdb_id: str | None = None
    rating: float | None = None
    original_title: str | None = None
    file: str = ""  # the CSV it came from (a ZIP holds several)
    problem: str | None = None  # series, not_film, bad_row


@dataclass(frozen=True, slots=True)
class ParsedHistory:
    """Every row of an upload and the format it was read as."""

    source: str
    rows: tuple[HistoryRow, ...]
    files: tuple[str, ...] = field(default=())  # the CSVs read (a ZIP's members)
