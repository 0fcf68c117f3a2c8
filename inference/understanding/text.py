"""The text features of the intent classifier — one function for training and serving.

A message is normalised (NFKC, lower case, every digit read as 0 so "5개" and "3개" look alike,
punctuation other than ? and ! dropped, spaces collapsed), the words of the slot lexicon are
replaced by the name of their slot ("넷플릭스에 있는 한국 스릴러" → "⟨svc⟩에 있는 ⟨country⟩
⟨genre⟩"), and the result is described by its words, its word pairs and its character n-grams
(2–4 characters, across spaces). The slot names let one "a ⟨genre⟩ from ⟨year⟩" stand for every
genre and year; character n-grams carry Korean well: "추천해줘", "추천해 줘" and "추천해주세요"
share most of theirs, and endings and particles need no dictionary.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from inference.catalogue.questions import SERVICE_PATTERN
from inference.understanding.lexicon import (
    COUNT,
    COUNTRY_PATTERNS,
    GENRE_PATTERNS,
    MINE,
    MOOD_PATTERNS,
    PERIOD,
)

MAX_CHARS = 300
CHAR_SIZES = (2, 3, 4)
_DROP = re.compile(r"[^\w\s?!가-힣ㄱ-ㅎㅏ-ㅣ+⟨⟩]")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form every feature is read from."""
    folded = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    folded = _DROP.sub(" ", folded.replace("_", " "))
    folded = _DIGIT.sub("0", folded)
    return _SPACE.sub(" ", folded).strip()


_MASKS: list[tuple[str, re.Pattern[str]]] = [
    ("⟨svc⟩", SERVICE_PATTERN),
    ("⟨mine⟩", MINE),
    ("⟨count⟩", COUNT),
    ("⟨period⟩", PERIOD),
    *(("⟨genre⟩", pattern) for pattern, _ in GENRE_PATTERNS),
    *(("⟨mood⟩", pattern) for pattern, _ in MOOD_PATTERNS),
    *(("⟨country⟩", pattern) for pattern, _ in COUNTRY_PATTERNS),
]


def masked(text: str) -> str:
    """``text`` with every lexicon word replaced by its slot's name."""
    for name, pattern in _MASKS:
        text = pattern.sub(name, text)
    return text


def features(text: str) -> list[str]:
    """Words (``w:``), word pairs (``b:``) and character n-grams (``c:``) of ``text`` with its
    lexicon words masked."""
    norm = normalise(masked(unicodedata.normalize("NFKC", text[:MAX_CHARS])))
    words = norm.split()
    found = [f"w:{word}" for word in words]
    found += [f"b:{first} {second}" for first, second in itertools.pairwise(words)]
    padded = f" {norm} "
    for size in CHAR_SIZES:
        found += [f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1)]
    return found
