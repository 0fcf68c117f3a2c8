"""Settings behave as documented, and the documentation covers every setting."""

from __future__ import annotations

import re
from pathlib import Path

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
