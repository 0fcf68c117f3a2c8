"""Conditions people put on a request: what they do not want, and who will watch with them.

* Exclusions — "공포 말고", "호러는 빼고", "not horror", "anything but romance", "except rom-coms"
  (genres; a mood said the same way, "무서운 건 싫어", "nothing scary", excludes its genre);
  "넷플엔 없던데", "디플 말고", "not on netflix", "other than prime" (a service); "마블 말고",
  "except Marvel" (anything else, kept as typed). Korean puts the negation after the thing
  ("X 말고", "X는 빼고"), English before it ("no X", "except X"), so each language has its own
  reader; the span of every exclusion is taken out of the text before genres, moods and the
  service are read, so "공포 말고 코미디" is a comedy request and never also a horror one.
* Company — who will watch: kids (with a child's age when given: "7살 딸", "for a 6 year old"),
  family, parents, partner, friends, alone. Korean says it with a comitative particle or a
  viewing verb ("아이랑 볼", "엄마랑", "친구들이랑", "여친이랑"), English with "with" / "for"
  ("with my gf", "for a 6 year old", "with friends"); "데이트" alone is a partner. Company
  spans are taken out too, so "가족이랑 볼 영화" is no request for the Children genre.

Rules on the normalised message (regular expressions; Korean particles are spelled out, and
a term excluded in Korean must be a noun by kiwipiepy's tags, so "뻔한 거 말고" excludes
nothing). Pure functions, thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from inference.catalogue.questions import SERVICE_PATTERN, find_service
from inference.understanding.korean import korean_number
from inference.understanding.lexicon import GENRE_PATTERNS, MOOD_PATTERNS

# A mood excluded excludes the genre it stands for ("nothing scary": no horror).
_MOOD_GENRE = {"scary": "Horror", "funny": "Comedy", "romantic": "Romance"}

# -- Korean: the thing, then the negation -------------------------------------------------------
_NEG_KO = (
    r"(?:말고|말구|말곤|빼고|빼구|빼줘|빼\s*주세요|제외(?:하고|하구|해\s*줘|해서|한|시켜)?|없이|"
    r"싫어|싫고|싫은데|싫음|별로|아닌|아니고|아니구|외에|외의|이외|노노|ㄴㄴ)"
)
_PARTICLE_KO = r"(?:은|는|이|가|을|를|도|이나|나|만|들은|들)?"
# After a genre or mood word: its ending ("무서운"), a head noun ("공포 영화", "무서운 거"), a
# particle, then the negation.
_AFTER_KO = re.compile(
    r"^[가-힣]{0,2}?\s*(?:영화|영화들|거|건|것|게|류|장르|물)?\s*" + _PARTICLE_KO + r"\s*" + _NEG_KO
)
_SERVICE_NEG_KO = re.compile(
    r"^\s*(?:에는|에선|에서는|에서|엔|에|은|는|이|가|도)?\s*"
    r"(?:없던데|없는데|없어서|없더라(?:고)?|없네|없음|없던|없고|없길래|없다던데|안\s*(?:나오|나와|떠|뜨|올라)"
    r"[가-힣]*|말고|말구|말곤|빼고|제외(?:하고)?|아닌|아니고|외에|외|는\s*싫)"
)
# "마블 말고": a noun (a studio, a franchise, a person) right before the negation; a particle
# written onto it ("마블은") is left to kiwipiepy to tell from the noun.
_TERM_KO = re.compile(r"(?P<term>[가-힣A-Za-z0-9][가-힣A-Za-z0-9.\-]*)\s*" + _NEG_KO)
_PARTICLE_END_KO = re.compile(r"(?<=..)(?:은|는|을|를|도)$")
_GENERIC_KO = frozenset(
    {"이거", "그거", "저거", "이것", "그것", "거", "것", "영화", "작품", "이런", "그런", "너무",
     "그냥", "얘", "걔", "내용", "얘기", "장르", "추천", "이번", "이", "그", "저", "나", "난",
     "자막", "더빙", "광고", "스포", "스포일러", "결말", "영화관", "극장", "드라마", "시리즈"}
)  # fmt: skip

# -- English: the negation, then the thing ------------------------------------------------------
_NEG_EN = re.compile(
    r"\b(?:not\s+(?:in\s+the\s+mood\s+for|into|a\s+fan\s+of)|not|no|nothing|without|except(?:\s+for)?|"
    r"excluding|anything\s+but|but\s+not|other\s+than|besides|apart\s+from|skip(?:ping)?|avoid|"
    r"hate|sick\s+of|tired\s+of|don'?t\s+(?:want|like|feel\s+like)|no\s+more)\s+"
    r"(?:(?:any|a|an|the|more|too|very|overly|super|much|of|those|that|things?)\s+)*",
    re.IGNORECASE,
)
# Short names that are too loose to mean a service anywhere ("prime" time, "디즈니" films) but
# do after "말고" / "other than": read for exclusions only.
_SHORT_SERVICES: dict[str, str] = {
    r"(?:amazon\s*)?prime|프라임|아마존": "prime_video",
    r"disney|디즈니": "disney_plus",
    r"쿠팡": "coupang_play",
    r"apple\s*tv|애플\s*(?:tv|티비)": "apple_tv_plus",
    r"paramount": "paramount_plus",
}
_SHORT = re.compile(
    "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(_SHORT_SERVICES)), re.IGNORECASE
)
_SERVICES = f"(?:{SERVICE_PATTERN.pattern}|{_SHORT.pattern.replace('(?P<s', '(?P<t')})"
_SERVICE_EXCLUDED_EN = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:(?:\bnot|n't)\s+(?:on|in|available\s+on|streaming\s+on|from)|\bother\s+than|"
        r"\bexcept(?:\s+for|\s+on)?|\bbesides|\bapart\s+from|\boutside(?:\s+of)?|\bwithout|"
        r"\banywhere\s+but|\bbut\s+not(?:\s+on)?|\bnot|\bno)\s+(?:on\s+)?" + _SERVICES + r"\b",
        _SERVICES + r"\s+(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+(?:have|carry|stream)"
        r"(?:\s+it)?\b",
    )
]
# "except Marvel": the words after a strong negation, up to a stop word or punctuation.
_TERM_EN = re.compile(
    r"\b(?:except(?:\s+for)?|excluding|anything\s+but|other\s+than|besides|apart\s+from|without|"
    r"no\s+more|not|no)\s+(?:any\s+|the\s+|more\s+)?(?P<term>[A-Za-z][\w'.&-]*(?:\s+[A-Za-z][\w'.&-]*){0,2})",
    re.IGNORECASE,
)
_TERM_STOP_EN = re.compile(
    r"\s+(?:and|but|or|please|pls|plz|something|anything|movies?|films?|stuff|ones?|on|from|for|"
    r"with|in|to|that|this|tonight|today|though|thanks?|thx|ty)\b.*$",
    re.IGNORECASE,
)
_STRONG_EN = re.compile(
    r"^(?:except|excluding|anything|other|besides|apart|without|no\s+more)", re.IGNORECASE
)
_GENERIC_EN = frozenset(
    {"too", "so", "very", "really", "a", "an", "the", "that", "this", "sure", "much", "long",
     "boring", "sad", "scary", "funny", "old", "new", "anything", "something", "one", "ones",
     "movie", "movies", "film", "films", "yet", "idea", "clue", "thanks", "thank", "worries",
     "problem", "need", "matter", "way", "more", "again", "seen", "watched", "it", "me",
     "i", "you", "we", "they", "what", "which", "who", "where", "when", "how", "bad", "good",
     "great", "available", "streaming", "on", "netflix", "thing", "things", "kids", "subtitles",
     "subs", "spoilers", "dubbed", "dub", "english", "korean", "sequels", "remakes"}
)  # fmt: skip

# -- company --------------------------------------------------------------------------------------
_WITH_KO = r"(?:들)?(?:이랑|랑|하고|과|와|이와|끼리|이하고|\s*(?:같이|함께|다\s*같이))"
_VIEW_KO = r"(?:들)?(?:이|가|도)?\s*(?:볼|보기|볼만|보여\s*줄|보여줄|보는|보려고|보려는)"
_COMPANY_KO: list[tuple[str, str]] = [
    (
        "partner",
        r"여자\s*친구|남자\s*친구|여친|남친|애인|와이프|아내|남편|신랑|연인|자기|마누라|"
        r"여보|커플",
    ),
    (
        "kids",
        r"아이|애들|애기|아기|우리\s*애|아들|딸|딸내미|딸래미|초등학생|초딩|유치원생|"
        r"꼬맹이|꼬마|조카|자녀|어린\s*(?:아이|애|자녀|딸|아들)|애",
    ),
    ("parents", r"부모님|부모|엄마|아빠|어머니|어머님|아버지|아버님|엄빠|할머니|할아버지"),
    ("family", r"온\s*가족|가족들?|식구들?|가족\s*모두"),
    ("friends", r"(?<!여자)(?<!남자)(?<!여자\s)(?<!남자\s)친구들?|동기들?|동료들?|절친"),
]
_COMPANY_KO_ALONE: list[tuple[str, str]] = [
    ("partner", r"데이트|커플\s*(?:영화|용)"),
    ("alone", r"혼자(?:서)?|혼영|나\s*혼자"),
    ("family", r"가족\s*끼리|가족\s*나들이|온\s*가족"),
]
_COMPANY_EN: list[tuple[str, str]] = [
    (
        "partner",
        r"(?:with|for)\s+(?:my\s+)?(?:gf|bf|girlfriend|boyfriend|wife|husband|partner|"
        r"fianc[eé]e?|spouse|date|bae|significant\s+other)\b|date\s+night|"
        r"(?:a|for\s+a|on\s+a|first)\s+date\b|romantic\s+evening\s+with",
    ),
    (
        "kids",
        r"(?:with|for)\s+(?:my\s+|the\s+|our\s+|a\s+|young\s+|little\s+)*(?:kids?|children|"
        r"child|son|daughter|toddlers?|nephew|niece|little\s+ones?|\d{1,2}[\s-]*(?:year|yr)s?"
        r"[\s-]*olds?|\d{1,2}\s*yo)\b",
    ),
    (
        "parents",
        r"(?:with|for)\s+(?:my\s+|our\s+)?(?:parents|mom|mum|dad|mother|father|folks|"
        r"grandparents|grandma|grandpa)\b",
    ),
    (
        "family",
        r"(?:with|for)\s+(?:the\s+|my\s+|our\s+)?(?:whole\s+)?family\b|family\s+night|"
        r"whole\s+family",
    ),
    (
        "friends",
        r"(?:with|for)\s+(?:my\s+|some\s+|a\s+few\s+|the\s+)?(?:friends|buddies|mates|"
        r"pals|the\s+(?:boys|girls|gang|squad))\b|(?:movie|film)\s+night\s+with\s+friends",
    ),
    (
        "alone",
        r"\bby\s+myself\b|\bon\s+my\s+own\b|\b(?:watch(?:ing)?(?:\s+it)?|be|i'?m|im|night|"
        r"evening)\s+alone\b|\balone\s+(?:tonight|at\s+home)\b|\bsolo\b",
    ),
]
_AGE_KO = re.compile(
    r"(?P<n>\d{1,2})\s*(?:살|세)(?![가-힣]*\s*(?:이상|이하|관람))|"
    r"(?P<w>(?:열|스물)?\s*(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)|열|스무)\s*살"
)
_AGE_EN = re.compile(
    r"(?P<n>\d{1,2})[\s-]*(?:year|yr)s?[\s-]*olds?|(?P<n2>\d{1,2})\s*yo\b|aged?\s+(?P<n3>\d{1,2})\b",
    re.IGNORECASE,
)
MAX_CHILD_AGE = 17


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a request rules out, and who will watch."""

    exclude_genres: tuple[str, ...] = ()
    exclude_service: str | None = None
    exclude_terms: tuple[str, ...] = ()
    company: str | None = None
    age: int | None = None


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with every span replaced by spaces (positions kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _genre_exclusions(text: str, korean: bool) -> tuple[list[str], list[tuple[int, int]]]:
    genres: list[str] = []
    spans: list[tuple[int, int]] = []
    table: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
        (p, cast(tuple[str, ...], v)) for p, v in GENRE_PATTERNS
    ]
    table += [(p, (_MOOD_GENRE[str(v)],)) for p, v in MOOD_PATTERNS if str(v) in _MOOD_GENRE]
    if korean:
        for pattern, value in table:
            for found in pattern.finditer(text):
                after = _AFTER_KO.match(text[found.end() :])
                if after is not None:
                    genres += value
                    spans.append((found.start(), found.end() + after.end()))
    for negation in _NEG_EN.finditer(text):
        rest = text[negation.end() :]
        for pattern, value in table:
            head = pattern.match(rest)
            if head is not None and head.end() > 0:
                genres += value
                spans.append((negation.start(), negation.end() + head.end()))
                break
    return list(dict.fromkeys(genres)), spans


def _named_service(text: str) -> str | None:
    """The service named in ``text``, by its full name or a short one."""
    named = find_service(text)
    if named is not None:
        return named[0]
    short = _SHORT.search(text)
    if short is None or short.lastgroup is None:
        return None
    return list(_SHORT_SERVICES.values())[int(short.lastgroup[1:])]


def _service_exclusion(text: str) -> tuple[str | None, tuple[int, int] | None]:
    for pattern in _SERVICE_EXCLUDED_EN:
        found = pattern.search(text)
        if found is not None:
            service = _named_service(found.group(0))
            if service is not None:
                return service, found.span()
    for named in re.finditer(_SERVICES, text, re.IGNORECASE):
        after = _SERVICE_NEG_KO.match(text[named.end() :])
        service = _named_service(named.group(0))
        if after is not None and service is not None:
            return service, (named.start(), named.end() + after.end())
    return None, None


def _terms(
    text: str, korean: bool, noun: Callable[[str], str | None] | None
) -> tuple[list[str], list[tuple[int, int]]]:
    terms: list[str] = []
    spans: list[tuple[int, int]] = []
    if korean:
        for found in _TERM_KO.finditer(text):
            term = found.group("term")
            stem = noun(term) if noun is not None else _PARTICLE_END_KO.sub("", term)
            if not stem or stem in _GENERIC_KO:
                continue
            terms.append(stem)
            spans.append(found.span())
    for found in _TERM_EN.finditer(text):
        term = _TERM_STOP_EN.sub("", found.group("term")).strip(" .,!?'")
        first = term.split()[0].lower() if term else ""
        if not term or first in _GENERIC_EN:
            continue
        strong = bool(_STRONG_EN.match(found.group(0)))
        if not strong and not term[0].isupper():  # "no marvel" only when typed as a name
            continue
        terms.append(term)
        spans.append((found.start(), found.start("term") + len(term)))
    return list(dict.fromkeys(terms)), spans


def _company(text: str, korean: bool) -> tuple[str | None, tuple[int, int] | None]:
    if korean:
        for company, nouns in _COMPANY_KO:
            found = re.search(rf"(?:{nouns})(?:{_WITH_KO}|{_VIEW_KO})", text)
            if found is not None and not _inside_word(text, found.start()):
                return company, found.span()
        for company, words in _COMPANY_KO_ALONE:
            found = re.search(words, text)
            if found is not None:
                return company, found.span()
    for company, pattern in _COMPANY_EN:
        found = re.search(pattern, text, re.IGNORECASE)
        if found is not None:
            return company, found.span()
    return None, None


def _inside_word(text: str, start: int) -> bool:
    """Whether a Korean noun found at ``start`` is the end of a longer word ("피아이" is no
    아이): a Hangul syllable right before it."""
    return start > 0 and "가" <= text[start - 1] <= "힣"


def _age(text: str) -> int | None:
    found = _AGE_EN.search(text) or _AGE_KO.search(text)
    if found is None:
        return None
    groups = found.groupdict()
    digits = groups.get("n") or groups.get("n2") or groups.get("n3")
    value = int(digits) if digits else korean_number(groups.get("w") or "")
    return value if value is not None and 1 <= value <= MAX_CHILD_AGE else None


def service_excluded(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The service a text says a film is not on or is not wanted ("넷플엔 없던데", "디플 말고",
    "not on netflix", "other than prime"), and where that is said."""
    return _service_exclusion(text)


def read_conditions(
    text: str, *, korean: bool, noun: Callable[[str], str | None] | None = None
) -> tuple[Conditions, str]:
    """The conditions of ``text`` and the text without them (blanked, so the genres, moods and
    services read from it are only the wanted ones). ``noun`` gives the noun of a Korean word
    without a particle written onto it, or None when the word is no noun (kiwipiepy)."""
    service, service_span = _service_exclusion(text)
    rest = _blank(text, [service_span] if service_span else [])
    genres, genre_spans = _genre_exclusions(rest, korean)
    rest = _blank(rest, genre_spans)
    terms, term_spans = _terms(rest, korean, noun)
    rest = _blank(rest, term_spans)
    company, company_span = _company(rest, korean)
    age = _age(text)
    if age is not None and company is None:
        company = "kids" if _AGE_EN.search(text) or re.search(r"아이|애|아들|딸|조카", text) \
            else None  # fmt: skip
    if company != "kids":
        age = None
    if company_span is not None:
        rest = _blank(rest, [company_span])
    return (
        Conditions(
            exclude_genres=tuple(genres),
            exclude_service=service,
            exclude_terms=tuple(terms),
            company=company,
            age=age,
        ),
        " ".join(rest.split()),
    )
