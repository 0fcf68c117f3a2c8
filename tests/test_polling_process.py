"""Polling mode in a real process, pointed at a self-hosted Bot API server by settings."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.localapi import LocalBotApiServer

ROOT = Path(__file__).resolve().parents[1]


async def test_polling_process_uses_telegram_api_base_url_and_stops_on_sigterm(
    api: LocalBotApiServer, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=f"http://{api.host}:{api.port}",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'polling.db'}",
        LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        user = api.user(1201, language_code="ko")
        reply = await user.ask("/start", timeout=60)
        assert "CineMate" in reply.text
        assert api.commands["ko"], "command menu registered at start-up"
    finally:
        process.send_signal(signal.SIGTERM)
        await api.release_pollers()
        output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    logs = output.decode()
    assert process.returncode == 0, logs
    assert "starting in polling mode" in logs
    assert api.token not in logs and api.token.split(":")[1] not in logs
