"""Settings behave as documented, and the documentation covers every setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import DEFAULT_DATABASE_URL, RunMode, Settings

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_documents_every_setting() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_run_mode_follows_the_token_and_webhook_url() -> None:
    assert Settings(_env_file=None).effective_mode() is RunMode.CONSOLE  # type: ignore[call-arg]
    token = SecretStr("1:abc")
    polling = Settings(_env_file=None, telegram_bot_token=token)  # type: ignore[call-arg]
    assert polling.effective_mode() is RunMode.POLLING
    webhook = Settings(
        _env_file=None,
        telegram_bot_token=token,  # type: ignore[call-arg]
        webhook_public_url="https://bot.example",
    )
    assert webhook.effective_mode() is RunMode.WEBHOOK


def test_blank_values_from_env_example_mean_defaults(monkeypatch: object) -> None:
    settings = Settings(
        _env_file=None,
        telegram_bot_token="",
        database_url="",  # type: ignore[call-arg]
        telegram_api_base_url="",
    )
    assert settings.telegram_bot_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.telegram_api_base_url is None
    assert "1:abc" not in repr(Settings(_env_file=None, telegram_bot_token="1:abc"))  # type: ignore[call-arg]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^(make \w+)", readme.split("\n## ", 1)[0], re.M)
    assert commands[:2] == ["make run", "make test"]
    assert (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1] == "make test"


def test_the_catalogue_refresh_is_on_with_a_key_and_the_kobis_key_is_secret() -> None:
    def settings(**values: object) -> Settings:
        return Settings(_env_file=None, **values)  # type: ignore[arg-type]

    assert not settings().refreshes_catalogue()  # nothing to ask without a key
    assert not settings(catalogue_refresh=True).refreshes_catalogue()
    assert settings(tmdb_api_key="t-123").refreshes_catalogue()
    kobis = settings(kobis_api_key="kobis-secret-42", catalogue_refresh="")
    assert kobis.refreshes_catalogue() and "kobis-secret-42" in kobis.secrets()
    assert "kobis-secret-42" not in repr(kobis)
    assert not settings(kobis_api_key="k", catalogue_refresh=False).refreshes_catalogue()
    blank = settings(kobis_api_key="", catalogue_refresh_time="", kobis_base_url="")
    assert blank.kobis_api_key is None and str(blank.catalogue_refresh_time) == "05:30:00"
    assert blank.kobis_base_url == "https://www.kobis.or.kr/kobisopenapi/webservice/rest"
    at = settings(catalogue_refresh_time="04:15", catalogue_refresh_timezone="UTC")
    assert (at.catalogue_refresh_at().hour, str(at.catalogue_refresh_at().tzinfo)) == (4, "UTC")
    with pytest.raises(ValueError, match="IANA"):
        settings(catalogue_refresh_timezone="Seoul")
