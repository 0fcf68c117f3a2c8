"""The one settings object; nothing else in CineMate reads ``os.environ``.

Values come from the environment or a ``.env`` file (see ``.env.example`` for every key).
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'cinemate.db'}"


class RunMode(StrEnum):
    """How the bot receives updates."""

    AUTO = "auto"
    POLLING = "polling"
    WEBHOOK = "webhook"
    CONSOLE = "console"


class Settings(BaseSettings):
    """CineMate configuration (environment variables, case-insensitive, or ``.env``)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, description="Bot token from @BotFather; without one the console chat runs."
    )
    telegram_api_base_url: str | None = Field(
        default=None,
        description="Base URL of a self-hosted Bot API server, e.g. http://127.0.0.1:8081",
    )
    run_mode: RunMode = Field(default=RunMode.AUTO)
    database_url: str = Field(default=DEFAULT_DATABASE_URL)

    @field_validator("database_url", mode="before")
    @classmethod
    def _default_database(cls, value: object) -> object:
        return DEFAULT_DATABASE_URL if value in ("", None) else value

    sqlite_busy_timeout_ms: int = Field(
        default=5000, description="How long a write waits for a locked SQLite file."
    )

    webhook_listen_host: str = "127.0.0.1"
    webhook_listen_port: int = 8443
    webhook_path: str = "/telegram/webhook"
    webhook_public_url: str | None = Field(
        default=None, description="Public HTTPS URL Telegram posts to; registered at start-up."
    )
    webhook_secret_token: SecretStr | None = None
    webhook_max_body_bytes: int = 1_048_576

    log_level: str = "INFO"
    log_json: bool = False

    default_language: str = "en"
    max_text_chars: int = 1000
    concurrent_updates: int = 256
    rate_limit_per_second: float = Field(
        default=30.0, description="Bot-wide send rate (Telegram's limit); 0 turns it off."
    )
    rate_limit_max_retries: int = 3
    rate_limit_per_group_per_minute: int = Field(
        default=20, description="Messages per minute into one group chat (Telegram's limit)."
    )
    shared_rate_limits: bool | None = Field(
        default=None,
        description="One send budget and one set of per-user limits for every process on the "
        "database (a slot booked in PostgreSQL per send); default: on for PostgreSQL, off for "
        "SQLite (one process, limits in memory).",
    )
    shared_conversations: bool | None = Field(
        default=None,
        description="Reload conversation steps under a cross-process chat lock before each "
        "update; default: on for PostgreSQL (several processes), off for SQLite (one process).",
    )
    poster_per_minute: int = Field(
        default=10, description="Posters one user may send per minute (0 = no limit)."
    )
    recommend_per_minute: int = Field(
        default=20,
        description="Recommendation pages one user may ask for per minute (0 = no limit).",
    )
    poster_threads: int = Field(
        default=1,
        ge=0,
        description="torch threads for one poster (0 = one per core, up to 4). One leaves the "
        "other cores to concurrent chats: under load it answered more updates per second.",
    )
    network_max_retries: int = Field(
        default=4,
        description="Retries of a Bot API call after a 5xx, a dropped connection or a timeout.",
    )
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0

    tmdb_api_key: SecretStr | None = Field(
        default=None,
        description="TMDB v3 API key; with one, where-to-watch asks TMDB live (data by JustWatch).",
    )
    tmdb_region: str = Field(default="KR", description="Country whose streaming offers to show.")
    tmdb_base_url: str = "https://api.themoviedb.org/3"
    tmdb_timeout_s: float = 3.0
    tmdb_cache_ttl_hours: float = Field(
        default=24.0, description="How long a live answer is reused before asking TMDB again."
    )
    catalogue_dir: Path | None = Field(
        default=None, description="Film catalogue and availability table (default data/catalogue)."
    )
    recommender_dir: Path | None = Field(
        default=None, description="Recommender artifact (default models/recommender/artifact)."
    )
    poster_dir: Path | None = Field(
        default=None, description="Poster genre model artifact (default models/poster/artifact)."
    )
    ost_dir: Path | None = Field(
        default=None, description="OST genre model artifact (default models/ost/artifact)."
    )
    intent_dir: Path | None = Field(
        default=None,
        description="Intent classifier for free text (default models/intent/artifact).",
    )
    ost_tracks_dir: Path | None = Field(
        default=None, description="Offline song table for title lookup (default data/ost)."
    )
    audience_dir: Path | None = Field(
        default=None,
        description="Box-office audience model artifact (default models/audience/artifact).",
    )
    audience_tables_dir: Path | None = Field(
        default=None,
        description="Known KOBIS films and yearly totals (default data/audience).",
    )

    watchlist_alerts: bool = Field(
        default=True,
        description="Check watchlisted films daily and tell a user once when one arrives on "
        "one of their services.",
    )
    watchlist_check_time: time = Field(
        default=time(9, 0), description="When the daily watchlist check runs (HH:MM)."
    )
    watchlist_check_timezone: str = Field(
        default="Asia/Seoul", description="The time zone of WATCHLIST_CHECK_TIME (IANA name)."
    )

    kobis_api_key: SecretStr | None = Field(
        default=None,
        description="KOBIS open API key; with one, the daily refresh adds the films of "
        "Korea's daily box office.",
    )
    kobis_base_url: str = "https://www.kobis.or.kr/kobisopenapi/webservice/rest"
    catalogue_refresh: bool | None = Field(
        default=None,
        description="The daily refresh that adds new releases to the catalogue; default: on "
        "when TMDB_API_KEY or KOBIS_API_KEY is set.",
    )
    catalogue_refresh_time: time = Field(
        default=time(5, 30), description="When the daily catalogue refresh runs (HH:MM)."
    )
    catalogue_refresh_timezone: str = Field(
        default="Asia/Seoul", description="The time zone of CATALOGUE_REFRESH_TIME (IANA name)."
    )

    console_user_id: int = 1001
    console_language: str = "ko"

    @field_validator("tmdb_region")
    @classmethod
    def _region_code(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError("region must be a two-letter country code such as KR or US")
        return value.upper()

    @field_validator(
        "watchlist_alerts",
        "watchlist_check_time",
        "watchlist_check_timezone",
        "catalogue_refresh_time",
        "catalogue_refresh_timezone",
        "kobis_base_url",
        mode="before",
    )
    @classmethod
    def _blank_is_default(cls, value: object, info: ValidationInfo) -> object:
        if value in ("", None) and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("watchlist_check_timezone", "catalogue_refresh_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as "
                             "Asia/Seoul") from None  # fmt: skip
        return value

    def watchlist_check_at(self) -> time:
        """The daily check's time of day with its time zone (for the JobQueue)."""
        return self.watchlist_check_time.replace(tzinfo=ZoneInfo(self.watchlist_check_timezone))

    def catalogue_refresh_at(self) -> time:
        """The daily catalogue refresh's time of day with its time zone (for the JobQueue)."""
        return self.catalogue_refresh_time.replace(tzinfo=ZoneInfo(self.catalogue_refresh_timezone))

    def refreshes_catalogue(self) -> bool:
        """Resolve ``CATALOGUE_REFRESH``: by default on when a TMDB or KOBIS key is set; never
        without one (there would be nothing to ask)."""
        has_key = self.tmdb_api_key is not None or self.kobis_api_key is not None
        return has_key and (self.catalogue_refresh is None or self.catalogue_refresh)

    @field_validator("default_language", "console_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("ko", "en"):
            raise ValueError("language must be 'ko' or 'en'")
        return value

    @field_validator(
        "telegram_bot_token",
        "webhook_secret_token",
        "telegram_api_base_url",
        "webhook_public_url",
        "tmdb_api_key",
        "kobis_api_key",
        "catalogue_refresh",
        "catalogue_dir",
        "recommender_dir",
        "poster_dir",
        "ost_dir",
        "intent_dir",
        "ost_tracks_dir",
        "audience_dir",
        "audience_tables_dir",
        "shared_conversations",
        "shared_rate_limits",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    def effective_mode(self) -> RunMode:
        """Resolve ``auto``: webhook with a public URL, polling with a token, else console."""
        if self.run_mode is not RunMode.AUTO:
            return self.run_mode
        if self.telegram_bot_token is None:
            return RunMode.CONSOLE
        return RunMode.WEBHOOK if self.webhook_public_url else RunMode.POLLING

    def shares_conversations(self, is_sqlite: bool) -> bool:
        """Resolve ``SHARED_CONVERSATIONS``: by default on for PostgreSQL only."""
        return not is_sqlite if self.shared_conversations is None else self.shared_conversations

    def shares_rate_limits(self, is_sqlite: bool) -> bool:
        """Resolve ``SHARED_RATE_LIMITS``: by default on for PostgreSQL only (SQLite has no
        cross-process windows: it is one process)."""
        if is_sqlite:
            return False
        return True if self.shared_rate_limits is None else self.shared_rate_limits

    def secrets(self) -> list[str]:
        """Values that must never appear in a log line."""
        found = [
            self.telegram_bot_token,
            self.webhook_secret_token,
            self.tmdb_api_key,
            self.kobis_api_key,
        ]
        return [s.get_secret_value() for s in found if s is not None and s.get_secret_value()]
