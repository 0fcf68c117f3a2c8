"""The typed context every handler receives: services in ``bot_data``, the user's language.

``CineContext`` is created once per update and shared by every handler group that sees the
update, which lets the middleware attach the stored user and lets a flow mark the update as
consumed so that the catch-all handlers in the last group stay quiet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from handlers.shared.i18n import normalise_language
from inference.catalogue.regions import user_region

if TYPE_CHECKING:
    from handlers.shared.flow import FlowRegistry
    from handlers.shared.throttle import Throttle
    from inference.audience import AudienceModel
    from inference.catalogue import Catalogue
    from inference.catalogue.availability import OfflineAvailability
    from inference.catalogue.credits import CreditsTable
    from inference.catalogue.directory import FilmDirectory
    from inference.catalogue.questions import QuestionReader
    from inference.catalogue.where_to_watch import WhereToWatch
    from inference.ost import OstGenreModel, TrackIndex
    from inference.ost.clip_worker import ClipAnalyser
    from inference.ost.example_films import ExampleFilms
    from inference.poster import PosterWorker
    from inference.recommender import Recommender
    from inference.understanding.service import Understanding, Understood
    from storage.database import Database
    from storage.records import UserRecord
    from storage.repository import Repository


class HandlerSettings(Protocol):
    """The settings handlers read (``bot.settings.Settings`` has them; handlers never import
    ``bot``, which builds them)."""

    default_language: str
    max_text_chars: int
    tmdb_region: str


class UpdateConfirmations(Protocol):
    """Told when an update is stored, so polling may confirm it (``bot/update_gate.py``)."""

    def secured(self, update_id: int) -> None: ...


class BotData:
    """Process-wide services, filled in once by ``bot.application.build_application``."""

    settings: HandlerSettings
    database: Database
    repo: Repository
    confirmations: UpdateConfirmations
    # Filled in by ``bot.application.start_application`` (artifacts load off the event loop).
    catalogue: Catalogue
    films: FilmDirectory
    questions: QuestionReader
    availability: OfflineAvailability
    recommender: Recommender
    where_to_watch: WhereToWatch
    poster: PosterWorker
    ost: OstGenreModel
    ost_tracks: TrackIndex
    ost_examples: ExampleFilms  # "films like this" under an /ost answer
    clips: ClipAnalyser  # voice notes and audio files, measured in a worker process
    audience: AudienceModel
    understanding: Understanding
    credits: CreditsTable
    services: Any  # bot.services.Services, kept to close it at shutdown
    # Per-user limits on the expensive flows (filled in by build_application).
    poster_throttle: Throttle
    recommend_throttle: Throttle
    import_throttle: Throttle  # history files (handlers/recommend/history_import.py)
    # The step-by-step flows and which one each user is in (filled in by register_handlers).
    flows: FlowRegistry


class CineContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with the stored user and per-update flags."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.account: UserRecord | None = None
        self.consumed = False
        self.interrupted_flow = False
        self.cancelled_flow: str | None = None
        # The flow or feature that answered this update ("onboarding", "where_to_watch"…): the
        # resume step asks the flow on top its question again when someone else answered.
        self.answered_by: str | None = None
        self._understood: dict[str, Understood] = {}
        self._update: object | None = None
        self._language_override: str | None = None
        self._region_override: str | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> CineContext:
        context = super().from_update(update, application)
        assert isinstance(context, CineContext)
        context._update = update
        return context

    @property
    def lang(self) -> str:
        """The user's chosen language, else their Telegram language, else the default."""
        if self._language_override:
            return self._language_override
        if self.account is not None and self.account.language:
            return self.account.language
        default = self.bot_data.settings.default_language
        update = self._update
        if isinstance(update, Update) and update.effective_user is not None:
            return normalise_language(update.effective_user.language_code, default)
        return default

    def understood(self, text: str) -> Understood:
        """What ``text`` asks for (read once per update, whichever handler asks first)."""
        found = self._understood.get(text)
        if found is None:
            found = self.bot_data.understanding.read(text)
            self._understood[text] = found
        return found

    def set_language(self, language: str) -> None:
        """Answer in ``language`` for the rest of this update (the user just switched)."""
        self._language_override = language

    @property
    def region(self) -> str:
        """The region whose streaming offers this user sees: chosen in /profile, else Korea
        for a Korean-speaking user, else the deployment's ``TMDB_REGION``."""
        if self._region_override:
            return self._region_override
        chosen = self.account.region if self.account is not None else None
        return user_region(chosen, self.lang, self.bot_data.settings.tmdb_region)

    def set_region(self, region: str) -> None:
        """Use ``region`` for the rest of this update (the user just changed it)."""
        self._region_override = region
