"""Conventions shared by the conversation flows, and what keeps every capability reachable.

Each step-by-step flow (onboarding, /profile, /forget, /favorites, /ost, /audience) is a
``ConversationHandler`` in its own handler group, registered in a :class:`FlowRegistry` with
a *resume* callback that asks its current question again. Several flows can be under way at
once — /audience in the middle of onboarding — and the one the user advanced most recently is
on top: only the top flow takes typed input. A step callback wrapped with :func:`step`:

* runs only if no earlier group already consumed the update, and marks it consumed so the
  catch-all replies in the last group stay quiet;
* lets typed input pass (does not consume it) when another flow is on top, or when the message
  is not an answer to the question at all: a request the understanding step recognises ("is
  the matrix on netflix?", "영화 추천해줘", "안녕"), a line one capability claims (a line of
  audio features), or a photo, file or voice note (a poster, a song). Those are answered by
  their capability, and then :func:`resume_handler` — the last handler group — asks the top
  flow's question again ("↩️ Back to your favourites: 4 of 10").

A step may declare what a real answer looks like (``accepts``), so "28살이요" at the age
question or an exact film title at the favourites step is taken even when it reads like a
request. Commands do not end flows, except /cancel (ends the top flow) and /start (starts
onboarding over); /help, /recommend, /where or /audience answer and come back.

PTB keeps each conversation's state in the ConversationHandler; :meth:`FlowRegistry.state`
reads it there (the one place that touches PTB's private ``_conversations``). Which active flow
is on top is remembered per process; after a restart the later-registered flow (the inner one:
/audience over onboarding) is taken as the top.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import CallbackQuery, Message, Update
from telegram.ext import (
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers.shared.context import CineContext
from handlers.shared.log_context import set_flow
from handlers.shared.message_edit import edit_markup

State = TypeVar("State")
StepCallback = Callable[[Update, CineContext], Coroutine[Any, Any, Any]]
ResumeCallback = Callable[[Update, CineContext, object], Awaitable[None]]
Accepts = Callable[[str, CineContext], bool]
Claim = Callable[[str, CineContext], bool]
ConversationKey = tuple[int, int]

# A request the classifier is at least this sure of is let through to its capability (chosen
# on the validation utterances: at 0.5, 10 % of requests are still kept by the flow and 13 % of
# answers let through — the steps' own ``accepts`` checks take those back). A lone short token
# ("inf", "%s", "ok") is an answer unless the classifier is very sure ("hi", "안녕").
REQUEST_CONFIDENCE = 0.5
SHORT_TOKEN_CONFIDENCE = 0.8
SHORT_TOKEN_CHARS = 5
# Flow names that are not step-by-step flows (their callbacks are never declined).
ENDING_COMMANDS = ("cancel", "start")


@dataclass
class FlowSpec:
    """One step-by-step flow: its name, handler group, conversation and how it resumes."""

    name: str
    group: int
    handler: ConversationHandler[Any]
    resume: ResumeCallback


class FlowRegistry:
    """The step-by-step flows and, per user, which of those under way is on top."""

    def __init__(self) -> None:
        self._flows: dict[str, FlowSpec] = {}
        self._claims: list[tuple[str, Claim]] = []
        self._recency: dict[ConversationKey, dict[str, int]] = {}
        self._clock = itertools.count(1)

    def register(
        self, name: str, group: int, handler: ConversationHandler[Any], resume: ResumeCallback
    ) -> None:
        """Add a flow (called once per flow when the handlers are registered)."""
        self._flows[name] = FlowSpec(name, group, handler, resume)

    def claim(self, owner: str, claim: Claim) -> None:
        """The flow ``owner`` claims typed lines it answers anywhere (a line of features, a song
        named with its artist)."""
        self._claims.append((owner, claim))

    def claimed(self, text: str, context: CineContext, by_other_than: str) -> bool:
        """Whether a flow other than ``by_other_than`` claims this line."""
        return any(
            claim(text, context) for owner, claim in self._claims if owner != by_other_than
        )

    def knows(self, name: str) -> bool:
        """Whether ``name`` is a registered step-by-step flow."""
        return name in self._flows

    def spec(self, name: str) -> FlowSpec:
        """The registered flow called ``name``."""
        return self._flows[name]

    def state(self, name: str, key: ConversationKey) -> object | None:
        """The flow's current state for this chat and user, None when it is not under way."""
        spec = self._flows.get(name)
        if spec is None:
            return None
        # PTB has no public accessor for a conversation's state; it keeps them here.
        states: MutableMapping[Any, object] = spec.handler._conversations
        state = states.get(key)
        return None if state is None or state == ConversationHandler.END else state

    def active(self, key: ConversationKey) -> list[tuple[FlowSpec, object]]:
        """The flows under way for this chat and user."""
        found = []
        for spec in self._flows.values():
            state = self.state(spec.name, key)
            if state is not None:
                found.append((spec, state))
        return found

    def top(self, key: ConversationKey) -> tuple[FlowSpec, object] | None:
        """The flow under way that the user advanced last (else the innermost one)."""
        active = self.active(key)
        if not active:
            return None
        seen = self._recency.get(key, {})
        return max(active, key=lambda item: (seen.get(item[0].name, 0), item[0].group))

    def end_all(self, key: ConversationKey, *, but: str | None = None) -> None:
        """End every flow of this chat and user (their rows are gone: /forget). The deletions
        are tracked, so the persistence removes the stored steps too."""
        for spec in self._flows.values():
            if spec.name == but:
                continue
            states: MutableMapping[Any, object] = spec.handler._conversations
            if key in states:
                del states[key]
        self._recency.pop(key, None)

    def touch(self, key: ConversationKey, name: str) -> None:
        """The user just advanced ``name``: it is on top now."""
        self._recency.setdefault(key, {})[name] = next(self._clock)

    def forget(self, key: ConversationKey, name: str) -> None:
        """``name`` ended for this user."""
        self._recency.get(key, {}).pop(name, None)


def conversation_key(update: Update) -> ConversationKey | None:
    """(chat id, user id): the key every CineMate flow uses for its conversations."""
    if update.effective_chat is None or update.effective_user is None:
        return None
    return update.effective_chat.id, update.effective_user.id


def _typed_input(update: Update) -> Message | None:
    """The message of an update a user typed or sent (not a button press, not a command)."""
    if update.callback_query is not None or update.inline_query is not None:
        return None
    message = update.effective_message
    if message is None or (message.text or "").startswith("/"):
        return None
    return message


def passes_by(
    update: Update, context: CineContext, flow: str, accepts: Accepts | None = None
) -> bool:
    """Whether a message sent while a flow waits is meant for something else.

    Photos, files and voice notes are posters and songs; a line a capability claims goes to
    it; text the understanding step reads as a request goes to that request — unless it is
    what the step accepts as an answer.
    """
    message = _typed_input(update)
    if message is None:
        return False
    if message.photo or message.document or message.voice or message.audio:
        return True
    text = message.text
    if not text:
        return False
    if accepts is not None and accepts(text, context):
        return False
    flows = context.bot_data.flows
    if flows.claimed(text, context, by_other_than=flow):
        return True
    understood = context.understood(text)
    stripped = text.strip()
    short = " " not in stripped and len(stripped) <= SHORT_TOKEN_CHARS
    needed = SHORT_TOKEN_CONFIDENCE if short else REQUEST_CONFIDENCE
    return understood.is_request and understood.confidence >= needed


def step(flow: str, *, accepts: Accepts | None = None) -> Callable[[StepCallback], StepCallback]:
    """Decorate a flow callback: name the flow in logs, consume the update once, let typed
    input meant for another flow or capability pass, and remember which flow is on top."""

    def decorate(callback: StepCallback) -> StepCallback:
        @functools.wraps(callback)
        async def wrapper(update: Update, context: CineContext) -> Any:
            if context.consumed:
                return None
            flows = context.bot_data.flows
            key = conversation_key(update)
            stepping = key is not None and flows.knows(flow) and flows.state(flow, key) is not None
            if stepping and _typed_input(update) is not None:
                assert key is not None
                top = flows.top(key)
                if top is not None and top[0].name != flow:
                    return None
                if passes_by(update, context, flow, accepts):
                    return None
            context.consumed = True
            context.answered_by = flow
            set_flow(flow)
            result = await callback(update, context)
            if key is not None and flows.knows(flow):
                if result == ConversationHandler.END:
                    flows.forget(key, flow)
                elif result is not None:
                    flows.touch(key, flow)
            return result

        return wrapper

    return decorate


def user_id(update: Update) -> int:
    """The Telegram id of the user behind an update that has one (every flow step does)."""
    assert update.effective_user is not None
    return update.effective_user.id


def chat_id(update: Update) -> int:
    """The chat an update came from, where the flow sends its next message."""
    assert update.effective_chat is not None
    return update.effective_chat.id


async def close_button(update: Update) -> CallbackQuery:
    """Acknowledge a button press and remove that message's keyboard, so a second tap on the
    same message cannot run the step twice."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await edit_markup(query.message, None)
    return query


def interrupting_commands_fallback(
    flow: str | None = None,
) -> BaseHandler[Update, CineContext, Any]:
    """The commands that end a flow: /cancel (only the flow on top) and /start (every flow but
    onboarding, which starts over itself). Other commands leave flows as they are."""

    async def end(update: Update, context: CineContext) -> object:
        assert update.effective_message is not None and update.effective_message.text
        command = update.effective_message.text.split()[0].split("@")[0].lstrip("/").lower()
        key = conversation_key(update)
        flows = context.bot_data.flows
        if command == "cancel":
            if flow is not None and key is not None:
                top = flows.top(key)
                if top is not None and top[0].name != flow:
                    return None  # an outer flow: it resumes once the top one is cancelled
            context.interrupted_flow = True
            context.cancelled_flow = flow
        if key is not None and flow is not None:
            flows.forget(key, flow)
        return ConversationHandler.END

    # /start film_<id> is a deep link to a film's card (recommend/inline.py), not a start.
    pattern = rf"^/({'|'.join(ENDING_COMMANDS)})(@\w+)?(?!\s+film_\d+\s*$)(\s|$)"
    return MessageHandler(filters.Regex(pattern), end, block=True)


async def _resume(update: Update, context: CineContext) -> None:
    """After a message answered by something else, the flow on top asks its question again.
    Button presses never bring it back: ▶ on a list or a stale button mid-flow would repeat the
    question after every tap."""
    key = conversation_key(update) if isinstance(update, Update) else None
    if key is None or not context.answered_by or update.callback_query is not None:
        return
    top = context.bot_data.flows.top(key)
    if top is None or top[0].name == context.answered_by:
        return
    spec, state = top
    await spec.resume(update, context, state)


def resume_handler() -> BaseHandler[Update, CineContext, Any]:
    """The last handler group: brings the user back to the flow they left."""
    return TypeHandler(Update, _resume)
