"""One understanding step for every free-text message: the intent, its confidence and its slots.

The trained classifier (``classifier.py``) decides the intent; the slot rules (``slots.py``)
read what the message names for that intent. Loaded once per process and thread-safe; a message
takes well under a millisecond for the intent and up to a few for Korean slots (kiwipiepy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from inference.catalogue.questions import QuestionReader
from inference.catalogue.titles import has_hangul
from inference.understanding.classifier import IntentClassifier
from inference.understanding.labels import REQUEST_INTENTS
from inference.understanding.slots import SlotReader, Slots

_SURROGATE = re.compile("[\ud800-\udfff]")
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
        self, classifier: IntentClassifier, questions: QuestionReader | None = None
    ) -> None:
        self.classifier = classifier
        self.slots = SlotReader(questions)

    @classmethod
    def load(
        cls, artifact_dir: Path | None = None, questions: QuestionReader | None = None
    ) -> Understanding:
        """Load the classifier's artifact (sha256-checked)."""
        return cls(IntentClassifier.load(artifact_dir), questions)

    @property
    def version(self) -> str:
        """The classifier's model version (logged with what it decided)."""
        return self.classifier.version

    def read(self, text: str) -> Understood:
        """Intent and slots of ``text``."""
        cleaned = " ".join(_SURROGATE.sub("\ufffd", text[:MAX_CHARS]).split())
        scores = self.classifier.classify(cleaned)
        slots = self.slots.read(cleaned, scores.intent) if cleaned else Slots()
        return Understood(
            scores.intent, scores.confidence, slots, "ko" if has_hangul(cleaned) else "en"
        )
