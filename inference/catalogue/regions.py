"""The OTT platforms CineMate knows, with stable ids used in storage and callback data.

Ids and their order are stored in user profiles and callback data: only ever append. ``regions``
says where a service is offered (ISO 3166-1 codes), so a Korean user need not be shown Hulu.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Platform:
    """A streaming service a user may subscribe to."""

    id: str
    name_en: str
    name_ko: str
    regions: tuple[str, ...] = ("KR", "US")

    def name(self, language: str) -> str:
        """Display name in the user's language."""
        return self.name_ko if language == "ko" else self.name_en


PLATFORMS: tuple[Platform, ...] = (
    Platform("netflix", "Netflix", "넷플릭스", ("KR", "US")),
    Platform("disney_plus", "Disney+", "디즈니+", ("KR", "US")),
    Platform("prime_video", "Prime Video", "프라임 비디오", ("KR", "US")),
    Platform("apple_tv_plus", "Apple TV+", "애플TV+", ("KR", "US")),
    Platform("watcha", "Watcha", "왓챠", ("KR",)),
    Platform("tving", "TVING", "티빙", ("KR",)),
    Platform("wavve", "Wavve", "웨이브", ("KR",)),
    Platform("coupang_play", "Coupang Play", "쿠팡플레이", ("KR",)),
    Platform("hulu", "Hulu", "훌루", ("US",)),
    Platform("max", "Max", "맥스", ("US",)),  # HBO Max until 2023
    Platform("paramount_plus", "Paramount+", "파라마운트+", ("US",)),
)
PLATFORM_BY_ID: dict[str, Platform] = {p.id: p for p in PLATFORMS}


def platforms_in(region: str) -> tuple[Platform, ...]:
    """The platforms offered in ``region`` ("KR", "US"), in the stable order of ``PLATFORMS``."""
    return tuple(p for p in PLATFORMS if region.upper() in p.regions)
