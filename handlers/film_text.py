"""How a film and its streaming offers read in a message (HTML, in the user's language).

Shared by recommendations, favourites, the watchlist and where-to-watch answers so a film looks
the same everywhere. "No data" is always said as such: the offline lists cover one catalogue
at one moment, so a missing offer never means "not streaming".
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from handlers.i18n import has_text, t
from inference.catalogue.availability import Availability, Offer, OfferKind
from inference.catalogue import Movie
from inference.catalogue.regions import PLATFORM_BY_ID

# Telegram shows at most 64 characters on a button before it cuts the label anyway.
BUTTON_LABEL_CHARS = 48
_KIND_ORDER = (
    OfferKind.SUBSCRIPTION,
    OfferKind.FREE,
    OfferKind.ADS,
    OfferKind.RENT,
    OfferKind.BUY,
)


def film_label(movie: Movie) -> str:
    """Plain "Title (Year)" for buttons, shortened to fit."""
    label = movie.label()
    if len(label) <= BUTTON_LABEL_CHARS:
        return label
    suffix = f" ({movie.year})" if movie.year else ""
    return movie.title[: BUTTON_LABEL_CHARS - len(suffix) - 1] + "…" + suffix


def film_html(movie: Movie) -> str:
    """<b>Title</b> (Year), escaped."""
    year = f" ({movie.year})" if movie.year else ""
    return f"<b>{html.escape(movie.title)}</b>{year}"


def genres_text(genres: Iterable[str], language: str) -> str:
    """Genres joined with a middle dot, in the user's language."""
    names = [t(language, f"genre.{g}") if has_text(f"genre.{g}") else g for g in genres]
    return " · ".join(html.escape(n) for n in names) or t(language, "genre.none")


def offer_name(offer: Offer, language: str) -> str:
    """The platform's name in the user's language (the provider's own name when unknown)."""
    platform = PLATFORM_BY_ID.get(offer.platform_id)
    return platform.name(language) if platform is not None else offer.name


def availability_lines(
    availability: Availability, subscriptions: Iterable[str], language: str
) -> list[str]:
    """One line per kind of offer (subscription, free, rent, buy), the user's services first.

    Offline rows carry their region and snapshot year because the lists are US catalogues
    from 2020–23 plus a Korean sample; a live TMDB answer is for the configured region today.
    """
    if not availability.has_data:
        return [t(language, "wtw.no_data_short")]
    mine = set(subscriptions)
    by_kind: dict[OfferKind, list[str]] = {}
    for offer in availability.ordered(mine):
        name = html.escape(offer_name(offer, language))
        if offer.platform_id in mine and offer.kind is OfferKind.SUBSCRIPTION:
            name = f"✅ {name}"
        if not availability.live:
            year = f" {offer.snapshot.year}" if offer.snapshot else ""
            name = f"{name} <i>({offer.region}{year})</i>"
        entries = by_kind.setdefault(offer.kind, [])
        if name not in entries:
            entries.append(name)
    return [
        f"{t(language, f'wtw.kind.{kind.value}')}: {', '.join(by_kind[kind])}"
        for kind in _KIND_ORDER
        if kind in by_kind
    ]


def availability_source(availability: Availability, language: str) -> str:
    """Where the offers come from; TMDB's terms require crediting JustWatch."""
    if availability.live:
        return t(language, "wtw.source_live", region=html.escape(availability.region or ""))
    return t(language, "wtw.source_offline")
