"""The load benchmark's reply matching: every reply goes to the update that caused it."""

from __future__ import annotations

from bench.loadrun.matching import (
    ERROR,
    EXTRA,
    IGNORED,
    MATCHED,
    UNEXPECTED,
    Expect,
    Reply,
    ReplyMatcher,
    StepRecord,
    attribute,
)
from bot.localapi import BotEvent

NOT_SET_UP = "You haven't set up your profile yet. Send /start to begin."
WELCOME = "🎬 Welcome to CineMate, your movie assistant!"
BACK = "↩️ Back to setting up: please choose your language."
LANGUAGES = [("🇰🇷 한국어", "onb:lang:ko"), ("🇬🇧 English", "onb:lang:en")]


def message(text: str, buttons: list[tuple[str, str]] | None = None, mid: int = 1) -> BotEvent:
    body: dict[str, object] = {"message_id": mid, "text": text}
    if buttons:
        keyboard = [[{"text": label, "callback_data": data}] for label, data in buttons]
        body["reply_markup"] = {"inline_keyboard": keyboard}
    return BotEvent("message", 1, "sendMessage", body)


def edit(mid: int, text: str, buttons: list[tuple[str, str]] | None = None) -> BotEvent:
    event = message(text, buttons, mid)
    return BotEvent("edit", 1, "editMessageText", event.message)


def toast(text: str = "") -> BotEvent:
    return BotEvent("callback_answer", 1, "answerCallbackQuery", None, {"text": text})


def says(text: str) -> Reply:
    return Reply("message", repr(text), lambda e: e.text == text, key=text)


START = Expect((says(WELCOME),))
PROFILE = Expect((says(NOT_SET_UP),), extras=(says(BACK),))


def test_a_tail_reply_goes_to_the_update_that_caused_it_not_to_the_next() -> None:
    # /profile mid-onboarding answers twice; the chat sent /start after the first answer.
    events = [message(NOT_SET_UP), message(BACK, LANGUAGES), message(WELCOME, LANGUAGES)]
    matcher = attribute([("profile", PROFILE), ("start", START)], events, sent_before=[0, 1])
    profile, start = matcher.steps
    assert profile.answered and profile.extras == 1 and not profile.unexpected
    assert start.answered and start.got[WELCOME] is events[2]
    assert start.events == [events[2]]


def test_an_undeclared_tail_is_an_unexpected_reply_described_not_a_silent_answer() -> None:
    events = [message(NOT_SET_UP), message(BACK, LANGUAGES), message(WELCOME, LANGUAGES)]
    bare_profile = Expect((says(NOT_SET_UP),))
    matcher = attribute([("profile", bare_profile), ("start", START)], events, [0, 1])
    profile, start = matcher.steps
    assert start.answered  # the welcome still answers /start …
    (problem,) = start.unexpected  # … and the stray message is reported, with what was awaited
    assert "Back to setting up" in problem and "Welcome" in problem
    assert "sendMessage" in problem and "onb" in problem  # its method and buttons
    assert profile.answered and not profile.unexpected


def test_a_step_is_answered_only_when_every_expected_reply_came_in_any_order() -> None:
    pressed = Expect(
        (
            Reply("callback_answer", "no toast", lambda e: not e.params.get("text")),
            Reply("edit", "film 2 of the list", lambda e: e.message_id == 7 and "2/10" in e.text),
        )
    )
    matcher = ReplyMatcher()
    matcher.add(StepRecord("next", "button", 1, 0.0, expect=pressed))
    assert matcher.feed(BotEvent("chat_action", 1, "sendChatAction")).outcome == IGNORED
    assert matcher.feed(edit(7, "2/10 · Heat")).outcome == MATCHED
    assert not matcher.steps[0].answered
    assert matcher.feed(toast()).outcome == MATCHED
    assert matcher.steps[0].answered


def test_a_late_answer_goes_to_its_own_step_after_the_driver_gave_up_on_it() -> None:
    matcher = ReplyMatcher()
    matcher.add(StepRecord("help", "text", 1, 0.0, expect=Expect((says("help"),))))
    matcher.steps[0].gave_up = True  # the time-out passed; the chat went on
    matcher.add(StepRecord("start", "text", 2, 0.0, expect=START))
    assert matcher.feed(message("help")).step == 0
    assert matcher.feed(message(WELCOME)).step == 1
    first, second = matcher.steps
    assert not first.answered and first.late_at is not None and first.status == "lost"
    assert "after the time-out" in first.problem()
    assert second.answered


def test_once_a_later_step_got_a_reply_an_earlier_one_gets_nothing_more() -> None:
    matcher = ReplyMatcher()
    matcher.add(StepRecord("help", "text", 1, 0.0, expect=Expect((says("help"),))))
    matcher.add(StepRecord("start", "text", 2, 0.0, expect=START))
    assert matcher.feed(message(WELCOME)).outcome == MATCHED
    stray = matcher.feed(message("help"))  # replies come in update order: not /help's any more
    assert (stray.outcome, stray.step) == (UNEXPECTED, 1)
    assert not matcher.steps[0].answered
    assert "no answer" in matcher.steps[0].problem()


def test_an_error_reply_counts_for_the_step_being_answered() -> None:
    matcher = ReplyMatcher(is_error=lambda e: e.text == "Something went wrong")
    matcher.add(StepRecord("start", "text", 1, 0.0, expect=START))
    assert matcher.feed(message("Something went wrong")).outcome == ERROR
    assert matcher.steps[0].error_replies == 1 and matcher.steps[0].status == "error"


def test_allowed_extras_are_taken_once_each() -> None:
    matcher = ReplyMatcher()
    matcher.add(StepRecord("profile", "text", 1, 0.0, expect=PROFILE))
    assert matcher.feed(message(NOT_SET_UP)).outcome == MATCHED
    assert matcher.feed(message(BACK)).outcome == EXTRA
    assert matcher.feed(message(BACK)).outcome == UNEXPECTED
    assert "had its answer" in matcher.steps[0].unexpected[0]
