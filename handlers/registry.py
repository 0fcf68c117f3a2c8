"""Registers every handler on the Application, in its group, and the command menus."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import BotCommand
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from handlers.audience import flow as audience
from handlers.ost import flow as ost
from handlers.platform import basic, favourites, forget, middleware, onboarding, profile
from handlers.poster import photo as poster
from handlers.recommend import cards as recommend
from handlers.recommend import watchlist, where_to_watch
from handlers.shared.i18n import t

MIDDLEWARE_GROUP = -1
FEATURES_GROUP = 50
LAST_GROUP = 100
MENU_COMMANDS = (
    "start",
    "recommend",
    "where",
    "favorites",
    "watchlist",
    "ost",
    "audience",
    "profile",
    "lang",
    "help",
    "forget",
    "cancel",
)


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Middleware first, one group per flow, then the stateless features, catch-alls last.

    Flows come first so that, while one waits for an answer, its text never reads as a
    where-to-watch question; the features' handlers never overlap, so they share a group.
    """
    application.add_handler(middleware.build_handler(), group=MIDDLEWARE_GROUP)
    with warnings.catch_warnings():
        # per_message=False is deliberate: a flow spans several messages of one chat.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        flows = [
            onboarding.build_handler(),
            profile.build_handler(),
            forget.build_handler(),
            favourites.build_handler(),
            ost.build_handler(),
            audience.build_handler(),
        ]
    for group, flow in enumerate(flows, start=1):
        application.add_handler(flow, group=group)
    features = [
        *recommend.build_handlers(),
        *where_to_watch.build_handlers(),
        *watchlist.build_handlers(),
        *poster.build_handlers(),
    ]
    application.add_handlers(features, group=FEATURES_GROUP)
    application.add_handlers(basic.build_handlers(), group=LAST_GROUP)


def menu_commands(language: str) -> list[BotCommand]:
    """The command menu in one language."""
    return [BotCommand(name, t(language, f"commands.{name}")) for name in MENU_COMMANDS]
