"""One understanding step for every free-text message: the intent, its confidence and its slots.

The trained classifier (``classifier.py``) decides the intent; the slot rules (``slots.py``)
read what the message names for that intent. Loaded once per process and thread-safe; a message
takes well under a millisecond for the intent and up to a few for Korean slots (kiwipiepy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from inference.catalogue.questions import QuestionReader, find_service
from inference.catalogue.titles import has_hangul
from inference.understanding.classifier import IntentClassifier
from inference.understanding.labels import REQUEST_INTENTS
from inference.understanding.lexicon import MINE
from inference.understanding.people import PersonReader
from inference.understanding.slots import SlotReader, Slots

_SURROGATE = re.compile("[\ud800-\udfff]")
# Intents whose messages name a song, a poster or a release to forecast, never a person asked
# about ("아이유 좋은 날 어울리는 장르" names a singer, but asks about her song).
NOT_ABOUT_PEOPLE = frozenset({"greet", "thanks", "help", "poster", "song", "box_office"})
MAX_CHARS = 300


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
    ) -> None:
        self.classifier = classifier
        self.slots = SlotReader(questions)
        self.people = people

    @classmethod
    def load(
        cls,
        artifact_dir: Path | None = None,
        questions: QuestionReader | None = None,
        people: PersonReader | None = None,
    ) -> Understanding:
        """Load the classifier's artifact (sha256-checked)."""
        return cls(IntentClassifier.load(artifact_dir), questions, people)

    @property
    def version(self) -> str:
        """The classifier's model version (logged with what it decided)."""
        return self.classifier.version

    def read(self, text: str) -> Understood:
        """Intent and slots of ``text``."""
        cleaned = " ".join(_SURROGATE.sub("\ufffd", text[:MAX_CHARS]).split())
        scores = self.classifier.classify(cleaned)
        slots = self.slots.read(cleaned, scores.intent) if cleaned else Slots()
        if self.people is not None and cleaned and scores.intent not in NOT_ABOUT_PEOPLE:
            asked = self.people.read(cleaned)
            if asked is not None:
                # "송강호 나오는 영화 넷플릭스에 있어?": the person's films, on that service
                slots = replace(slots, person=asked, service=slots.service or _service(cleaned),
                                mine=slots.mine or bool(MINE.search(cleaned)))  # fmt: skip
        return Understood(
            scores.intent, scores.confidence, slots, "ko" if has_hangul(cleaned) else "en"
        )


def _service(text: str) -> str | None:
    found = find_service(text)
    return found[0] if found else None
