"""Look up user-facing texts by message id in the user's language."""

from __future__ import annotations

from handlers.particles import ParticleFormatter
from handlers.texts import en, ko

LANGUAGES = ("ko", "en")
CATALOGUES: dict[str, dict[str, str]] = {"ko": ko.MESSAGES, "en": en.MESSAGES}
_FORMATTER = ParticleFormatter()  # Korean particles agree with the value: {raw:은/는}


def normalise_language(code: str | None, default: str = "en") -> str:
    """Map a Telegram ``language_code`` (``ko-KR``, ``en``, None) to ``ko`` or ``en``."""
    if code and code.lower().startswith("ko"):
        return "ko"
    if code and code.lower().startswith("en"):
        return "en"
    return default


def t(language: str, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` (English if missing there), formatted with ``values``."""
    catalogue = CATALOGUES.get(language, CATALOGUES["en"])
    template = catalogue.get(key) or CATALOGUES["en"][key]
    return _FORMATTER.format(template, **values) if values else template


def has_text(key: str) -> bool:
    """Whether the catalogues know ``key`` (e.g. a genre name that may be missing)."""
    return key in CATALOGUES["en"]
