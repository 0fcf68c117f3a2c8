"""``cinemate`` / ``python -m bot``: run the bot in the mode the settings choose."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging

from bot.logging_setup import configure_logging
from bot.settings import PROJECT_ROOT, RunMode, Settings


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, configure logging and run."""
    # No garbage collection while the frameworks are imported and the models loaded: it would
    # only walk their long-lived objects again and again. ``start_application`` (``bot/heap``)
    # collects once, freezes what was loaded and turns collection on before taking updates.
    gc.disable()
    parser = argparse.ArgumentParser(prog="cinemate", description="CineMate movie assistant bot")
    parser.add_argument(
        "--mode",
        choices=[m.value for m in RunMode],
        default=None,
        help="override RUN_MODE (auto: webhook/polling with a token, else console)",
    )
    parser.add_argument(
        "--migrate-only", action="store_true", help="apply database migrations and exit"
    )
    args = parser.parse_args(argv)
    settings = Settings()
    if args.mode:
        settings = settings.model_copy(update={"run_mode": RunMode(args.mode)})
    mode = settings.effective_mode()
    if mode is RunMode.CONSOLE:
        # The terminal is the chat: logs go to a file instead of interleaving with it.
        log_path = PROJECT_ROOT / "var" / "console.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        configure_logging(
            settings.log_level,
            settings.secrets(),
            as_json=settings.log_json,
            stream=log_path.open("a", encoding="utf-8"),
        )
    else:
        configure_logging(settings.log_level, settings.secrets(), as_json=settings.log_json)
    logging.getLogger(__name__).info("starting in %s mode", mode.value)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(settings, mode, migrate_only=args.migrate_only))


async def _run(settings: Settings, mode: RunMode, *, migrate_only: bool) -> None:
    if migrate_only:
        from storage.database import Database

        database = Database(settings.database_url)
        await database.migrate()
        await database.dispose()
        return
    if mode is RunMode.CONSOLE:
        from bot.console import run_console

        await run_console(settings)
    elif mode is RunMode.WEBHOOK:
        from bot.run_modes import run_webhook

        await run_webhook(settings)
    else:
        from bot.run_modes import run_polling

        await run_polling(settings)


if __name__ == "__main__":
    main()
