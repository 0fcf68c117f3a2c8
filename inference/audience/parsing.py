"""Pure parsers for what a user types: a release date and a screen count.

Each failure raises an exception whose ``reason`` key the bot turns into a reply (errors.py).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from inference.audience.errors import InvalidReleaseDate, InvalidScreens
from inference.audience.features import EARLIEST_RELEASE

#: The widest release in the KOBIS list is 2,948 screens (2021), about all of Korea's ~3,000;
#: anything above this is a typo, not a release.
MAX_SCREENS = 3_500
MAX_AHEAD = timedelta(days=3 * 366)  # further ahead than ~3 years is not a plan the data knows

_FULL = (
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?$"),
    re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_DAY = (
    re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*\.?$"),
    re.compile(r"^(\d{1,2})\s*월\s*(\d{1,2})\s*일?$"),
)
_SCREEN_WORDS = re.compile(r"(개|관|스크린|screens?)$", re.IGNORECASE)


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise InvalidReleaseDate("impossible", text) from error


def _next(month: int, day: int, today: date, text: str) -> date:
    """The first month/day on or after ``today`` (Feb 29 waits for a leap year)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise InvalidReleaseDate("impossible", text)
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise InvalidReleaseDate("impossible", text)


def parse_release_date(text: str, today: date) -> date:
    """ "2023-05-31", "2023.5.31", "2023/5/31", "2023년 5월 31일", "20230531", "5/31", "5월 31일".

    A month/day without a year is the next such date from ``today``. Dates before 2003 (the
    data's start) or more than ~3 years after ``today`` are refused.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidReleaseDate("empty")
    parsed: date | None = None
    for pattern in _FULL:
        if m := pattern.match(cleaned):
            parsed = _make(int(m[1]), int(m[2]), int(m[3]), cleaned)
            break
    else:
        for pattern in _MONTH_DAY:
            if m := pattern.match(cleaned):
                parsed = _next(int(m[1]), int(m[2]), today, cleaned)
                break
    if parsed is None:
        raise InvalidReleaseDate("format", cleaned)
    if parsed < EARLIEST_RELEASE:
        raise InvalidReleaseDate("too_early", cleaned)
    if parsed > today + MAX_AHEAD:
        raise InvalidReleaseDate("too_late", cleaned)
    return parsed


def check_screens(screens: int) -> int:
    """``screens`` if 1 ≤ screens ≤ MAX_SCREENS, else InvalidScreens."""
    if screens <= 0:
        raise InvalidScreens("not_positive", str(screens))
    if screens > MAX_SCREENS:
        raise InvalidScreens("too_many", str(screens))
    return screens


def parse_screens(text: str) -> int:
    """ "1200", "1,200", "1200개", "1 200 screens" → 1200; see ``check_screens`` for limits."""
    cleaned = re.sub(r"[\s,]", "", text)
    if not cleaned:
        raise InvalidScreens("empty")
    cleaned = _SCREEN_WORDS.sub("", cleaned)
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise InvalidScreens("not_a_number", text.strip())
    return check_screens(int(cleaned))
