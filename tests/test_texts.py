"""The Korean and English catalogues match, key for key and placeholder for placeholder."""

from __future__ import annotations

import re
import string

from bot.localapi.validation import strip_markup
from handlers.platform.profile_fields import InvalidAge, parse_age, parse_gender
from handlers.shared.i18n import CATALOGUES, normalise_language, t


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    ko, en = CATALOGUES["ko"], CATALOGUES["en"]
    assert ko.keys() == en.keys()
    for key in en:
        assert _placeholders(ko[key]) == _placeholders(en[key]), key


def test_every_text_is_valid_telegram_html() -> None:
    for language, catalogue in CATALOGUES.items():
        for key, template in catalogue.items():
            values = {name: "1" for name in _placeholders(template)}
            strip_markup(t(language, key, **values), "HTML")


def test_language_codes_map_to_supported_languages() -> None:
    assert normalise_language("ko-KR") == "ko"
    assert normalise_language("en-US") == "en"
    assert normalise_language("de", default="ko") == "ko"
    assert normalise_language(None) == "en"


def test_age_parsing() -> None:
    assert parse_age("27") == 27
    assert parse_age(" 34세 ") == 34
    assert parse_age("19 years old") == 19
    for bad, key in [
        ("abc", "age.not_a_number"),
        ("-3", "age.out_of_range"),
        ("200", "age.out_of_range"),
        ("1e309", "age.not_a_number"),
        ("9" * 50, "age.not_a_number"),
    ]:
        try:
            parse_age(bad)
        except InvalidAge as exc:
            assert exc.key == key, bad
        else:
            raise AssertionError(f"{bad!r} accepted")


def test_gender_words() -> None:
    assert parse_gender("여자") == "female"
    assert parse_gender(" Male ") == "male"
    assert parse_gender("banana") is None


# -- Korean that reads right --------------------------------------------------------------------

PARTICLE_FIELD = re.compile(r"\{(\w+):([^{}]+)\}")
VOWEL_FINAL, CONSONANT_FINAL = "매트릭스", "기생충"


def test_every_korean_text_renders_agreeing_particles_with_either_ending() -> None:
    """Each template, filled once with a vowel-final and once with a consonant-final value:
    never "을(를)", and each particle that follows a value agrees with it."""
    from handlers.shared.particles import PAIRS, particle

    for key, template in CATALOGUES["ko"].items():
        assert not re.search(r"\((을|를|이|가|은|는|와|과|으)\)", template), key
        names = _placeholders(template)
        for value in (VOWEL_FINAL, CONSONANT_FINAL):
            rendered = t("ko", key, **{name: value for name in names}) if names else template
            assert "(를)" not in rendered and "(는)" not in rendered and "(가)" not in rendered
            for name, pair in PARTICLE_FIELD.findall(template):
                if pair in PAIRS:
                    agreeing = re.escape(value) + r"[”’\"')\]]?" + re.escape(particle(value, pair))
                    assert re.search(agreeing, rendered), (key, name, value)
    assert particle(VOWEL_FINAL, "을/를") == "를" and particle(CONSONANT_FINAL, "을/를") == "을"
    assert particle("파묘", "과/와") == "와" and particle("기생충", "과/와") == "과"
    assert particle("서울", "으로/로") == "로" and particle("부산행", "으로/로") == "으로"


def test_one_word_per_concept_and_one_register() -> None:
    from handlers.shared.texts.glossary import FORMAL_KO_ENDINGS, GLOSSARY

    for key, text in CATALOGUES["ko"].items():
        for term in GLOSSARY.values():
            for word in term.never_ko:
                assert word not in text, f"{key}: “{word}” — the glossary says “{term.ko}”"
            if term.only_in and term.ko in text:
                assert key.startswith(term.only_in), f"{key}: “{term.ko}” names another figure"
        for ending in FORMAL_KO_ENDINGS:
            assert ending not in text, f"{key}: {ending} is not 해요체"
    for key, text in CATALOGUES["en"].items():
        for term in GLOSSARY.values():
            for word in term.never_en:
                assert word not in text.lower(), f"{key}: “{word}” — the glossary says {term.en}"
    assert "찜 목록" in t("ko", "wl.title", count=2) and t("ko", "rec.watchlist") == "➕ 찜하기"


def test_korean_ages_people_type() -> None:
    for typed, age in [("28살이요", 28), ("스물여덟", 28), ("서른", 30), ("서른이요", 30),
                       ("만 28세입니다", 28), ("저는 스물여덟 살이에요", 28)]:  # fmt: skip
        assert parse_age(typed) == age, typed
    assert parse_gender("여자요") == "female" and parse_gender("남성입니다") == "male"
