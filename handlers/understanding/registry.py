"""Where capabilities register what they answer: an intent, and an entry of the capability menu.

``handlers/registry.py`` creates one :class:`IntentRegistry` and hands it to each capability's
``register_intents``; the understanding step (``step.py``) then answers a message by its intent,
and greetings, help and out-of-scope replies show the menu of whatever capabilities registered
one — so adding a capability never means editing the platform's texts or keyboards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.shared.context import CineContext
from handlers.shared.flow import step
from handlers.shared.i18n import t
from inference.understanding.labels import INTENTS
from inference.understanding.service import Understood

IntentAnswer = Callable[[Update, CineContext, Understood], Awaitable[None]]
# A capability that knows a message by its content whatever the classifier read ("좋은 날
# 아이유" is a song the table knows); True when it answered.
Recogniser = Callable[[Update, CineContext, Understood], Awaitable[bool]]
MenuStart = Callable[[Update, CineContext], Awaitable[None]]
MENU_PREFIX = "menu"


@dataclass(frozen=True)
class MenuEntry:
    """One capability in the menu: its key, the text id of its label, and how it starts —
    a callback, or the callback data of a button its own flow already handles (a
    step-by-step flow can only be started by one of its entry points)."""

    key: str
    label: str
    start: MenuStart | None
    callback_data: str | None = None


class IntentRegistry:
    """Intent → answer, and the capability menu."""

    def __init__(self) -> None:
        self._answers: dict[str, IntentAnswer] = {}
        self._menu: dict[str, MenuEntry] = {}
        self._recognisers: list[Recogniser] = []
        self._person: IntentAnswer | None = None

    def answer(self, intent: str, callback: IntentAnswer) -> None:
        """Register the answer to ``intent`` (each intent has exactly one)."""
        if intent not in INTENTS:
            raise ValueError(f"unknown intent {intent!r}")
        if intent in self._answers:
            raise ValueError(f"intent {intent!r} is answered twice")
        self._answers[intent] = callback

    def answer_person(self, callback: IntentAnswer) -> None:
        """Register the answer to a message about a person ("봉준호 감독 영화"), whatever intent
        the classifier read: the people index knows the name and the sentence asks for them."""
        if self._person is not None:
            raise ValueError("questions about people are answered twice")
        self._person = callback

    @property
    def person_answer(self) -> IntentAnswer | None:
        """The registered answer to questions about a person."""
        return self._person

    def menu(self, key: str, label: str, start: MenuStart) -> None:
        """Add a capability to the menu (``label`` is a message id)."""
        self._menu[key] = MenuEntry(key, label, start)

    def menu_button(self, key: str, label: str, callback_data: str) -> None:
        """Add a capability whose flow starts from one of its own buttons."""
        self._menu[key] = MenuEntry(key, label, None, callback_data)

    def recognise(self, recogniser: Recogniser) -> None:
        """Register a check that answers a message no intent claimed (out of scope, or words
        that name no film) when the capability knows it by its content."""
        self._recognisers.append(recogniser)

    async def recognised(
        self, update: Update, context: CineContext, understood: Understood
    ) -> bool:
        """Whether a capability recognised the message and answered it."""
        for recogniser in self._recognisers:
            if await recogniser(update, context, understood):
                return True
        return False

    def answer_for(self, intent: str) -> IntentAnswer:
        """The registered answer."""
        return self._answers[intent]

    def unanswered(self) -> set[str]:
        """Intents no capability answers (empty once every capability registered)."""
        return set(INTENTS) - self._answers.keys()

    def keyboard(self, language: str) -> InlineKeyboardMarkup:
        """The menu, two capabilities per row."""
        buttons = [
            InlineKeyboardButton(
                t(language, entry.label),
                callback_data=entry.callback_data or f"{MENU_PREFIX}:{key}",
            )
            for key, entry in self._menu.items()
        ]
        return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])

    def menu_handler(self) -> BaseHandler[Update, CineContext, None]:
        """The menu buttons' handler."""
        keys = "|".join(key for key, entry in self._menu.items() if entry.start is not None)

        @step("menu")
        async def pressed(update: Update, context: CineContext) -> None:
            query = update.callback_query
            assert query is not None and query.data is not None
            entry = self._menu[query.data.split(":", 1)[1]]
            assert entry.start is not None
            await query.answer()
            await entry.start(update, context)

        return CallbackQueryHandler(pressed, pattern=rf"^{MENU_PREFIX}:({keys})$")
