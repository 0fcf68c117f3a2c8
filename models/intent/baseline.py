"""The keyword baseline the intent classifier is measured against.

What a first version of such a bot does: look for a telling word, in a fixed order, and call
everything else out of scope. It knows the obvious cues ("추천", "어디서", "where", "thanks") and
nothing about how they combine ("주식 추천" is not a film request; "who directed X" has no
keyword of its list).
"""

from __future__ import annotations

import re

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("poster", re.compile(r"포스터|poster", re.IGNORECASE)),
    ("song", re.compile(r"노래|음악|ost|song|soundtrack|track", re.IGNORECASE)),
    ("box_office", re.compile(r"관객|흥행|박스\s*오피스|box\s*office|admissions|forecast", re.I)),
    ("where_to_watch", re.compile(r"어디서|어디|where|넷플릭스|netflix|티빙|왓챠|웨이브", re.I)),
    ("recommend", re.compile(r"추천|recommend|suggest|what should i watch", re.IGNORECASE)),
    ("film_info", re.compile(r"감독|주연|몇\s*년|director|directed|cast|released", re.I)),
    ("thanks", re.compile(r"고마|감사|thank|thx", re.IGNORECASE)),
    ("help", re.compile(r"도움|도와|사용법|help|how do i use", re.IGNORECASE)),
    ("greet", re.compile(r"^(?:안녕|하이|hi|hello|hey)\b", re.IGNORECASE)),
]


def keyword_intent(text: str) -> str:
    """The first rule whose keyword the text contains, else out of scope."""
    for intent, pattern in _RULES:
        if pattern.search(text):
            return intent
    return "out_of_scope"
