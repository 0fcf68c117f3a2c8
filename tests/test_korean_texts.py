"""Every Korean text read as a native app's would be (issue 25, item 1): one polite register
(해요체; requests as "…해 주세요"), counts with their counters, and a command or a Latin word
never followed by a detached particle ("/recommend 로": Telegram links the command only when
a space follows it, so the sentence is written with the command standing on its own)."""

from __future__ import annotations

import re

import pytest

from handlers.shared.i18n import CATALOGUES, t

KOREAN = CATALOGUES["ko"]
# A command or a Latin word, a space, then a particle standing alone.
DETACHED_PARTICLE = re.compile(
    r"(/[a-z_]+|[A-Za-z][A-Za-z0-9]*)\s(으로|로|에서|을|를|이|가|은|는|와|과|에|도|만|의)"
    r"(?=[\s.,!?)<:]|$)"
)
# A request ending in "-(으)세요" ("누르세요", "입력하세요") instead of "-어 주세요"; "-어 보세요"
# (a suggestion) and greetings are not requests.
BARE_REQUEST = re.compile(r"([가-힣]+)세요(?=[.!:)\s]|$)")
NOT_REQUESTS = ("주", "보", "안녕하")
# Placeholders that hold a count of things: the counter must follow (12편, 3명, 2곳).
COUNT = re.compile(r"\{(count|remaining|needed)(:[^}]*)?\}(.?)")
COUNTERS = "편명개곳번초분줄위회곡건자"
# A quoted title left hanging on a comma ("“밀수”, 아직 모르는 영화예요.") instead of taking its
# particle ("“밀수”는 …").
HANGING_TITLE = re.compile(r"”,")


def _formal(text: str) -> list[str]:
    """합쇼체 endings (-ㅂ니다, -습니다, -십시오) in ``text``."""
    found = [m.group(0) for m in re.finditer(r"습니다|십시오", text)]
    for index in range(len(text) - 2):
        syllable = text[index]
        hangul = "가" <= syllable <= "힣"
        # final ㅂ before 니다: 합니다, 입니다, 됩니다
        if hangul and text[index + 1 : index + 3] == "니다" and (ord(syllable) - 0xAC00) % 28 == 17:
            found.append(text[index : index + 3])
    return found


@pytest.mark.parametrize("key", sorted(KOREAN))
def test_each_korean_text_keeps_one_voice(key: str) -> None:
    text = KOREAN[key]
    detached = [m.group(0) for m in DETACHED_PARTICLE.finditer(text)]
    assert not detached, f"{key}: a particle detached from a command or Latin word: {detached}"
    requests = [m.group(0) for m in BARE_REQUEST.finditer(text)]
    requests = [r for r in requests if not r.removesuffix("세요").endswith(NOT_REQUESTS)]
    assert not requests, f"{key}: ask with “…해 주세요”, not {requests}"
    assert not _formal(text), f"{key}: 합쇼체 in a 해요체 app: {_formal(text)}"
    assert not HANGING_TITLE.search(text), f"{key}: a quoted title hangs on a comma"
    for match in COUNT.finditer(text):
        assert match.group(3) and match.group(3) in COUNTERS, (
            f"{key}: the count {{{match.group(1)}}} has no counter (편, 명, 개, 곳 …)"
        )


def test_the_checker_catches_what_it_is_for() -> None:
    """The rules above flag the phrasings issue 25 found (so the test can fail)."""
    assert DETACHED_PARTICLE.search("이제 /recommend 로 추천을 받아 보세요.")
    assert DETACHED_PARTICLE.search("/profile 에서 언제든 바꿀 수 있어요.")
    assert not DETACHED_PARTICLE.search("이제 추천을 받아 보세요: /recommend")
    assert [m.group(0) for m in BARE_REQUEST.finditer("다음 제목을 입력하세요.")] == ["입력하세요"]
    assert _formal("설정이 완료되었습니다.") and _formal("저장합니다")
    assert not _formal("저장했어요.")
    assert HANGING_TITLE.search("“밀수”, 아직 모르는 영화예요.")
    assert not HANGING_TITLE.search("“밀수”는 아직 제 영화 목록에 없어요.")
    bare = COUNT.search("좋아하는 영화: {count}.")
    assert bare is not None and bare.group(3) not in COUNTERS


def test_the_profile_counts_favourites_in_films() -> None:
    assert t("ko", "profile.favourites", value=12) == "좋아하는 영화: 12편"
