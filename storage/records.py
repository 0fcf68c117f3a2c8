"""Plain dataclasses returned by the repository, so no ORM row ever leaves its session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user as the handlers see it."""

    id: int
    telegram_id: int
    language: str | None
    onboarded: bool
    region: str | None = None  # chosen in /profile; None = from the language or TMDB_REGION


@dataclass(frozen=True, slots=True)
class InboundRecord:
    """The sender of a stored update, and whether that update was already answered."""

    user: UserRecord
    already_handled: bool


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """Everything onboarding collects about one user."""

    telegram_id: int
    language: str | None
    age: int | None
    gender: str | None
    subscriptions: tuple[str, ...]
    favourites: tuple[int, ...]
    onboarded: bool
    only_subscribed: bool = False
    region: str | None = None  # chosen in /profile; None = from the language or TMDB_REGION


@dataclass(frozen=True, slots=True)
class TasteRecord:
    """What the user told us about films beyond their favourites (MovieLens ids)."""

    liked: frozenset[int]
    disliked: frozenset[int]
    watched: frozenset[int]
    watchlist: frozenset[int]

    def marked(self, kind: str, movie_id: int) -> bool:
        """Whether the film carries this mark: "like", "dislike", "watched" or "watchlist"."""
        films = {
            "like": self.liked,
            "dislike": self.disliked,
            "watched": self.watched,
            "watchlist": self.watchlist,
        }[kind]
        return movie_id in films


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What one history import added (``Repository.import_history``): new rows per kind, and
    how many films it left as they were because the user had already marked them."""

    favourites: int
    disliked: int
    watched: int
    watchlist: int
    kept: int  # films of the file already stored (or marked otherwise here): left unchanged
    favourites_total: int  # the user's favourites after the import

    @property
    def added(self) -> int:
        """Rows added in all."""
        return self.favourites + self.disliked + self.watched + self.watchlist


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    """One logged model answer."""

    id: int
    capability: str
    input: dict[str, Any]
    output: dict[str, Any]
    model_version: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    """One watchlisted film as the daily check sees it: what the last check found (None
    before the first check)."""

    movie_id: int
    alert_state: dict[str, Any] | None
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WatchlistCheck:
    """One user's watchlist rows, taken by the daily check (``claim_watchlist_checks``)."""

    user_id: int
    telegram_id: int
    language: str | None
    region: str | None  # chosen in /profile; None = from the language or TMDB_REGION
    subscriptions: tuple[str, ...]
    entries: tuple[WatchlistEntry, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class WatchlistBatch:
    """One batch of the daily check: the users whose rows this call took, and the last user id
    it looked at (the next batch starts after it; None when nothing was due any more). A batch
    may be empty while ``last_user_id`` is set: another process took those users first."""

    checks: tuple[WatchlistCheck, ...]
    last_user_id: int | None


@dataclass(frozen=True, slots=True)
class UserDataCounts:
    """How many rows of each table belong to one user (for /forget tests and audits)."""

    users: int
    profiles: int
    favourites: int
    subscriptions: int
    feedback: int
    watchlist: int
    predictions: int
    inbound_messages: int
    conversation_states: int
    form_drafts: int

    @property
    def total(self) -> int:
        """Sum over every table."""
        return sum(
            (
                self.users,
                self.profiles,
                self.favourites,
                self.subscriptions,
                self.feedback,
                self.watchlist,
                self.predictions,
                self.inbound_messages,
                self.conversation_states,
                self.form_drafts,
            )
        )


@dataclass(frozen=True, slots=True)
class CatalogueRefreshRecord:
    """One day's catalogue refresh: who claimed it when, and how it ended (None: running)."""

    run_date: date
    claimed_at: datetime
    finished_at: datetime | None
    outcome: str | None
    report: dict[str, Any] | None
