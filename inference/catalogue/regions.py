"""Regions and the OTT platforms sold in each, with stable ids used in storage and callback data.

Platform ids and the order of ``PLATFORMS`` are stored in user profiles and callback data: only
ever append. Each region lists its platforms in the order its users expect them (Korea: the big
local services beside Netflix), so a Korean user is offered TVING and Coupang Play, never Hulu.
A store (Google Play, the Apple TV app) rents and sells films one by one; it is offered as a
"service" too, because people who rent there want to know, but it is never called a
subscription.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

DEFAULT_REGION = "KR"


@dataclass(frozen=True, slots=True)
class Platform:
    """A streaming service or film store a user may use."""

    id: str
    name_en: str
    name_ko: str
    store: bool = False  # rents and sells (Google Play) instead of a subscription
    search_url: str | None = None  # the service's own search, "{query}" for the title

    def name(self, language: str) -> str:
        """Display name in the user's language."""
        return self.name_ko if language == "ko" else self.name_en

    def search_link(self, title: str) -> str | None:
        """The service's own search for ``title``, where it has a public search page."""
        return self.search_url.format(query=quote(title)) if self.search_url else None


PLATFORMS: tuple[Platform, ...] = (
    Platform("netflix", "Netflix", "넷플릭스", search_url="https://www.netflix.com/search?q={query}"),
    Platform("disney_plus", "Disney+", "디즈니+",
             search_url="https://www.disneyplus.com/search?q={query}"),
    Platform("prime_video", "Prime Video", "프라임 비디오",
             search_url="https://www.primevideo.com/search?phrase={query}"),
    Platform("apple_tv_plus", "Apple TV+", "애플TV+",
             search_url="https://tv.apple.com/search?term={query}"),
    Platform("watcha", "Watcha", "왓챠", search_url="https://watcha.com/search?query={query}"),
    Platform("tving", "TVING", "티빙", search_url="https://www.tving.com/search?keyword={query}"),
    Platform("wavve", "Wavve", "웨이브",
             search_url="https://www.wavve.com/search?searchWord={query}"),
    Platform("coupang_play", "Coupang Play", "쿠팡플레이"),
    Platform("hulu", "Hulu", "훌루"),
    Platform("max", "Max", "맥스"),  # HBO Max until 2023
    Platform("paramount_plus", "Paramount+", "파라마운트+"),
    Platform("google_play", "Google Play", "구글 플레이", store=True,
             search_url="https://play.google.com/store/search?q={query}&c=movies"),
    Platform("u_plus_mobile_tv", "U+ Mobile TV", "U+모바일tv"),
)  # fmt: skip
PLATFORM_BY_ID: dict[str, Platform] = {p.id: p for p in PLATFORMS}

# The platforms of each region in the order its users know them; a region without a list of
# its own (CineMate's offline data covers Korea and the US) gets the global services.
_REGION_PLATFORMS: dict[str, tuple[str, ...]] = {
    "KR": ("netflix", "tving", "coupang_play", "wavve", "disney_plus", "watcha",
           "apple_tv_plus", "u_plus_mobile_tv", "prime_video", "google_play"),
    "US": ("netflix", "prime_video", "disney_plus", "max", "hulu", "paramount_plus",
           "apple_tv_plus", "google_play"),
}  # fmt: skip
_GLOBAL_PLATFORMS = ("netflix", "disney_plus", "prime_video", "apple_tv_plus", "google_play")

#: Regions a user can choose in /profile (ISO 3166-1 alpha-2), with their names.
REGIONS: dict[str, tuple[str, str]] = {
    "KR": ("South Korea", "한국"),
    "US": ("United States", "미국"),
}


def platforms_in(region: str) -> tuple[Platform, ...]:
    """The platforms offered in ``region`` ("KR", "US"), in that region's order."""
    ids = _REGION_PLATFORMS.get(region.upper(), _GLOBAL_PLATFORMS)
    return tuple(PLATFORM_BY_ID[i] for i in ids)


def region_name(region: str, language: str) -> str:
    """"한국" / "South Korea"; the code itself for a region without a name here."""
    names = REGIONS.get(region.upper())
    if names is None:
        return region.upper()
    return names[1] if language == "ko" else names[0]


def user_region(chosen: str | None, language: str | None, default: str) -> str:
    """The region a user's answers are for: the one chosen in /profile, else Korea for a
    Korean-speaking user, else the deployment's default (``TMDB_REGION``)."""
    if chosen:
        return chosen.upper()
    if language == "ko":
        return "KR"
    return (default or DEFAULT_REGION).upper()
