"""How KOBIS writes what the catalogue stores: genre names, country names, English titles.

Shared by the catalogue build (``models/catalogue/``, from the KOBIS lists in ``../shared/data``)
and the daily refresh (``kobis.py``, from the KOBIS open API), so that a film added today reads
exactly like one the build added.
"""

from __future__ import annotations

import re

# KOBIS genres → MovieLens genres (the recommender's vocabulary). 사극 (historical drama) is
# Drama; 가족 is MovieLens' Children; 공연 (concert films) and 기타 have no counterpart.
KOBIS_GENRES = {
    "드라마": ("Drama",),
    "멜로/로맨스": ("Romance",),
    "액션": ("Action",),
    "애니메이션": ("Animation",),
    "코미디": ("Comedy",),
    "공포(호러)": ("Horror",),
    "다큐멘터리": ("Documentary",),
    "스릴러": ("Thriller",),
    "범죄": ("Crime",),
    "SF": ("Sci-Fi",),
    "미스터리": ("Mystery",),
    "판타지": ("Fantasy",),
    "전쟁": ("War",),
    "어드벤처": ("Adventure",),
    "가족": ("Children",),
    "사극": ("Drama",),
    "뮤지컬": ("Musical",),
    "서부극(웨스턴)": ("Western",),
}

# Country names as KOBIS and KMRD write them → ISO 3166-1 alpha-2.
COUNTRIES = {
    "한국": "KR", "미국": "US", "일본": "JP", "프랑스": "FR", "영국": "GB", "잉글랜드": "GB",
    "중국": "CN", "독일": "DE", "독일(구 서독)": "DE", "캐나다": "CA", "홍콩": "HK",
    "스페인": "ES", "러시아": "RU", "러시아(구 소련)": "RU", "이탈리아": "IT", "호주": "AU",
    "오스트레일리아": "AU", "대만": "TW", "태국": "TH", "덴마크": "DK", "인도": "IN",
    "스웨덴": "SE", "노르웨이": "NO", "멕시코": "MX", "헝가리": "HU", "네덜란드": "NL",
    "아일랜드": "IE", "벨기에": "BE", "핀란드": "FI", "폴란드": "PL", "이스라엘": "IL",
    "브라질": "BR", "아르헨티나": "AR", "터키": "TR", "뉴질랜드": "NZ", "이란": "IR",
    "체코": "CZ", "오스트리아": "AT", "아이슬란드": "IS", "말레이시아": "MY",
    "인도네시아": "ID", "우크라이나": "UA", "베트남": "VN", "칠레": "CL", "루마니아": "RO",
    "카자흐스탄": "KZ", "스위스": "CH", "페루": "PE", "그리스": "GR", "싱가포르": "SG",
    "크로아티아": "HR", "남아프리카공화국": "ZA", "남아프리카 공화국": "ZA", "필리핀": "PH",
    "포르투갈": "PT", "우루과이": "UY", "불가리아": "BG", "에스토니아": "EE",
    "콜롬비아": "CO", "베네수엘라": "VE", "이라크": "IQ", "세르비아": "RS", "모로코": "MA",
    "쿠바": "CU", "이집트": "EG", "몰타": "MT", "몽고": "MN", "슬로바키아": "SK",
}  # fmt: skip


_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on",
                          "or", "the", "to", "vs"})  # fmt: skip


def english_display(title: str) -> str:
    """KOBIS's English titles are often in capitals ("THE ROUNDUP : PUNISHMENT"): title case
    for those ("The Roundup: Punishment"), others as written."""
    text = re.sub(r"\s+:\s*", ": ", title.strip())
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text

    def case(match: re.Match[str]) -> str:
        word = match.group(0).lower()
        first = match.start() == 0 or text[: match.start()].rstrip().endswith(":")
        return word if word in _SMALL_WORDS and not first else word[:1].upper() + word[1:]

    return _CAPS_WORD.sub(case, text)
