"""Which update a reply of the bot answers: pure bookkeeping, no network.

The bot answers one chat's updates one after the other (``bot/update_processor.py``), so in a
chat the replies to update N all come before the replies to update N+1; but one update may
bring several replies (a list and nothing else, a fact and a film card, the answer to /profile
and then the onboarding question again, a callback answer and an edit), and a chat sends its
next update as soon as the previous one is answered, so the tail of one update's replies and
the next update can cross. The matcher therefore never takes "the next message" as the answer
to the last update sent: each step says which replies it expects (``Expect``), and every reply
is given to the earliest step still open that expects it — or, when no step expects it, to the
earliest step not yet answered, as an *unexpected* reply with a description of what came and
what that step was waiting for. A step is answered when every reply it expects has arrived.

Steps are closed in order: once a later step got a reply, an earlier one gets nothing more
(its replies would have come first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Event(Protocol):
    """What the matcher reads of a bot event (``bot.localapi.BotEvent`` has all of it)."""

    kind: str  # "message" | "edit" | "chat_action" | "callback_answer" | "delete"
    method: str
    params: dict[str, Any]
    at: float

    @property
    def text(self) -> str: ...

    @property
    def buttons(self) -> list[tuple[str, str]]: ...

    @property
    def message_id(self) -> int | None: ...


# Never anybody's answer: "typing…", a deleted message.
IGNORED_KINDS = frozenset({"chat_action", "delete"})

# What ``ReplyMatcher.feed`` did with an event.
IGNORED, MATCHED, EXTRA, ERROR, UNEXPECTED = "ignored", "matched", "extra", "error", "unexpected"


def _anything(_: Any) -> bool:
    return True


@dataclass(frozen=True)
class Reply:
    """One reply a step expects: its kind, a test of its content, and words for reports."""

    kind: str  # "message", "edit" or "callback_answer"
    what: str  # "the film list (◀ n/N ▶, 👍 👎 ✓ ➕, 🔄)", for error messages
    test: Callable[[Any], bool] = _anything
    key: str = ""  # the name the scenario reads the matched event under

    def accepts(self, event: Event) -> bool:
        return event.kind == self.kind and bool(self.test(event))


@dataclass(frozen=True)
class Expect:
    """Every reply an update must get (in any order), and replies it may also get."""

    replies: tuple[Reply, ...]
    extras: tuple[Reply, ...] = ()  # each at most once; no error when they come, none if not

    def describe(self) -> str:
        return " + ".join(f"{r.kind} {r.what}" for r in self.replies) or "nothing"


def describe_event(event: Event) -> str:
    """One line for a report: the method, the start of the text, its buttons' data prefixes."""
    text = event.text.replace("\n", " ⏎ ")
    if event.kind == "callback_answer":
        text = str(event.params.get("text") or "")
    line = f"{event.method} {text[:70]!r}"
    prefixes = list(dict.fromkeys(data.split(":", 1)[0] for _, data in event.buttons if data))
    if prefixes:
        line += f" [buttons {' '.join(prefixes)}]"
    if event.kind == "edit":
        line += f" (message {event.message_id})"
    return line


@dataclass
class StepRecord:
    """One update a chat sent and what came of it."""

    name: str
    flow: str
    update_id: int
    sent_at: float
    effects: list[list[Any]] = field(default_factory=list)
    expect: Expect = field(default_factory=lambda: Expect(()))
    done_at: float | None = None  # the last expected reply, if every one came in time
    late_at: float | None = None  # … if the last one came after the driver gave up
    gave_up: bool = False
    error_replies: int = 0
    extras: int = 0
    unexpected: list[str] = field(default_factory=list)
    got: dict[str, Any] = field(default_factory=dict)  # Reply.key → the event
    events: list[Any] = field(default_factory=list)  # every reply attributed to this step
    _pending: list[Reply] = field(default_factory=list)
    _extras: list[Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._pending = list(self.expect.replies)
        self._extras = list(self.expect.extras)
        if not self._pending:
            self.done_at = self.sent_at

    @property
    def complete(self) -> bool:
        return not self._pending

    @property
    def answered(self) -> bool:
        return self.done_at is not None

    @property
    def status(self) -> str:
        """ok, ok+error (answer and an error reply), error (error reply only), or lost."""
        if self.answered:
            return "ok+error" if self.error_replies else "ok"
        return "error" if self.error_replies else "lost"

    @property
    def missing(self) -> list[Reply]:
        return list(self._pending)

    def take(self, event: Event) -> Reply | None:
        """The pending reply ``event`` is, if any (then it is no longer pending)."""
        for reply in self._pending:
            if reply.accepts(event):
                self._pending.remove(reply)
                self._keep(reply, event)
                if not self._pending:
                    if self.gave_up:
                        self.late_at = event.at
                    else:
                        self.done_at = event.at
                return reply
        return None

    def take_extra(self, event: Event) -> Reply | None:
        """The allowed extra reply ``event`` is, if any (each is allowed once)."""
        for reply in self._extras:
            if reply.accepts(event):
                self._extras.remove(reply)
                self.extras += 1
                self._keep(reply, event)
                return reply
        return None

    def _keep(self, reply: Reply, event: Event) -> None:
        if reply.key:
            self.got[reply.key] = event
        self.events.append(event)

    def problem(self) -> str:
        """What went wrong, in words (empty when nothing did)."""
        parts = self.unexpected[:2]
        if not self.complete:
            missing = " + ".join(f"{r.kind} {r.what}" for r in self._pending)
            if self.unexpected:
                parts.append(f"so never the expected {missing}")
            else:
                got = ", ".join(describe_event(e) for e in self.events[:3]) or "nothing"
                parts.append(f"no answer: still expected {missing}; got {got}")
        elif self.late_at is not None:
            parts.append("answered only after the time-out")
        return "; ".join(parts)


@dataclass(frozen=True)
class Attribution:
    """What ``ReplyMatcher.feed`` made of one event."""

    outcome: str  # IGNORED, MATCHED, EXTRA, ERROR or UNEXPECTED
    step: int | None = None  # index into ``ReplyMatcher.steps``
    reply: Reply | None = None


class ReplyMatcher:
    """Gives every reply of one chat to the step (update) it answers."""

    def __init__(self, is_error: Callable[[Event], bool] = lambda _: False) -> None:
        self.steps: list[StepRecord] = []
        self.floor = 0  # replies come in update order: no step before this one gets more
        self.orphans: list[str] = []  # replies before any update was sent
        self._is_error = is_error

    def add(self, record: StepRecord) -> int:
        """A step was sent; its index."""
        self.steps.append(record)
        return len(self.steps) - 1

    def _first_open(self) -> int:
        """The earliest step from ``floor`` on still waiting for a reply, else the last."""
        for index in range(self.floor, len(self.steps)):
            if not self.steps[index].complete:
                return index
        return len(self.steps) - 1

    def feed(self, event: Event) -> Attribution:
        """Attribute ``event`` to a step (see the module's docstring)."""
        if event.kind in IGNORED_KINDS:
            return Attribution(IGNORED)
        if not self.steps:
            self.orphans.append(describe_event(event))
            return Attribution(UNEXPECTED)
        if event.kind == "message" and self._is_error(event):
            index = self.floor = self._first_open()
            self.steps[index].error_replies += 1
            self.steps[index].events.append(event)
            return Attribution(ERROR, index)
        for index in range(self.floor, len(self.steps)):
            record = self.steps[index]
            reply = record.take(event)
            if reply is not None:
                self.floor = index
                return Attribution(MATCHED, index, reply)
            reply = record.take_extra(event)
            if reply is not None:
                self.floor = index
                return Attribution(EXTRA, index, reply)
        index = self.floor = self._first_open()
        record = self.steps[index]
        record.events.append(event)
        waiting = (
            f"was waiting for {' + '.join(f'{r.kind} {r.what}' for r in record.missing)}"
            if not record.complete
            else f"had its answer ({record.expect.describe()})"
        )
        record.unexpected.append(f"unexpected {describe_event(event)} — the step {waiting}")
        return Attribution(UNEXPECTED, index)


def attribute(
    steps: Sequence[tuple[str, Expect]], events: Sequence[Event], sent_before: Sequence[int]
) -> ReplyMatcher:
    """Replay a chat: step ``i`` is sent before event ``sent_before[i]`` (an index into
    ``events``); for tests and for reading a recorded chat again."""
    matcher = ReplyMatcher()
    position = 0
    for index, (name, expect) in enumerate(steps):
        while position < sent_before[index]:
            matcher.feed(events[position])
            position += 1
        matcher.add(StepRecord(name, "", index, 0.0, expect=expect))
    for event in events[position:]:
        matcher.feed(event)
    return matcher
