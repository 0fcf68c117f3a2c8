"""The Korean and English catalogues match, key for key and placeholder for placeholder."""

from __future__ import annotations

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
