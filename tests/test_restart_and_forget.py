"""Conversations survive a restart; /forget removes one user's rows and nobody else's."""

from __future__ import annotations

from bot.localapi import LocalBotApiServer
from tests.conftest import BotFactory, onboard, reach_age_step, stop_bot


async def test_a_new_application_resumes_onboarding_at_the_same_step(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    first = await start_bot(database_url)
    user = api.user(601)
    assert "How old" in (await reach_age_step(user)).text
    gender_prompt = await user.ask("29")
    assert "describes you" in gender_prompt.text

    await stop_bot(api, first)  # the process goes away while we wait for the gender
    await start_bot(database_url)

    # The new process continues with the gender question: the old keyboard still works.
    user.press(gender_prompt, "onb:gender:other")
    assert "Other ✓" in (await user.reply()).text
    assert "films you love" in (await user.reply()).text


async def test_restart_keeps_waiting_for_a_typed_answer(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    first = await start_bot(database_url)
    user = api.user(602)
    await reach_age_step(user, "ko")
    await stop_bot(api, first)
    second = await start_bot(database_url)
    reply = await user.ask("31")
    assert "성별" in reply.text
    stored = await second.bot_data.repo.get_profile(602)
    assert stored is not None and stored.age == 31 and stored.language == "ko"


async def test_forget_removes_every_row_of_that_user_and_nothing_of_another(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url)
    repo = application.bot_data.repo
    alice, bob = api.user(701), api.user(702)
    for person in (alice, bob):
        await onboard(person, platforms=("netflix", "wavve"))
        await repo.add_favourite(person.id, 1)
        await repo.record_feedback(person.id, 2, "like")
        await repo.add_to_watchlist(person.id, 3)
        await repo.log_prediction(
            person.id, capability="poster", input={"x": 1}, output={"y": 2}, model_version="test"
        )
    # Alice is in the middle of editing her profile when she asks to be forgotten.
    user_profile = await alice.ask("/profile")
    alice.press(user_profile, "prof:edit:age")
    await alice.reply()
    bob_before = await repo.count_user_rows(bob.id)
    assert (await repo.count_user_rows(alice.id)).total > 10

    confirm = await alice.ask("/forget")
    assert "cannot be undone" in confirm.text
    alice.press(confirm, "fgt:yes")
    assert "deleted" in (await alice.reply()).text

    assert (await repo.count_user_rows(alice.id)).total == 0
    assert await repo.count_user_rows(bob.id) == bob_before
    # Nothing of the profile edit survives either: a number is no longer taken as an age.
    assert "not something I can help with" in (await alice.ask("44")).text
    assert (await repo.get_profile(alice.id)).age is None  # type: ignore[union-attr]


async def test_forget_can_be_declined(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(703)
    await onboard(user)
    confirm = await user.ask("/forget")
    user.press(confirm, "fgt:no")
    assert (await user.reply()).text == "Nothing was deleted."
    profile = await application.bot_data.repo.get_profile(703)
    assert profile is not None and profile.onboarded
