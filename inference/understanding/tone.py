"""Whether a message is rude: an insult gets an apology and the menu, not the plain "I can't".

The classifier calls insults out of scope like any other thing CineMate does not do; the reply
to "넌 진짜 멍청하다" should still be polite and different from the reply to "날씨 어때". A
short list of insults and swear words in both languages (with the spellings people type to get
past filters: ㅅㅂ, ㅂㅅ, 븅신) is enough to tell them apart.
"""

from __future__ import annotations

import re

_INSULTS = re.compile(
    r"멍청|바보|병신|븅신|ㅂㅅ|ㅄ|시발|씨발|씨바|ㅅㅂ|ㅆㅂ|개새|꺼져|닥쳐|쓰레기|노답|구려|구리네|"
    r"한심|짜증나|개같|좆|존나\s*못|쓸모\s*없|쓸데없|못\s*알아듣|답답|미친|돌았|"
    r"\bstupid\b|\bdumb\b|\bidiot|\buseless\b|\bsucks?\b|\btrash\b|\bgarbage\b|shut\s+up|"
    r"\bfuck|\bf\*+k|\bwtf\b|\bhate\s+you\b|\bmoron|\bworst\s+bot\b|\bpathetic\b|\bcrap\b",
    re.IGNORECASE,
)


def is_insult(text: str) -> bool:
    """Whether ``text`` insults or swears."""
    return _INSULTS.search(text) is not None
