"""One understanding step for every free-text message: the intent, its confidence and its slots.

The trained classifier (``classifier.py``: TF-IDF and a sentence embedding, calibrated) decides
the intent; the slot rules (``slots.py``) read what the message says for that intent; the span
scorer (``spans.py``) decides which words name a film, whatever the phrasing, and replaces the
rules' title when it finds one; the people reader (``people.py``) finds a director or actor.
A message whose intent is only a guess — confidence under the calibrated out-of-scope floor —
and that names nothing is out of scope: CineMate says what it can do instead of answering a
question nobody asked. Loaded once per process and thread-safe; a message takes a few
milliseconds (the embedding ~2 ms, Korean slots with kiwipiepy up to a few).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from inference.catalogue.questions import QuestionReader, find_service
from inference.catalogue.titles import has_hangul
from inference.understanding.classifier import IntentClassifier
from inference.understanding.labels import REQUEST_INTENTS
from inference.understanding.lexicon import GENRE_PATTERNS, MINE, MOOD_PATTERNS
from inference.understanding.people import PersonReader
from inference.understanding.slots import SlotReader, Slots
from inference.understanding.spans import CUE_WORDS, SpanScorer, common_words

_SURROGATE = re.compile("[\ud800-\udfff]")
_LEXICON_WORD = re.compile("|".join(p.pattern for p, _ in (*GENRE_PATTERNS, *MOOD_PATTERNS)),
                           re.IGNORECASE)  # fmt: skip
# A question put to the bot itself ("who made you", "넌 누가 만들었어").
_TO_THE_BOT = re.compile(
    r"\b(?:you|u|ur|your)\b|^(?:너|넌|니가|네가|너는)\b|\s(?:너|넌|니가|네가)\s", re.IGNORECASE
)
# Words of a request, never of a title read out of one ("볼만", "재밌는 거", "something good").
_REQUEST_WORDS = re.compile(r"볼만|볼\s*거|볼\s*게|재밌|재미|something|anything|good\b", re.I)
# Intents whose messages name a song, a poster or a release to forecast, never a person asked
# about ("아이유 좋은 날 어울리는 장르" names a singer, but asks about her song).
NOT_ABOUT_PEOPLE = frozenset({"greet", "thanks", "help", "about_bot", "poster", "song",
                              "box_office"})  # fmt: skip
# Intents whose messages may name a film (the span scorer reads them); a song's title is read
# by the song lookup, and a greeting names nothing.
ABOUT_FILMS = ("where_to_watch", "film_info", "recommend", "bare", "box_office", "person")
MAX_CHARS = 300
MAX_UNKNOWN_WORDS = 3
# A where-to-watch reading that names no film, with recommend this likely, asks for films.
RECOMMEND_RUNNER_UP = 0.25
COMMON_ZIPF = 3.0  # an ordinary word ("볼만", "vibe") kept as an unknown film's title is noise


@dataclass(frozen=True, slots=True)
class Understood:
    """What a message asks for."""

    intent: str
    confidence: float
    slots: Slots
    language: str  # the language the message is written in: "ko" when it has Hangul

    @property
    def is_request(self) -> bool:
        """Whether it asks for something other than the answer a flow may be waiting for."""
        return self.intent in REQUEST_INTENTS


class Understanding:
    """The classifier and the slot reader, loaded once."""

    def __init__(
        self,
        classifier: IntentClassifier,
        questions: QuestionReader | None = None,
        people: PersonReader | None = None,
        spans: SpanScorer | None = None,
    ) -> None:
        self.classifier = classifier
        self.slots = SlotReader(questions)
        self.people = people
        self.spans = spans

    @classmethod
    def load(
        cls,
        artifact_dir: Path | None = None,
        questions: QuestionReader | None = None,
        people: PersonReader | None = None,
        spans: SpanScorer | None = None,
    ) -> Understanding:
        """Load the classifier's artifact (sha256-checked)."""
        return cls(IntentClassifier.load(artifact_dir), questions, people, spans)

    def warm(self) -> None:
        """Load the sentence encoder and build the title and name lookups (~1.6 s): the bot
        calls it before it takes updates, so no message waits for them."""
        self.classifier.encoder()
        if self.spans is not None:
            self.spans.warm()
        if self.people is not None:
            self.people.warm()

    @property
    def version(self) -> str:
        """The classifier's model version (logged with what it decided)."""
        return self.classifier.version

    def film_share(self, text: str) -> float:
        """How likely the message is about a film at all (the span scorer weighs it)."""
        probabilities = self.classifier.classify(_clean(text)).probabilities
        return sum(probabilities.get(intent, 0.0) for intent in ABOUT_FILMS)

    def read(self, text: str, *, spans: bool = True) -> Understood:
        """Intent and slots of ``text`` (``spans=False``: the phrase rules' titles only, the
        baseline the span scorer is measured against)."""
        cleaned = _clean(text)
        scores = self.classifier.classify(cleaned)
        intent = scores.intent
        slots = self.slots.read(cleaned, intent) if cleaned else Slots()
        asked = None
        if self.people is not None and cleaned and intent not in NOT_ABOUT_PEOPLE:
            asked = self.people.read(cleaned)
            if asked is not None:
                # "송강호 나오는 영화 넷플릭스에 있어?": the person's films, on that service
                named = None if slots.exclude_service else _service(cleaned)  # "넷플 말고"
                slots = replace(slots, person=asked, service=slots.service or named,
                                mine=slots.mine or bool(MINE.search(cleaned)))  # fmt: skip
        if spans and self.spans is not None and cleaned and intent not in ("song", "poster"):
            slots = self._film_words(cleaned, intent, slots, scores.probabilities)
        if (intent == "where_to_watch" and not slots.titles
                and scores.probabilities.get("recommend", 0.0) >= RECOMMEND_RUNNER_UP):
            intent = "recommend"  # "넷플에 볼만한 거 있음?": no film named, something to watch
        if intent == "film_info" and not slots.titles and _TO_THE_BOT.search(cleaned):
            intent = "about_bot"  # "who made you", "넌 누가 만들었어?": a question about CineMate
        if scores.confidence < self.classifier.out_of_scope_floor and not _names_anything(slots):
            intent = "out_of_scope"  # a guess about a message that names nothing CineMate knows
        return Understood(intent, scores.confidence, slots, "ko" if has_hangul(cleaned) else "en")

    def _film_words(self, text: str, intent: str, slots: Slots,
                    probabilities: dict[str, float]) -> Slots:  # fmt: skip
        """The rules' title replaced by the span scorer's film, when it finds one. When it finds
        none, a short reading of a where-to-watch or film question is kept (a film too new for
        the catalogue is still asked about by name, and the live search may know it); other
        readings are dropped: the scorer weighed them and found no film."""
        assert self.spans is not None
        readings = slots.titles + slots.seed
        share = sum(probabilities.get(i, 0.0) for i in ABOUT_FILMS)
        found = self.spans.best(text, readings, share, person_span(text, slots))
        if found is None:
            kept = tuple(r for r in slots.titles if _may_be_unknown_film(r)) \
                if intent in ("where_to_watch", "film_info") else ()  # fmt: skip
            # "something similar to Heat": the rules' "like X" is cue enough for a title that
            # is also a word, when the catalogue has a film of exactly that name.
            seed = () if intent != "recommend" else tuple(
                s for s in slots.seed
                if self.spans.keys.get(s) is not None and not _LEXICON_WORD.search(s))[:1]
            return replace(slots, titles=kept, seed=seed)
        if intent == "recommend":
            if (slots.mood or slots.genres) and _LEXICON_WORD.search(found.text):
                # "무서운 영화 추천": a mood, not the film 무서운 영화 (Scary Movie)
                return replace(slots, titles=(), seed=())
            return replace(slots, seed=(found.text,), titles=())
        if intent == "person":
            return slots
        return replace(slots, titles=(found.text, *(r for r in slots.titles if r != found.text)))


def person_span(text: str, slots: Slots) -> tuple[int, int] | None:
    """Where the name the people reader found stands in ``text`` (a film is not inside it)."""
    if slots.person is None:
        return None
    at = text.find(slots.person.typed)
    return (at, at + len(slots.person.typed)) if at >= 0 else None


def _may_be_unknown_film(reading: str) -> bool:
    """A reading short enough to be a title, with no cue word in it ("엘리오", not "엘리오
    디즈니플러스 언제")."""
    return (len(reading.split()) <= MAX_UNKNOWN_WORDS and not CUE_WORDS.search(reading)
            and not _REQUEST_WORDS.search(reading)
            and common_words().zipf(reading) < COMMON_ZIPF)  # fmt: skip


def _clean(text: str) -> str:
    return " ".join(_SURROGATE.sub("\ufffd", text[:MAX_CHARS]).split())


def _names_anything(slots: Slots) -> bool:
    return any((slots.titles, slots.seed, slots.person, slots.service, slots.genres, slots.mood,
                slots.country, slots.years, slots.mine))  # fmt: skip


def _service(text: str) -> str | None:
    found = find_service(text)
    return found[0] if found else None
