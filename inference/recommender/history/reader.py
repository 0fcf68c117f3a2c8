"""One upload → its rows: a ZIP is read as a Letterboxd export, anything else as one CSV."""

from __future__ import annotations

from inference.recommender.history.archive import is_zip, read_letterboxd_zip
from inference.recommender.history.formats import LETTERBOXD_FILES, parse_csv
from inference.recommender.history.rows import (
    LETTERBOXD,
    MAX_CSV_BYTES,
    MAX_ZIP_BYTES,
    HistoryRow,
    InvalidHistory,
    ParsedHistory,
)


def read_upload(data: bytes, file_name: str) -> ParsedHistory:
    """The rows of an uploaded file. What it is comes from its bytes (a ZIP, or a CSV whose
    header names its service), not from its name; InvalidHistory says why it cannot be read."""
    if is_zip(data):
        if len(data) > MAX_ZIP_BYTES:
            raise InvalidHistory("too_large")
        parsed = _read_zip(data)
    elif len(data) > MAX_CSV_BYTES:
        raise InvalidHistory("too_large")
    else:
        parsed = parse_csv(data, file_name)
    if not parsed.rows:
        raise InvalidHistory("no_rows")
    return parsed


def _read_zip(data: bytes) -> ParsedHistory:
    rows: list[HistoryRow] = []
    files: list[str] = []
    for name, content in read_letterboxd_zip(data).items():
        try:
            parsed = parse_csv(content, name, letterboxd_kind=LETTERBOXD_FILES[name])
        except InvalidHistory as error:
            if error.key == "empty":  # a zero-byte member says nothing: the others count
                continue
            raise
        if parsed.source != LETTERBOXD:
            raise InvalidHistory("unknown_format")
        rows.extend(parsed.rows)
        files.append(name)
    return ParsedHistory(LETTERBOXD, tuple(rows), tuple(files))
