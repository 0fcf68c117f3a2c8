"""The OTT platforms CineMate knows, with stable ids used in storage and callback data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Platform:
    """A streaming service a user may subscribe to."""

    id: str
    name_en: str
    name_ko: str

    def name(self, language: str) -> str:
        """Display name in the user's language."""
        return self.name_ko if language == "ko" else self.name_en


PLATFORMS: tuple[Platform, ...] = (
    Platform("netflix", "Netflix", "넷플릭스"),
    Platform("disney_plus", "Disney+", "디즈니+"),
    Platform("prime_video", "Prime Video", "프라임 비디오"),
    Platform("apple_tv_plus", "Apple TV+", "애플TV+"),
    Platform("watcha", "Watcha", "왓챠"),
    Platform("tving", "TVING", "티빙"),
    Platform("wavve", "Wavve", "웨이브"),
    Platform("coupang_play", "Coupang Play", "쿠팡플레이"),
)
PLATFORM_BY_ID: dict[str, Platform] = {p.id: p for p in PLATFORMS}
