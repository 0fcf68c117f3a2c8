"""A bare python-telegram-bot echo bot: the baseline for bench/throughput.py.

python bench/echo_bot.py BASE_URL TOKEN
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer every text with itself."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def main() -> None:
    """Poll the given Bot API server until SIGTERM."""
    base_url, token = sys.argv[1], sys.argv[2]
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base_url.rstrip('/')}/bot")
        .concurrent_updates(256)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
