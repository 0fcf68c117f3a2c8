"""Console chat: the terminal becomes a Telegram chat with the real bot.

The local Bot API server runs in-process and the real Application talks to it over HTTP, so
the console exercises exactly the code that serves Telegram. A line is a message;
``/photo PATH`` sends a photo, ``/file PATH`` a document, ``/say TEXT`` sends text literally,
``/quit`` (or end of input) leaves. Every message with buttons gets a number and its buttons
are printed as ``[2.1] 👍  [2.2] 👎``: ``2.2`` presses that button as long as the message still
has it (as in Telegram, older messages' buttons stay pressable until the bot removes them), and
a plain ``2`` presses button 2 of the last keyboard shown.

A restarted console on the same database numbers its updates after the highest one stored, so
the bot never takes the new messages for re-deliveries of old ones.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.application import build_application, start_application, stop_application
from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from bot.settings import PROJECT_ROOT, Settings

CONSOLE_HELP = (
    "Console chat with CineMate. Type messages as in Telegram (try /start).\n"
    "  M.N          press button N of message M: [2.3] is button 3 of message 2; older\n"
    "               messages' buttons work until the bot removes them\n"
    "  N            press button N of the last message with buttons\n"
    "  /photo PATH  send a photo        /file PATH  send a file\n"
    "  /say TEXT    send TEXT literally  /console     this help   /quit  leave\n"
)
_REPLY_WAIT_S = 10.0
_QUIET_S = 0.25
_BUTTON = re.compile(r"(\d{1,6})\.(\d{1,3})")


@dataclass(frozen=True, slots=True)
class _Keyboard:
    """The buttons a message has now, in reading order."""

    message_id: int
    buttons: tuple[dict[str, Any], ...]


class ConsoleChat:
    """Prints the bot's events and turns typed lines into user actions."""

    def __init__(self, server: LocalBotApiServer, user: SimulatedUser, out: TextIO) -> None:
        self.server = server
        self.user = user
        self.out = out
        # Messages with buttons, by the number the console gave them (1, 2, …), and the
        # number of the keyboard printed last (what a plain "N" presses).
        self.keyboards: dict[int, _Keyboard] = {}
        self.last_keyboard: int | None = None
        self._numbers: dict[int, int] = {}  # message id → its console number
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
        if event.kind == "delete":
            self._drop_keyboard(int(str(event.params.get("message_id") or 0)))
            return
        if event.kind not in ("message", "edit") or event.message_id is None:
            return
        prefix = "🤖 (edited) " if event.kind == "edit" else "🤖 "
        media = self._save_media(event)
        if media:
            self._print(f"{prefix}[{media}]")
        if event.text:
            self._print(prefix + event.text.replace("\n", "\n   "))
        rows = ((event.message or {}).get("reply_markup") or {}).get("inline_keyboard") or []
        if not rows:
            self._drop_keyboard(event.message_id)
            return
        number = self._numbers.setdefault(event.message_id, len(self._numbers) + 1)
        self.keyboards[number] = _Keyboard(
            event.message_id, tuple(button for row in rows for button in row)
        )
        self.last_keyboard = number
        index = 0
        for row in rows:
            labels = []
            for button in row:
                index += 1
                link = " ↗" if "url" in button else ""
                labels.append(f"[{number}.{index}] {button.get('text', '')}{link}")
            self._print("   " + "  ".join(labels))

    def _drop_keyboard(self, message_id: int) -> None:
        """The message lost its buttons (edited away or deleted): they cannot be pressed."""
        number = self._numbers.get(message_id)
        if number is None:
            return
        self.keyboards.pop(number, None)
        if self.last_keyboard == number:
            self.last_keyboard = None

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
        elif not self._press(text.strip()):
            self.user.send(text)
        return True

    def _press(self, typed: str) -> bool:
        """Press the button ``typed`` names ("2.3", or "3" on the last keyboard); False when
        it names none and should be sent as text (a number while no buttons are shown, "0.8"
        in a form)."""
        found = _BUTTON.fullmatch(typed)
        if found:
            number, index = int(found.group(1)), int(found.group(2))
        elif typed.isdigit() and self.last_keyboard is not None:
            number, index = self.last_keyboard, int(typed)
        else:
            return False
        keyboard = self.keyboards.get(number)
        if keyboard is None:
            if number not in self._numbers.values():
                return False  # no such message: the text means something else
            self._print(f"  (message {number} has no buttons any more; /say {typed} sends it)")
            return True
        if not 1 <= index <= len(keyboard.buttons):
            if not found:
                return False
            self._print(f"  (message {number} has buttons 1–{len(keyboard.buttons)})")
            return True
        button = keyboard.buttons[index - 1]
        if "url" in button:  # Telegram opens the link; a terminal can only show it
            self._print(f"  ↗ {button['url']}")
            return True
        self.user.press_data(keyboard.message_id, str(button.get("callback_data", "")))
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
        # Before anything is typed: this chat's updates go on after the stored ones.
        server.number_updates_after(await application.bot_data.repo.last_update_id())
        try:
            chat._print(CONSOLE_HELP)
            while True:
                line = await asyncio.to_thread(stdin.readline)
                if line == "":
                    break
                seen, sent = chat._events_seen, server.last_update_id
                if not chat.act(line):
                    break
                if server.last_update_id != sent:  # not for help, notes and links
                    await chat.settle(seen)
        finally:
            await server.release_pollers()
            await stop_application(application)
