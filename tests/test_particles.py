"""Korean particles chosen by the last sound of the word before them."""

from __future__ import annotations

import pytest

from handlers.shared.i18n import t
from handlers.shared.particles import particle


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("기생충", "은/는", "은"),
        ("매트릭스", "은/는", "는"),
        ("“올드보이”", "을/를", "를"),  # the closing quote is skipped
        ("살인의 추억", "이/가", "이"),
        ("파묘", "과/와", "와"),
        ("부산행", "으로/로", "으로"),
        ("서울", "으로/로", "로"),  # ㄹ takes 로
        ("400", "은/는", "은"),  # 사백: a number ending in 0 ends in 십, 백, 천 or 만
        ("25", "은/는", "는"),  # 이십오
        ("2023-02-30", "은/는", "은"),  # 삼십
        ("Hotel", "은/는", "은"),
        ("Netflix", "은/는", "는"),
        ("🎬", "은/는", "은"),  # nothing readable: the first form, never "은(는)"
        ("기생충 🎬", "을/를", "을"),  # emoji skipped
        ("", "으로/로", "으로"),
    ],
)
def test_particle_agrees_with_the_final_sound(word: str, pair: str, expected: str) -> None:
    assert particle(word, pair) == expected


def test_korean_texts_use_agreeing_particles() -> None:
    assert "“400”은 범위를 벗어나요" in t("ko", "ost.out_of_range", name="템포", range="30–250",
                                          raw="400")  # fmt: skip
    assert "“기생충”을 찾지 못했고" in t("ko", "ost.not_found", query="기생충")
    assert "“파묘”를 찾지 못했고" in t("ko", "ost.not_found", query="파묘")
