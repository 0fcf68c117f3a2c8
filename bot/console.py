"""Console chat: the terminal becomes a Telegram chat with the real bot.

The local Bot API server runs in-process and the real Application talks to it over HTTP, so
the console exercises exactly the code that serves Telegram. A line is a message;
``/photo PATH`` sends a photo, ``/file PATH`` a document, a number presses a listed button,
``/say TEXT`` sends text literally, ``/quit`` (or end of input) leaves.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import TextIO

from bot.application import build_application, start_application, stop_application
from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from bot.settings import PROJECT_ROOT, Settings

CONSOLE_HELP = (
    "Console chat with CineMate. Type messages as in Telegram (try /start).\n"
    "  N            press button N of the last keyboard\n"
    "  /photo PATH  send a photo        /file PATH  send a file\n"
    "  /say TEXT    send TEXT literally  /quit        leave\n"
)
_REPLY_WAIT_S = 10.0
_QUIET_S = 0.25


class ConsoleChat:
    """Prints the bot's events and turns typed lines into user actions."""

    def __init__(self, server: LocalBotApiServer, user: SimulatedUser, out: TextIO) -> None:
        self.server = server
        self.user = user
        self.out = out
        self.keyboard: BotEvent | None = None
        self.media_dir = PROJECT_ROOT / "var" / "console"
        self._last_event_at = 0.0
        self._events_seen = 0

    def show(self, event: BotEvent) -> None:
        """Print one bot event."""
        if event.chat_id != self.user.id:
            return
        self._events_seen += 1
        self._last_event_at = time.monotonic()
        if event.kind == "chat_action":
            self._print(f"  … {event.params.get('action', 'typing')}")
            return
        if event.kind == "callback_answer":
            if event.params.get("text"):
                self._print(f"  🔔 {event.params['text']}")
            return
        if event.kind not in ("message", "edit"):
            return
        prefix = "🤖 (edited) " if event.kind == "edit" else "🤖 "
        media = self._save_media(event)
        if media:
            self._print(f"{prefix}[{media}]")
        if event.text:
            self._print(prefix + event.text.replace("\n", "\n   "))
        if event.buttons:
            self.keyboard = event
            for number, (label, _data) in enumerate(event.buttons, start=1):
                self._print(f"   [{number}] {label}")
        elif self.keyboard is not None and event.message_id == self.keyboard.message_id:
            self.keyboard = None

    def _save_media(self, event: BotEvent) -> str | None:
        message = event.message or {}
        item = (message.get("photo") or [None])[-1] or message.get("document")
        if not item:
            return None
        self.media_dir.mkdir(parents=True, exist_ok=True)
        name = item.get("file_name") or f"{item['file_unique_id']}.jpg"
        path = self.media_dir / name
        path.write_bytes(self.server.file_bytes(item["file_id"]))
        return f"{'photo' if message.get('photo') else 'file'} saved to {path}"

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def act(self, line: str) -> bool:
        """Turn one typed line into a user action; False when the user wants to leave."""
        text = line.rstrip("\n")
        if not text.strip():
            return True
        command, _, rest = text.strip().partition(" ")
        if command in ("/quit", "/exit"):
            return False
        if command == "/console":
            self._print(CONSOLE_HELP)
        elif command in ("/photo", "/file"):
            path = Path(rest.strip()).expanduser()
            if not path.is_file():
                self._print(f"  (no such file: {path})")
                return True
            if command == "/photo":
                self.user.send_photo(path.read_bytes())
            else:
                self.user.send_document(path.read_bytes(), file_name=path.name)
        elif command == "/say":
            self.user.send(rest)
        elif (
            text.strip().isdigit()
            and self.keyboard is not None
            and (1 <= int(text.strip()) <= len(self.keyboard.buttons))
        ):
            self.user.press(self.keyboard, int(text.strip()) - 1)
        else:
            self.user.send(text)
        return True

    async def settle(self, seen_before: int) -> None:
        """Wait for the bot's answer to the last action, so piped input stays in step."""
        deadline = time.monotonic() + _REPLY_WAIT_S
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            answered = self._events_seen > seen_before
            if answered and time.monotonic() - self._last_event_at >= _QUIET_S:
                return


async def run_console(
    settings: Settings, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run the bot against an in-process Bot API server and chat through the terminal."""
    async with LocalBotApiServer() as server:
        application = build_application(
            settings,
            token=server.token,
            base_url=server.base_url,
            base_file_url=server.base_file_url,
        )
        user = server.user(
            settings.console_user_id, language_code=settings.console_language, first_name="Console"
        )
        chat = ConsoleChat(server, user, stdout)
        server.add_listener(chat.show)
        await start_application(application, freeze_heap=True)
        try:
            chat._print(CONSOLE_HELP)
            while True:
                line = await asyncio.to_thread(stdin.readline)
                if line == "":
                    break
                seen = chat._events_seen
                if not chat.act(line):
                    break
                await chat.settle(seen)
        finally:
            await server.release_pollers()
            await stop_application(application)
