"""Release-date and screen-count parsing for the audience flow, every bad input included."""

from __future__ import annotations

from datetime import date

import pytest

from inference.audience import InvalidReleaseDate, InvalidScreens, parse_release_date, parse_screens
from inference.audience.parsing import MAX_SCREENS

TODAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-31", date(2023, 5, 31)),
        ("2023.5.31", date(2023, 5, 31)),
        ("2023. 5. 31.", date(2023, 5, 31)),
        ("2023/5/31", date(2023, 5, 31)),
        ("2023년 5월 31일", date(2023, 5, 31)),
        ("2023년5월31일", date(2023, 5, 31)),
        ("20230531", date(2023, 5, 31)),
        ("  2025-01-02 ", date(2025, 1, 2)),
        ("7/31", date(2024, 7, 31)),  # later this year
        ("5/31", date(2025, 5, 31)),  # already past this year → next year
        ("6/15", date(2024, 6, 15)),  # today counts
        ("12월 25일", date(2024, 12, 25)),
    ],
)
def test_accepted_dates(text: str, expected: date) -> None:
    assert parse_release_date(text, TODAY) == expected


def test_month_day_feb_29_waits_for_a_leap_year() -> None:
    assert parse_release_date("2/29", date(2027, 3, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("2023-02-30", "impossible"),
        ("2023-13-01", "impossible"),
        ("2023년 4월 31일", "impossible"),
        ("13/01", "impossible"),
        ("2/30", "impossible"),
        ("next friday", "format"),
        ("2023-05", "format"),
        ("31/05/2023", "format"),
        ("2002-12-31", "too_early"),
        ("1999.1.1", "too_early"),
        ("2030-01-01", "too_late"),
    ],
)
def test_refused_dates(text: str, reason: str) -> None:
    with pytest.raises(InvalidReleaseDate) as caught:
        parse_release_date(text, TODAY)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1200", 1200), ("1,200", 1200), ("1200개", 1200), ("1 200 screens", 1200), ("51관", 51)],
)
def test_accepted_screens(text: str, expected: int) -> None:
    assert parse_screens(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("many", "not_a_number"),
        ("12.5", "not_a_number"),
        ("천개", "not_a_number"),
        ("0", "not_positive"),
        ("-5", "not_positive"),
        (str(MAX_SCREENS + 1), "too_many"),
        ("100000", "too_many"),
    ],
)
def test_refused_screens(text: str, reason: str) -> None:
    with pytest.raises(InvalidScreens) as caught:
        parse_screens(text)
    assert caught.value.reason == reason
