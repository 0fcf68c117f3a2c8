"""Words people use for genres, moods, countries, periods and "my services", in Korean and English.

Each table maps what people type to the catalogue's vocabulary (MovieLens genre names, ISO
country codes, year ranges). Patterns are matched on the normalised text (lower case, NFKC),
longest first, and Korean stems are written without their endings so "무서운", "무섭고" and
"무서워서" all match "무서".
"""

from __future__ import annotations

import re
from datetime import date

# surface pattern → MovieLens genres
GENRE_WORDS: dict[str, tuple[str, ...]] = {
    r"로맨틱\s*코미디|로코|rom-?coms?|romantic\s+comed(?:y|ies)": ("Romance", "Comedy"),
    r"액션|action(?!-?packed)": ("Action",),
    r"모험|어드벤처|adventures?": ("Adventure",),
    r"애니메이션|애니|만화\s*영화|animated|animations?|anime|cartoons?": ("Animation",),
    r"가족\s*영화|가족용|가족(?:이랑|과|하고|끼리)|어린이|아이들(?:이랑|과|하고)?\s*(?:볼|같이)|"
    r"키즈|family|kids'?": ("Children",),
    r"코미디|코메디|comed(?:y|ies)": ("Comedy",),
    r"범죄|갱스터|crime|gangsters?|heist": ("Crime",),
    r"다큐멘터리|다큐|documentar(?:y|ies)|docs?\b": ("Documentary",),
    r"드라마\s*(?:영화|장르)|drama": ("Drama",),
    r"판타지|fantasy": ("Fantasy",),
    # A Korean "느와르" is a gangster crime film (신세계, 아수라), not MovieLens' 1940s Film-Noir.
    r"누아르|느와르|noir": ("Crime",),
    r"공포|호러|horror": ("Horror",),
    r"뮤지컬|musicals?": ("Musical",),
    r"미스터리|미스테리|추리|mystery|mysteries|whodunn?its?": ("Mystery",),
    r"로맨스|멜로|romance|love\s+stor(?:y|ies)": ("Romance",),
    r"sf|에스에프|공상\s*과학|우주\s*영화|sci-?fi|science\s+fiction|space\s+movies?": ("Sci-Fi",),
    r"스릴러|thrillers?": ("Thriller",),
    r"전쟁|\bwar\b": ("War",),
    r"서부극|웨스턴|westerns?": ("Western",),
}

# A mood → the genres that carry it (what a person asking for "a scary film" means).
# A mood → the genres every film must have, and genres of which it needs one (may be empty).
MOODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "scary": (("Horror",), ()),
    "funny": (("Comedy",), ()),
    "feel_good": ((), ("Comedy", "Children", "Animation", "Drama")),
    "sad": (("Drama",), ("Romance", "War")),
    "exciting": ((), ("Action", "Adventure")),
    "romantic": (("Romance",), ()),
    "thoughtful": ((), ("Drama", "Romance", "Sci-Fi", "Mystery")),
    # Moods a genre cannot say (issue 23): the genres only bound them; the films' content
    # (inference/recommender/moods.py) chooses among those.
    "calm": ((), ("Drama", "Romance", "Animation", "Comedy")),
    "twist": ((), ("Thriller", "Mystery", "Crime", "Horror")),
    "killing_time": ((), ("Action", "Comedy", "Adventure", "Crime")),
    "rainy_day": ((), ("Drama", "Romance")),
    "cozy": ((), ("Comedy", "Romance", "Animation", "Children", "Drama", "Fantasy")),
    "mind_bending": ((), ("Sci-Fi", "Mystery", "Thriller", "Fantasy")),
}
# The first pattern that matches names the mood: the narrow ones ("비 오는 날", "반전") first.
MOOD_WORDS: dict[str, str] = {
    r"비\s*(?:가\s*)?(?:오는|올\s*때|내리는|오면)|비오는|장마|빗소리|rainy|"
    r"when\s+it\s*rains": "rainy_day",
    r"반전|뒤통수|예측\s*불가|결말이?\s*(?:충격|대박|소름)|twist|didn'?t\s+see\s+(?:it|that)\s+"
    r"coming|shocking\s+ending|surprise\s+ending": "twist",
    r"머리\s*(?:아픈|아파지는|터지는|복잡|쓰는|써야)|뇌\s*(?:정지|풀가동)|난해|두뇌\s*싸움|"
    r"mind[\s-]*(?:bending|blowing|blown|fuck)|brain[\s-]*(?:teaser|melting|bending)|trippy|"
    r"mind\s*games?": "mind_bending",
    r"킬링\s*타임|시간\s*(?:때우|죽이)|(?:아무\s*)?생각\s*없이|가볍게\s*(?:볼|보기|보는)|팝콘|"
    r"popcorn|turn\s+(?:my|your|the)\s+brain\s+off|brainless|mindless|kill\s+(?:some\s+)?"
    r"time|time[\s-]*killer|easy\s+(?:watch|watching)": "killing_time",
    r"포근|아늑|코지|담요|cozy|cosy|comfort\s*(?:movie|film|watch)|under\s+a\s+blanket": "cozy",
    r"잔잔|차분|슴슴|calm|gentle|slow[\s-]*paced|relaxing|chill(?:ed|y)?\b|laid[\s-]*back|"
    r"mellow": "calm",
    r"무서|무섭|소름|오싹|섬뜩|scary|spooky|creepy|frightening|terrifying|chilling": "scary",
    r"슬픈|슬퍼|눈물|울고\s*싶|울리는|우는|펑펑|오열|먹먹|최루|sad|tear-?jerk(?:er|ing)|"
    r"make\s+me\s+cry|cry|weep|sob\b": "sad",
    r"여운|생각(?:할|하게|이\s*많아지)|곱씹|철학|울림|thought-?provoking|linger|stays?\s+with\s+"
    r"you|deep\b|meaningful|makes?\s+you\s+think": "thoughtful",
    r"웃긴|웃기|웃겨|웃을\s*수|빵\s*터지|코믹|유쾌|funny|hilarious|make\s+me\s+laugh|"
    r"laugh": "funny",
    r"힐링|따뜻|훈훈|감동|기분\s*좋아지|마음이\s*따뜻|치유|위로|feel-?good|heart-?warming|"
    r"uplifting|wholesome|healing": "feel_good",
    r"신나|짜릿|화끈|통쾌|긴장감|박진감|스릴\s*넘치|exciting|thrilling|action-?packed|"
    r"adrenaline|intense": "exciting",
    r"설레|로맨틱|달달|심쿵|romantic|swoon|butterflies": "romantic",
}

COUNTRY_WORDS: dict[str, str] = {
    r"한국|국내|국산|k-?(?:movies?|films?)|korean|korea": "KR",
    r"일본|일드|japanese|japan": "JP",
    r"미국|할리우드|헐리우드|american|hollywood|us\s+(?:movies?|films?)": "US",
    r"프랑스|french|france": "FR",
    r"영국|british|uk\s+(?:movies?|films?)|england": "GB",
    r"중국|chinese|china": "CN",
    r"홍콩|hong\s*kong": "HK",
    r"대만|taiwanese|taiwan": "TW",
    r"인도|발리우드|indian|bollywood": "IN",
    r"스페인|spanish|spain": "ES",
    r"이탈리아|italian|italy": "IT",
    r"독일|german|germany": "DE",
}

# "on my services": the user's own subscriptions.
MINE = re.compile(
    r"내\s*구독|내가\s*구독|구독\s*(?:중인|하는|한)|내\s*(?:ott|서비스|플랫폼)|내가\s*(?:가진|보는|쓰는)|"
    r"제\s*구독|제가\s*구독|my\s+(?:services?|subscriptions?|streaming|platforms?|apps?)|"
    r"i\s+(?:have|subscribe\s+to|pay\s+for)\b(?!n't)|i'?m\s+subscribed|subscribed\s+to",
    re.IGNORECASE,
)

_NATIVE_COUNTS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
                  "아홉": 9, "열": 10}  # fmt: skip
_ENGLISH_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                   "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a couple": 2}  # fmt: skip
_COUNTED = (r"(?:[\w-]+\s+){0,2}(?:films?|movies?|picks?|titles?|recommendations?|ones|comedies|"
            r"romances|thrillers|dramas|documentaries|westerns|musicals|mysteries|classics|"
            r"horrors?)\b")
COUNT = re.compile(
    r"(?P<n>\d{1,2})\s*(?:개|편|가지|작품)|(?P<n2>\d{1,2})\s+" + _COUNTED + r"|"
    r"(?:top|best)\s+(?P<top>\d{1,2})|"
    r"(?P<ko>" + "|".join(_NATIVE_COUNTS) + r")\s*(?:개|편|가지|작품)|"
    r"\b(?P<en>" + "|".join(_ENGLISH_COUNTS) + r")\s+" + _COUNTED,
    re.IGNORECASE,
)
MAX_COUNT = 10


# Counts said without a number the classifier's mask knows (read for the slot only, like
# _RECENT_KO below): "하나만", "딱 하나", "두세 개", "서너 편", "a couple", "a few movies",
# "just one". "some" is no count ("recommend some movies" wants a list, not three).
_LOOSE_COUNTS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"(?:두세|두어|두서너)\s*(?:개|편|가지|작품)", re.I), 3),
    (re.compile(r"서너\s*(?:개|편|가지|작품)", re.I), 4),
    (re.compile(r"딱\s*(?:하나|한\s*(?:개|편|가지|작품))|(?<![가-힣])하나\s*(?:만|추천|골라|알려|"
                r"뽑아|만\s*추천)|한\s*(?:개|편|가지|작품)\s*만", re.I), 1),
    (re.compile(r"\b(?:just|only)\s+(?:one|1)\b|\bone\s+(?:movie|film|pick|recommendation)\b|"
                r"\bsingle\s+(?:movie|film|pick)\b", re.I), 1),
    (re.compile(r"(?<!for )\ba\s+couple\b(?!\s+(?:to|who|night|movie|film))", re.I), 2),
    (re.compile(r"\ba\s+few\b", re.I), 3),
]


def count_in(text: str) -> int | None:
    """How many films the text asks for ("5개", "세 편", "top 3", "three movies", "하나만",
    "두세 개", "a couple", "a few")."""
    found = COUNT.search(text)
    if found is None:
        return next((value for pattern, value in _LOOSE_COUNTS if pattern.search(text)), None)
    number = found.group("n") or found.group("n2") or found.group("top")
    if number:
        value = int(number)
    elif found.group("ko"):
        value = _NATIVE_COUNTS[found.group("ko")]
    else:
        value = _ENGLISH_COUNTS[found.group("en").lower()]
    return value if 1 <= value <= MAX_COUNT else None


_DECADE = re.compile(
    r"(?P<century>19|20)?(?P<decade>[0-9])0\s*(?:년대|s\b|'s\b)|"
    r"the\s+(?P<word>eighties|nineties|seventies|sixties|fifties)",
    re.IGNORECASE,
)
_DECADE_WORDS = {"fifties": 1950, "sixties": 1960, "seventies": 1970, "eighties": 1980,
                 "nineties": 1990}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(?P<year>19[2-9]\d|20[0-3]\d)\s*(?:년(?!대)|\b)(?!\s*년대)")
_RECENT = re.compile(
    r"최신|(?:요즘|최근(?:에)?)\s*(?:나온|개봉한|개봉)|신작|new\s+releases?|latest|recent|newest|"
    r"this\s+year|\bnew\s+(?:[\w-]+\s+)?(?:movies?|films?)",
    re.IGNORECASE,
)
_OLD = re.compile(
    r"옛날|고전|클래식|올드\s*무비|옛\s*영화|classics?|old\s+(?:movies?|films?)|oldies",
    re.IGNORECASE,
)
# Any way of naming a period (for masking it in the classifier's features).
PERIOD = re.compile(
    "|".join(p.pattern for p in (_DECADE, _YEAR, _RECENT, _OLD)), re.IGNORECASE
)
# "최근 한국 영화", "최근 스릴러 추천": 최근 alone before what is asked for is recent too — but
# not "최근에 본 영화" (something the user watched lately). Read for the slot only: PERIOD, the
# classifier's mask, stays as the served model was trained with it.
_RECENT_KO = re.compile(r"최근(?!\s*에?\s*(?:본|봤|보|들은|들었))")


def years_in(text: str, today: date | None = None) -> tuple[int, int] | None:
    """The period a text names: "90년대" (1990, 1999), "the 2000s", "2019년" (2019, 2019),
    "올해" / "this year" (this year), "작년" (last year). "최신" and "고전" are no period but a
    preference (``recency_in``)."""
    found = _DECADE.search(text)
    if found is not None:
        if found.group("word"):
            start = _DECADE_WORDS[found.group("word").lower()]
        else:
            digit = int(found.group("decade"))
            century = found.group("century")
            if century is None:
                century = "20" if digit <= 2 else "19"
            start = int(century) * 100 + digit * 10
        return start, start + 9
    year = _YEAR.search(text)
    if year is not None:
        value = int(year.group("year"))
        return value, value
    this_year = (today or date.today()).year
    if _THIS_YEAR.search(text):
        return this_year, this_year
    if _LAST_YEAR.search(text):
        return this_year - 1, this_year - 1
    return None


# "요즘", "최신", "new", "classic": a preference for recent or old films, not a range (the list
# ranks such films first and falls back to the others; see ``recency_in``).
_THIS_YEAR = re.compile(r"올해|금년|this\s+year(?:'s)?", re.IGNORECASE)
_LAST_YEAR = re.compile(r"작년|지난\s*해|last\s+year(?:'s)?", re.IGNORECASE)
_PREFER_RECENT = re.compile(
    r"최신|신작|요즘(?!\s*에?\s*(?:본|봤|보고\s*있))|새로\s*나온|새\s*영화|갓\s*나온|new\s+releases?|latest|recent(?:ly)?|newest|"
    r"\bnew\s+(?:[\w-]+\s+)?(?:movies?|films?|ones?|stuff)|\bnew\s+(?:and|&)\b|\bfresh\b",
    re.IGNORECASE,
)
_PREFER_OLD = re.compile(
    r"옛날|예전\s*(?:영화|작품)|고전|클래식|올드\s*무비|옛\s*영화|추억의|\bclassics?\b|"
    r"\bold(?:er)?\s+(?:[\w-]+\s+)?(?:movies?|films?|ones?|stuff)|\boldies\b|\bold[\s-]school\b|"
    r"\bvintage\b",
    re.IGNORECASE,
)


def recency_in(text: str) -> str | None:
    """"recent" (요즘 / 최근 / 최신 / 신작 / new / latest) or "old" (옛날 / 고전 / classic /
    oldies) when the text prefers such films; None otherwise (or when both are said)."""
    recent = bool(_PREFER_RECENT.search(text) or _RECENT_KO.search(text))
    old = bool(_PREFER_OLD.search(text))
    if recent == old:
        return None
    return "recent" if recent else "old"


def _compile(table: dict[str, object]) -> list[tuple[re.Pattern[str], object]]:
    return [(re.compile(pattern, re.IGNORECASE), value) for pattern, value in table.items()]


GENRE_PATTERNS = _compile(dict(GENRE_WORDS))
MOOD_PATTERNS = _compile(dict(MOOD_WORDS))
COUNTRY_PATTERNS = _compile(dict(COUNTRY_WORDS))
