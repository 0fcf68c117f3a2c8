"""One word per concept: what CineMate calls things, in each language, and the words it never
uses for them. Texts are written against this list; ``tests/test_texts.py`` checks every text
of both catalogues, so "볼 목록" cannot creep back in beside "찜 목록"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A concept's name in Korean and English, and names it must not be given."""

    ko: str
    en: str
    never_ko: tuple[str, ...] = ()
    never_en: tuple[str, ...] = ()
    # Message-id prefixes where the word may appear at all: a word that names one figure
    # (적합도, the OST genre fit) is not lent to another ("댄스 적합도" once meant danceability).
    only_in: tuple[str, ...] = ()


GLOSSARY: dict[str, Term] = {
    "watchlist": Term(
        "찜 목록",
        "watchlist",
        ("볼 목록", "보관함", "관심 목록", "나중에 볼"),
        ("saved films", "to-watch list", "watch list"),
    ),
    "save_to_watchlist": Term("찜하기", "Watchlist", ("담아두기", "저장하기")),
    "favourites": Term(
        "좋아하는 영화",
        "favourite films",
        ("인생 영화 목록", "즐겨찾기"),
        ("favorites list", "liked films"),
    ),
    "subscriptions": Term(
        "구독 서비스",
        "services",
        ("구독 플랫폼", "구독 앱", "OTT"),
        ("subscription apps", "platforms you pay"),
    ),
    "recommendation": Term("추천", "picks", ("큐레이션",)),
    "box_office": Term("관객 수 예측", "box-office forecast", ("흥행 예언", "관람객 수")),
    "where_to_watch": Term("볼 수 있는 곳", "where to watch", ("시청처", "감상처")),
    "genre_fit": Term(
        "적합도",
        "fit",
        ("어울림 점수", "적합 점수", "매칭 점수"),
        ("suitability", "match score"),
        only_in=("ost.",),
    ),
    "typical_marker": Term(
        "검은 선",
        "black line",
        ("검은 눈금", "검은 표시", "검정 선"),
        ("black tick", "black mark"),
    ),
    "danceability": Term("댄스 지수", "danceability", ("댄스 적합도", "춤추기 좋은 정도")),
}
# Register: every Korean text is 해요체; these 합쇼체 and 해라체 endings never appear.
FORMAL_KO_ENDINGS = ("합니다", "습니다", "십시오", "하시오", "한다.", "하라")
