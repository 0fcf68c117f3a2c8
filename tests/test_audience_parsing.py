"""Release-date and screen-count parsing for the audience flow — as people type them in Korean
("다음 달 15일", "1200개 정도", "천이백 개") — every bad input included."""

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
        ("다음 달 15일", date(2024, 7, 15)),
        ("다음달 15일이요", date(2024, 7, 15)),
        ("개봉은 다음 달 15일쯤", date(2024, 7, 15)),
        ("이번 달 말", date(2024, 6, 30)),
        ("다다음 달 초", date(2024, 8, 5)),
        ("내년 3월 1일", date(2025, 3, 1)),
        ("올해 9월 중순", date(2024, 9, 15)),
        ("3월 말", date(2025, 3, 31)),
        ("20일", date(2024, 6, 20)),
        ("10일", date(2024, 7, 10)),  # already past this month → next month
        ("다음 주 수요일", date(2024, 6, 19)),  # 2024-06-15 is a Saturday
        ("2027년 1월 15일 개봉", date(2027, 1, 15)),
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
        ("2007-12-31", "too_early"),  # screen counts start in 2008
        ("1999.1.1", "too_early"),
        ("다음 주쯤", "format"),
        ("다음 달 32일", "impossible"),
        ("쯤", "format"),
        ("2030-01-01", "too_late"),
    ],
)
def test_refused_dates(text: str, reason: str) -> None:
    with pytest.raises(InvalidReleaseDate) as caught:
        parse_release_date(text, TODAY)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200", 1200),
        ("1,200", 1200),
        ("1200개", 1200),
        ("1 200 screens", 1200),
        ("51관", 51),
        ("1200개 정도", 1200),
        ("약 1,200개", 1200),
        ("1,200여 개", 1200),
        ("천이백 개", 1200),
        ("1천2백", 1200),
        ("2천", 2000),
        ("천 개", 1000),
        ("스크린 800개요", 800),
        ("800개쯤", 800),
    ],
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
        ("많이", "not_a_number"),
        ("0", "not_positive"),
        ("50", "below_population"),
        ("1", "below_population"),
        ("서른 개", "below_population"),
        ("-5", "not_positive"),
        (str(MAX_SCREENS + 1), "too_many"),
        ("100000", "too_many"),
    ],
)
def test_refused_screens(text: str, reason: str) -> None:
    with pytest.raises(InvalidScreens) as caught:
        parse_screens(text)
    assert caught.value.reason == reason
