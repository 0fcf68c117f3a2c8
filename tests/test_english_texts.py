"""Every English text read as a careful native app's would be (issue 25, item 1, "English texts
reviewed the same way"): counts that agree with their noun ("1 film", never "1 films"), one
spelling (British, as "favourite" — the /favorites command keeps its name), no space before
punctuation, no doubled word, and any Korean inside an English text in the Korean texts' own
voice ("언어를 골라 주세요", not "언어를 선택하세요")."""

from __future__ import annotations

import re

import pytest

from handlers.shared.i18n import CATALOGUES, t
from tests.test_korean_texts import BARE_REQUEST, NOT_REQUESTS, _formal

ENGLISH = CATALOGUES["en"]
# A placeholder holding a count of things, then its noun: the noun must agree with the count,
# which the text says with the plural field ``{count:film|films}``.
COUNT_NAMES = ("count", "remaining", "needed", "films", "screens")
BARE_COUNT_NOUN = re.compile(r"\{(" + "|".join(COUNT_NAMES) + r")\}(?:</b>)? ([a-z]+s)\b")
# American spellings beside the British ones the texts use; command names are left alone.
AMERICAN = re.compile(
    r"(?<![/\w])(favorite|color|center|theater|canceled|analyze|recognize|catalog)(s|ed)?\b",
    re.IGNORECASE,
)
SPACE_BEFORE_PUNCTUATION = re.compile(r"\w [,.;:!?](?=\s|$|<)")
DOUBLED_WORD = re.compile(r"\b([A-Za-z]+) \1\b", re.IGNORECASE)
HANGUL_RUN = re.compile(r"[가-힣][가-힣\s]*[가-힣]")


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_each_english_text_reads_right(key: str) -> None:
    text = ENGLISH[key]
    bare = [m.group(0) for m in BARE_COUNT_NOUN.finditer(text)]
    assert not bare, f"{key}: a count without agreement, write {{name:film|films}}: {bare}"
    american = [m.group(0) for m in AMERICAN.finditer(text)]
    assert not american, f"{key}: American spelling in British texts: {american}"
    assert not SPACE_BEFORE_PUNCTUATION.search(text), f"{key}: a space before punctuation"
    assert "  " not in text, f"{key}: a double space"
    assert not DOUBLED_WORD.search(text), f"{key}: a doubled word"
    assert text == text.rstrip(), f"{key}: trailing whitespace"
    korean = " ".join(HANGUL_RUN.findall(text))
    requests = [m.group(0) for m in BARE_REQUEST.finditer(korean)]
    requests = [r for r in requests if not r.removesuffix("세요").endswith(NOT_REQUESTS)]
    assert not requests, f"{key}: its Korean asks with {requests}, not “…해 주세요”"
    assert not _formal(korean), f"{key}: 합쇼체 in its Korean"


def test_counts_agree_with_their_noun() -> None:
    assert t("en", "history.unmatched", count="1") == "Not imported: 1 film"
    assert t("en", "history.unmatched", count="1,204") == "Not imported: 1,204 films"
    assert t("en", "fav.progress_enough", count=1).startswith("⭐ 1 favourite.")
    assert t("en", "aud.summary.screens", screens="1") == "1 screen"
    assert t("ko", "fav.progress_enough", count=1).startswith("⭐ 좋아하는 영화 1편.")


def test_the_checker_catches_what_it_is_for() -> None:
    """The rules flag the phrasings they exist for (so the test can fail)."""
    assert BARE_COUNT_NOUN.search("{count} films were already stored")
    assert not BARE_COUNT_NOUN.search("{count:film|films} were already stored")
    assert AMERICAN.search("Your favorite films") and not AMERICAN.search("send /favorites")
    assert SPACE_BEFORE_PUNCTUATION.search("Done !") and DOUBLED_WORD.search("the the film")
    korean = " ".join(HANGUL_RUN.findall("Choose your language · 언어를 선택하세요"))
    assert [m.group(0) for m in BARE_REQUEST.finditer(korean)] == ["선택하세요"]
