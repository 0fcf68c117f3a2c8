"""The /audience form's pieces: the fields in order, the draft they live in, keyboards, labels.

The draft (``form_drafts`` row "audience") holds what the user has answered so far, so a
restart or a second process continues at the same question. Buttons carry indexes into the
service's canonical value lists (``aud:g:3``), never free text, and are checked on arrival.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.shared.i18n import t
from inference.audience import GENRES, NATIONALITIES, RATINGS, ReleaseDescription

PREFIX = "aud"
FIELDS = ("date", "screens", "genre", "rating", "nationality", "distributor", "director", "actors")
NAME_FIELDS = ("distributor", "director", "actors")
MAX_ACTORS = 3


def person_role(field: str) -> str:
    """The role a people field names ("director", else "actor"): KOBIS records and English
    names are kept per role (이병헌 directs one film and acts in another)."""
    return "director" if field == "director" else "actor"

SCREEN_PRESETS = (100, 300, 600, 1000, 1500)
CHOICES: dict[str, tuple[str, ...]] = {
    "genre": GENRES,
    "rating": RATINGS,
    "nationality": NATIONALITIES,
}
_CHOICE_CODES = {"genre": "g", "rating": "r", "nationality": "n"}
CODE_FIELDS = {code: name for name, code in _CHOICE_CODES.items()}


@dataclass
class Draft:
    """Answers so far. Names are ``{"name": str, "known": bool}``; a skipped field is None."""

    values: dict[str, Any] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    actors_done: bool = False
    pending: dict[str, Any] | None = None  # a typed name waiting for "did you mean"
    films: list[str] = field(default_factory=list)  # title suggestions shown as buttons
    queue: list[str] = field(default_factory=list)  # names typed in one line, still to match
    # a listed film whose missing facts are asked (the rest prefilled): its id and those fields
    film_id: int | None = None
    asked: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        values = data.get("values")
        order = data.get("order")
        pending = data.get("pending")
        films = data.get("films")
        queue = data.get("queue")
        film_id = data.get("film_id")
        asked = data.get("asked")
        return cls(
            values=dict(values) if isinstance(values, dict) else {},
            order=[f for f in order if f in FIELDS] if isinstance(order, list) else [],
            actors_done=bool(data.get("actors_done", False)),
            pending=dict(pending) if isinstance(pending, dict) else None,
            films=[str(f) for f in films] if isinstance(films, list) else [],
            queue=[str(q) for q in queue] if isinstance(queue, list) else [],
            film_id=film_id if isinstance(film_id, int) and not isinstance(film_id, bool) else None,
            asked=[f for f in asked if f in FIELDS] if isinstance(asked, list) else [],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "order": self.order,
            "actors_done": self.actors_done,
            "pending": self.pending,
            "films": self.films,
            "queue": self.queue,
            "film_id": self.film_id,
            "asked": self.asked,
        }

    @classmethod
    def for_film(cls, film_id: int, release: ReleaseDescription, missing: Sequence[str]) -> Draft:
        """A listed film's facts prefilled, ``missing`` (fields of FIELDS) left to ask; its
        lead actors are not asked (the files of 2025 on do not name them)."""
        values: dict[str, Any] = {
            "date": release.release_date.isoformat(),
            "screens": release.screens,
            "genre": release.genre,
            "rating": release.rating,
            "nationality": release.nationality,
            "distributor": {"name": release.distributor, "known": True}
            if release.distributor
            else None,
            "director": {"name": release.director, "known": True} if release.director else None,
        }
        if release.actors:
            values["actors"] = [{"name": a, "known": True} for a in release.actors]
        asked = [name for name in FIELDS if name in missing]
        for name in asked:
            values.pop(name, None)
        return cls(values=values, actors_done=True, film_id=film_id, asked=asked)

    def current(self) -> str | None:
        """The field to ask next, or None when the description is complete."""
        for name in FIELDS:
            if name == "actors":
                actors = self.values.get("actors", [])
                if not self.actors_done and len(actors) < MAX_ACTORS:
                    return name
            elif name not in self.values:
                return name
        return None

    def answer(self, name: str, value: Any) -> None:
        """Store one answer (an actor is appended) and remember the order for ◀ Back."""
        if name == "actors":
            self.values.setdefault("actors", []).append(value)
        else:
            self.values[name] = value
        self.order.append(name)
        self.pending = None

    def back(self) -> None:
        """Undo the last answer (the last actor, or "no more actors")."""
        self.pending = None
        self.queue = []
        if self.actors_done and self.film_id is None:  # a listed film's actors are not asked
            self.actors_done = False
            return
        if not self.order:
            return
        name = self.order.pop()
        if name == "actors":
            actors = self.values.get("actors", [])
            if actors:
                actors.pop()
            if not actors:
                self.values.pop("actors", None)
        else:
            self.values.pop(name, None)

    def step(self) -> int:
        """1-based number of the question being asked (actors count as one step)."""
        current = self.current()
        fields = self.asked or list(FIELDS)
        return fields.index(current) + 1 if current in fields else len(fields)

    def total(self) -> int:
        """How many questions this draft asks: all of them, or a listed film's missing ones."""
        return len(self.asked or FIELDS)

    def release(self) -> ReleaseDescription:
        """The finished description for the model (call only when ``current()`` is None)."""
        values = self.values

        def name(key: str) -> str | None:
            entry = values.get(key)
            return str(entry["name"]) if isinstance(entry, dict) else None

        return ReleaseDescription(
            release_date=date.fromisoformat(str(values["date"])),
            screens=int(values["screens"]),
            genre=str(values["genre"]),
            rating=str(values["rating"]),
            nationality=str(values["nationality"]),
            distributor=name("distributor"),
            director=name("director"),
            actors=tuple(str(a["name"]) for a in values.get("actors", [])),
        )


def label(kind: str, value: str, language: str) -> str:
    """A canonical KOBIS value (genre, rating, nationality) in the user's language."""
    return t(language, f"aud.{kind}.{value}")


def _controls(language: str, draft: Draft, skip: str | None) -> list[InlineKeyboardButton]:
    row = []
    if draft.order or (draft.actors_done and draft.film_id is None):
        row.append(InlineKeyboardButton(t(language, "aud.button.back"), callback_data="aud:back"))
    if skip is not None:
        row.append(InlineKeyboardButton(t(language, skip), callback_data="aud:skip"))
    row.append(InlineKeyboardButton(t(language, "aud.button.cancel"), callback_data="aud:cancel"))
    return row


def _grid(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def question(draft: Draft, language: str) -> tuple[str, InlineKeyboardMarkup]:
    """The prompt and keyboard for the draft's current field."""
    name = draft.current()
    assert name is not None
    step = {"step": draft.step(), "total": draft.total()}
    rows: list[list[InlineKeyboardButton]] = []
    skip: str | None = None
    if name == "screens":
        rows = _grid(
            [InlineKeyboardButton(f"{n:,}", callback_data=f"aud:s:{n}") for n in SCREEN_PRESETS], 5
        )
    elif name in CHOICES:
        code = _CHOICE_CODES[name]
        buttons = [
            InlineKeyboardButton(label(name, value, language), callback_data=f"aud:{code}:{i}")
            for i, value in enumerate(CHOICES[name])
        ]
        rows = _grid(buttons, 3 if name == "genre" else 4 if name == "nationality" else 2)
    elif name in ("distributor", "director"):
        skip = "aud.button.skip"
    if name == "actors":
        count = len(draft.values.get("actors", []))
        skip = "aud.button.skip" if count == 0 else "aud.button.done"
        text = t(language, "aud.ask.actor", n=count + 1, done=t(language, skip), **step)
    else:
        text = t(language, f"aud.ask.{name}", **step)
    rows.append(_controls(language, draft, skip))
    return text, InlineKeyboardMarkup(rows)


def suggestion_keyboard(typed: str, options: Sequence[str], language: str) -> InlineKeyboardMarkup:
    """The "did you mean" buttons (``aud:pick:<i>``), then "<typed> is new" and Cancel."""
    rows = [
        [InlineKeyboardButton(option[:60], callback_data=f"aud:pick:{i}")]
        for i, option in enumerate(options)
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(language, "aud.button.as_new", name=typed[:30]), callback_data="aud:asnew"
            )
        ]
    )
    rows.append(
        [InlineKeyboardButton(t(language, "aud.button.cancel"), callback_data="aud:cancel")]
    )
    return InlineKeyboardMarkup(rows)


def intro_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(language, "aud.button.new"), callback_data="aud:new"),
                InlineKeyboardButton(t(language, "aud.button.cancel"), callback_data="aud:cancel"),
            ]
        ]
    )


def film_keyboard(titles: Sequence[str], language: str) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(title[:60], callback_data=f"aud:film:{i}")]
        for i, title in enumerate(titles)
    ]
    rows.append([InlineKeyboardButton(t(language, "aud.button.new"), callback_data="aud:new")])
    return InlineKeyboardMarkup(rows)


def again_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(language, "aud.button.again"), callback_data="aud:again")]]
    )
