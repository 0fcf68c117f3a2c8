"""The inference services the handlers use, built once per process from the settings.

Artifacts are immutable, so a loaded catalogue, availability table or recommender is shared by
every Application in the process (tests and benchmarks start many): each is read from disk once,
in a worker thread, when the bot starts — never at import time and never trained here.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.settings import Settings
from handlers.shared import charts
from inference.audience import AudienceModel
from inference.catalogue import Catalogue
from inference.catalogue.availability import OfflineAvailability
from inference.catalogue.credits import CreditsTable
from inference.catalogue.directory import FilmCache, FilmDirectory
from inference.catalogue.kobis import KobisClient
from inference.catalogue.questions import QuestionReader
from inference.catalogue.refresh_run import CatalogueRefresher
from inference.catalogue.tmdb import TmdbWatchProviders
from inference.catalogue.where_to_watch import AvailabilityCache, WhereToWatch
from inference.ost import OstGenreModel, TrackIndex
from inference.ost.clip_worker import ClipAnalyser
from inference.ost.example_films import ExampleFilms
from inference.poster import PosterWorker
from inference.recommender import Recommender
from inference.understanding.people import PersonReader
from inference.understanding.service import Understanding
from inference.understanding.spans import SpanScorer

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """Every loaded model and table the handlers call, and the where-to-watch chain."""

    catalogue: Catalogue
    films: FilmDirectory
    questions: QuestionReader
    availability: OfflineAvailability
    recommender: Recommender
    where_to_watch: WhereToWatch
    live_provider: TmdbWatchProviders | None
    poster: PosterWorker
    ost: OstGenreModel
    ost_tracks: TrackIndex
    ost_examples: ExampleFilms
    clips: ClipAnalyser
    audience: AudienceModel
    understanding: Understanding
    credits: CreditsTable
    # The daily catalogue refresh (None: CATALOGUE_REFRESH off, or no TMDB / KOBIS key).
    refresher: CatalogueRefresher | None = None
    kobis: KobisClient | None = None

    def warm_up(self) -> None:
        """Once the bot answers: start the clip worker process, which loads and warms librosa
        on its own (~2 s, never holding this process's GIL), and load the chart fonts (~0.1 s)
        in a background thread. Everything a text message, a poster, a list or a song title
        needs is ready before the bot takes updates (``_load_artifacts``)."""
        try:
            self.clips.start()
        except Exception:  # reported; the first clip tries again and answers with the error
            _LOG.exception("starting the clip worker failed")
        threading.Thread(target=self._warm_fonts, name="warm-up", daemon=True).start()

    @staticmethod
    def _warm_fonts() -> None:
        try:
            charts.warm()
        except Exception:  # reported; the first chart tries again and answers with the error
            _LOG.exception("warming the chart fonts in the background failed")

    async def close(self) -> None:
        """Release network sessions (the TMDB and KOBIS clients'). The clip worker is the
        process's (``_clips``), shared by every Application in it, and stops with it."""
        if self.live_provider is not None:
            await self.live_provider.close()
        if self.kobis is not None:
            await self.kobis.close()


@functools.cache
def _catalogue(data_dir: Path | None) -> Catalogue:
    return Catalogue.load(data_dir)


@functools.cache
def _questions() -> QuestionReader:
    # Loaded by ``_load_artifacts`` (``.load()``), before the bot takes updates.
    return QuestionReader()


@functools.cache
def _availability(data_dir: Path | None) -> OfflineAvailability:
    return OfflineAvailability.load(data_dir)


@functools.cache
def _recommender(artifact_dir: Path | None, catalogue_dir: Path | None) -> Recommender:
    # The content part covers every catalogue film: the same (cached) catalogue the bot serves.
    return Recommender.load(artifact_dir, _catalogue(catalogue_dir))


@functools.cache
def _ost_examples(artifact_dir: Path | None, catalogue_dir: Path | None) -> ExampleFilms:
    # Every mood's scores over the best-known films, once (~0.15 s of numpy).
    return ExampleFilms(_catalogue(catalogue_dir), _recommender(artifact_dir, catalogue_dir))


@functools.cache
def _poster(artifact_dir: Path | None, threads: int) -> PosterWorker:
    # One worker process per bot process, shared by every Application in it; the executor's
    # exit hook stops it when the interpreter exits.
    return PosterWorker(artifact_dir, threads or None)


@functools.cache
def _ost(artifact_dir: Path | None) -> OstGenreModel:
    return OstGenreModel.load(artifact_dir)


@functools.cache
def _ost_tracks(data_dir: Path | None) -> TrackIndex:
    # Its title index is built by ``_load_artifacts`` (``warm``) before the bot takes updates.
    return TrackIndex.load(data_dir)


@functools.cache
def _clips() -> ClipAnalyser:
    # One worker process per bot process, started by ``Services.warm_up``; the executor's
    # exit hook stops it when the interpreter exits.
    return ClipAnalyser()


@functools.cache
def _audience(artifact_dir: Path | None, tables_dir: Path | None) -> AudienceModel:
    return AudienceModel.load(artifact_dir, tables_dir)


@functools.cache
def _understanding(artifact_dir: Path | None, catalogue_dir: Path | None) -> Understanding:
    catalogue = _catalogue(catalogue_dir)
    people = PersonReader(catalogue.credits, lambda span: catalogue.find(span, None) is not None)
    return Understanding.load(artifact_dir, _questions(), people, SpanScorer.load(catalogue))


@dataclass(frozen=True, slots=True)
class _Artifacts:
    catalogue: Catalogue
    questions: QuestionReader
    availability: OfflineAvailability
    recommender: Recommender
    poster: PosterWorker
    ost: OstGenreModel
    ost_tracks: TrackIndex
    ost_examples: ExampleFilms
    audience: AudienceModel
    understanding: Understanding
    credits: CreditsTable


def _load_artifacts(settings: Settings) -> _Artifacts:
    """Every model and table, ready to answer at full speed (issue 24: no update waits for
    warm-up). What used to be warmed in the background once the bot answered is done here,
    because a message arriving meanwhile waited for it (up to ~2.6 s) and the warming stalled
    every other chat: the Korean analyser (its load holds the GIL for ~0.4 s at a stretch), the
    sentence encoder, the title and name lookups and the song-title index.

    Most loads hold the GIL, so threads would not make them faster; two things do run beside
    them. The poster worker process is started first: it imports torch and loads the network
    on the other core, and is waited for at the end. The recommender's content index is a few
    numpy passes over ~97k films that release the GIL: built in a thread while this one loads
    the rest (measured 3.7 → 3.0 s for the whole load)."""
    poster = _poster(settings.poster_dir, settings.poster_threads)
    poster.start()
    catalogue = _catalogue(settings.catalogue_dir)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load") as beside:
        recommender = beside.submit(_recommender, settings.recommender_dir, settings.catalogue_dir)
        # The same thread, after the recommender (the cache holds it by then).
        examples = beside.submit(_ost_examples, settings.recommender_dir, settings.catalogue_dir)
        tracks = _ost_tracks(settings.ost_tracks_dir)
        tracks.warm()
        understanding = _understanding(settings.intent_dir, settings.catalogue_dir)
        understanding.warm()
        artifacts = _Artifacts(
            catalogue,
            _questions().load(),
            _availability(settings.catalogue_dir),
            recommender.result(),
            poster,
            _ost(settings.ost_dir),
            tracks,
            examples.result(),
            _audience(settings.audience_dir, settings.audience_tables_dir),
            understanding,
            catalogue.credits,
        )
    poster.wait_ready()
    return artifacts


class Caches(AvailabilityCache, FilmCache, Protocol):
    """What the services keep in the database (storage's ``Repository`` is both)."""


async def load_services(settings: Settings, cache: Caches) -> Services:
    """Load the artifacts off the event loop and wire the where-to-watch chain."""
    loaded = await asyncio.to_thread(_load_artifacts, settings)
    live = None
    if settings.tmdb_api_key is not None:
        live = TmdbWatchProviders(
            settings.tmdb_api_key.get_secret_value(),
            region=settings.tmdb_region,
            base_url=settings.tmdb_base_url,
            timeout_s=settings.tmdb_timeout_s,
        )
    else:
        _LOG.info("TMDB_API_KEY not set: where-to-watch answers come from the offline table")
    where = WhereToWatch(
        loaded.availability,
        live=live,
        cache=cache,
        ttl=timedelta(hours=settings.tmdb_cache_ttl_hours),
    )
    kobis = None
    if settings.kobis_api_key is not None and settings.refreshes_catalogue():
        kobis = KobisClient(
            settings.kobis_api_key.get_secret_value(),
            base_url=settings.kobis_base_url,
            timeout_s=settings.tmdb_timeout_s,
        )
    refresher = None
    if settings.refreshes_catalogue():
        refresher = CatalogueRefresher(loaded.catalogue, live, kobis, cache=cache)
    return Services(
        loaded.catalogue,
        FilmDirectory(loaded.catalogue, live, cache),
        loaded.questions,
        loaded.availability,
        loaded.recommender,
        where,
        live,
        loaded.poster,
        loaded.ost,
        loaded.ost_tracks,
        loaded.ost_examples,
        _clips(),
        loaded.audience,
        loaded.understanding,
        loaded.credits,
        refresher,
        kobis,
    )
