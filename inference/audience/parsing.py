"""Pure parsers for what a user types: a release date and a screen count, in Korean or English.

Dates: "2023-05-31", "2023.5.31", "2023년 5월 31일", "5/31", "5월 31일", and the way people say
them — "다음 달 15일", "이번 달 말", "내년 3월 1일", "다음 주 수요일", "15일", with "쯤", "이요",
"개봉" around them. Screens: "1200", "1,200개", "1200개 정도", "약 1,200개", "천이백 개",
"1천2백", "2천". Each failure raises an exception whose ``reason`` key the bot turns into a reply
(errors.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from inference.audience.errors import InvalidReleaseDate, InvalidScreens
from inference.audience.features import EARLIEST_RELEASE
from inference.audience.track_record import MIN_SCREENS
from inference.understanding.korean import korean_number

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
# 초 (early), 중순 (mid), 말 (end) of a month, as people plan a release.
_PART_OF_MONTH = {"초": 5, "초순": 5, "중순": 15, "중": 15, "말": -1, "하순": 25, "말일": -1}
_DAY_WORD = r"(?:(\d{1,2})\s*일|(초순|초|중순|중|하순|말일|말))"
_RELATIVE_MONTH = re.compile(rf"^(이번\s*달|이달|다음\s*달|담달|다다음\s*달)\s*{_DAY_WORD}$")
_YEAR_WORD = re.compile(rf"^(올해|금년|내년|다음\s*해|내후년)\s*(\d{{1,2}})\s*월\s*{_DAY_WORD}?$")
_MONTH_PART = re.compile(rf"^(\d{{1,2}})\s*월\s*{_DAY_WORD}$")
_DAY_ONLY = re.compile(r"^(\d{1,2})\s*일$")
_WEEKDAYS = "월화수목금토일"
_WEEK = re.compile(rf"^(이번\s*주|다음\s*주|담주|다다음\s*주)\s*([{_WEEKDAYS}])(?:요일)?$")
_DATE_NOISE = re.compile(
    r"(?:\s*(?:쯤에?|경에?|정도|무렵|예정|개봉|개봉해요|개봉이요|이에요|예요|입니다|이요|요|에))+$"
)
_DATE_LEAD = re.compile(r"^(?:개봉(?:일|\s*날짜)?(?:은|는|이|가)?\s*|날짜(?:는|가)?\s*)")

_SCREEN_LEAD = re.compile(r"^(약|대략|한|총|스크린|상영관|screens?|about|around|~)+", re.I)
_SCREEN_TAIL = re.compile(
    r"(개관|개|관|스크린|정도|쯤|내외|가량|여|이요|요|에서|screens?|approx|ish)+$", re.I
)
_UNITS = {"천": 1000, "백": 100, "십": 10}  # in the order _UNIT_NUMBER reads them
_UNIT_NUMBER = re.compile(r"^(?:(\d*)천)?(?:(\d*)백)?(?:(\d*)십)?(\d*)$")


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


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _day_of(year: int, month: int, number: str | None, part: str | None, text: str) -> date:
    """Day ``number`` of the month, or its 초/중순/말."""
    if number is not None:
        return _make(year, month, int(number), text)
    wanted = _PART_OF_MONTH[part or "초"]
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    return _make(year, month, last if wanted < 0 else wanted, text)


def _spoken(cleaned: str, today: date) -> date | None:
    """The Korean ways of saying a date relative to ``today``, or None."""
    text = cleaned
    if m := _RELATIVE_MONTH.match(text):
        word = re.sub(r"\s+", "", m[1])
        ahead = {"이번달": 0, "이달": 0, "다음달": 1, "담달": 1, "다다음달": 2}[word]
        year, month = _add_months(today, ahead)
        return _day_of(year, month, m[2], m[3], text)
    if m := _YEAR_WORD.match(text):
        word = re.sub(r"\s+", "", m[1])
        year = today.year + {"올해": 0, "금년": 0, "내년": 1, "다음해": 1, "내후년": 2}[word]
        return _day_of(year, int(m[2]), m[3], m[4], text)
    if m := _MONTH_PART.match(text):
        if m[2] is None:
            first = _next(int(m[1]), 1, today.replace(day=1), text)
            return _day_of(first.year, first.month, None, m[3], text)
        return None  # "5월 31일": the plain month/day pattern
    if m := _DAY_ONLY.match(text):
        day = int(m[1])
        for ahead in range(0, 3):
            year, month = _add_months(today, ahead)
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
        raise InvalidReleaseDate("impossible", text)
    if m := _WEEK.match(text):
        word = re.sub(r"\s+", "", m[1])
        weeks = {"이번주": 0, "다음주": 1, "담주": 1, "다다음주": 2}[word]
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=weeks, days=_WEEKDAYS.index(m[2]))
    return None


def parse_release_date(text: str, today: date) -> date:
    """A typed release date (see the module docstring); a month/day without a year is the
    next such date from ``today``. Dates before the data's first screen counts (2008) or more
    than ~3 years after ``today`` are refused."""
    cleaned = " ".join(text.split())
    cleaned = _DATE_LEAD.sub("", _DATE_NOISE.sub("", cleaned)).strip()
    if not cleaned:
        if text.strip():
            raise InvalidReleaseDate("format", text.strip())
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
        else:
            parsed = _spoken(cleaned, today)
    if parsed is None:
        raise InvalidReleaseDate("format", text.strip())
    if parsed < EARLIEST_RELEASE:
        raise InvalidReleaseDate("too_early", text.strip())
    if parsed > today + MAX_AHEAD:
        raise InvalidReleaseDate("too_late", text.strip())
    return parsed


def check_screens(screens: int) -> int:
    """``screens`` if 1 ≤ screens ≤ MAX_SCREENS, else InvalidScreens."""
    if screens <= 0:
        raise InvalidScreens("not_positive", str(screens))
    if screens > MAX_SCREENS:
        raise InvalidScreens("too_many", str(screens))
    return screens


def _count(word: str) -> int | None:
    """ "1200" → 1200, "1천2백" → 1200, "2천" → 2000, "천이백" → 1200; else None."""
    if re.fullmatch(r"[+-]?\d+", word):
        return int(word)
    m = _UNIT_NUMBER.match(word)
    if m and any(unit in word for unit in _UNITS):
        total = 0
        for digits, unit in zip(m.groups()[:3], _UNITS.values(), strict=True):
            if digits is not None:  # the unit is there; "" means one of it ("천" = 1,000)
                total += int(digits or 1) * unit
        return total + int(m[4] or 0)
    return korean_number(word)


def parse_screens(text: str) -> int:
    """ "1200", "1,200개", "1200개 정도", "약 1,200개", "천이백 개", "1천2백" → 1200.

    Limits: see ``check_screens``; 50 or fewer screens is outside the population the model
    learnt from (``below_population``).
    """
    cleaned = re.sub(r"[\s,]", "", text)
    if not cleaned:
        raise InvalidScreens("empty")
    cleaned = _SCREEN_TAIL.sub("", _SCREEN_LEAD.sub("", cleaned))
    number = _count(cleaned) if cleaned else None
    if number is None:
        raise InvalidScreens("not_a_number", text.strip())
    screens = check_screens(number)
    if screens <= MIN_SCREENS:
        raise InvalidScreens("below_population", str(screens))
    return screens
