"""Slots of an understood message: the film it names, the service, genres, mood, country, period…

Rules, one reader per intent (the classifier has decided the intent first):

* where to watch — ``inference.catalogue.questions`` (kiwipiepy for Korean), plus a few more
  English shapes ("which service has X");
* film info — the question's field (director, year, cast, genre, rating, country, about) from
  its cue words, the title from what surrounds them;
* recommend — "like X" / "X 같은 영화" as the seed film, then genres, mood, country, period,
  "my services", a named service and a count from the lexicon, read outside the seed's title so
  "Scary Movie 같은 영화" is not a request for horror;
* box office and song — the film or song named, if any ("파묘 관객 예측", "Dynamite 어울리는
  장르"); a generic "이 노래", "my movie" names nothing.

A title is returned as its readings, best first: the text as typed, and without the Korean
particle or the word "영화" that may follow it (kiwipiepy tells a particle from the end of a
title: 올드보이 keeps its 이), so the catalogue search can keep the reading that matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from inference.catalogue.questions import QUOTES, QuestionReader, find_service
from inference.catalogue.titles import has_hangul
from inference.understanding.conditions import read_conditions, service_excluded
from inference.understanding.lexicon import (
    COUNTRY_PATTERNS,
    GENRE_PATTERNS,
    MINE,
    MOOD_PATTERNS,
    count_in,
    recency_in,
    years_in,
)
from inference.understanding.people import PersonAsked

MAX_CHARS = 200


def _any(*alternatives: str) -> re.Pattern[str]:
    """One case-blind pattern of several alternatives (kept one per line for reading)."""
    return re.compile("|".join(alternatives), re.IGNORECASE)


_PUNCT = frozenset({"SF", "SP", "SS", "SE", "SO", "SW"})
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "SN", "XR")
# "다른 데서", "딴 데", "다른 곳에서", "다른 ott": another place, said once a service is ruled out.
_ELSEWHERE_KO = re.compile(
    r"(?:다른|딴)\s*(?:데|곳|서비스|플랫폼|ott|앱|사이트)(?:에서는|에서|에선|서는|서|에는|엔|에|는)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Slots:
    """What a message says besides its intent. Titles are readings, best first."""

    titles: tuple[str, ...] = ()
    seed: tuple[str, ...] = ()
    service: str | None = None
    genres: tuple[str, ...] = ()
    mood: str | None = None
    country: str | None = None
    years: tuple[int, int] | None = None
    mine: bool = False
    count: int | None = None
    field: str | None = None
    person: PersonAsked | None = None  # a director or actor the message asks about
    # Conditions ("공포 말고", "넷플엔 없던데", "마블 말고", "요즘", "아이랑 볼", "7살 딸"):
    exclude_genres: tuple[str, ...] = ()  # never also in ``genres``
    exclude_service: str | None = None  # never also ``service``
    exclude_terms: tuple[str, ...] = ()  # other things excluded, as typed ("Marvel")
    recency: str | None = None  # "recent" or "old": a preference, not a period
    company: str | None = None  # kids, family, parents, partner, friends, alone
    age: int | None = None  # a child's age, with company "kids"

    @property
    def title(self) -> str | None:
        """The first reading of the film (or song) named, if any."""
        return self.titles[0] if self.titles else None

    @property
    def has_filters(self) -> bool:
        """Whether a recommendation request narrows the films down."""
        return bool(self.genres or self.mood or self.country or self.years or self.mine
                    or self.service or self.exclude_genres or self.exclude_service
                    or self.exclude_terms or self.recency or self.company)  # fmt: skip


# -- film info ---------------------------------------------------------------------------------
_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("director", _any(r"감독", r"연출", r"누가\s*(?:만들|찍)", r"만든\s*사람", r"찍었", r"direct",
                      r"who\s+(?:made|filmed)")),
    ("cast", _any(r"주연", r"출연", r"배우", r"주인공", r"누구\s*누구", r"누구\s*나와", r"나와\?",
                  r"나오는\s*사람", r"\bcast\b", r"who(?:'s|\s+is|\s+are)?\s+(?:in|the\s+actors?|"
                  r"the\s+lead)", r"who\s+(?:stars|plays|acts)", r"actors?", r"lead\s+in",
                  r"starring")),
    ("year", _any(r"몇\s*년", r"언제", r"개봉일", r"개봉\s*연도", r"연도", r"나온\s*지", r"년작",
                  r"when\s+(?:did|was)", r"what\s+year", r"release", r"year", r"how\s+old\s+is",
                  r"from\s+the\s+\d0s")),
    ("genre", _any(r"장르", r"무서운\s*영화야", r"genre", r"kind\s+of\s+(?:movie|film)",
                   r"is\s+.+\s+a\s+\w+\s+(?:movie|film)", r"comedy\?")),
    ("rating", _any(r"평점", r"평이", r"\b평\b", r"재밌어", r"재미있어", r"볼만해", r"볼\s*만해",
                    r"rating", r"rated", r"reviews?", r"\bgood\b", r"worth\s+watching")),
    ("country", _any(r"어느\s*나라", r"한국\s*영화야", r"what\s+country", r"\bkorean\?")),
]
_INFO_CUES_KO = re.compile(
    r"\s*(?:의\s*)?(?:감독|연출|누가|만든\s*사람|몇\s*년|언제|개봉|나온\s*지|주연|출연|배우|주인공|누구|"
    r"무슨|장르|평점|평이|평\b|재밌|재미있|볼만|볼\s*만|어느\s*나라|어떤|정보|내용|줄거리|소개|알려|"
    r"뭐야|뭔데|뭐예요|뭐지|에\s*대해|찍었|만들|한국\s*영화야|무서운\s*영화야|에\s*누구|년작|출연진).*$"
)
_INFO_EN = [
    re.compile(p, re.I)
    for p in (
        r"^who\s+(?:directed|made|filmed)\s+(?:the\s+film\s+|the\s+movie\s+)?(?P<t>.+?)\??$",
        r"^(?:who(?:'s| is| was)\s+)?the\s+director\s+of\s+(?P<t>.+?)\??$",
        r"^(?P<t>.+?)\s+was\s+directed\s+by\s+who\??$",
        r"^(?:who(?:'s| is| are)\s+)(?:in|the\s+lead\s+in|the\s+actors\s+in)\s+(?P<t>.+?)\??$",
        r"^who\s+(?:stars|plays|acts)\s+in\s+(?P<t>.+?)\??$",
        r"^(?:the\s+)?(?:cast|main\s+actor|actors?)\s+(?:of|in)\s+(?P<t>.+?)\??$",
        r"^when\s+(?:did|was)\s+(?P<t>.+?)\s+(?:come\s+out|released?|made)\??$",
        r"^what\s+year\s+(?:is|was|did)\s+(?P<t>.+?)(?:\s+(?:from|made|released|come\s+out))?\??$",
        r"^how\s+old\s+is\s+(?P<t>.+?)\??$",
        r"^is\s+(?P<t>.+?)\s+(?:from\s+the\s+\d0s|a\s+\w+(?:\s+movie|\s+film)?|good|worth\s+watching"
        r"|korean)\??$",
        r"^what\s+(?:genre|kind\s+of\s+(?:movie|film))\s+is\s+(?P<t>.+?)\??$",
        r"^how\s+(?:good\s+is|is)\s+(?P<t>.+?)(?:\s+rated)?\??$",
        r"^what\s+country\s+is\s+(?P<t>.+?)\s+from\??$",
        r"^(?:tell\s+me\s+about|info\s+on|details\s+of|give\s+me\s+details\s+about|what\s+do\s+you"
        r"\s+know\s+about)\s+(?P<t>.+?)\??$",
        r"^what(?:'s|\s+is)\s+(?P<t>.+?)(?:\s+about)?\??$",
        r"^(?P<t>.+?)(?:,)?\s+(?:director|release\s+year|year|cast|genre|rating|reviews|info|"
        r"what's\s+that)\??$",
    )
]

# -- recommendations -----------------------------------------------------------------------------
_SEED_EN = re.compile(
    r"(?:(?:something|anything|movies?|films?|ones?|stuff|more|things?|\w+\s+movies?)\s+)?"
    r"(?:\blike\b|similar\s+to|in\s+the\s+vein\s+of|along\s+the\s+lines\s+of|such\s+as)\s+"
    r"(?P<t>.+?)(?:\s+(?:but|please|on\s+\w+|from\s+the|for\s+(?:tonight|the\s+weekend|a\s+date|"
    r"today))\b.*)?[?!.]*$",
    re.IGNORECASE,
)
_SEED_EN_LOVED = re.compile(
    r"(?:i\s+(?:loved|liked|enjoyed)|if\s+i\s+liked)\s+(?P<t>.+?)\s*,?\s+(?:what|recommend|so|any)",
    re.IGNORECASE,
)
_LIKE_VERB = re.compile(r"\b(?:i|i'd|i\s+would|would|you|we)\s+like\b|feel\s+like", re.IGNORECASE)
_SEED_KO = re.compile(
    r"^(?:혹시\s*)?(?P<t>.+?)\s*(?:이랑|랑|하고|과|와)?\s*(?:비슷한|비슷하게|비슷한\s*거|같은|같이|처럼|"
    r"느낌|스타일|분위기\s*비슷|류의|풍의)"
)
_SEED_KO_LOVED = re.compile(r"^(?P<t>.+?)\s*(?:을|를)?\s*(?:재밌게|재미있게|좋게|인상\s*깊게)?\s*"
                            r"(?:봤|좋아하|좋았)")  # fmt: skip

# -- box office and songs ------------------------------------------------------------------------
_BOX_KO = re.compile(r"\s*(?:의\s*)?(?:관객|흥행|박스\s*오피스|몇\s*명|몇\s*만|천만|최종|누적).*$")
_BOX_EN = [
    re.compile(p, re.I)
    for p in (
        r"^(?:predict\s+)?(?:the\s+)?box\s+office\s+(?:prediction\s+|numbers\s+)?(?:of|for)\s+"
        r"(?P<t>.+?)\??$",
        r"^how\s+many\s+(?:people|viewers)\s+(?:saw|watched|will\s+see|would\s+see|will\s+watch)\s+"
        r"(?P<t>.+?)(?:\s+in\s+korea)?\??$",
        r"^how\s+many\s+(?:viewers|tickets|people)\s+will\s+(?P<t>.+?)\s+(?:get|sell|draw)\??$",
        r"^how\s+many\s+(?:admissions|tickets)\s+did\s+(?P<t>.+?)\s+(?:have|sell)"
        r"(?:\s+in\s+korea)?\??$",
        r"^how\s+did\s+(?P<t>.+?)\s+do\s+at\s+the\s+box\s+office\??$",
        r"^will\s+(?P<t>.+?)\s+(?:do\s+well|hit|reach|sell|break).*$",
        r"^was\s+(?P<t>.+?)\s+a\s+hit.*$",
        r"^(?!(?:predict|forecast|run)\b)(?P<t>.+?)\s+(?:box\s+office|total\s+admissions)\??$",
    )
]
_SONG_KO = re.compile(
    r"\s*(?:은|는|이|가|을|를)?\s*(?:어떤\s*장르|어떤\s*영화|어울|영화\s*ost|ost로|"
    r"영화에\s*넣|분석|이\s*노래|무슨\s*영화|영화로\s*치면|무슨\s*장르|장르\s*뭐|영화\s*장르|"
    r"어떤\s*분위기|영화에\s*나올).*$",
    re.IGNORECASE,
)
_SONG_EN = [
    re.compile(p, re.I)
    for p in (
        r"^(?:what|which)\s+(?:film\s+|movie\s+)?genres?\s+(?:suits?|fits?|would)\s+(?P<t>.+?)"
        r"(?:\s+(?:suit|fit|be\s+good\s+for))?\??$",
        r"^what\s+(?:kind\s+of\s+)?(?:movie|film)\s+(?:would|suits?|fits?)\s+(?P<t>.+?)(?:\s+fit)?\??$",
        r"^what\s+genre\s+is\s+(?P<t>.+?)\s+good\s+for.*$",
        r"^(?:analy[sz]e|check|match|use)\s+(?P<t>.+?)(?:\s+(?:to\s+a\s+movie|as\s+a\s+(?:movie\s+)?"
        r"soundtrack))?$",
        r"^(?P<t>.+?)\s+as\s+a\s+(?:movie\s+)?soundtrack.*$",
        r"^soundtrack\s+genre\s+for\s+(?P<t>.+?)$",
        r"^which\s+film\s+genre\s+suits\s+(?P<t>.+?)\??$",
        # "Blinding Lights by The Weeknd, what film genre?": the song (its singer kept, the
        # song lookup weighs both) before the question
        r"^(?P<t>.+?),?\s+(?:what|which)\s+(?:film\s+|movie\s+)?(?:genres?|kind\s+of\s+"
        r"(?:film|movie))\b.*$",
        r"^(?P<t>.+?)\s+(?:would\s+fit|fits|suits)\s+(?:what|which)\s+.*$",
    )
]
_GENERIC = re.compile(
    r"^(?:이|그|저|내|우리|제|새|다음\s*달)?\s*(?:노래|곡|음악|영화|것|거|작품|개봉작|신작|ost|음원|배경\s*음악"
    r"(?:으로)?|장르|노래\s*분위기|곡\s*분위기)?(?:\s*(?:장르|파일|분위기))?$|"
    r"^(?:이거|그거|저거|여기|거기|이|그)$|"
    r"^(?:this|that|my|a|the|our|new|an?\s+upbeat|a\s+slow\s+acoustic|next\s+month's)?\s*"
    r"(?:song|track|tune|music|movie|film|release|one|soundtrack)?s?$|"
    r"^(?:it|this|that|predict\s+the|forecast\s+the|my\s+\w+)$",
    re.IGNORECASE,
)
_EN_WHERE_MORE = [
    re.compile(p, re.I)
    for p in (
        r"^(?:which|what)\s+(?:service|app|platform|subscription|site)\s+(?:has|streams|is)\s+"
        r"(?P<t>.+?)(?:\s+on)?\??$",
        r"^what\s+(?:app|platform|service)\s+can\s+i\s+watch\s+(?P<t>.+?)\s+on\??$",
        r"^what\s+(?:do\s+i\s+need\s+to\s+subscribe\s+to|service\s+do\s+i\s+need\s+to\s+watch|do\s+i"
        r"\s+subscribe\s+to)\s+(?:for\s+)?(?P<t>.+?)\??$",
        r"^(?:streaming\s+options\s+for|any\s+site\s+to\s+watch)\s+(?P<t>.+?)\??$",
        r"^(?:how\s+(?:can|do)\s+i\s+(?:watch|stream))\s+(?P<t>.+?)\??$",
        r"^(?:did|has)\s+(?P<t>.+?)\s+(?:come|arrived?)\s+to\s+.+$",
        r"^(?:has|can)\s+.+?\s+(?:got|stream)\s+(?P<t>.+?)\??$",
        r"^i\s+want\s+to\s+(?:watch|see)\s+(?P<t>.+?),?\s+where.*$",
        r"^(?P<t>.+?),?\s+(?:where\s+to\s+watch|streaming|where\s+can\s+i\s+see\s+it)\??$",
        r"^(?P<t>.+?)\s+(?:available\s+on|netflix)\s*.*\?$",
    )
]
# What stands before "관객 예측" or "어울리는 장르" when no film or song is named.
_NOT_A_TITLE_KO = _any(r"노래", r"음악", r"개봉", r"배급", r"스크린", r"예상", r"예측",
                       r"우리\s*영화", r"이\s*영화", r"새\s*영화", r"템포", r"곡\s*하나", r"^곡$")
_NOT_A_TITLE_EN = _any(r"\b(?:a|the|my|this|our|a\s+new)\s+(?:song|track|tune|movie|film|"
                       r"release)\b",
                       r"audio\s+features", r"\bfor\s+me$", r"^how\s+big", r"\bscreens?\b")
_TITLE_TAIL_KO = re.compile(
    r"\s+(?:대여|구매|다시\s*보기|다시|무료로?|온라인으로?|요즘|지금|가격)$"
)
_KO_WHERE_TAIL = re.compile(
    r"\s*(?:보려면|볼려면|볼\s*수|볼\s*데|어디|어느|스트리밍|구독|다시\s*보기|대여|ott|집에서|"
    r"지금).*$",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    return " ".join(text.strip().strip(QUOTES).split()).strip(QUOTES + ",.?!~")


class SlotReader:
    """Reads the slots of a message whose intent is known. Thread-safe."""

    def __init__(self, questions: QuestionReader | None = None) -> None:
        self._questions = questions or QuestionReader()

    def read(self, text: str, intent: str) -> Slots:
        """The slots ``text`` carries for ``intent``."""
        text = " ".join(text[:MAX_CHARS].split())
        if intent == "where_to_watch":
            return self._where(text)
        if intent == "film_info":
            return self._film_info(text)
        if intent == "recommend":
            return self._recommend(text)
        if intent == "box_office":
            return Slots(titles=self._named(text, _BOX_KO, _BOX_EN))
        if intent == "song":
            return Slots(titles=self._named(text, _SONG_KO, _SONG_EN))
        if intent == "bare":
            cleaned = _clean(text)
            return Slots(titles=self.readings(cleaned) if cleaned else ())
        return Slots()  # greetings, help, a poster cue, out of scope: nothing to read

    # -- titles ----------------------------------------------------------------------------------

    def readings(self, span: str) -> tuple[str, ...]:
        """A title as typed and, for Korean, without a trailing particle or "영화" (kiwipiepy
        decides what is a particle)."""
        span = _clean(span)
        if not span or _GENERIC.match(span):
            return ()
        found = [span]
        if has_hangul(span):
            tokens = self._questions.tokenize(span)
            end = len(span)
            for token in reversed(tokens):
                if token.tag.startswith(("J", "E")) or token.tag in _PUNCT or token.form == "영화":
                    end = token.start
                    continue
                break
            shorter = _clean(span[:end])
            if shorter and shorter != span and not _GENERIC.match(shorter):
                found.append(shorter)
        elif span.lower().endswith((" movie", " film")):
            found.append(span.rsplit(" ", 1)[0])
        return tuple(dict.fromkeys(found))

    def _named(
        self, text: str, korean: re.Pattern[str], english: list[re.Pattern[str]]
    ) -> tuple[str, ...]:
        for pattern in english:
            found = pattern.match(text)
            if found:
                head = found.group("t")
                return () if _NOT_A_TITLE_EN.search(head) else self.readings(head)
        if not has_hangul(text):
            return ()
        head = korean.sub("", text)
        if head == text or _NOT_A_TITLE_KO.search(head):
            return ()
        return self.readings(head)

    # -- intents -------------------------------------------------------------------------------

    def _where(self, text: str) -> Slots:
        excluded, span = service_excluded(text)
        if excluded is None or span is None:
            return self._where_asked(text)
        # "기생충 넷플엔 없던데 다른 데서 볼 수 있어?" is "기생충 어디서 볼 수 있어?" with netflix
        # ruled out; "is parasite available other than prime?" is "… available anywhere?".
        if has_hangul(text):
            asked = _ELSEWHERE_KO.sub("어디서", f"{text[: span[0]]} {text[span[1] :]}")
        else:
            asked = f"{text[: span[0]]} anywhere {text[span[1] :]}"
        slots = self._where_asked(" ".join(asked.split()))
        service = slots.service if slots.service != excluded else None
        return replace(slots, service=service, exclude_service=excluded)

    def _where_asked(self, text: str) -> Slots:
        question = self._questions.where_question(text)
        titles = tuple(
            dict.fromkeys(
                cleaned
                for t in (question.titles if question else ())
                if (cleaned := _TITLE_TAIL_KO.sub("", t)) and not _GENERIC.match(cleaned)
            )
        )
        if titles:
            return Slots(titles=titles, service=question.service if question else None)
        service = question.service if question is not None else _service(text)
        for pattern in _EN_WHERE_MORE:
            found = pattern.match(text)
            if found:
                return Slots(titles=self.readings(found.group("t")), service=service)
        if has_hangul(text):
            named = find_service(text)
            head = text[: named[1][0]] if named else text
            head = _KO_WHERE_TAIL.sub("", head)
            return Slots(titles=self.readings(head) if head != text else (), service=service)
        return Slots(service=service)

    def _film_info(self, text: str) -> Slots:
        field_name = next((name for name, cue in _FIELDS if cue.search(text)), "about")
        titles: tuple[str, ...] = ()
        for pattern in _INFO_EN:
            found = pattern.match(text)
            if found:
                titles = self.readings(found.group("t"))
                break
        else:
            if has_hangul(text):
                head = _INFO_CUES_KO.sub("", text)
                titles = self.readings(head) if head != text else ()
        return Slots(titles=titles, field=field_name)

    def _recommend(self, text: str) -> Slots:
        seed: tuple[str, ...] = ()
        rest = text
        found = None
        if has_hangul(text):
            found = _SEED_KO_LOVED.search(text) or _SEED_KO.search(text)
        if found is None:
            found = _SEED_EN_LOVED.search(text)
        if found is None and not _LIKE_VERB.search(text):
            found = _SEED_EN.search(text)
        if found is not None:
            candidate = _strip_lead(found.group("t"))
            seed = self.readings(candidate)
            if seed:
                rest = text[: found.start("t")] + " " + text[found.end("t") :]
        conditions, wanted = read_conditions(rest, korean=has_hangul(rest), noun=self._noun)
        genres: list[str] = []
        for pattern, value in GENRE_PATTERNS:
            if pattern.search(wanted):
                genres += [g for g in value if g not in genres]  # type: ignore[attr-defined]
        genres = [g for g in genres if g not in conditions.exclude_genres]
        mood = next((str(v) for p, v in MOOD_PATTERNS if p.search(wanted)), None)
        country = next((str(v) for p, v in COUNTRY_PATTERNS if p.search(wanted)), None)
        service = _service(wanted)
        return Slots(
            seed=seed,
            service=service if service != conditions.exclude_service else None,
            genres=tuple(sorted(genres)),
            mood=mood,
            country=country,
            years=years_in(wanted),
            mine=bool(MINE.search(wanted)),
            count=count_in(rest),
            exclude_genres=tuple(sorted(conditions.exclude_genres)),
            exclude_service=conditions.exclude_service,
            exclude_terms=conditions.exclude_terms,
            recency=recency_in(wanted),
            company=conditions.company,
            age=conditions.age,
        )

    def _noun(self, word: str) -> str | None:
        """``word`` without a particle written onto it ("마블은" → "마블") when kiwipiepy reads
        it as a noun (a name, a foreign word, a number), else None ("뻔한", "그건")."""
        tokens = self._questions.tokenize(word)
        while tokens and tokens[-1].tag.startswith("J"):
            tokens.pop()
        if not tokens or not all(t.tag.startswith(_NOUN_TAGS) for t in tokens):
            return None
        end = tokens[-1].start + tokens[-1].len
        return word[:end] or None


def _service(text: str) -> str | None:
    found = find_service(text)
    return found[0] if found else None


_LEAD = re.compile(
    r"^(?:(?:recommend|suggest|give|show)\s+(?:me\s+)?(?:some\s+)?(?:something|anything|movies?|films?)?"
    r"\s*|(?:movies?|films?|something|anything)\s+|the\s+movie\s+|the\s+film\s+)",
    re.IGNORECASE,
)


def _strip_lead(title: str) -> str:
    return _LEAD.sub("", title.strip())
