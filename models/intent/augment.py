"""Noise the training messages the way phones and people do: the classifier learns to ignore it.

Written messages are cleaner than chat. Each training message gets one noisy copy (seeded):
spaces dropped (Korean is often typed without them: "헤어질결심너무좋았는데"), a letter slipped
(a neighbouring key, a doubled or dropped letter — never inside the slot words the message was
labelled with, so a title stays findable), lower case and no punctuation, and a chat tail
(ㅋㅋ, ㅠㅠ, 좀, pls, lol, an emoji). Only training rows are noised; validation and test rows
are real messages as written.
"""

from __future__ import annotations

import random
import re

from inference.catalogue.titles import has_hangul

_KO_TAILS = ("ㅋㅋ", "ㅋㅋㅋ", "ㅠㅠ", "ㅎㅎ", "좀", "!!", "?", "~", "🥺", "😂", "🙏", "ㄱㄱ", "..")
_EN_TAILS = ("lol", "pls", "plz", "tbh", "rn", "!!", "??", "🥺", "😂", "🙏", "haha", "ngl", "...")
_KEYS = "qwertyuiopasdfghjklzxcvbnm"
_PUNCT = re.compile(r"[?!.,~]+")


def _slip(word: str, rng: random.Random) -> str:
    """One typing slip in a Latin word: a neighbouring letter, a doubled or a dropped one."""
    if len(word) < 4 or not word.isascii() or not word.isalpha():
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:at] + rng.choice(_KEYS) + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1 :]


def noisy(text: str, protected: tuple[str, ...], rng: random.Random) -> str:
    """One noisy copy of ``text``; words inside ``protected`` spans are left as they are."""
    korean = has_hangul(text)
    kept = {w for span in protected for w in span.split()}
    words = text.split()
    if not korean and rng.random() < 0.7:
        text = _PUNCT.sub("", text.lower()) if rng.random() < 0.6 else text.lower()
        words = text.split()
    if words and rng.random() < 0.5:
        at = rng.randrange(len(words))
        if words[at] not in kept:
            words[at] = _slip(words[at], rng)
    if korean and len(words) > 1 and rng.random() < 0.6:
        # Drop some or all spaces: phone Korean often has none.
        joined = [words[0]]
        for word in words[1:]:
            if rng.random() < 0.7:
                joined[-1] += word
            else:
                joined.append(word)
        words = joined
    result = " ".join(words)
    if rng.random() < 0.6:
        tails = _KO_TAILS if korean else _EN_TAILS
        result = (
            f"{result} {rng.choice(tails)}" if rng.random() < 0.7 else result + rng.choice(tails)
        )
    return result
