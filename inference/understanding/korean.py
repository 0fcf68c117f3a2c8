"""Korean that depends on sound and counting: particles that agree, and numbers said in words.

Particles: 기생충은 but 매트릭스는. A particle pair ("은/는", "이/가", "을/를", "과/와",
"으로/로") is chosen by the last sound of the word before it: a final consonant (받침) takes the
first form, a vowel the second, and ``으로/로`` takes 로 after ㄹ too. Digits are read as
Sino-Korean numbers (1 일, 3 삼, 2 이) and a Latin word by its last letter (l, m, n end in a
consonant, as "Hotel" 호텔 does and "Netflix" 넷플릭스 does not). Trailing punctuation, quotes
and emoji are skipped; a value with nothing readable takes the first form, so a text never shows
both forms in brackets, which only says the writer did not know.

Numbers in words: "스물여덟", "서른", "스물 여덟 살", "이십팔", "열다섯" — native Korean
numbers up to 99 (as ages are said) and Sino-Korean ones up to 9,999.
"""

from __future__ import annotations

import re

PAIRS = ("은/는", "이/가", "을/를", "과/와", "으로/로", "이에요/예요", "이라/라", "이나/나")
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}  # others: vowel
_LATIN_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ"}
_RIEUL = 8  # index of ㄹ among the Unicode final consonants


def final_consonant(word: str) -> str | None:
    """"" for a word ending in a vowel, "ㄹ" for one ending in ㄹ, another non-empty string for
    any other final consonant; None when nothing in ``word`` can be read."""
    for char in reversed(word):
        if "가" <= char <= "힣":
            final = (ord(char) - 0xAC00) % 28
            return "" if final == 0 else ("ㄹ" if final == _RIEUL else "ㅎ")
        if char.isdigit() and char.isascii():
            return _DIGIT_FINAL.get(char, "")
        if char.isascii() and char.isalpha():
            return _LATIN_FINAL.get(char.lower(), "")
    return None


def particle(word: str, pair: str) -> str:
    """The form of ``pair`` ("은/는", …) that follows ``word``."""
    with_final, without = pair.split("/")
    final = final_consonant(word)
    if final is None:
        return with_final
    if pair == "으로/로":
        return without if final in ("", "ㄹ") else with_final
    return with_final if final else without


_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60,
                "일흔": 70, "여든": 80, "아흔": 90}  # fmt: skip
_NATIVE_ONES = {"하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "넷": 4, "네": 4,
                "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}  # fmt: skip
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8,
                "구": 9}  # fmt: skip
_SINO_UNITS = {"십": 10, "백": 100, "천": 1000}
_NATIVE = re.compile(
    "^(?P<tens>" + "|".join(_NATIVE_TENS) + ")?(?P<ones>" + "|".join(
        sorted(_NATIVE_ONES, key=len, reverse=True)) + ")?$"
)  # fmt: skip


def korean_number(text: str) -> int | None:
    """The value of a number said in Korean words ("스물여덟" 28, "서른" 30, "이십팔" 28,
    "열다섯" 15, "천이백" 1200), or None when ``text`` is not one."""
    word = re.sub(r"\s+", "", text)
    if not word:
        return None
    native = _NATIVE.match(word)
    if native and (native.group("tens") or native.group("ones")):
        return _NATIVE_TENS.get(native.group("tens") or "", 0) + _NATIVE_ONES.get(
            native.group("ones") or "", 0
        )
    total, digit = 0, None
    for char in word:
        if char in _SINO_DIGITS and digit is None:
            digit = _SINO_DIGITS[char]
        elif char in _SINO_UNITS:
            total += (digit if digit is not None else 1) * _SINO_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if (total or digit) else None
