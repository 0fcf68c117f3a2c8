"""Bad-input sweep: a generated corpus of hostile input (tests/hostile_corpus.py) in every flow.

Korean and English users, many at once, drive the real Application over the local Bot API
server. Every hostile input is followed by waiting for its answer, which must be a message the
flow is meant to give at that step, in the user's language, and never the generic error. At the
end the database must hold exactly what the valid steps wrote: each inbound update once (with
its exact text), and profiles, favourites, subscriptions, feedback and predictions only from the
valid steps. The global error handler must never have fired and nothing may be logged at ERROR.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from handlers.platform.favourites_picker import titles_in
from handlers.shared.i18n import CATALOGUES, t
from inference.poster.decode import decode_image
from inference.poster.errors import InvalidImage
from tests.conftest import FAVOURITE_TITLES, BotFactory, reach_age_step
from tests.hostile_corpus import (
    HostileFile,
    HostileText,
    forged_callbacks,
    hostile_files,
    hostile_texts,
    oversized_file,
)

MAX_TEXT_CHARS = 1000  # the bot's default MAX_TEXT_CHARS
FIRST_USER_ID = 7_300_000
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Korean the English texts themselves contain (example names such as 롯데엔터테인먼트, 2023년),
# and the Korean of film titles and KOBIS names, which English answers show beside the English
# ("The Host (괴물, 2006)", "Bong Joon-ho (봉준호)").
ENGLISH_TEXTS_KOREAN = frozenset(HANGUL_WORD.findall(" ".join(CATALOGUES["en"].values())))


@functools.cache
def korean_in_english_answers() -> frozenset[str]:
    from inference.catalogue import Catalogue

    titles = " ".join(Catalogue.load().table.titles_ko)
    return ENGLISH_TEXTS_KOREAN | frozenset(HANGUL_WORD.findall(titles))
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_FIELD = re.compile(r"\{[^{}]*\}")

EXPIRED = "error.button_expired"
TOO_LONG = "error.too_long"
AGE_KEYS = {"age.not_a_number", "age.out_of_range", TOO_LONG}
AUD_DATE_KEYS = {
    f"aud.date.{r}" for r in ("empty", "format", "impossible", "too_early", "too_late")
}
AUD_SCREEN_KEYS = {
    f"aud.screens.{r}"
    for r in ("empty", "not_a_number", "not_positive", "too_many", "below_population")
}
WTW_KEYS = {"wtw.which", "wtw.unknown", "wtw.source_kr", "wtw.source_us", "wtw.ask_title"}
# What the understanding step may answer free text with (outside a flow, or when a flow lets a
# message pass): a greeting or help with the menu, out of scope, a film's card or facts, a
# list, a capability's cue, a where-to-watch answer, a capability's own answer.
_ANSWERING = ("conv.", "info.", "list.", "cue.", "wtw.", "rec.", "card.", "poster.", "ost.",
              "aud.", "help.text", "error.slow_down")  # fmt: skip
UNDERSTANDING_KEYS = {k for k in CATALOGUES["en"] if k.startswith(_ANSWERING)}
FLOW_BACK = {k for k in CATALOGUES["en"] if k.startswith("flow.back.")}
CLIP_REFUSALS = {"ost.audio.not_audio", "ost.audio.damaged", "ost.audio.unsupported"}
# A film fact ("기생충의 감독은 봉준호예요") comes with the film's card right after it.
FACT_KEYS = {k for k in CATALOGUES["en"] if k.startswith("info.") and k != "info.ask_title"}


@functools.cache
def template(language: str, key: str) -> re.Pattern[str]:
    """A message of the catalogue as a regex over the displayed text (markup removed by the
    server, every placeholder matching anything)."""
    raw = CATALOGUES[language].get(key) or CATALOGUES["en"][key]
    plain = html.unescape(_TAG.sub("", raw))
    return re.compile(".*?".join(re.escape(part) for part in _FIELD.split(plain)), re.DOTALL)


def keys_matching(language: str, text: str) -> list[str]:
    """Every catalogue key whose message appears in ``text`` (for failure reports)."""
    return [k for k in CATALOGUES["en"] if len(k) > 4 and template(language, k).search(text)]


@dataclass
class Ledger:
    """What the valid steps of a user stored; the database must hold exactly this."""

    language: str | None = None
    age: int | None = None
    gender: str | None = None
    onboarded: bool = False
    favourites: set[int] = field(default_factory=set)
    subscriptions: set[str] = field(default_factory=set)
    feedback: set[tuple[int, str]] = field(default_factory=set)
    predictions: Counter[str] = field(default_factory=Counter)
    drafts: set[str] = field(default_factory=set)
    watchlist: set[int] = field(default_factory=set)

    @property
    def has_profile(self) -> bool:
        return self.age is not None or self.gender is not None or self.onboarded


@dataclass(frozen=True)
class Inbound:
    """One update a simulated user sent, as the message log must store it."""

    chat_id: int
    kind: str
    content: str | None


def _describe(update: dict[str, Any]) -> tuple[int, Inbound]:
    """(sender, what the message log should hold) for an update the server queues."""
    if "callback_query" in update:
        query = update["callback_query"]
        chat = query["message"]["chat"]["id"]
        return query["from"]["id"], Inbound(chat, "callback", query["data"])
    message = update["message"]
    sender, chat = message["from"]["id"], message["chat"]["id"]
    if "text" in message:
        kind = "command" if message["text"].startswith("/") else "text"
        return sender, Inbound(chat, kind, message["text"])
    for kind in ("photo", "document", "sticker", "voice"):
        if kind in message:
            item = message[kind][-1] if kind == "photo" else message[kind]
            return sender, Inbound(chat, kind, item["file_id"])
    return sender, Inbound(chat, "other", None)


class Sweep:
    """Plays the users, sends the corpus, checks each answer and keeps the books."""

    def __init__(self, api: LocalBotApiServer) -> None:
        self.api = api
        self.texts = hostile_texts(max_chars=MAX_TEXT_CHARS)
        self.files = hostile_files()
        self.forged = forged_callbacks()
        self.languages: dict[int, str] = {}
        self.ledgers: dict[int, Ledger] = {}
        self.sent: dict[int, dict[int, Inbound]] = {}
        self.inputs: Counter[str] = Counter()
        self.failures: list[str] = []
        self._next_id = FIRST_USER_ID
        push = api.push_update

        def recording_push(update: dict[str, Any]) -> int:
            update_id = push(update)
            sender, inbound = _describe(update)
            if inbound.content is not None:  # NUL and lone surrogates are kept as U+FFFD
                stored = re.sub("[\x00\ud800-\udfff]", "\ufffd", inbound.content)
                inbound = Inbound(inbound.chat_id, inbound.kind, stored)
            self.sent.setdefault(sender, {})[update_id] = inbound
            return update_id

        api.push_update = recording_push  # type: ignore[method-assign]

    def user(self, language: str) -> SimulatedUser:
        self._next_id += 1
        user = self.api.user(self._next_id, language_code=language)
        self.languages[user.id] = language
        self.ledgers[user.id] = Ledger()
        return user

    # -- checking one answer -----------------------------------------------------------------

    def check(
        self,
        user: SimulatedUser,
        step: str,
        label: str,
        event: BotEvent,
        allowed: Iterable[str],
        source: str = "",
    ) -> None:
        """The answer is one of the step's messages, in the user's language, not an error."""
        language = self.languages[user.id]
        text = event.text
        where = f"[{step}] {label!r} ({language}) got {event.kind} {text[:300]!r}"
        assert text.strip(), f"{where}: an empty answer"
        for generic in ("error.generic", "error.storage_busy"):
            for any_language in CATALOGUES:
                assert not template(any_language, generic).search(text), f"{where}: {generic}"
        if language == "ko":
            assert HANGUL.search(text), f"{where}: no Korean in the answer"
        else:
            own = HANGUL_WORD.sub(
                lambda word: "" if word[0] in ENGLISH_TEXTS_KOREAN else word[0], text
            )
            own = HANGUL_WORD.sub(
                lambda word: "" if word[0] in korean_in_english_answers() else word[0], own
            )
            stray = set(HANGUL.findall(own)) - set(HANGUL.findall(source))
            assert not stray, f"{where}: Korean in an English answer"
        allowed = set(allowed)
        if not self.matches(user, event, allowed):
            matches = keys_matching(language, text)
            raise AssertionError(f"{where}: expected one of {sorted(allowed)}, matches {matches}")

    def matches(self, user: SimulatedUser, event: BotEvent, keys: Iterable[str]) -> bool:
        """Whether the event's text is one of these messages in the user's language."""
        language = self.languages[user.id]
        return any(template(language, key).search(event.text) for key in keys)

    def logged(self, user: SimulatedUser, event: BotEvent) -> None:
        """A new film list is a logged recommendation (its buttons name the log row)."""
        if event.kind == "message" and any(d.startswith("fn:") for _, d in event.buttons):
            self.ledgers[user.id].predictions["recommend"] += 1

    async def answer(
        self,
        user: SimulatedUser,
        step: str,
        label: str,
        allowed: Iterable[str],
        source: str,
        messages: int = 1,
        *,
        in_flow: bool = False,
    ) -> list[BotEvent]:
        """Wait for ``messages`` messages (skipping chat actions) and check each.

        ``in_flow``: the step belongs to a flow, which may let an input pass to a capability
        (a poster, a voice note, text that reads as a request); its answer is then checked as
        such, and the flow must ask its question again ("↩️ …") before the next input.
        """
        allowed = set(allowed)
        got: list[BotEvent] = []
        while len(got) < messages:
            event = await user.next_event(timeout=30)
            if event.kind == "chat_action":
                continue
            if in_flow and event.kind == "message" and not self.matches(user, event, allowed):
                event = await self.passed_by(user, step, label, event, source)
                got.append(event)
                continue
            self.check(user, step, label, event, allowed, source)
            self.logged(user, event)
            if event.kind == "message":
                got.append(event)
                fact = self.matches(user, event, FACT_KEYS)
                if fact and not self.matches(user, event, FLOW_BACK) and messages == len(got):
                    messages += 1  # the film's card follows its fact
        return got

    async def passed_by(
        self, user: SimulatedUser, step: str, label: str, first: BotEvent, source: str
    ) -> BotEvent:
        """A flow let an input pass: its capability's answer(s), then the flow's question."""
        self.inputs["passed by a flow"] += 1
        event = first
        while True:
            self.check(user, step, f"{label} (passed by)", event, UNDERSTANDING_KEYS | FLOW_BACK,
                       source)  # fmt: skip
            self.logged(user, event)
            if event.kind == "message" and self.matches(user, event, FLOW_BACK):
                return event
            event = await user.next_event(timeout=30)
            while event.kind in ("chat_action", "callback_answer"):
                event = await user.next_event(timeout=30)

    # -- hostile input ------------------------------------------------------------------------

    async def text(
        self,
        user: SimulatedUser,
        step: str,
        payload: HostileText,
        allowed: Iterable[str],
        *,
        wrap: str = "{}",
        lines: bool = False,
        in_flow: bool = True,
    ) -> BotEvent:
        """Send a hostile text (inside ``wrap``) and check the answer(s); returns the last.

        ``lines``: the step answers every title of the message on its own (favourites).
        """
        text = wrap.replace("{}", payload.text)
        self.inputs[f"text/{payload.category}"] += 1
        user.send(text)
        messages = 1
        if lines and len(text) <= MAX_TEXT_CHARS:
            messages = max(1, len(titles_in(text)))
        allowed = {*allowed, TOO_LONG}
        found = await self.answer(user, step, payload.label, allowed, text, messages,
                                  in_flow=in_flow)  # fmt: skip
        return found[-1]

    async def texts_at(
        self,
        user: SimulatedUser,
        step: str,
        allowed: Iterable[str],
        *,
        wrap: str = "{}",
        lines: bool = False,
        after: Callable[[HostileText, BotEvent], Awaitable[None]] | None = None,
        in_flow: bool = True,
    ) -> None:
        """Every hostile text at one step; ``after`` may bring the user back to the step."""
        for payload in self.texts:
            reply = await self.text(
                user, step, payload, allowed, wrap=wrap, lines=lines, in_flow=in_flow
            )
            if after is not None:
                await after(payload, reply)

    async def file(
        self,
        user: SimulatedUser,
        step: str,
        upload: HostileFile,
        *,
        as_photo: bool,
        in_flow: bool = False,
    ) -> None:
        """Send a file as a photo or a document; by default it must be refused as a poster."""
        self.inputs["photo" if as_photo else "document"] += 1
        if as_photo:
            user.send_photo(upload.data)
        else:
            user.send_document(upload.data, file_name=upload.file_name, mime_type=upload.mime_type)
        how = "photo" if as_photo else "document"
        label = f"{upload.label} as {how}"
        await self.answer(user, step, label, {upload.refusal}, "")
        if in_flow:  # in a flow: the poster was answered, then the flow asks again
            await self.answer(user, step, f"{label}, then back", FLOW_BACK, "")

    async def media_at(
        self,
        user: SimulatedUser,
        step: str,
        allowed: Iterable[str] | None,
        *,
        sticker: str | None = None,
        voice: str | None = None,
        files: int = 2,
        in_flow: bool = True,
    ) -> None:
        """A sticker, a voice note and the first ``files`` files of the corpus (rotated by the
        step). ``allowed`` None: files are posters, refused each for its reason."""
        allowed_set = set(allowed) if allowed is not None else None
        self.inputs["sticker"] += 1
        user.send_sticker()
        await self.answer(user, step, "sticker", allowed_set or {sticker or ""}, "")
        self.inputs["voice"] += 1
        user.send_voice(b"\x00OggS\xff" * 7, duration=0)
        # A voice note is a song clip anywhere (this one cannot be read); in a flow, the flow
        # asks its question again afterwards.
        await self.answer(user, step, "voice", {voice} if voice else CLIP_REFUSALS, "")
        if in_flow and allowed_set is not None:  # /ost itself takes the clip: no way back
            await self.answer(user, step, "voice, then back", FLOW_BACK, "")
        shift = sum(map(ord, step)) % len(self.files)
        rotated = self.files[shift:] + self.files[:shift]
        for index, upload in enumerate(rotated[:files]):
            await self.file(user, step, upload, as_photo=index % 2 == 0, in_flow=in_flow)

    async def press(
        self,
        user: SimulatedUser,
        step: str,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        allowed: str = EXPIRED,
    ) -> None:
        """Press (forged) data; the only answer is a toast saying the button is not active."""
        self.inputs["callback"] += 1
        if message_id is None:
            keyboard = user.last_keyboard
            message_id = keyboard.message_id if keyboard and keyboard.message_id else 1
        user.press_data(message_id, data, chat_id=chat_id)
        event = await user.next_event(timeout=30)
        label = f"button {data[:70]!r}"
        assert event.kind == "callback_answer", f"[{step}] {label}: got {event.kind} {event.text!r}"
        self.check(user, step, label, event, {allowed})
        if allowed == EXPIRED:
            assert event.params.get("text") == t(self.languages[user.id], allowed), label

    async def forged_at(self, user: SimulatedUser, step: str) -> None:
        for data in self.forged:
            await self.press(user, step, data)

    async def cancel_and_settle(self, user: SimulatedUser, step: str) -> None:
        """/cancel leaves the form, then nothing stray is left queued."""
        user.send("/cancel")
        await self.answer(user, step, "/cancel", {"cancel.done"}, "")
        await self.nothing_pending(user)

    async def nothing_pending(self, user: SimulatedUser) -> None:
        """No stray answer is queued: the next thing the bot says is the reply to /help."""
        user.send("/help")
        reply = await user.next_event(timeout=30)
        assert reply.kind == "message" and "/profile" in reply.text, reply.text[:200]
        try:  # a flow still under way asks its question again after /help
            back = await user.next_event(timeout=1.0)
        except TimeoutError:
            back = None
        if back is not None:
            assert back.kind == "message" and back.text.startswith("↩️"), back.text[:200]
        await asyncio.sleep(0)
        assert self.api.pending_events(user.id) == 0


# -- valid steps -------------------------------------------------------------------------------


async def expect_message(user: SimulatedUser, contains: str) -> BotEvent:
    """The next message (skipping edits, toasts and chat actions) contains ``contains``."""
    while True:
        event = await user.next_event(timeout=30)
        if event.kind == "message":
            assert contains in event.text, (contains, event.text[:300])
            return event


async def start_onboarding(sweep: Sweep, user: SimulatedUser, language: str) -> BotEvent:
    """/start, pick the language: the age question."""
    prompt = await reach_age_step(user, language)
    sweep.ledgers[user.id].language = language
    return prompt


async def give_age(sweep: Sweep, user: SimulatedUser, age: int = 27) -> BotEvent:
    """A valid age: the gender question."""
    user.send(str(age))
    sweep.ledgers[user.id].age = age
    prompt = await user.reply(timeout=30)
    assert prompt.buttons and prompt.buttons[0][1].startswith("onb:gender:"), prompt.text
    return prompt


async def give_gender(sweep: Sweep, user: SimulatedUser, prompt: BotEvent) -> BotEvent:
    """Press "female": the favourites question."""
    user.press(prompt, "onb:gender:female")
    sweep.ledgers[user.id].gender = "female"
    await user.reply(timeout=30)  # the question edited with the choice
    return await user.reply(timeout=30)


async def pick_favourites(sweep: Sweep, user: SimulatedUser) -> tuple[BotEvent, BotEvent]:
    """Ten favourites by their first candidate: (an "Added" message with Undo, the last
    progress message with Done)."""
    added = progress = None
    for title in FAVOURITE_TITLES:
        candidates = await user.ask(title, timeout=30)
        data = candidates.buttons[0][1]
        assert data.startswith("onb:fav:add:"), candidates.text
        user.press(candidates, 0)
        sweep.ledgers[user.id].favourites.add(int(data.rsplit(":", 1)[1]))
        added = await user.reply(timeout=30)
        progress = await user.reply(timeout=30)
    assert added is not None and progress is not None
    return added, progress


async def finish_onboarding(sweep: Sweep, user: SimulatedUser, subs: BotEvent) -> None:
    """Netflix, Done: onboarded."""
    user.press(subs, "onb:sub:netflix")
    await user.reply(timeout=30)
    user.press(subs, "onb:sub:done")
    ledger = sweep.ledgers[user.id]
    ledger.subscriptions.add("netflix")
    ledger.onboarded = True
    await expect_message(user, "✅")


async def onboarding_until_subscriptions(
    sweep: Sweep, user: SimulatedUser, language: str
) -> dict[str, BotEvent]:
    """Valid answers up to the subscriptions question; returns the messages whose buttons
    later go stale (language, gender, an "Added" with Undo, the last progress, subscriptions)."""
    seen = {"language": await user.ask("/start", timeout=30)}
    user.press(seen["language"], f"onb:lang:{language}")
    sweep.ledgers[user.id].language = language
    await user.reply(timeout=30)  # the language confirmed
    await user.reply(timeout=30)  # the age question
    seen["gender"] = await give_age(sweep, user)
    await give_gender(sweep, user, seen["gender"])
    seen["added"], seen["progress"] = await pick_favourites(sweep, user)
    user.press(seen["progress"], "onb:fav:done")
    await user.reply(timeout=30)  # Done removed
    seen["subs"] = await user.reply(timeout=30)
    return seen


async def full_onboarding(sweep: Sweep, user: SimulatedUser, language: str) -> None:
    await finish_onboarding(
        sweep, user, (await onboarding_until_subscriptions(sweep, user, language))["subs"]
    )


async def recommendation_list(sweep: Sweep, user: SimulatedUser) -> BotEvent:
    """/recommend: the list, one message (one logged prediction)."""
    user.send("/recommend")
    while True:
        event = await user.next_event(timeout=30)
        if event.kind == "message" and any(d.startswith("fn:") for _, d in event.buttons):
            sweep.ledgers[user.id].predictions["recommend"] += 1
            return event


# -- lanes: one user each, all running at once ---------------------------------------------------


async def lane_age(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await start_onboarding(sweep, user, language)
    await sweep.texts_at(user, "onboarding age", AGE_KEYS)
    await sweep.media_at(user, "onboarding age", {"age.need_text"})
    await sweep.forged_at(user, "onboarding age")
    await give_age(sweep, user)
    await sweep.nothing_pending(user)


async def lane_gender(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await start_onboarding(sweep, user, language)
    prompt = await give_age(sweep, user)
    await sweep.texts_at(user, "onboarding gender", {"onboarding.use_buttons"})
    await sweep.media_at(user, "onboarding gender", {"onboarding.use_buttons"})
    await sweep.forged_at(user, "onboarding gender")
    await sweep.press(user, "onboarding gender", "onb:lang:en", message_id=2)  # stale language
    await give_gender(sweep, user, prompt)
    await sweep.nothing_pending(user)


async def lane_favourites(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await start_onboarding(sweep, user, language)
    await give_gender(sweep, user, await give_age(sweep, user))
    step = "onboarding favourites"
    allowed = {"fav.candidates", "fav.not_found", "fav.need_text"}
    await sweep.texts_at(user, step, allowed, lines=True)
    await sweep.media_at(user, step, {"fav.need_text"})
    await sweep.forged_at(user, step)
    await sweep.press(user, step, "onb:fav:done", allowed="fav.need_more")  # none picked yet
    user.send("/recommend")  # popular films (no favourites yet), then back to the favourites
    await sweep.answer(user, step, "/recommend", {"list.note_popular"}, "")
    await sweep.answer(user, step, "/recommend, then back", FLOW_BACK, "")
    await sweep.nothing_pending(user)


async def lane_subscriptions(sweep: Sweep, language: str) -> None:
    """Subscriptions step, then every onboarding button gone stale, then a recommendation list
    with forged card buttons and one valid 👍."""
    user = sweep.user(language)
    seen = await onboarding_until_subscriptions(sweep, user, language)
    step = "onboarding subscriptions"
    await sweep.texts_at(user, step, {"onboarding.use_buttons"})
    await sweep.media_at(user, step, {"onboarding.use_buttons"})
    await sweep.forged_at(user, step)
    await finish_onboarding(sweep, user, seen["subs"])
    step = "stale onboarding buttons"
    added_id = seen["added"].message_id
    undo = seen["added"].buttons[0][1]
    for message, data in [
        (seen["language"].message_id, f"onb:lang:{language}"),
        (seen["gender"].message_id, "onb:gender:male"),
        (added_id, undo),
        (seen["progress"].message_id, "onb:fav:done"),
        (seen["subs"].message_id, "onb:sub:disney"),
        (seen["subs"].message_id, "onb:sub:done"),
    ]:
        await sweep.press(user, step, data, message_id=message)
    listed = await recommendation_list(sweep, user)
    step = "recommendation buttons"
    for data in sweep.forged:
        await sweep.press(user, step, data, message_id=listed.message_id)
    card = await user.ask("Inception", timeout=30)  # a film on its own: its card
    user.press(card, 0)  # a valid 👍
    movie = int(card.buttons[0][1].rsplit(":", 1)[1])
    sweep.ledgers[user.id].feedback.add((movie, "like"))
    assert (await user.next_event(timeout=30)).kind == "callback_answer"
    assert (await user.next_event(timeout=30)).kind == "edit"
    await sweep.nothing_pending(user)


async def lane_profile_age(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await full_onboarding(sweep, user, language)
    shown = await user.ask("/profile", timeout=30)
    user.press(shown, "prof:edit:age")
    await expect_message(user, "27")
    step = "profile age"
    await sweep.texts_at(user, step, AGE_KEYS)
    await sweep.media_at(user, step, {"age.need_text"})
    user.send("31")
    sweep.ledgers[user.id].age = 31
    await expect_message(user, "✓")
    await expect_message(user, "31")
    await sweep.nothing_pending(user)


async def lane_ost_title(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await user.ask("/ost", timeout=30)
    step = "ost title"

    async def again_if_answered(payload: HostileText, reply: BotEvent) -> None:
        """A payload may be close enough to a real title ("1_000" reads as the start of
        R.E.M.'s "1,000,000") to be answered for that song: logged, and the flow is over."""
        if reply.method == "sendPhoto":
            sweep.ledgers[user.id].predictions["ost"] += 1
            await user.ask("/ost", timeout=30)

    allowed = {"ost.not_found", "ost.pick_song", "ost.result.title"}
    await sweep.texts_at(user, step, allowed, after=again_if_answered)
    await sweep.media_at(user, step, None, sticker="ost.need_text")
    await sweep.forged_at(user, step)
    await sweep.cancel_and_settle(user, step)


async def lane_ost_line(sweep: Sweep, language: str) -> None:
    """Feature lines with hostile values; nothing is ever complete, so nothing is logged."""
    user = sweep.user(language)
    await user.ask("/ost", timeout=30)
    allowed = {
        "ost.got",
        "ost.out_of_range",
        "ost.ignored",
        "ost.ask",
        "ost.not_found",
        "ost.pick_song",
        "ost.not_a_value",
    }

    async def no_value_from_bad_numbers(payload: HostileText, reply: BotEvent) -> None:
        """ "energy 1e309" once read as energy 1 (→ 100) followed by the key "e"."""
        if payload.category == "number" and payload.label not in ("-0", "tiny-exponent"):
            got = template(sweep.languages[user.id], "ost.got")
            assert not got.search(reply.text), (payload.label, reply.text[:200])

    await sweep.texts_at(
        user,
        "ost feature line",
        allowed,
        wrap="energy {} tempo {}",
        after=no_value_from_bad_numbers,
    )
    user.send("/cancel")
    await sweep.answer(user, "ost feature line", "/cancel", {"cancel.done"}, "")
    await sweep.nothing_pending(user)


def _asked_feature(event: BotEvent) -> str:
    """The feature an OST form question asks for, from its value buttons."""
    return event.buttons[0][1].split(":")[2]


async def lane_ost_form(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    intro = await user.ask("/ost", timeout=30)
    user.press(intro, "ost:form")
    question = await expect_message(user, "(1/6)")
    step = "ost form value"

    async def back_if_taken(payload: HostileText, reply: BotEvent) -> None:
        if reply.buttons and _asked_feature(reply) != "danceability":  # taken as a value
            assert payload.label in ("-0", "tiny-exponent"), (payload.label, reply.text[:200])
            user.press(reply, "ost:back")
            again = await expect_message(user, "(1/6)")
            assert _asked_feature(again) == "danceability", again.text

    allowed = {"ost.out_of_range", "ost.not_a_value", "ost.ask"}
    await sweep.texts_at(user, step, allowed, after=back_if_taken)
    await sweep.media_at(user, step, None, sticker="ost.need_text")
    await sweep.forged_at(user, step)
    user.press(question, "ost:cancel")
    await expect_message(user, "/ost")
    step = "stale ost buttons"
    for data in ("ost:v:danceability:50", "ost:back", "ost:cancel"):
        await sweep.press(user, step, data, message_id=question.message_id)
    await sweep.press(user, step, "ost:form", message_id=intro.message_id)
    await sweep.nothing_pending(user)


async def lane_audience_title(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await user.ask("/audience", timeout=30)
    step = "audience title"
    allowed = {"aud.film.not_found", "aud.film.pick", "aud.need_text"}
    await sweep.texts_at(user, step, allowed)
    await sweep.media_at(user, step, {"aud.need_text"})
    await sweep.cancel_and_settle(user, step)


async def _new_release(user: SimulatedUser) -> BotEvent:
    intro = await user.ask("/audience", timeout=30)
    user.press(intro, "aud:new")
    return await expect_message(user, "(1/8)")


async def lane_audience_date(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await _new_release(user)
    step = "audience date"
    await sweep.texts_at(user, step, AUD_DATE_KEYS)
    await sweep.media_at(user, step, {"aud.need_text"})
    await sweep.forged_at(user, step)
    await sweep.cancel_and_settle(user, step)


async def lane_audience_screens(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    await _new_release(user)
    await user.ask("2023-05-31", timeout=30)
    step = "audience screens"
    await sweep.texts_at(user, step, AUD_SCREEN_KEYS)
    await sweep.media_at(user, step, {"aud.need_text"})
    await sweep.forged_at(user, step)
    await sweep.cancel_and_settle(user, step)


async def lane_audience_choices(sweep: Sweep, language: str) -> None:
    """Genre typed instead of tapped, then the country, which may be typed."""
    user = sweep.user(language)
    await _new_release(user)
    await user.ask("2023-05-31", timeout=30)
    user.send("1000")
    genre = await expect_message(user, "(3/8)")
    await sweep.texts_at(user, "audience genre", {"aud.tap_button"})
    user.press(genre, 0)
    rating = await expect_message(user, "(4/8)")
    user.press(rating, 0)
    country = await expect_message(user, "(5/8)")
    step = "audience country"

    async def back_if_taken(payload: HostileText, reply: BotEvent) -> None:
        if "(6/8)" in reply.text:  # any other country is "other"; text without a letter is not
            assert any(c.isalpha() for c in payload.text), (payload.label, reply.text[:200])
            user.press(reply, "aud:back")
            await expect_message(user, "(5/8)")

    await sweep.texts_at(user, step, {"aud.tap_button", "aud.ask.distributor"}, after=back_if_taken)
    await sweep.press(user, "stale audience buttons", "aud:g:0", message_id=genre.message_id)
    user.send("/cancel")
    await sweep.answer(user, step, "/cancel", {"cancel.done"}, "")
    await sweep.press(user, "stale audience buttons", "aud:n:0", message_id=country.message_id)
    await sweep.nothing_pending(user)


async def lane_audience_names(sweep: Sweep, language: str) -> None:
    """Distributor names: a hostile name is refused, or kept as new (then ◀ Back)."""
    user = sweep.user(language)
    await _new_release(user)
    await user.ask("2023-05-31", timeout=30)
    user.send("1000")
    user.press(await expect_message(user, "(3/8)"), 0)
    user.press(await expect_message(user, "(4/8)"), 0)
    user.press(await expect_message(user, "(5/8)"), 0)
    await expect_message(user, "(6/8)")
    step = "audience distributor"

    async def back_if_taken(payload: HostileText, reply: BotEvent) -> None:
        if "(7/8)" in reply.text:  # kept as a new name: it has letters once cleaned
            visible = [c for c in payload.text if not unicodedata.category(c).startswith("C")]
            assert any(c.isalpha() for c in visible), (payload.label, reply.text[:200])
            shown = [c for c in reply.text if c != "\n"]  # the name as the reply echoes it
            assert not any(unicodedata.category(c).startswith("C") for c in shown), payload.label
            user.press(reply, "aud:back")
            await expect_message(user, "(6/8)")

    allowed = {"aud.name.empty", "aud.name.new", "aud.name.suggest", "aud.name.known"}
    await sweep.texts_at(user, step, allowed, after=back_if_taken)
    await sweep.media_at(user, step, {"aud.need_text"})
    await sweep.forged_at(user, step)
    await sweep.cancel_and_settle(user, step)


async def lane_where(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    wrap = "where can I watch {}?" if language == "en" else "{} 어디서 봐?"
    # A hostile "title" may read as another request altogether: any answer of the
    # understanding step, never the generic error.
    await sweep.texts_at(user, "where-to-watch question", UNDERSTANDING_KEYS, wrap=wrap,
                         in_flow=False)  # fmt: skip
    await sweep.texts_at(user, "/where", {*WTW_KEYS, "wtw.ask_title"}, wrap="/where {}",
                         in_flow=False)  # fmt: skip
    await sweep.nothing_pending(user)


async def lane_idle(sweep: Sweep, language: str) -> None:
    """A user who never sent /start: free text, commands, files, stickers, forged buttons."""
    user = sweep.user(language)
    step = "no flow"
    await sweep.texts_at(user, step, UNDERSTANDING_KEYS, in_flow=False)
    await sweep.media_at(user, step, None, sticker="error.sticker", files=0, in_flow=False)
    await sweep.forged_at(user, step)
    step = "recommendation buttons without a profile"
    await sweep.press(user, step, "rec:only:on")  # never offered without services
    # A film card's buttons work for anyone (a card is shown to users who never onboarded).
    ledger = sweep.ledgers[user.id]
    for data, toast in (("rec:fb:like:1", "rec.noted_like"), ("rec:fb:dislike:1",
                        "rec.noted_dislike"), ("rec:wl:1", "rec.noted_watchlist")):  # fmt: skip
        await sweep.press(user, step, data, allowed=toast, message_id=999_999)
    ledger.feedback.add((1, "dislike"))  # the dislike replaced the like
    ledger.watchlist.add(1)
    for data in ("rec:more:1", "rec:new"):  # an old list's button: a new (popular) list
        sweep.inputs["callback"] += 1
        user.press_data(1, data)
        assert (await user.next_event(timeout=30)).kind == "callback_answer"
        await sweep.answer(user, step, data, {"list.note_popular"}, "")
    await sweep.nothing_pending(user)


POSTERS_PER_USER = 8  # under the per-user poster limit (POSTER_PER_MINUTE, 10 by default)


async def lane_posters(sweep: Sweep, language: str) -> None:
    """Every file, as a photo and as a document, outside any flow: each refused for its own
    reason. Spread over several users so that none reaches the per-user poster limit."""
    uploads = [
        (f, as_photo) for f in (*sweep.files, oversized_file()) for as_photo in (True, False)
    ]
    chunks = [uploads[i : i + POSTERS_PER_USER] for i in range(0, len(uploads), POSTERS_PER_USER)]

    async def one_user(chunk: list[tuple[HostileFile, bool]]) -> None:
        user = sweep.user(language)
        for upload, as_photo in chunk:
            await sweep.file(user, "poster", upload, as_photo=as_photo)
        await sweep.nothing_pending(user)

    await asyncio.gather(*(one_user(chunk) for chunk in chunks))


async def lane_recommend_without_profile(sweep: Sweep, language: str) -> None:
    user = sweep.user(language)
    # Popular films and how to get personal picks (each list is logged).
    allowed = {"list.note_popular", "error.slow_down"}  # 20 lists a minute per user at most
    await sweep.texts_at(user, "/recommend without a profile", allowed, wrap="/recommend {}",
                         in_flow=False)  # fmt: skip
    await sweep.texts_at(user, "unknown command", {"error.unknown_command"}, wrap="/x{}",
                         in_flow=False)  # fmt: skip
    await sweep.nothing_pending(user)


async def lane_other_users_messages(sweep: Sweep, language: str) -> None:
    """Another user presses the buttons of this user's messages: refused, nothing changes."""
    owner = sweep.user("en" if language == "ko" else "ko")
    owner_language = sweep.languages[owner.id]
    intruder = sweep.user(language)
    # Both set up: a 👍 would be stored for the intruder if the press reached the handlers.
    await asyncio.gather(
        full_onboarding(sweep, owner, owner_language), full_onboarding(sweep, intruder, language)
    )
    listed = await recommendation_list(sweep, owner)
    list_buttons = [data for _, data in listed.buttons if data != "noop"]
    profile = await owner.ask("/profile", timeout=30)
    welcome = await owner.ask("/start", timeout=30)
    intro = await owner.ask("/ost", timeout=30)
    owner.press(intro, "ost:form")
    form = await expect_message(owner, "(1/6)")
    sweep.ledgers[owner.id].drafts.add("ost")  # /forget below leaves the form's draft
    confirm = await owner.ask("/forget", timeout=30)
    step = "another user's message"
    targets: list[tuple[BotEvent, str]] = [
        *((listed, data) for data in list_buttons),  # ◀ ▶ 👍 👎 ✓ ➕ only mine, 🔄
        (profile, "prof:edit:age"),
        (profile, "prof:edit:lang"),
        (welcome, "onb:restart"),
        (intro, "ost:form"),
        (form, "ost:v:danceability:50"),
        (form, "ost:cancel"),
        (confirm, "fgt:yes"),
        (confirm, "fgt:no"),
    ]
    for message, data in targets:
        assert message.message_id is not None
        await sweep.press(intruder, step, data, message_id=message.message_id, chat_id=owner.id)
    await sweep.nothing_pending(owner)  # nothing was sent to or edited in the owner's chat
    await sweep.nothing_pending(intruder)
    owner.press(confirm, "fgt:no")  # the owner's own answer still works
    event = await owner.next_event(timeout=30)
    assert event.kind == "callback_answer"
    kept = await owner.next_event(timeout=30)
    assert kept.kind == "edit" and kept.text == t(owner_language, "forget.kept")


LANES: tuple[Callable[[Sweep, str], Awaitable[None]], ...] = (
    lane_age,
    lane_gender,
    lane_favourites,
    lane_subscriptions,
    lane_profile_age,
    lane_ost_title,
    lane_ost_line,
    lane_ost_form,
    lane_audience_title,
    lane_audience_date,
    lane_audience_screens,
    lane_audience_choices,
    lane_audience_names,
    lane_where,
    lane_idle,
    lane_posters,
    lane_recommend_without_profile,
    lane_other_users_messages,
)


# -- the database afterwards ---------------------------------------------------------------------


async def stored(database_url: str, sweep: Sweep) -> list[str]:
    """Differences between the database and what the valid steps should have written (the same
    SQL on SQLite and PostgreSQL; booleans compared as 0/1)."""
    problems: list[str] = []
    engine = create_async_engine(database_url)

    async def rows(query: str, **params: Any) -> list[tuple[Any, ...]]:
        async with engine.connect() as conn:
            return [tuple(row) for row in await conn.execute(text(query), params)]

    try:
        ids = dict(await rows("SELECT telegram_id, id FROM users"))
        if set(ids) != set(sweep.ledgers):
            problems.append(f"users {sorted(set(ids) ^ set(sweep.ledgers))} differ")
        for telegram_id, ledger in sweep.ledgers.items():
            uid = ids.get(telegram_id)
            name = f"user {telegram_id} ({sweep.languages[telegram_id]})"
            log = await rows(
                "SELECT update_id, chat_id, kind, content FROM inbound_messages "
                "WHERE user_id = :uid",
                uid=uid,
            )
            inbound = {row[0]: Inbound(row[1], row[2], row[3]) for row in log}
            sent = sweep.sent.get(telegram_id, {})
            if len(log) != len(inbound) or inbound != sent:
                wrong = [u for u in set(inbound) | set(sent) if inbound.get(u) != sent.get(u)]
                problems.append(f"{name}: message log differs at updates {sorted(wrong)[:5]}")
            (language,) = (await rows("SELECT language FROM users WHERE id = :uid", uid=uid))[0]
            if language != ledger.language:
                problems.append(f"{name}: language {language!r} != {ledger.language!r}")
            found_profiles = await rows(
                "SELECT age, gender, onboarded_at IS NOT NULL, only_subscribed FROM profiles "
                "WHERE user_id = :uid",
                uid=uid,
            )
            profile = (
                (*found_profiles[0][:2], int(found_profiles[0][2]), int(found_profiles[0][3]))
                if found_profiles
                else None
            )
            want = (ledger.age, ledger.gender, int(ledger.onboarded), 0)
            if (profile is not None) != ledger.has_profile or (profile and profile != want):
                problems.append(
                    f"{name}: profile {profile} != {want if ledger.has_profile else None}"
                )
            checks: list[tuple[str, str, Any]] = [
                ("favourites", "SELECT movie_id FROM favourites", ledger.favourites),
                ("subscriptions", "SELECT platform FROM subscriptions", ledger.subscriptions),
                ("feedback", "SELECT movie_id, kind FROM feedback", ledger.feedback),
                ("watchlist", "SELECT movie_id FROM watchlist", ledger.watchlist),
                ("form drafts", "SELECT form FROM form_drafts", ledger.drafts),
            ]
            for table, query, expected in checks:
                found = {
                    row if len(row) > 1 else row[0]
                    for row in await rows(f"{query} WHERE user_id = :uid", uid=uid)
                }
                if found != expected:
                    problems.append(f"{name}: {table} {sorted(found)} != {sorted(expected)}")
            predictions = Counter(
                row[0]
                for row in await rows(
                    "SELECT capability FROM predictions WHERE user_id = :uid", uid=uid
                )
            )
            if predictions != ledger.predictions:
                problems.append(
                    f"{name}: predictions {dict(predictions)} != {dict(ledger.predictions)}"
                )
    finally:
        await engine.dispose()
    return problems


# -- the tests -----------------------------------------------------------------------------------


def test_corpus_is_large_deterministic_and_every_file_is_refused_for_its_reason() -> None:
    texts, files = hostile_texts(), hostile_files()
    assert texts == hostile_texts() and files == hostile_files()
    assert forged_callbacks() == forged_callbacks()
    assert {t.category for t in texts} >= {"long", "control", "rtl", "emoji", "sql", "markup"}
    assert any(len(t.text) == 10_000 for t in texts)
    assert any(len(c.encode()) > 64 for c in forged_callbacks())
    assert len({f.label for f in files}) == len(files)
    for upload in files:
        with pytest.raises(InvalidImage) as refused:
            decode_image(upload.data)
        assert refused.value.key == upload.refusal, upload.label
        assert len(upload.data) < 64 * 1024  # bombs stay tiny on disk


@pytest.mark.slow
async def test_hostile_input_sweep(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    application = await start_bot(database_url)
    assert application.bot_data.settings.max_text_chars == MAX_TEXT_CHARS
    sweep = Sweep(api)
    started = time.perf_counter()

    async def run(lane: Callable[[Sweep, str], Awaitable[None]], language: str) -> None:
        try:
            await lane(sweep, language)
        except Exception as error:  # reported with the others below
            sweep.failures.append(f"{lane.__name__}/{language}: {type(error).__name__} {error}")

    await asyncio.gather(*(run(lane, lang) for lane in LANES for lang in ("ko", "en")))
    elapsed = time.perf_counter() - started
    total = sum(sweep.inputs.values())
    print(
        f"\nhostile sweep: {total} inputs in {elapsed:.1f} s: {dict(sorted(sweep.inputs.items()))}"
    )
    assert not sweep.failures, "\n".join(sweep.failures)
    assert total >= 1000
    await asyncio.sleep(0.2)  # let the last persistence flush settle
    errors = [
        r for r in caplog.records if r.levelno >= logging.ERROR or r.name == "cinemate.errors"
    ]
    assert not errors, [f"{r.name}: {r.getMessage()}" for r in errors[:5]]
    problems = await stored(database_url, sweep)
    assert not problems, "\n".join(problems[:30])
