"""A bare python-telegram-bot echo bot: the baseline for bench/throughput.py.

python bench/echo_bot.py BASE_URL TOKEN [aiohttp]

With ``aiohttp`` it talks to the Bot API through CineMate's transport
(:class:`bot.aiohttp_request.AiohttpRequest`) instead of PTB's default httpx one, so that
CineMate's own cost can be compared with a bare bot on the same footing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer every text with itself."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def main() -> None:
    """Poll the given Bot API server until SIGTERM."""
    base_url, token = sys.argv[1], sys.argv[2]
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base_url.rstrip('/')}/bot")
        .concurrent_updates(256)
    )
    if sys.argv[3:] == ["aiohttp"]:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bot.aiohttp_request import AiohttpRequest

        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1, read_timeout=40.0)
        )
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
