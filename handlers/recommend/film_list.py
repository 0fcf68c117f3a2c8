"""A list of films in one message, one film at a time, edited in place.

Every list — /recommend, "영화 추천해줘", "인셉션 같은 영화", "넷플릭스에 있는 한국 스릴러" — is
one message: a header that says what was asked, the film on show (its place in the list,
title, year, genres, where it streams with the user's services first) and buttons:
◀ 2/10 ▶ to move, 👍 👎 ✓ ➕ for that film (marked when chosen), ☐/☑ "only my services"
and 🔄 a new list — each edits the same message instead of sending a new one.

The list is logged as a prediction when it is made (its films, the request), and every button
names that log row (``fl:<id>:<index>``), so buttons keep working after a restart and a list
never changes under the user's thumb; a new list (🔄, the toggle) is a new row.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import asdict, dataclass, field
from dataclasses import replace as replaced
from datetime import date
from typing import Any, TypedDict

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.platform.favourites_picker import MIN_FAVOURITES
from handlers.recommend.feedback import toggle_feedback
from handlers.shared.context import CineContext
from handlers.shared.film_text import availability_lines, film_html, genres_text, people_line
from handlers.shared.flow import step
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_text
from inference.catalogue.films import FilmTable, Movie
from inference.catalogue.regions import PLATFORM_BY_ID
from inference.recommender import Recommendation, UserSignals
from inference.recommender.filters import (
    COMPANY_GENRES,
    FilmFilter,
    films_named,
    films_of_years,
    preferred_years,
)
from inference.understanding.lexicon import MOODS
from inference.understanding.service import Understood
from storage.records import ProfileRecord, TasteRecord

FLOW = "film_list"
DEFAULT_SIZE = 10
MAX_SIZE = 10
PERSON_SIZE = 20  # a person's films: a filmography is often longer than a list of picks
# A filtered request that finds fewer films than this is widened by dropping its mood.
ENOUGH = 3
FEEDBACK = {"l": "like", "d": "dislike", "w": "watched", "a": "watchlist"}
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True)
class ListRequest:
    """What a list shows: the user's own picks, films like one film, or films that match."""

    seed: int | None = None
    genres: tuple[str, ...] = ()
    mood: str | None = None
    country: str | None = None
    years: tuple[int, int] | None = None
    service: str | None = None
    mine: bool = False
    size: int = DEFAULT_SIZE
    widened: bool = field(default=False, compare=False)
    person: int | None = None  # a person's films ("봉준호 감독 영화") …
    role: str | None = None  # … as "director" or "actor" (None: both)
    newest: bool = False  # … newest first ("마동석 최신작"), else the best known first
    # Conditions (issue 22): "공포 말고", "넷플 말고", "마블 말고", "요즘" / "옛날", "아이랑".
    exclude_genres: tuple[str, ...] = ()
    exclude_service: str | None = None
    exclude_terms: tuple[str, ...] = ()
    recency: str | None = None  # "recent" / "old": ranked first, the others after
    company: str | None = None
    age: int | None = None

    @property
    def filtered(self) -> bool:
        """Whether the request narrows the films down."""
        return bool(self.genres or self.mood or self.country or self.years or self.service
                    or self.mine or self.exclude_genres or self.exclude_service
                    or self.exclude_terms or self.recency or self.company)  # fmt: skip

    def film_filter(self, excluded: frozenset[int] = frozenset()) -> FilmFilter:
        """The catalogue filter of its genres, mood, country, period and conditions
        (``excluded``: the films its excluded terms name)."""
        required, some = MOODS.get(self.mood or "", ((), ()))
        audience, unfit = COMPANY_GENRES.get(self.company or "", (frozenset(), frozenset()))
        return FilmFilter(
            all_genres=frozenset(self.genres) | frozenset(required),
            any_genres=frozenset(some),
            mood_genres=frozenset(required),
            country=self.country,
            years=self.years,
            no_genres=frozenset(self.exclude_genres) | unfit,
            audience_genres=audience,
            excluded=excluded,
        )

    def to_json(self) -> dict[str, Any]:
        """For the prediction log (the list is read back from it when a button is pressed)."""
        data = asdict(self)
        data["years"] = list(self.years) if self.years else None
        data["genres"] = list(self.genres)
        data["exclude_genres"] = list(self.exclude_genres)
        data["exclude_terms"] = list(self.exclude_terms)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListRequest:
        """Inverse of ``to_json``."""
        years = data.get("years")
        return cls(
            seed=data.get("seed"),
            genres=tuple(data.get("genres") or ()),
            mood=data.get("mood"),
            country=data.get("country"),
            years=(int(years[0]), int(years[1])) if years else None,
            service=data.get("service"),
            mine=bool(data.get("mine")),
            size=int(data.get("size") or DEFAULT_SIZE),
            widened=bool(data.get("widened")),
            person=int(data["person"]) if data.get("person") is not None else None,
            role=data.get("role"),
            newest=bool(data.get("newest")),
            exclude_genres=tuple(data.get("exclude_genres") or ()),
            exclude_service=data.get("exclude_service"),
            exclude_terms=tuple(data.get("exclude_terms") or ()),
            recency=data.get("recency"),
            company=data.get("company"),
            age=int(data["age"]) if data.get("age") is not None else None,
        )


class Conditions(TypedDict):
    """The conditions of a request, as ``ListRequest`` takes them."""

    exclude_genres: tuple[str, ...]
    exclude_service: str | None
    exclude_terms: tuple[str, ...]
    recency: str | None
    company: str | None
    age: int | None


def conditions_of(understood: Understood) -> Conditions:
    """The conditions the understanding step read ("공포 말고", "넷플 말고", "요즘", "아이랑")."""
    slots = understood.slots
    return Conditions(
        exclude_genres=slots.exclude_genres,
        exclude_service=slots.exclude_service,
        exclude_terms=slots.exclude_terms,
        recency=slots.recency,
        company=slots.company,
        age=slots.age,
    )


@dataclass(frozen=True)
class _Ranked:
    ids: list[int]
    scores: list[float]
    notes: list[str]  # message ids of what the header should say (no data, widened, …)
    only_mine: bool
    # 🔄: the films earlier lists of this chain showed (never shown again until the films that
    # match run out) and how many 🔄 came before (each explores a little differently).
    earlier: frozenset[int] = frozenset()
    variation: int = 0


async def send_list(
    context: CineContext,
    chat_id: int,
    telegram_id: int,
    request: ListRequest,
    *,
    replace: Message | None = None,
    earlier: frozenset[int] = frozenset(),
    variation: int = 0,
) -> None:
    """Rank, log and show a new list (in ``replace`` when a button asked for a new one);
    a 🔄 list leaves out the ``earlier`` lists' films and explores (``variation``)."""
    language = context.lang
    wait = await context.bot_data.recommend_throttle.wait_needed(telegram_id)
    if wait:
        await context.bot.send_message(chat_id, t(language, "error.slow_down", seconds=wait))
        return
    repo = context.bot_data.repo
    profile = await repo.get_profile(telegram_id)
    taste = await repo.get_taste(telegram_id)
    ranked = await _rank(context, profile, taste, request, earlier, variation)
    recommender = context.bot_data.recommender
    logged = await repo.log_prediction(
        telegram_id,
        capability="recommend",
        input={
            "request": request.to_json(),
            "favourites": len(profile.favourites) if profile else 0,
            "liked": len(taste.liked),
            "disliked": len(taste.disliked),
            "only_subscribed": ranked.only_mine,
            "region": context.region,
            "notes": ranked.notes,
            "earlier": sorted(ranked.earlier),
            "variation": ranked.variation,
        },
        output={"movies": ranked.ids, "scores": [round(s, 6) for s in ranked.scores]},
        model_version=recommender.model_version,
    )
    text, markup = await _render(context, logged.id, request, ranked, 0, profile, taste)
    preview = await _preview(context, ranked, 0)
    if replace is not None:
        await edit_text(replace, text, markup, preview=preview)
    else:
        await context.bot.send_message(
            chat_id, text, parse_mode="HTML", reply_markup=markup, link_preview_options=preview
        )


async def _rank(
    context: CineContext,
    profile: ProfileRecord | None,
    taste: TasteRecord,
    request: ListRequest,
    earlier: frozenset[int] = frozenset(),
    variation: int = 0,
) -> _Ranked:
    """The films of a request, best first, with what the header must say about them."""
    notes: list[str] = []
    region = context.region
    availability = context.bot_data.availability
    subscriptions = profile.subscriptions if profile else ()
    allowed: frozenset[int] | None = None
    only_mine = False
    if request.service:
        if availability.knows_platform(request.service, region):
            allowed = availability.movies_on((request.service,), region)
        else:
            notes.append("list.note_no_data_service")
    elif request.mine or (not request.filtered and profile is not None and profile.only_subscribed):
        if subscriptions:
            allowed = availability.movies_on(subscriptions, region)
            only_mine = True
        elif request.mine:
            notes.append("list.note_no_subscriptions")
    table = context.bot_data.catalogue.table
    excluded: frozenset[int] = frozenset()
    if request.exclude_terms:
        excluded = await asyncio.to_thread(
            films_named, table, context.bot_data.catalogue.credits, request.exclude_terms
        )
    if request.exclude_service:
        if availability.knows_platform(request.exclude_service, region):
            excluded |= availability.movies_on((request.exclude_service,), region)
        else:
            notes.append("list.note_no_data_excluded")
    if request.company == "kids":
        notes.append("list.note_kids")
    film_filter = request.film_filter(excluded)
    if not film_filter.empty:
        matching = await asyncio.to_thread(film_filter.allowed, table, allowed)
        if len(matching) < ENOUGH and request.mood:
            matching = await asyncio.to_thread(film_filter.without_mood().allowed, table, allowed)
            notes.append("list.note_widened")
        allowed = matching
    if request.person is not None:
        return await asyncio.to_thread(_person_films, context, request, allowed, notes,
                                       only_mine)  # fmt: skip
    signals = _signals(profile, taste, request)
    few = profile is not None and 0 < len(profile.favourites) < MIN_FAVOURITES
    if request.seed is None and few:
        notes.append("rec.need_favourites")
    if signals is None:
        notes.append("list.note_popular")
        signals = UserSignals(
            favourites=frozenset(),
            disliked=taste.disliked,
            watched=taste.watched,
            excluded=taste.watchlist,
        )
    size = max(1, min(request.size, MAX_SIZE))
    fresh = await asyncio.to_thread(_ranked_films, context, request, signals, size, allowed,
                                    table, earlier, variation, notes)  # fmt: skip
    if earlier and len(fresh) < size:
        # The films that match ran out: this list starts the round again.
        notes.append("list.note_round_again")
        more = await asyncio.to_thread(_ranked_films, context, request, signals,
                                       size + len(fresh), allowed, table, frozenset(), variation,
                                       [])  # fmt: skip
        taken = {rec.movie_id for rec in fresh}
        fresh += [rec for rec in more if rec.movie_id not in taken][: size - len(fresh)]
        earlier = frozenset()
    catalogue = context.bot_data.catalogue
    kept = [rec for rec in fresh if catalogue.get(rec.movie_id) is not None]
    return _Ranked([r.movie_id for r in kept], [r.score for r in kept], notes, only_mine,
                   earlier, variation)  # fmt: skip


def _ranked_films(
    context: CineContext,
    request: ListRequest,
    signals: UserSignals,
    size: int,
    allowed: frozenset[int] | None,
    table: FilmTable,
    earlier: frozenset[int],
    variation: int,
    notes: list[str],
) -> list[Recommendation]:
    """The best ``size`` films for these signals — like the seed film when the request names
    one — never an ``earlier`` one; a recency preference ranks its years first."""
    recommender = context.bot_data.recommender
    region = context.region
    signals = replaced(signals, excluded=signals.excluded | earlier, variation=variation)

    def rank(k: int, films: frozenset[int] | None) -> list[Recommendation]:
        if request.seed is not None:
            return recommender.similar(request.seed, k, films, signals=signals, region=region,
                                       mood=request.mood)  # fmt: skip
        return recommender.recommend(signals, k, films, region=region, mood=request.mood)

    window = preferred_years(request.recency, date.today().year)
    if window is None:
        return rank(size, allowed)
    # A preference, not a range: the films of those years first, then the others.
    preferred = films_of_years(table, window, allowed)
    found = rank(size, preferred) if preferred else []
    if len(found) < size:
        notes.append(f"list.note_few_{request.recency}")
        taken = {rec.movie_id for rec in found}
        more = rank(size + len(taken), allowed)
        found += [rec for rec in more if rec.movie_id not in taken][: size - len(found)]
    return found


def _person_films(
    context: CineContext,
    request: ListRequest,
    allowed: frozenset[int] | None,
    notes: list[str],
    only_mine: bool,
) -> _Ranked:
    """A person's films in the asked role, on the asked services: newest first when asked
    ("최신작"), else the best known to the user's region first."""
    assert request.person is not None
    catalogue = context.bot_data.catalogue
    credited = {c.movie_id for c in catalogue.credits.films_of(request.person)
                if request.role in (None, c.role)}  # fmt: skip
    if allowed is not None:
        credited &= allowed
    known = catalogue.popularity(context.region)
    films = [m for m in map(catalogue.get, credited) if m is not None]
    if request.newest or request.recency == "recent":
        films.sort(key=lambda m: (-(m.year or 0), -_released(m), m.movie_id))
    else:
        films.sort(key=lambda m: (-float(known[catalogue.position(m.movie_id)]), m.movie_id))
    window = preferred_years("old", 0) if request.recency == "old" else None
    if window is not None:  # "옛날 작품": the old ones first, best known first among them
        films.sort(key=lambda m: not window[0] <= (m.year or 0) <= window[1])
    chosen = films[: max(1, min(request.size, PERSON_SIZE))]
    scores = [float(known[catalogue.position(m.movie_id)]) for m in chosen]
    return _Ranked([m.movie_id for m in chosen], scores, notes, only_mine)


def _released(movie: Movie) -> int:
    return movie.kr_release.toordinal() if movie.kr_release else 0


def _signals(
    profile: ProfileRecord | None, taste: TasteRecord, request: ListRequest
) -> UserSignals | None:
    """Whose taste ranks the list: the seed film's ("films like X"), the user's, or nobody's
    (None: the region's popularity)."""
    if request.seed is not None:
        favourites = frozenset(profile.favourites) if profile else frozenset()
        return UserSignals(
            favourites=frozenset({request.seed}),
            disliked=taste.disliked,
            watched=taste.watched,
            excluded=taste.watchlist | favourites,
        )
    if profile is None or not profile.favourites:
        return None
    return UserSignals(
        favourites=frozenset(profile.favourites),
        liked=taste.liked,
        disliked=taste.disliked,
        watched=taste.watched,
        excluded=taste.watchlist,
        age=profile.age,
        gender=profile.gender,
    )


def describe(request: ListRequest, context: CineContext) -> str:
    """What was asked, in a few words: "‘기생충’ 같은 영화 · 넷플릭스 · 한국 · 스릴러"."""
    language = context.lang
    parts: list[str] = []
    if request.person is not None:
        person = context.bot_data.catalogue.credits.person(request.person)
        if person is not None:
            key = {"director": "list.person_director", "actor": "list.person_actor"}
            parts.append(t(language, key.get(request.role or "", "list.person"),
                           name=html.escape(person.label(language))))  # fmt: skip
            if request.newest:
                parts.append(t(language, "list.newest"))
    if request.seed is not None:
        seed = context.bot_data.catalogue.get(request.seed)
        if seed is not None:
            parts.append(t(language, "list.like_film", title=html.escape(seed.name(language))))
    if request.service and request.service in PLATFORM_BY_ID:
        parts.append(html.escape(PLATFORM_BY_ID[request.service].name(language)))
    if request.mine:
        parts.append(t(language, "list.mine"))
    if request.country:
        parts.append(t(language, f"country.{request.country}"))
    if request.mood:
        parts.append(t(language, f"mood.{request.mood}"))
    parts += [genres_text((genre,), language) for genre in request.genres]
    if request.years:
        low, high = request.years
        if low == high:
            parts.append(t(language, "list.year", year=low))
        elif high - low == 9 and low % 10 == 0:
            parts.append(t(language, "list.decade", decade=low))
        elif low <= 1900:
            parts.append(t(language, "list.before", year=high))
        else:
            parts.append(t(language, "list.years", low=low, high=high))
    return " · ".join(parts + conditions_text(request, language))


def conditions_text(request: ListRequest, language: str) -> list[str]:
    """The conditions a list applied, for its header: "공포 제외", "넷플릭스 제외", "요즘 영화
    위주", "7살 아이와 함께"."""
    parts = [t(language, "list.without_genre", genre=genres_text((genre,), language))
             for genre in request.exclude_genres]  # fmt: skip
    excluded = PLATFORM_BY_ID.get(request.exclude_service or "")
    if excluded is not None:
        parts.append(t(language, "list.without_service",
                       platform=html.escape(excluded.name(language))))  # fmt: skip
    parts += [t(language, "list.without_term", term=html.escape(term))
              for term in request.exclude_terms]  # fmt: skip
    if request.recency in ("recent", "old"):
        parts.append(t(language, f"list.recency_{request.recency}"))
    if request.company == "kids" and request.age is not None:
        parts.append(t(language, "list.company_kids_age", age=request.age))
    elif request.company:
        parts.append(t(language, f"list.company_{request.company}"))
    return parts


async def _render(
    context: CineContext,
    list_id: int,
    request: ListRequest,
    ranked: _Ranked,
    index: int,
    profile: ProfileRecord | None,
    taste: TasteRecord,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message for film ``index`` of the list, and its buttons."""
    language = context.lang
    asked = describe(request, context)
    header = [t(language, "list.header_asked", asked=asked) if asked else t(language, "rec.header")]
    subscriptions = profile.subscriptions if profile else ()
    if ranked.only_mine:
        names = ", ".join(
            PLATFORM_BY_ID[p].name(language) for p in subscriptions if p in PLATFORM_BY_ID
        )
        header.append(t(language, "rec.filter_on", platforms=html.escape(names)))
    elif subscriptions and not request.service and not request.mine:
        header.append(t(language, "rec.filter_off"))
    count = len(profile.favourites) if profile else 0
    values = {
        **_note_values(request, language),
        "count": count,
        "needed": MIN_FAVOURITES,
        "remaining": max(0, MIN_FAVOURITES - count),
    }
    for note in ranked.notes:
        header.append(t(language, note, **values))
    if not ranked.ids:
        key = "rec.empty"
        if ranked.only_mine:
            key = "rec.empty_filtered"
        elif request.filtered or request.seed is not None:
            key = "list.empty_request"
        header.append(t(language, key))
        return "\n".join(header), _keyboard(context, list_id, request, ranked, 0, None, taste,
                                            profile)  # fmt: skip
    index = min(max(index, 0), len(ranked.ids) - 1)
    movie = context.bot_data.catalogue.get(ranked.ids[index])
    assert movie is not None  # _rank keeps only catalogue films
    availability = await context.bot_data.where_to_watch.lookup(movie, context.region)
    made_by = people_line(context.bot_data.catalogue.credits.of(movie), language)
    card = [
        f"<b>{index + 1}/{len(ranked.ids)}</b> · {film_html(movie, language)}",
        genres_text(movie.genres, language),
        *([made_by] if made_by else []),
        *availability_lines(availability, subscriptions, language, movie),
    ]
    text = "\n".join([*header, "", *card])
    return text, _keyboard(context, list_id, request, ranked, index, movie, taste, profile)


async def _preview(context: CineContext, ranked: _Ranked, index: int) -> LinkPreviewOptions:
    """With TMDB, the film's poster as the message's large preview (edited with the film);
    without, no preview at all."""
    if not ranked.ids:
        return NO_PREVIEW
    movie = context.bot_data.catalogue.get(ranked.ids[min(max(index, 0), len(ranked.ids) - 1)])
    poster = await context.bot_data.films.poster_url(movie) if movie is not None else None
    if poster is None:
        return NO_PREVIEW
    return LinkPreviewOptions(url=poster, prefer_large_media=True, show_above_text=True)


def _note_values(request: ListRequest, language: str) -> dict[str, str]:
    service = PLATFORM_BY_ID.get(request.service or "")
    excluded = PLATFORM_BY_ID.get(request.exclude_service or "")
    return {
        "platform": html.escape(service.name(language)) if service else "",
        "excluded": html.escape(excluded.name(language)) if excluded else "",
    }


def _keyboard(
    context: CineContext,
    list_id: int,
    request: ListRequest,
    ranked: _Ranked,
    index: int,
    movie: Movie | None,
    taste: TasteRecord,
    profile: ProfileRecord | None,
) -> InlineKeyboardMarkup:
    language = context.lang
    rows: list[list[InlineKeyboardButton]] = []
    count = len(ranked.ids)
    if movie is not None:
        if count > 1:
            rows.append(
                [
                    InlineKeyboardButton("◀", callback_data=f"fl:{list_id}:{(index - 1) % count}"),
                    InlineKeyboardButton(f"{index + 1}/{count}", callback_data="noop"),
                    InlineKeyboardButton("▶", callback_data=f"fl:{list_id}:{(index + 1) % count}"),
                ]
            )

        def button(code: str) -> InlineKeyboardButton:
            kind = FEEDBACK[code]
            mark = " ✔" if taste.marked(kind, movie.movie_id) else ""
            return InlineKeyboardButton(
                t(language, f"rec.{kind}") + mark, callback_data=f"ff:{list_id}:{index}:{code}"
            )

        rows.append([button("l"), button("d")])
        rows.append([button("w"), button("a")])
    last: list[InlineKeyboardButton] = []
    has_subscriptions = bool(profile and profile.subscriptions)
    if has_subscriptions and not request.service and not request.mine:
        on = ranked.only_mine
        last.append(
            InlineKeyboardButton(
                t(language, "rec.toggle_on" if on else "rec.toggle_off"),
                callback_data=f"fo:{list_id}:{'off' if on else 'on'}",
            )
        )
    if request.person is not None:
        last.append(InlineKeyboardButton(t(language, "list.filmography"),
                                         callback_data=f"pp:{request.person}"))  # fmt: skip
    else:
        last.append(InlineKeyboardButton(t(language, "rec.new_list"),
                                         callback_data=f"fn:{list_id}"))  # fmt: skip
    rows.append(last)
    return InlineKeyboardMarkup(rows)


async def _logged_list(
    context: CineContext, telegram_id: int, list_id: int
) -> tuple[ListRequest, _Ranked] | None:
    """The list a button names, if it is this user's."""
    logged = await context.bot_data.repo.get_prediction(telegram_id, list_id)
    if logged is None or logged.capability != "recommend" or "request" not in logged.input:
        return None
    request = ListRequest.from_json(logged.input["request"])
    ranked = _Ranked(
        [int(i) for i in logged.output.get("movies", [])],
        [float(s) for s in logged.output.get("scores", [])],
        list(logged.input.get("notes", [])),
        bool(logged.input.get("only_subscribed")),
        frozenset(int(i) for i in logged.input.get("earlier", [])),
        int(logged.input.get("variation") or 0),
    )
    return request, ranked


@step(FLOW)
async def moved(update: Update, context: CineContext) -> None:
    """◀ / ▶: show another film of the same list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, list_id, index = query.data.split(":")
    found = await _logged_list(context, query.from_user.id, int(list_id))
    if found is None or not found[1].ids or int(index) >= len(found[1].ids):
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    await _show(context, query.message, int(list_id), found, int(index), query.from_user.id)


async def _show(
    context: CineContext,
    message: Any,
    list_id: int,
    found: tuple[ListRequest, _Ranked],
    index: int,
    telegram_id: int,
) -> None:
    repo = context.bot_data.repo
    profile = await repo.get_profile(telegram_id)
    taste = await repo.get_taste(telegram_id)
    request, ranked = found
    text, markup = await _render(context, list_id, request, ranked, index, profile, taste)
    await edit_text(message, text, markup, preview=await _preview(context, ranked, index))


@step(FLOW)
async def feedback(update: Update, context: CineContext) -> None:
    """👍 👎 ✓ ➕ on the film on show: stored at once (a second tap takes it back), marked."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, list_id, index, code = query.data.split(":")
    found = await _logged_list(context, query.from_user.id, int(list_id))
    if found is None or int(index) >= len(found[1].ids):
        await query.answer(t(context.lang, "error.button_expired"))
        return
    movie_id = found[1].ids[int(index)]
    toast = await toggle_feedback(context, query.from_user.id, movie_id, FEEDBACK[code])
    await query.answer(toast)
    await _show(context, query.message, int(list_id), found, int(index), query.from_user.id)


@step(FLOW)
async def renewed(update: Update, context: CineContext) -> None:
    """🔄 a new list (with today's feedback), or ☐/☑ only my services: in the same message."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    found = await _logged_list(context, query.from_user.id, int(parts[1]))
    if found is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    request = found[0]
    if parts[0] == "fo":
        profile = await context.bot_data.repo.get_profile(query.from_user.id)
        if profile is None or not profile.subscriptions:  # never offered to such a user
            await query.answer(t(context.lang, "error.button_expired"))
            return
        on = parts[2] == "on"
        await context.bot_data.repo.set_only_subscribed(query.from_user.id, on)
        await query.answer(t(context.lang, "rec.filter_saved_on" if on else "rec.filter_saved_off"))
    else:
        await query.answer()
    # 🔄 goes on with the films not shown yet; the toggle starts a fresh list.
    shown = found[1]
    renew = parts[0] == "fn"
    assert query.message is not None
    await send_list(
        context,
        query.message.chat.id,
        query.from_user.id,
        request,
        replace=query.message if isinstance(query.message, Message) else None,
        earlier=shown.earlier | frozenset(shown.ids) if renew else frozenset(),
        variation=shown.variation + 1 if renew else 0,
    )


async def _noop(update: Update, context: CineContext) -> None:
    """The "2/10" label between the arrows."""
    assert update.callback_query is not None
    await update.callback_query.answer()


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """The list buttons."""
    return [
        CallbackQueryHandler(moved, pattern=r"^fl:\d{1,12}:\d{1,2}$"),
        CallbackQueryHandler(feedback, pattern=r"^ff:\d{1,12}:\d{1,2}:[ldwa]$"),
        CallbackQueryHandler(renewed, pattern=r"^(fn:\d{1,12}|fo:\d{1,12}:(on|off))$"),
        CallbackQueryHandler(_noop, pattern=r"^noop$"),
    ]


def needs_more_favourites(profile: ProfileRecord | None) -> int:
    """How many favourites a profile still lacks for personal picks (0 when it has enough)."""
    have = len(profile.favourites) if profile else 0
    return max(0, MIN_FAVOURITES - have)
