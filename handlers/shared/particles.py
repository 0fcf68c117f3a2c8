"""Korean particles that agree with the word before them: 기생충은 but 매트릭스는.

A template names the particle pair after a placeholder, ``“{raw}”{raw:은/는}``, and the
formatter chooses by the last sound of the value: a final consonant (받침) takes the first form,
a vowel the second; ``으로/로`` takes 로 after ㄹ too. Digits are read as Sino-Korean numbers
(1 일, 3 삼, 2 이) and a Latin word by its last letter (l, m, n end in a consonant, as
"Hotel" 호텔 or "Netflix" 넷플릭스 does not); a value ending in anything else (an emoji, a
symbol) keeps both forms, "은(는)", rather than a wrong guess.
"""

from __future__ import annotations

import string

PAIRS = {"은/는", "이/가", "을/를", "과/와", "으로/로"}
_CLOSERS = "”’\"')]」』>》 "
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}  # others: vowel
_LATIN_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ"}
_RIEUL = 8  # index of ㄹ among the Unicode final consonants


def final_consonant(word: str) -> str | None:
    """"" for a word ending in a vowel, "ㄹ" for one ending in ㄹ, another non-empty string for
    any other final consonant; None when the ending cannot be read."""
    for char in reversed(word.rstrip(_CLOSERS)):
        if "가" <= char <= "힣":
            final = (ord(char) - 0xAC00) % 28
            return "" if final == 0 else ("ㄹ" if final == _RIEUL else "ㅎ")
        if char.isdigit():
            return _DIGIT_FINAL.get(char, "")
        if char.isascii() and char.isalpha():
            return _LATIN_FINAL.get(char.lower(), "")
        return None
    return None


def particle(word: str, pair: str) -> str:
    """The form of ``pair`` ("은/는", …) that follows ``word``."""
    with_final, without = pair.split("/")
    final = final_consonant(word)
    if final is None:
        return f"{with_final}({without})" if pair != "으로/로" else "(으)로"
    if pair == "으로/로":
        return without if final in ("", "ㄹ") else with_final
    return with_final if final else without


class ParticleFormatter(string.Formatter):
    """``str.format`` plus ``{name:은/는}``: the particle for the value of ``name``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PAIRS:
            return particle(str(value), format_spec)
        return str(super().format_field(value, format_spec))
