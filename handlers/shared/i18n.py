"""Look up user-facing texts by message id in the user's language.

Each capability keeps its texts beside its handlers (``handlers/<capability>/texts.py``, Korean
and English side by side); the texts every capability shares (commands, errors, genre names) are
in ``handlers/shared/texts``. This module merges them into one catalogue per language and
refuses a message id defined twice.
"""

from __future__ import annotations

from handlers.audience import texts as audience_texts
from handlers.ost import texts as ost_texts
from handlers.platform import texts as platform_texts
from handlers.poster import texts as poster_texts
from handlers.recommend import texts as recommend_texts
from handlers.shared.particles import ParticleFormatter
from handlers.shared.texts import en, ko
from handlers.understanding import texts as understanding_texts

LANGUAGES = ("ko", "en")
_PARTS = (
    platform_texts,
    recommend_texts,
    poster_texts,
    ost_texts,
    audience_texts,
    understanding_texts,
)


def _merge(language: str, shared: dict[str, str]) -> dict[str, str]:
    merged = dict(shared)
    for part in _PARTS:
        texts: dict[str, str] = getattr(part, language.upper())
        twice = merged.keys() & texts.keys()
        if twice:
            raise ValueError(f"message ids defined twice: {sorted(twice)}")
        merged.update(texts)
    return merged


CATALOGUES: dict[str, dict[str, str]] = {
    "ko": _merge("ko", ko.MESSAGES),
    "en": _merge("en", en.MESSAGES),
}
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
