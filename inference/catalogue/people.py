"""People's names in English: how an English reader knows 봉준호 (Bong Joon-ho, not "Bong Junho").

KOBIS writes every director and actor in Hangul — Korean people in their own script, foreign
people transliterated ("크리스토퍼 놀란"). For English users a name is shown, in this order:

1. as the person is credited in English (``data/people/english_names.csv``: the people behind
   most admissions in KOBIS, Korean and foreign; a role column tells 이병헌 the director
   (Lee Byeong-heon) from 이병헌 the actor (Lee Byung-hun));
2. a Korean name of two to four syllables: the family name as Koreans spell it on passports and
   in credits (김 Kim, 이 Lee, 박 Park — Revised Romanization would write Gim, I, Bak, which no
   one reads as a name), the given name romanised and hyphenated (김철수 → "Kim Cheol-su");
3. anything else (a foreign name only known in Hangul) as written, because romanising a
   transliteration invents a name no one has ("Seupaikeu Ri" for Spike Lee); the caller says
   whose spelling it is.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from inference.catalogue.titles import romanise

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "people" / "english_names.csv"
ANY_ROLE = "*"  # the key of a name's first row, whatever its role

# The usual English spelling of Korean family names (the forms most common on passports and in
# film credits); two-syllable family names first, so 남궁민 splits after 남궁.
FAMILY_NAMES = {
    "남궁": "Namgung", "황보": "Hwangbo", "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo",
    "사공": "Sagong", "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung",
    "강": "Kang", "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu",
    "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son",
    "배": "Bae", "백": "Baek", "허": "Heo", "남": "Nam", "심": "Shim", "노": "Noh", "하": "Ha",
    "곽": "Kwak", "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min",
    "나": "Na", "진": "Jin", "지": "Ji", "엄": "Um", "채": "Chae", "원": "Won", "천": "Chun",
    "방": "Bang", "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo",
    "추": "Choo", "도": "Do", "소": "So", "석": "Seok", "선": "Sun", "설": "Seol", "마": "Ma",
    "길": "Gil", "연": "Yeon", "위": "Wi", "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban",
    "왕": "Wang", "금": "Keum", "옥": "Ok", "육": "Yook", "인": "In", "맹": "Maeng", "제": "Je",
    "모": "Mo", "탁": "Tak", "국": "Kook", "어": "Eo", "은": "Eun", "편": "Pyun", "용": "Yong",
    "예": "Ye", "봉": "Bong", "경": "Kyung", "라": "Ra", "승": "Seung", "태": "Tae", "감": "Kam",
    "두": "Doo", "빈": "Bin", "음": "Eum", "동": "Dong", "갈": "Kal", "범": "Beom",
}  # fmt: skip


@cache
def _credited(path: Path = DEFAULT_FILE) -> dict[tuple[str, str], str]:
    """(Korean name, role or "") → English name, from the committed table; a name's first row
    also under (name, ANY_ROLE), for a caller who does not know the role."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(row["korean"], row["role"], row["english"]) for row in csv.DictReader(handle)]
    credited: dict[tuple[str, str], str] = {}
    for korean, role, english in rows:
        credited[(korean, role)] = english
    for korean, _, english in rows:
        credited.setdefault((korean, ANY_ROLE), english)
    return credited


def _korean_name(name: str) -> bool:
    """Two to four Hangul syllables and nothing else: a Korean person's name."""
    return 2 <= len(name) <= 4 and all("가" <= ch <= "힣" for ch in name)


def english_name(name: str, role: str | None = None) -> str | None:
    """The name an English reader knows, or None when only the Hangul spelling can be trusted
    (see the module docstring). ``role`` is "director" or "actor" where the caller knows it."""
    credited = _credited()
    if role:
        known = credited.get((name, role)) or credited.get((name, ""))
    else:
        known = credited.get((name, ANY_ROLE))
    if known:
        return known
    if not _korean_name(name):
        return None
    family = name[:2] if len(name) >= 3 and name[:2] in FAMILY_NAMES else name[0]
    if family not in FAMILY_NAMES:
        return None
    given = [romanise(syllable).lower() for syllable in name[len(family) :]]
    return f"{FAMILY_NAMES[family]} {'-'.join(given).capitalize()}"


def person_name(name: str, language: str, role: str | None = None, hangul: bool = True) -> str:
    """A KOBIS name in the user's language: Korean as written; in English the name from
    ``english_name``, with the Hangul beside it when ``hangul`` ("Bong Joon-ho (봉준호)"), or the
    Hangul alone when no English name can be trusted."""
    if language == "ko":
        return name
    english = english_name(name, role)
    if english is None:
        return name
    return f"{english} ({name})" if hangul else english
