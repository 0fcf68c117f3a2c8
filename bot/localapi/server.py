"""A local Telegram Bot API server (aiohttp) for tests, the console chat and benchmarks.

It speaks the subset of the Bot API that CineMate uses, with Telegram's validation, so the real
python-telegram-bot client runs against it unchanged (``base_url`` points here). The Python API
(:meth:`LocalBotApiServer.user` and friends) plays the users: it injects their messages, photos,
documents and button presses as updates and lets a test await the bot's replies per chat.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.web_request import FileField

from bot.localapi.faults import FaultInjector, FaultKind
from bot.localapi.validation import (
    MAX_CAPTION_CHARS,
    BadRequest,
    check_reply_markup,
    check_text,
)
from bot.localapi.webhook_delivery import WebhookDelivery

_LOG = logging.getLogger(__name__)

DEFAULT_TOKEN = "7000001:LOCAL-cinemate-test-token-not-a-secret-0000"
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "results",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "button",  # answerInlineQuery's InlineQueryResultsButton
}
_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_CALL_LOG_SIZE = 200_000
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One Bot API request as the server received it: when (``time.monotonic``), which
    method, and the chat it addressed (None for calls without one, such as getUpdates or
    answerCallbackQuery). Telegram's flood limits count these per chat and per bot."""

    at: float
    method: str
    chat_id: int | str | None


@dataclass(slots=True)
class BotEvent:
    """Something the bot did in a chat: a message, an edit, a chat action, a callback answer."""

    kind: str  # "message" | "edit" | "chat_action" | "callback_answer" | "delete"
    chat_id: int
    method: str
    message: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """Displayed text (or caption) of the message, markup removed."""
        if self.message is None:
            return str(self.params.get("text") or "")
        return str(self.message.get("text") or self.message.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Inline buttons of the message as (text, callback_data), row by row."""
        markup = (self.message or {}).get("reply_markup") or {}
        return [
            (b["text"], b.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]

    @property
    def message_id(self) -> int | None:
        """Id of the message this event created or changed."""
        return None if self.message is None else int(self.message["message_id"])


@dataclass(slots=True)
class InlineAnswer:
    """The bot's answerInlineQuery for one inline query: its validated results and options."""

    query_id: str
    user_id: int
    query: str
    results: list[dict[str, Any]]
    cache_time: int | None
    is_personal: bool
    params: dict[str, Any]
    asked_at: float  # time.monotonic() when the user's query was queued
    at: float = field(default_factory=time.monotonic)

    @property
    def latency_ms(self) -> float:
        """From the query being queued to the bot's answer arriving here."""
        return (self.at - self.asked_at) * 1000.0


@dataclass(slots=True)
class _OpenInlineQuery:
    user_id: int
    query: str
    asked_at: float
    answer: asyncio.Future[InlineAnswer]


@dataclass(slots=True)
class _StoredFile:
    data: bytes
    file_path: str
    file_unique_id: str


class LocalBotApiServer:
    """In-process Bot API server; use as ``async with LocalBotApiServer() as server``."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fault_seed: int = 0,
        bot_username: str = "cinemate_bot",
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.faults = FaultInjector(fault_seed)
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 7000001
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "CineMate",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.method_calls: dict[str, int] = defaultdict(int)
        # Every request that reached a method, in order of arrival (the newest 200,000): what
        # tests and benchmarks check flood limits against.
        self.call_log: deque[CallRecord] = deque(maxlen=_CALL_LOG_SIZE)
        self.updates_sent: dict[int, int] = defaultdict(int)  # per user, for row checks
        self.webhook_url: str | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_seq = 0
        self._updates_changed = asyncio.Condition()
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._message_seq: dict[int, int] = defaultdict(int)
        self._events: dict[int, asyncio.Queue[BotEvent]] = defaultdict(asyncio.Queue)
        self._listeners: list[Callable[[BotEvent], None]] = []
        self._files: dict[str, _StoredFile] = {}
        self._open_callbacks: dict[str, int] = {}
        self._open_inline: dict[str, _OpenInlineQuery] = {}
        self.inline_answers: list[InlineAnswer] = []
        self._runner: web.AppRunner | None = None
        self._long_polling = True
        self._background: set[asyncio.Task[None]] = set()
        self._webhook: WebhookDelivery | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one; see :attr:`base_url`)."""
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close the listener and every open connection."""
        if self._webhook is not None:
            await self._webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url`` (the token is appended by PTB)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url``."""
        return f"http://{self.host}:{self.port}/file/bot"

    # -- the user side -----------------------------------------------------------------------

    def user(
        self, user_id: int, *, language_code: str = "en", first_name: str = "Tester"
    ) -> SimulatedUser:
        """A handle that plays one user in their private chat with the bot."""
        return SimulatedUser(self, user_id, language_code=language_code, first_name=first_name)

    def group_chat(self, chat_id: int, title: str = "Film club") -> None:
        """A group chat the bot is a member of (``chat_id`` negative, as Telegram's are), so
        that the bot may send to it; its messages are events of ``chat_id``."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        self._chats[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}

    def add_listener(self, listener: Callable[[BotEvent], None]) -> None:
        """Call ``listener`` for every bot event in any chat (the console uses this)."""
        self._listeners.append(listener)

    async def wait_event(self, chat_id: int, timeout: float = 10.0) -> BotEvent:
        """The next thing the bot did in ``chat_id``."""
        return await asyncio.wait_for(self._events[chat_id].get(), timeout)

    def pending_events(self, chat_id: int) -> int:
        """Events of ``chat_id`` not yet awaited."""
        return self._events[chat_id].qsize()

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Current state of a message (after edits)."""
        return self._messages.get((chat_id, message_id))

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update for getUpdates; returns its update_id."""
        self._update_seq += 1
        update = {"update_id": self._update_seq, **update}
        sender = (update.get("message") or update.get("callback_query") or {}).get("from")
        if sender is not None:
            self.updates_sent[sender["id"]] += 1
        if self._webhook is not None:
            self._spawn(self._webhook.deliver(update))
            return self._update_seq
        self._updates.append(update)
        self._spawn(self._notify_updates())
        return self._update_seq

    def holds_update(self, update_id: int) -> bool:
        """Whether ``update_id`` is still kept for getUpdates: the bot has not yet asked for
        the updates after it, which tells Telegram to forget it."""
        return any(update["update_id"] == update_id for update in self._updates)

    @property
    def last_update_id(self) -> int:
        """The id of the latest update a user sent."""
        return self._update_seq

    def number_updates_after(self, update_id: int) -> None:
        """Give the next update an id above ``update_id`` (the highest one the bot has stored):
        a server started again on the same database — the console after a restart — would
        otherwise number from 1 again, and the bot would skip those updates as re-deliveries
        of ones it already answered. Telegram's own ids never go back either."""
        self._update_seq = max(self._update_seq, update_id)

    def deliver_by_webhook(self, urls: Sequence[str], secret: str) -> WebhookDelivery:
        """From now on POST updates to ``urls`` in turn instead of queueing them for
        getUpdates (Telegram's webhook behind a load balancer; see :mod:`webhook_delivery`)."""
        self._webhook = WebhookDelivery(urls, secret)
        return self._webhook

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)  # keep a reference until it ran
        task.add_done_callback(self._background.discard)

    async def release_pollers(self) -> None:
        """Answer waiting and future getUpdates at once (so a bot stops without waiting
        out its long poll); :meth:`resume_long_polling` undoes it."""
        self._long_polling = False
        await self._notify_updates()

    def resume_long_polling(self) -> None:
        """Let getUpdates wait for updates again."""
        self._long_polling = True

    def next_update_id(self) -> int:
        """Allocate an update id without queueing (for webhook deliveries)."""
        self._update_seq += 1
        return self._update_seq

    async def _notify_updates(self) -> None:
        async with self._updates_changed:
            self._updates_changed.notify_all()

    def _chat_for(self, user: dict[str, Any]) -> dict[str, Any]:
        chat = self._chats.get(user["id"])
        if chat is None:
            chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            self._chats[user["id"]] = chat
        return chat

    def _new_message(self, chat_id: int, **fields: Any) -> dict[str, Any]:
        self._message_seq[chat_id] += 1
        message = {
            "message_id": self._message_seq[chat_id],
            "date": int(time.time()),
            "chat": self._chats[chat_id],
            **fields,
        }
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def store_file(self, data: bytes, *, folder: str, suffix: str) -> dict[str, Any]:
        """Keep uploaded bytes and describe them like Telegram's File object."""
        file_id = f"F{secrets.token_hex(12)}"
        unique = f"U{secrets.token_hex(6)}"
        path = f"{folder}/file_{len(self._files)}{suffix}"
        self._files[file_id] = _StoredFile(data=data, file_path=path, file_unique_id=unique)
        return {"file_id": file_id, "file_unique_id": unique, "file_size": len(data)}

    def file_bytes(self, file_id: str) -> bytes:
        """Bytes of a file the bot sent or a user uploaded."""
        return self._files[file_id].data

    # -- HTTP side ---------------------------------------------------------------------------

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        wanted = request.match_info["path"]
        for stored in self._files.values():
            if stored.file_path == wanted:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return _error(404, "Not Found")

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        self.method_calls[method] += 1
        rule = self.faults.pick(method)
        late_s = 0.0
        if rule is not None:
            if rule.kind is FaultKind.RATE_LIMIT:
                return _error(
                    429,
                    f"Too Many Requests: retry after {rule.retry_after}",
                    parameters={"retry_after": rule.retry_after},
                )
            if rule.kind is FaultKind.SERVER_ERROR:
                return _error(500, "Internal Server Error")
            if rule.kind is FaultKind.DROP:
                if request.transport is not None:
                    request.transport.abort()
                raise asyncio.CancelledError
            if rule.kind is FaultKind.LATE:
                late_s = rule.delay_s
            else:
                await asyncio.sleep(rule.delay_s)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return _error(400, "Bad Request: method not found")
        try:
            params = await _read_params(request)
            self._log_call(method, params.get("chat_id"))
            result = await handler(params)
        except BadRequest as exc:
            return _error(400, exc.description)
        if late_s:  # carried out; the answer may reach a client that has given up
            await asyncio.sleep(late_s)
        return web.json_response({"ok": True, "result": result})

    def _log_call(self, method: str, chat_id: Any) -> None:
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        elif not isinstance(chat_id, int | str):
            chat_id = None
        self.call_log.append(CallRecord(time.monotonic(), method, chat_id))

    def _emit(self, event: BotEvent) -> None:
        self._events[event.chat_id].put_nowait(event)
        for listener in self._listeners:
            listener(event)

    def _chat_id(self, params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        try:
            chat_id = int(str(raw))
        except ValueError:
            raise BadRequest("chat not found") from None
        if chat_id not in self._chats:
            raise BadRequest("chat not found")
        return chat_id

    # -- Bot API methods (``_m_<lowercase name>``) ---------------------------------------------

    async def _m_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _m_logout(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = None
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        return True

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://"):
            raise BadRequest("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url or None
        return True

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._updates_changed:
            while not self._updates and self._long_polling:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._updates_changed.wait(), remaining)
                except TimeoutError:
                    break
        return self._updates[:limit]

    async def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise BadRequest("commands must be an array of at most 100 BotCommand")
        for command in commands:
            name = str(command.get("command", ""))
            if not (1 <= len(name) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in name
            ):
                raise BadRequest("BOT_COMMAND_INVALID")
            if not (1 <= len(str(command.get("description", ""))) <= 256):
                raise BadRequest("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[str(params.get("language_code") or "")] = commands
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(str(params.get("language_code") or ""), [])

    async def _m_deletemycommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(str(params.get("language_code") or ""), None)
        return True

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        text = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_reply_markup(params.get("reply_markup"))
        fields: dict[str, Any] = {"from": self.bot_user, "text": text}
        if markup and "inline_keyboard" in markup:
            fields["reply_markup"] = markup
        message = self._new_message(chat_id, **fields)
        self._emit(BotEvent("message", chat_id, "sendMessage", message, params))
        return message

    async def _send_media(self, params: dict[str, Any], kind: str) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        media = params.get(kind)
        if isinstance(media, _Upload):
            stored = self.store_file(media.data, folder=f"{kind}s", suffix=media.suffix)
        elif isinstance(media, str) and media in self._files:
            stored = {
                "file_id": media,
                "file_unique_id": self._files[media].file_unique_id,
                "file_size": len(self._files[media].data),
            }
        else:
            raise BadRequest(f"there is no {kind} in the request")
        fields: dict[str, Any] = {"from": self.bot_user}
        if params.get("caption"):
            fields["caption"] = check_text(
                params["caption"], params.get("parse_mode"), limit=MAX_CAPTION_CHARS
            )
        markup = check_reply_markup(params.get("reply_markup"))
        if markup and "inline_keyboard" in markup:
            fields["reply_markup"] = markup
        if kind == "photo":
            fields["photo"] = [{**stored, "width": 0, "height": 0}]
        else:
            name = media.filename if isinstance(media, _Upload) else "file"
            fields["document"] = {**stored, "file_name": name}
        message = self._new_message(chat_id, **fields)
        self._emit(BotEvent("message", chat_id, f"send{kind.title()}", message, params))
        return message

    async def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        return await self._send_media(params, "photo")

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        return await self._send_media(params, "document")

    async def _m_sendchataction(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        action = str(params.get("action", ""))
        if action not in {
            "typing",
            "upload_photo",
            "record_video",
            "upload_video",
            "record_voice",
            "upload_voice",
            "upload_document",
            "choose_sticker",
            "find_location",
            "record_video_note",
            "upload_video_note",
        }:
            raise BadRequest("wrong parameter action in request")
        self._emit(BotEvent("chat_action", chat_id, "sendChatAction", None, params))
        return True

    def _editable(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = self._chat_id(params)
        message = self._messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None:
            raise BadRequest("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise BadRequest("message can't be edited")
        return chat_id, message

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id, message = self._editable(params)
        text = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_reply_markup(params.get("reply_markup"))
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise BadRequest(
                "message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup "
                "of the message"
            )
        message["text"] = text
        message["edit_date"] = int(time.time())
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        self._emit(BotEvent("edit", chat_id, "editMessageText", message, params))
        return message

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        chat_id, message = self._editable(params)
        markup = check_reply_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise BadRequest(
                "message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup "
                "of the message"
            )
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        self._emit(BotEvent("edit", chat_id, "editMessageReplyMarkup", message, params))
        return message

    async def _m_deletemessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        key = (chat_id, int(params.get("message_id") or 0))
        if self._messages.pop(key, None) is None:
            raise BadRequest("message to delete not found")
        self._emit(BotEvent("delete", chat_id, "deleteMessage", None, params))
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        chat_id = self._open_callbacks.pop(str(params.get("callback_query_id")), None)
        if chat_id is None:
            raise BadRequest("query is too old and response timeout expired or query ID is invalid")
        if params.get("text") and len(str(params["text"])) > 200:
            raise BadRequest("MESSAGE_TOO_LONG")
        self._emit(BotEvent("callback_answer", chat_id, "answerCallbackQuery", None, params))
        return True

    async def _m_answerinlinequery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("inline_query_id", ""))
        results = params.get("results")
        if not isinstance(results, list) or len(results) > MAX_INLINE_RESULTS:
            raise BadRequest("RESULTS_TOO_MUCH")
        check_inline_results(results)
        cache_time = params.get("cache_time")
        if cache_time is not None and not str(cache_time).lstrip("-").isdigit():
            raise BadRequest("cache_time must be an integer")
        if isinstance(params.get("button"), dict):
            _check_results_button(params["button"])
        pending = self._open_inline.pop(query_id, None)
        if pending is None:
            raise BadRequest("query is too old and response timeout expired or query ID is invalid")
        answer = InlineAnswer(
            query_id=query_id,
            user_id=pending.user_id,
            query=pending.query,
            results=results,
            cache_time=int(cache_time) if cache_time is not None else None,
            is_personal=str(params.get("is_personal", "")).lower() == "true",
            params=params,
            asked_at=pending.asked_at,
        )
        self.inline_answers.append(answer)
        if not pending.answer.done():
            pending.answer.set_result(answer)
        return True

    async def _m_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        stored = self._files.get(file_id)
        if stored is None:
            raise BadRequest("invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise BadRequest("file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


@dataclass(slots=True)
class _Upload:
    data: bytes
    filename: str

    @property
    def suffix(self) -> str:
        return "." + self.filename.rsplit(".", 1)[-1] if "." in self.filename else ""


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from a query string, JSON body, form or multipart upload."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise BadRequest("request body must be a JSON object")
            return {**params, **body}
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, FileField):
                params[key] = _Upload(value.file.read(), value.filename or key)
            else:
                params[key] = value
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except json.JSONDecodeError:
                raise BadRequest(f"can't parse {key} JSON object") from None
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


# -- answerInlineQuery: Telegram's checks on the results ----------------------------------------

_RESULT_TYPES = {
    "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location",
    "venue", "contact", "game", "sticker",
}  # fmt: skip


def check_inline_results(results: list[Any]) -> None:
    """Validate answerInlineQuery's results the way Telegram does: ids of 1–64 bytes, unique;
    a known type; an article has a title and a message to send (its text checked like
    sendMessage's), keyboards valid with http(s)/tg link buttons, thumbnails http(s) URLs."""
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict) or result.get("type") not in _RESULT_TYPES:
            raise BadRequest("RESULT_TYPE_INVALID")
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES:
            raise BadRequest("RESULT_ID_INVALID")
        if result_id in seen:
            raise BadRequest("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article":
            if not str(result.get("title") or "").strip():
                raise BadRequest("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content")
            if not isinstance(content, dict):
                raise BadRequest("input_message_content is required for an article")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            check_text(content.get("message_text"), content.get("parse_mode"))
        markup = result.get("reply_markup")
        if markup is not None:
            if not isinstance(markup, dict) or "inline_keyboard" not in markup:
                raise BadRequest("REPLY_MARKUP_INVALID")
            check_reply_markup(markup)
            for row in markup["inline_keyboard"]:
                for button in row:
                    if "url" in button and not _valid_url(str(button["url"]), tg=True):
                        raise BadRequest("BUTTON_URL_INVALID")
        for key in ("thumbnail_url", "url"):
            if key in result and not _valid_url(str(result[key])):
                raise BadRequest(f"{key.upper()}_INVALID")


def _check_results_button(button: dict[str, Any]) -> None:
    """The button above the results: a text, and a private-chat start parameter or web app."""
    if not str(button.get("text") or "").strip():
        raise BadRequest("BUTTON_TEXT_INVALID")
    start = button.get("start_parameter")
    if start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(start)):
        raise BadRequest("START_PARAM_INVALID")


def _valid_url(url: str, *, tg: bool = False) -> bool:
    parts = urlsplit(url)
    if tg and parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def _error(status: int, description: str, **extra: Any) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": status, "description": description, **extra}, status=status
    )


class SimulatedUser:
    """One user in a private chat: sends things to the bot, reads what it answers."""

    def __init__(
        self, server: LocalBotApiServer, user_id: int, *, language_code: str, first_name: str
    ) -> None:
        self.server = server
        self.id = user_id
        self.info = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat = server._chat_for(self.info)
        self.last_keyboard: BotEvent | None = None

    def _message(self, **fields: Any) -> dict[str, Any]:
        return self.server._new_message(self.id, **{"from": self.info, **fields})

    def update_for_text(self, text: str) -> dict[str, Any]:
        """The update Telegram would build for ``text`` (without queueing it)."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"message": self._message(**fields)}

    def send(self, text: str) -> int:
        """The user types ``text``; returns the update id."""
        return self.server.push_update(self.update_for_text(text))

    def send_photo(
        self, data: bytes, *, caption: str | None = None, width: int = 0, height: int = 0
    ) -> int:
        """The user sends a compressed photo."""
        stored = self.server.store_file(data, folder="photos", suffix=".jpg")
        fields: dict[str, Any] = {"photo": [{**stored, "width": width, "height": height}]}
        if caption:
            fields["caption"] = caption
        return self.server.push_update({"message": self._message(**fields)})

    def send_document(
        self, data: bytes, *, file_name: str, mime_type: str = "application/octet-stream"
    ) -> int:
        """The user sends a file (an image sent "as file" arrives this way)."""
        stored = self.server.store_file(data, folder="documents", suffix="")
        document = {**stored, "file_name": file_name, "mime_type": mime_type}
        return self.server.push_update({"message": self._message(document=document)})

    def send_sticker(self) -> int:
        """The user sends a sticker."""
        stored = self.server.store_file(b"RIFF-webp-sticker", folder="stickers", suffix=".webp")
        sticker = {
            **stored,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "😀",
        }
        return self.server.push_update({"message": self._message(sticker=sticker)})

    def send_voice(self, data: bytes = b"OggS-voice", *, duration: int = 3) -> int:
        """The user sends a voice note."""
        stored = self.server.store_file(data, folder="voice", suffix=".oga")
        voice = {**stored, "duration": duration, "mime_type": "audio/ogg"}
        return self.server.push_update({"message": self._message(voice=voice)})

    def send_audio(
        self,
        data: bytes,
        *,
        file_name: str = "song.mp3",
        mime_type: str = "audio/mpeg",
        duration: int = 30,
    ) -> int:
        """The user sends a music file (Telegram's ``message.audio``)."""
        suffix = "." + file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        stored = self.server.store_file(data, folder="music", suffix=suffix)
        audio = {**stored, "duration": duration, "file_name": file_name, "mime_type": mime_type}
        return self.server.push_update({"message": self._message(audio=audio)})

    def press(self, event: BotEvent, button: str | int) -> int:
        """Press a button of ``event``'s message, by its label, callback data or index."""
        buttons = event.buttons
        if isinstance(button, int):
            data = buttons[button][1]
        else:
            data = next((d for t, d in buttons if button in (t, d)), "")
            if not data:
                raise KeyError(f"no button {button!r} in {buttons}")
        return self.press_data(event.message_id or 0, data)

    def press_data(self, message_id: int, data: str, *, chat_id: int | None = None) -> int:
        """Send a callback query with arbitrary (possibly forged) data for a message.

        ``chat_id`` presses a message of another chat (someone else's private chat with the
        bot): Telegram delivers a press on a message the user can see but that is not in
        their own chat (a keyboard in a group), and a test uses it to check that a button on
        another user's message changes nothing. As on Telegram, that message must exist
        (KeyError otherwise); the bot's answer to the query comes back to this user.
        """
        if chat_id is not None and chat_id != self.id:
            message = self.server.message(chat_id, message_id)
            if message is None:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
        else:
            chat_id = self.id
            message = self.server.message(self.id, message_id) or {
                "message_id": message_id,
                "date": 0,
                "chat": self.chat,
            }
        query_id = secrets.token_hex(8)
        self.server._open_callbacks[query_id] = self.id
        query = {
            "id": query_id,
            "from": self.info,
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        return self.server.push_update({"callback_query": query})

    def inline_query(self, query: str, *, chat_type: str = "sender", offset: str = "") -> str:
        """The user types ``@bot <query>`` in a chat (their own "saved messages" by default);
        returns the inline query's id (see :meth:`inline_answer`)."""
        query_id = secrets.token_hex(8)
        loop = asyncio.get_running_loop()
        self.server._open_inline[query_id] = _OpenInlineQuery(
            self.id, query, time.monotonic(), loop.create_future()
        )
        inline = {
            "id": query_id,
            "from": self.info,
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        self.server.push_update({"inline_query": inline})
        return query_id

    async def inline_answer(self, query_id: str, timeout: float = 10.0) -> InlineAnswer:
        """The bot's answerInlineQuery for ``query_id`` (validated as Telegram would)."""
        pending = self.server._open_inline.get(query_id)
        if pending is None:
            found = [a for a in self.server.inline_answers if a.query_id == query_id]
            if found:
                return found[-1]
            raise KeyError(f"no inline query {query_id!r}")
        return await asyncio.wait_for(asyncio.shield(pending.answer), timeout)

    async def ask_inline(self, query: str, timeout: float = 10.0) -> InlineAnswer:
        """Type ``@bot <query>`` and await the bot's answer."""
        return await self.inline_answer(self.inline_query(query), timeout)

    async def next_event(self, timeout: float = 10.0) -> BotEvent:
        """The next thing the bot did in this chat."""
        event = await self.server.wait_event(self.id, timeout)
        if event.buttons:
            self.last_keyboard = event
        return event

    async def reply(self, timeout: float = 10.0) -> BotEvent:
        """The next message or edit, skipping chat actions and callback answers."""
        while True:
            event = await self.next_event(timeout)
            if event.kind in ("message", "edit"):
                return event

    async def ask(self, text: str, timeout: float = 10.0) -> BotEvent:
        """Send ``text`` and return the bot's first reply."""
        self.send(text)
        return await self.reply(timeout)
