"""Registers every handler on the Application, in its group, and the command menus."""

from __future__ import annotations

import functools
import warnings
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from handlers.audience import flow as audience
from handlers.audience import intents as audience_intents
from handlers.ost import flow as ost
from handlers.ost import intents as ost_intents
from handlers.platform import (
    basic,
    conversation,
    favourites,
    forget,
    middleware,
    onboarding,
    profile,
)
from handlers.poster import intents as poster_intents
from handlers.poster import photo as poster
from handlers.recommend import cards as recommend
from handlers.recommend import (
    film_list,
    history_import,
    inline,
    people,
    watchlist,
    where_to_watch,
)
from handlers.recommend import intents as recommend_intents
from handlers.shared.flow import FlowRegistry, resume_handler
from handlers.shared.i18n import t
from handlers.shared.log_context import handler_var, set_handler
from handlers.understanding import step as understanding
from handlers.understanding.registry import IntentRegistry

MIDDLEWARE_GROUP = -1
FEATURES_GROUP = 50
UNDERSTANDING_GROUP = 60
LAST_GROUP = 100
RESUME_GROUP = 101
MENU_COMMANDS = (
    "start",
    "recommend",
    "where",
    "favorites",
    "watchlist",
    "import",
    "ost",
    "audience",
    "profile",
    "lang",
    "help",
    "forget",
    "cancel",
)


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Middleware first, one group per step-by-step flow, the stateless features, the
    understanding step for free text, catch-alls, and last the step that brings the user back
    to a flow they left.

    Flows come first: the flow on top takes the answer it waits for and lets anything else
    through (``handlers.shared.flow``) to the features and the understanding step.
    """
    application.add_handler(middleware.build_handler(), group=MIDDLEWARE_GROUP)
    flows = FlowRegistry()
    application.bot_data.flows = flows
    with warnings.catch_warnings():
        # per_message=False is deliberate: a flow spans several messages of one chat.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        steps = [
            (onboarding.FLOW, onboarding.build_handler(), onboarding.resume),
            (profile.FLOW, profile.build_handler(), profile.resume),
            (forget.FLOW, forget.build_handler(), forget.resume),
            (favourites.FLOW, favourites.build_handler(), favourites.resume),
            (ost.FLOW, ost.build_handler(), ost_intents.resume),
            (audience.FLOW, audience.build_handler(), audience_intents.resume),
        ]
    for group, (name, handler, resume) in enumerate(steps, start=1):
        application.add_handler(handler, group=group)
        flows.register(name, group, handler, resume)
    flows.claim(ost.FLOW, ost_intents.claims_line)
    flows.claim(ost.FLOW, ost_intents.claims_song)
    intents = IntentRegistry()
    recommend_intents.register_intents(intents)
    poster_intents.register_intents(intents)
    ost_intents.register_intents(intents)
    audience_intents.register_intents(intents)
    conversation.register_intents(intents)
    features = [
        *recommend.build_handlers(),
        *film_list.build_handlers(),
        *people.build_handlers(),
        *recommend_intents.build_handlers(),
        *where_to_watch.build_handlers(),
        *watchlist.build_handlers(),
        *inline.build_handlers(),
        # CSV and ZIP documents are history files; the poster handler takes every other one.
        *history_import.build_handlers(),
        *poster.build_handlers(),
        intents.menu_handler(),
    ]
    application.add_handlers(features, group=FEATURES_GROUP)
    application.add_handler(understanding.build_handler(intents), group=UNDERSTANDING_GROUP)
    application.add_handlers(basic.build_handlers(), group=LAST_GROUP)
    application.add_handler(resume_handler(), group=RESUME_GROUP)
    for group, group_handlers in application.handlers.items():
        if group != MIDDLEWARE_GROUP:  # it runs for every update: it answers none
            for registered in group_handlers:
                _name_callbacks(registered)


def _name_callbacks(handler: BaseHandler[Any, Any, Any]) -> None:
    """Each callback, when it runs, names itself for the update's summary log line
    (``handlers.shared.log_context.set_handler``): "recommend.film_list.next_page". The first
    to run answers the update; later groups (the step that brings a user back to a flow) only
    add to it, so they do not rename it."""
    if isinstance(handler, ConversationHandler):
        inner = [*handler.entry_points, *handler.fallbacks]
        inner += [h for handlers in handler.states.values() for h in handlers]
        for each in inner:
            _name_callbacks(each)
        return
    callback = getattr(handler, "callback", None)
    if callback is None or getattr(callback, "names_itself", False):
        return
    name = f"{callback.__module__.removeprefix('handlers.')}.{callback.__name__}"

    @functools.wraps(callback)
    async def named(update: object, context: Any) -> Any:
        if handler_var.get() == "-":
            set_handler(name)
        return await callback(update, context)

    named.names_itself = True  # type: ignore[attr-defined]
    handler.callback = named


def menu_commands(language: str) -> list[BotCommand]:
    """The command menu in one language."""
    return [BotCommand(name, t(language, f"commands.{name}")) for name in MENU_COMMANDS]
