"""Where-to-watch questions: is a message one, which film does it name, and which service.

Korean questions are read with kiwipiepy's morphology rather than a list of phrasings: the
message is split into morphemes, and the title is what is left once the question's machinery
is taken off both ends — particles (J…), endings (E…), the predicates of such a question
(보다, 있다, 나오다, 하다 …), the nouns they lean on (수, 곳, 데, 어디, 스트리밍), a few
fillers (혹시, 지금) and a named service. "기생충 넷플릭스에 있어?", "올드보이 볼 수 있는 곳",
"어디서 Heat 볼 수 있어?" and "센과 치히로의 행방불명 어디서 봐" all come down to their title
that way, and a particle that belongs to the title ("너의 이름은.") survives because both
readings, with and without the last particles, are offered to the search (``titles``, longest
first), which keeps the better match. English questions have a regular shape and are read with
a few patterns.

A message is a question only with a cue: 어디, a named service with 있다/나오다/보다, or 보다 with
수/곳/데 ("볼 수 있어?"); "where can/do I watch …", "is … on Netflix?".
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from inference.catalogue.titles import has_hangul

_SURROGATE = re.compile("[\ud800-\udfff]")
QUOTES = " \"'“”‘’«»「」『』<>()[]"
MAX_CHARS = 200

# Service names as people type them, Korean and English → platform id. "맥스" alone is left out:
# it is also the end of 매드 맥스.
_SERVICE_NAMES: dict[str, str] = {
    r"넷플릭스|넷플|netflix": "netflix",
    r"디즈니\s*(?:플러스|\+)|디플|disney\s*(?:plus|\+)": "disney_plus",
    r"티빙|tving": "tving",
    r"웨이브|wavve": "wavve",
    r"왓챠|watcha": "watcha",
    r"쿠팡\s*플레이|쿠플|coupang\s*play": "coupang_play",
    r"애플\s*(?:tv|티비)\s*(?:플러스|\+)|apple\s*tv\s*(?:plus|\+)": "apple_tv_plus",
    r"프라임\s*비디오|아마존\s*프라임|(?:amazon\s*)?prime\s*video": "prime_video",
    r"구글\s*플레이|google\s*play": "google_play",
    r"u\s*\+\s*모바일\s*tv|유플러스\s*모바일|u\+\s*mobile\s*tv": "u_plus_mobile_tv",
    r"훌루|hulu": "hulu",
    r"hbo\s*max|에이치비오\s*맥스": "max",
    r"파라마운트\s*(?:플러스|\+)?|paramount\s*(?:plus|\+)?": "paramount_plus",
}
_SERVICE = re.compile(
    "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(_SERVICE_NAMES)), re.IGNORECASE
)
_SERVICE_IDS = list(_SERVICE_NAMES.values())
SERVICE_PATTERN = _SERVICE  # every service name people type, one group per name

# Morphemes of the question around the title (kiwipiepy forms).
_PREDICATES = frozenset(
    {
        *("보", "있", "없", "나오", "하", "되", "알", "알리", "가", "주", "싶", "가능하", "시청하"),
        *("스트리밍하", "올라오", "뜨", "풀리", "들어가", "가입하", "결제하", "구독하", "들", "오"),
    }
)
_QUESTION_NOUNS = frozenset(
    {
        *("수", "곳", "데", "거", "것", "어디", "스트리밍", "시청", "영화", "ott", "OTT", "사이트"),
        *("앱", "가입", "구독", "결제", "서비스", "플랫폼", "온라인", "무료", "다시보기", "대여"),
        *("중", "구매"),
    }
)
_FILLERS = frozenset({"혹시", "지금", "요즘", "좀", "바로", "아직", "어떻게", "혹", "어떤", "어느",
                      "최근", "무슨", "다시"})  # fmt: skip
_WHERE = frozenset({"어디", "어딨", "어디서", "어디에서"})
_SERVICE_PARTICLES = frozenset({"에", "에서", "엔", "에도", "에는", "로", "으로"})
_SERVICE_PREDICATES = frozenset(
    {"있", "없", "나오", "보", "스트리밍", "올라오", "뜨", "풀리", "하"}
)
# Cheap test before the morphological analysis: a question has one of these.
_CUES = re.compile(r"어디|어딨|볼\s*수|볼\s*데|볼\s*곳|볼수|스트리밍|나와|나오|있어|있나|있니|있을|"
                   r"없어|올라|" + _SERVICE.pattern, re.IGNORECASE)  # fmt: skip

# "… on Netflix yet?", "… online", "… in Korea": words after the question that name no film.
_END = (
    r"(?:\s+(?:yet|now|right\s+now|online|in\s+korea|or\s+not|anywhere|somewhere|these\s+days))*"
    r"\s*[?？!.~]*\s*$"
)
_SERVICE_GROUP = "(?P<service>" + "|".join(f"(?:{p})" for p in _SERVICE_NAMES) + ")"
_ENGLISH = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*where\s+(?:can|could|do|should|would)\s+i\s+(?:watch|stream|see|find|buy\s+or\s+rent|"
        r"rent\s+or\s+buy|rent|buy)"
        r"(?:\s+(?P<title>.+?))?" + _END,
        r"^\s*where\s+(?:to|can\s+you|can\s+one)\s+(?:watch|stream|see)(?:\s+(?P<title>.+?))?"
        + _END,
        r"^\s*where\s+is\s+(?P<title>.+?)\s+(?:streaming|available|playing|on)"
        r"(?:\s+to\s+(?:stream|watch|rent))?" + _END,
        r"^\s*where'?s\s+(?P<title>.+?)\s+(?:streaming|available|playing)" + _END,
        r"^\s*where\s+do\s+(?:people|you|we)\s+(?:watch|stream)\s+(?P<title>.+?)" + _END,
        r"^\s*is\s+(?P<title>.+?)\s+(?:on\s+any\s+streaming\s+(?:service|site|app)|streaming"
        r"\s+anywhere|available\s+anywhere|free\s+anywhere|on\s+any\s+(?:service|platform|"
        r"ott))" + _END,
        r"^\s*(?:is|does)\s+(?P<title>.+?)\s+(?:still\s+)?(?:on|streaming\s+on|available\s+on|in|"
        r"stream\s+on)"
        r"\s+" + _SERVICE_GROUP + _END,
        r"^\s*can\s+i\s+(?:watch|stream|see)\s+(?P<title>.+?)\s+on\s+" + _SERVICE_GROUP + _END,
        r"^\s*(?:does|has)\s+" + _SERVICE_GROUP + r"\s+(?:have|got|carry)\s+(?P<title>.+?)"
        + _END,
        r"^\s*(?P<title>.+?)(?:\s+available)?\s+on\s+" + _SERVICE_GROUP + r"\s*\?+\s*$",
        r"^\s*can\s+i\s+(?:watch|stream|see)\s+(?P<title>.+?)" + _END,
    )
]


@dataclass(frozen=True, slots=True)
class WhereQuestion:
    """A where-to-watch question: the film it names (readings, best first) and a service."""

    titles: tuple[str, ...]  # () when the question names no film ("어디서 봐?")
    service: str | None = None  # a platform id when one is named ("… on Netflix?")

    @property
    def title(self) -> str | None:
        """The first (longest) reading of the title, if any."""
        return self.titles[0] if self.titles else None


def find_service(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first service named in ``text`` and where: ("netflix", (4, 8))."""
    found = _SERVICE.search(text)
    if found is None or found.lastgroup is None:
        return None
    return _SERVICE_IDS[int(found.lastgroup[1:])], found.span()


def _english(text: str) -> WhereQuestion | None:
    for pattern in _ENGLISH:
        found = pattern.match(text)
        if found is None:
            continue
        groups = found.groupdict()
        title = (groups.get("title") or "").strip(QUOTES)
        service = None
        if groups.get("service"):
            named = find_service(groups["service"])
            service = named[0] if named else None
        return WhereQuestion((title,) if title else (), service)
    return None


class QuestionReader:
    """Reads where-to-watch questions.

    The Korean analyser (~1 s and ~300 MB to load) is loaded once per process, on first need
    or by ``load`` at start-up, and shared by every reader: a handler's message filter and the
    services each hold a reader without loading it twice.
    """

    _kiwi: Any = None
    _lock = threading.RLock()

    def __init__(self) -> None:
        self._read = lru_cache(maxsize=512)(self._read_uncached)

    def load(self) -> QuestionReader:
        """Load the morphological analyser now (it takes about a second) and warm it up."""
        self._analyser().tokenize("기생충 어디서 봐?")
        return self

    @classmethod
    def _analyser(cls) -> Any:
        with cls._lock:
            if cls._kiwi is None:
                from kiwipiepy import Kiwi

                # Only the core morphology: titles are found by what surrounds them (particles,
                # endings, predicates), so the proper-noun, multi-word and typo dictionaries
                # are not needed, and they cost ~290 MB of the ~500 the full analyser takes.
                cls._kiwi = Kiwi(
                    num_workers=-1,
                    load_default_dict=False,
                    load_multi_dict=False,
                    load_typo_dict=False,
                )
            return cls._kiwi

    def tokenize(self, text: str) -> list[Any]:
        """kiwipiepy's morphemes of ``text`` (form, tag, start, len), under the shared lock."""
        with self._lock:
            return list(self._analyser().tokenize(text))

    def where_question(self, text: str) -> WhereQuestion | None:
        """The question in ``text``, or None when it is not a where-to-watch question."""
        # Lone surrogates (JSON can carry "\ud800") are not text the analyser can encode.
        cleaned = " ".join(_SURROGATE.sub("\ufffd", text[:MAX_CHARS]).split())
        if not cleaned:
            return None
        return self._read(cleaned)

    def _read_uncached(self, text: str) -> WhereQuestion | None:
        english = _english(text)
        if english is not None:
            return english
        if not has_hangul(text) or _CUES.search(text) is None:
            return None
        return self._korean(text)

    def _korean(self, text: str) -> WhereQuestion | None:
        named = find_service(text)
        span = named[1] if named else None
        with self._lock:
            tokens = [(t.form, t.tag, t.start, t.start + t.len)
                      for t in self._analyser().tokenize(text)]  # fmt: skip
        if not tokens:
            return None
        kinds = [_kind(form, tag, start, end, span) for form, tag, start, end in tokens]
        for index in range(1, len(tokens)):
            # "애플TV+에": after a symbol kiwipiepy can read the particle as a noun.
            if kinds[index - 1] == "service" and tokens[index][0] in _SERVICE_PARTICLES:
                kinds[index] = "particle"
        forms = {form for form, *_ in tokens}
        if "추천" in forms:  # "넷플릭스에 있는 한국 스릴러 추천해줘" asks for recommendations
            return None
        predicates = {f for (f, tag, *_), k in zip(tokens, kinds, strict=True)
                      if k == "predicate" or (tag == "NNP" and f == "스트리밍")}  # fmt: skip
        asked = bool(forms & _WHERE) or (
            named is not None and bool(predicates & _SERVICE_PREDICATES)
        ) or ("보" in predicates and bool(forms & {"수", "곳", "데"}))  # fmt: skip
        if not asked:
            return None
        tail = len(tokens)
        while tail > 0 and kinds[tail - 1] != "content":
            tail -= 1
        lead = 0
        while lead < tail and (kinds[lead] in ("filler", "service", "where", "particle", "punct")
                               or tokens[lead][0] == "영화"):  # fmt: skip
            if kinds[lead] == "particle" and (lead == 0 or kinds[lead - 1] not in (
                    "service", "where")):  # fmt: skip
                break
            lead += 1
        if lead >= tail:
            return WhereQuestion((), named[0] if named else None)
        start = tokens[lead][2]
        short_end = tokens[tail - 1][3]
        long_end = short_end
        for index in range(tail, len(tokens)):
            if kinds[index] not in ("particle", "punct", "ending"):
                break
            long_end = tokens[index][3]
        readings = [text[start:long_end].strip(QUOTES), text[start:short_end].strip(QUOTES)]
        titles = tuple(dict.fromkeys(r for r in readings if r))
        return WhereQuestion(titles, named[0] if named else None)


def _kind(form: str, tag: str, start: int, end: int, span: tuple[int, int] | None) -> str:
    """The part a morpheme plays: the title ("content") or the question around it."""
    if span is not None and start < span[1] and end > span[0]:
        return "service"
    if form in _WHERE and tag in ("NP", "NNG", "MAG"):
        return "where"
    if tag.startswith("J"):
        return "particle"
    if tag.startswith("E"):
        return "ending"
    if tag in ("SF", "SP", "SS", "SE", "SO", "SW"):
        return "punct"
    if tag in ("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA") and form in _PREDICATES:
        return "predicate"
    if form == "하나" and tag == "NR":  # "티빙에서 하나요?" is 하- + -나요, read as "one"
        return "predicate"
    if tag in ("NNB", "NNG", "NP", "NNP", "SL") and form in _QUESTION_NOUNS:
        return "noun"
    if tag in ("MAG", "MM", "IC", "NNG") and form in _FILLERS:
        return "filler"
    return "content"
