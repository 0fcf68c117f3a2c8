"""Importing a user's film history from another service (Letterboxd, IMDb, Netflix).

A file the user sends — a Letterboxd export (its ZIP or one of its CSVs), an IMDb ratings or
watchlist CSV, a Netflix viewing-activity CSV — is read into rows (``formats``, ``archive``,
``reader``), and the rows are matched to catalogue films with a reason for every row that is
not (``matching``). Pure Python: no Telegram, no SQL; the handler stores the plan in one
transaction (``storage.Repository.import_history``).
"""

from inference.recommender.history.matching import ImportPlan, Unmatched, match_history
from inference.recommender.history.reader import read_upload
from inference.recommender.history.rows import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    MAX_ZIP_BYTES,
    HistoryRow,
    InvalidHistory,
    ParsedHistory,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_ROWS",
    "MAX_ZIP_BYTES",
    "HistoryRow",
    "ImportPlan",
    "InvalidHistory",
    "ParsedHistory",
    "Unmatched",
    "match_history",
    "read_upload",
]
