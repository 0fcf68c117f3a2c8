"""How a film and its streaming offers read in a message (HTML, in the user's language).

Shared by recommendations, favourites, the watchlist and where-to-watch answers so a film looks
the same everywhere: in Korean its Korean title with the original beside it ("기생충 (Parasite,
2019)"), in English the English title (with the Korean one beside it for a Korean film). "No
data" is always said as such: the offline lists hold each service's most popular titles at one
moment, so a missing offer never means "not streaming", and a service the lists do not cover
(TVING, Coupang Play) is "no data", never "not there".
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from handlers.shared.i18n import has_text, t
from inference.catalogue.availability import Availability, Offer, OfferKind
from inference.catalogue.credits import Credits
from inference.catalogue.films import Movie
from inference.catalogue.regions import PLATFORM_BY_ID, Platform, platforms_in, region_name

# Telegram shows at most 64 characters on a button before it cuts the label anyway.
BUTTON_LABEL_CHARS = 48
_KIND_ORDER = (
    OfferKind.SUBSCRIPTION,
    OfferKind.FREE,
    OfferKind.ADS,
    OfferKind.RENT,
    OfferKind.BUY,
    OfferKind.STORE,
)
# Services a "no data" line names when the user has chosen none: the region's big ones.
_MAIN_SERVICES = 6


def film_label(movie: Movie, language: str = "en") -> str:
    """Plain "Title (Year)" in the user's language for buttons, shortened to fit."""
    label = movie.label(language)
    if len(label) <= BUTTON_LABEL_CHARS:
        return label
    suffix = f" ({movie.year})" if movie.year else ""
    return movie.name(language)[: BUTTON_LABEL_CHARS - len(suffix) - 1] + "…" + suffix


def distinct_films(movies: Iterable[Movie], language: str) -> list[Movie]:
    """One film per button label: the catalogue holds a few films twice over, or two films of
    one title and year ("Aladdin (1992)": Disney's and another studio's), and two identical
    buttons tell the user nothing. The first of each label (the better match) stays."""
    seen: set[str] = set()
    kept = []
    for movie in movies:
        label = film_label(movie, language)
        if label not in seen:
            seen.add(label)
            kept.append(movie)
    return kept


def other_title(movie: Movie, language: str) -> str | None:
    """The title shown beside the user's-language one: the original in Korean mode (not a
    romanisation of the Korean title), the Korean title of a Korean film (or of one only known
    by it) in English mode; None when there is none or it is the same."""
    if language == "ko":
        other = None if movie.title_is_romanised else movie.title
    else:  # the Hangul beside a romanised title says what it is
        other = movie.title_ko if movie.korean or movie.title_is_romanised else None
    return other if other and other != movie.name(language) else None


def film_html(movie: Movie, language: str = "en") -> str:
    """<b>Title</b> (other title, Year), escaped (``other_title``)."""
    details = [o for o in (other_title(movie, language),) if o]
    if movie.year:
        details.append(str(movie.year))
    suffix = f" ({html.escape(', '.join(details))})" if details else ""
    return f"<b>{html.escape(movie.name(language))}</b>{suffix}"


# MovieLens tags a few "genres" that are formats, not genres: never shown as one.
NOT_GENRES = frozenset({"IMAX", "(no genres listed)"})


def genres_text(genres: Iterable[str], language: str) -> str:
    """Genres joined with a middle dot, in the user's language."""
    names = [
        t(language, f"genre.{g}") if has_text(f"genre.{g}") else g
        for g in genres
        if g not in NOT_GENRES
    ]
    return " · ".join(html.escape(n) for n in names) or t(language, "genre.none")


def offer_name(offer: Offer, language: str) -> str:
    """The platform's name in the user's language (the provider's own name when unknown)."""
    platform = PLATFORM_BY_ID.get(offer.platform_id)
    return platform.name(language) if platform is not None else offer.name


def search_title(movie: Movie, region: str | None) -> str:
    """The title a service's own search knows the film by in ``region``."""
    return movie.title_ko if region == "KR" and movie.title_ko else movie.title


def _link(url: str | None, text: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text


def offer_link(offer: Offer, movie: Movie, availability: Availability) -> str | None:
    """Where a tap on the offer goes: the service's own search for the title, else the film's
    JustWatch page."""
    platform = PLATFORM_BY_ID.get(offer.platform_id)
    searched = platform.search_link(search_title(movie, offer.region)) if platform else None
    return searched or offer.url or availability.link


def availability_lines(
    availability: Availability,
    subscriptions: Iterable[str],
    language: str,
    movie: Movie,
    *,
    region_services: bool = False,
    no_data_line: bool = True,
) -> list[str]:
    """One line per kind of offer (subscription, free, rent, buy, store), the user's services
    first and marked ✅, each name a link; then the user's services the source has no data
    for (with ``region_services``, the region's main ones when the user has chosen none)."""
    mine = list(subscriptions)
    lines: list[str] = []
    if not availability.has_data:
        if no_data_line:
            lines.append(t(language, "wtw.no_data_short"))
    else:
        by_kind: dict[OfferKind, list[str]] = {}
        for offer in availability.ordered(mine):
            name = html.escape(offer_name(offer, language))
            if offer.platform_id in mine and offer.kind is OfferKind.SUBSCRIPTION:
                name = f"✅ {name}"
            entries = by_kind.setdefault(offer.kind, [])
            entry = _link(offer_link(offer, movie, availability), name)
            if entry not in entries:
                entries.append(entry)
        lines += [
            f"{t(language, f'wtw.kind.{kind.value}')}: {', '.join(by_kind[kind])}"
            for kind in _KIND_ORDER
            if kind in by_kind
        ]
    uncovered = no_data_services(availability, mine, region_services=region_services)
    if uncovered:
        names = ", ".join(
            _link(p.search_link(search_title(movie, availability.region)), html.escape(
                p.name(language))) for p in uncovered
        )  # fmt: skip
        lines.append(t(language, "wtw.no_data_for", platforms=names))
    return lines


def no_data_services(
    availability: Availability, subscriptions: Iterable[str], *, region_services: bool = False
) -> list[Platform]:
    """The user's services (or the region's main ones) the source knows nothing about —
    TVING and Coupang Play are not in the Korean lists, so they are never called "absent"."""
    chosen = [PLATFORM_BY_ID[p] for p in subscriptions if p in PLATFORM_BY_ID]
    pool = chosen
    if not chosen and region_services:
        pool = list(platforms_in(availability.region or ""))[:_MAIN_SERVICES]
    return [p for p in pool if not p.store and not availability.covered(p.id)]


def availability_source(availability: Availability, language: str) -> str:
    """Where the offers come from and how old they are; TMDB's terms require crediting
    JustWatch, and the Korean lists are JustWatch's too."""
    region = availability.region or ""
    link = availability.link
    if availability.live:
        text = t(language, "wtw.source_live", region=html.escape(region_name(region, language)))
    elif region == "KR":
        text = t(language, "wtw.source_kr")
    else:
        text = t(language, "wtw.source_us")
    if link and "JustWatch" in text:  # the credit itself becomes the link, not a second word
        text = text.replace("JustWatch", _link(link, "JustWatch"), 1)
    elif link:
        text += " " + _link(link, "JustWatch")
    return text


CARD_LEADS = 3  # actors named on a card


def people_line(credits: Credits | None, language: str) -> str | None:
    """Who made it and who is in it, on one line of a card: "🎬 봉준호 · 🎭 송강호, 이선균,
    조여정" (English names for English readers); None when no source credits anyone."""
    if credits is None:
        return None
    parts = []
    if credits.directors:
        names = ", ".join(html.escape(p.name(language)) for p in credits.directors[:2])
        parts.append(f"🎬 {names}")
    if credits.actors:
        names = ", ".join(html.escape(p.name(language)) for p in credits.actors[:CARD_LEADS])
        parts.append(f"🎭 {names}")
    return " · ".join(parts) or None
