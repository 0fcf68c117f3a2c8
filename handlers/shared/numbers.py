"""Numbers, counts and dates written the way each language writes them.

Korean counts go by 만 (10⁴) and 억 (10⁸), not by thousands: 17,613,682 people are
"1,761만 3,682명", and a forecast of about 1.29 million is "약 129만 명". English keeps
thousands separators and "k"/"million" for rounded figures. Dates are "2027년 1월 15일" in
Korean and "15 January 2027" in English.
"""

from __future__ import annotations

import math
from datetime import date

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def round_significant(value: float, digits: int = 3) -> int:
    """``value`` rounded to ``digits`` significant digits (1,287,441 → 1,290,000)."""
    if value <= 0:
        return 0
    scale = 10 ** max(0, math.floor(math.log10(value)) - digits + 1)
    return int(round(value / scale) * scale)


def korean_count(value: int) -> str:
    """An exact count in 억/만 units: 17613682 → "1,761만 3,682", 120000000 → "1억 2,000만"."""
    if value < 0:
        return "-" + korean_count(-value)
    if value == 0:
        return "0"
    parts = []
    eok, rest = divmod(value, 100_000_000)
    man, one = divmod(rest, 10_000)
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    if one:
        parts.append(f"{one:,}")
    return " ".join(parts)


def korean_approx(value: float, digits: int = 3) -> str:
    """A rounded count: 1,287,441 → "129만", 38,420 → "3만 8,400", 8,712 → "8,710"."""
    return korean_count(round_significant(value, digits))


def english_approx(value: float, digits: int = 3) -> str:
    """A rounded count in English: 1,287,441 → "1.29 million", 38,420 → "38,400"."""
    rounded = round_significant(value, digits)
    if rounded >= 1_000_000:
        return f"{rounded / 1_000_000:.3g} million"
    return f"{rounded:,}"


def _with_myeong(count: str) -> str:
    """명 after a Korean count: spaced after a unit word ("129만 명"), not after digits."""
    return f"{count} 명" if count.endswith(("만", "억")) else f"{count}명"


def people(value: int, language: str) -> str:
    """An exact number of people: "1,761만 3,682명" / "17,613,682 people"."""
    if language == "ko":
        return _with_myeong(korean_count(value))
    return f"{value:,} {'person' if value == 1 else 'people'}"


def approx_people(value: float, language: str) -> str:
    """A forecast: "약 129만 명" / "about 1.29 million people"."""
    if language == "ko":
        return "약 " + _with_myeong(korean_approx(value))
    return f"about {english_approx(value)} people"


def people_range(low: float, high: float, language: str) -> str:
    """A forecast range: "24만~712만 명" / "240,000–7.12 million"."""
    if language == "ko":
        return f"{korean_approx(low)}~" + _with_myeong(korean_approx(high))
    return f"{english_approx(low)}–{english_approx(high)}"


def long_date(day: date, language: str) -> str:
    """"2027년 1월 15일" / "15 January 2027"."""
    if language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def month_year(year: int, month: int, language: str) -> str:
    """"2023년 5월" / "May 2023"."""
    if language == "ko":
        return f"{year}년 {month}월"
    return f"{_MONTHS_EN[month - 1]} {year}"


def age(value: int, language: str) -> str:
    """"28세" / "28"."""
    return f"{value}세" if language == "ko" else str(value)


def month_name(month: int, language: str) -> str:
    """"7월" / "July"."""
    return f"{month}월" if language == "ko" else _MONTHS_EN[month - 1]
