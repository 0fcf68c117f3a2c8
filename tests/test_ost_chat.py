"""/ost through the local Bot API server: the three ways in, the form, and bad input."""

from __future__ import annotations

import io

from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer
from tests.conftest import BotFactory, callback_answer, next_message

FULL_LINE = "energy 0.8 valence 0.3 tempo 120 danceability 0.5 loudness -6 acousticness 0.1"


def fits(caption: str) -> list[tuple[str, int, int]]:
    """(genre, fit, typical) of the numbered lines of an answer."""
    rows = []
    for line in caption.splitlines():
        if line[:3] in ("1. ", "2. ", "3. "):
            genre, numbers = line[3:].split(" — ", 1)
            values = [int(w.strip("()")) for w in numbers.split() if w.strip("()").isdigit()]
            rows.append((genre, values[0], values[1]))
    return rows


def assert_genre_answer(api: LocalBotApiServer, event: BotEvent, title: str) -> None:
    assert event.method == "sendPhoto"
    assert event.text.startswith(title)
    rows = fits(event.text)
    assert len(rows) == 3 and all(0 <= fit <= 100 and 0 < typ < 100 for _, fit, typ in rows)
    assert event.message is not None
    chart = api.file_bytes(event.message["photo"][-1]["file_id"])
    with Image.open(io.BytesIO(chart)) as image:
        assert image.format == "JPEG" and image.height > 400  # one row per genre
    assert event.buttons[0][1] == "ost:again"


async def test_one_line_of_features_answers_with_genres_and_a_chart(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1501)
    user.send(FULL_LINE)  # outside /ost: a line naming features is understood anywhere
    reply = await next_message(user)
    assert_genre_answer(api, reply, "🎵 Film genres for this song")
    assert "Energy 80 · Loudness -6 dB" in reply.text and "Tempo 120 BPM" in reply.text
    assert "taken as typical: Instrumentalness, Liveness, Speechiness, Mode" in reply.text
    counts = await application.bot_data.repo.count_user_rows(1501)
    assert counts.predictions == 1 and counts.form_drafts == 0


async def test_korean_line_with_missing_features_asks_only_for_those(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1502, language_code="ko")
    ask = await user.ask("에너지 80 템포 120")
    assert "받았어요: 에너지 80 · 템포 120 BPM" in ask.text
    assert "아직 필요해요: 댄스 적합도, 음량, 어쿠스틱, 밝기(분위기)" in ask.text
    assert "<b>" not in ask.text and "댄스 적합도" in ask.text.split("\n\n")[-1]
    assert [d for _, d in ask.buttons][:5] == [
        f"ost:v:danceability:{v}" for v in (10, 30, 50, 70, 90)
    ]
    user.press(ask, "70")
    ask = await next_message(user)
    assert "음량" in ask.text.split("\n\n")[-1] and "−60~3 dB" in ask.text
    ask = await user.ask("-7dB")
    assert "어쿠스틱" in ask.text
    ask = await user.ask("0.2")
    assert "밝기" in ask.text
    user.send("0.4")
    reply = await next_message(user)
    assert_genre_answer(api, reply, "🎵 이 노래에 어울리는 영화 장르")
    assert "댄스 적합도 70 · 에너지 80 · 음량 -7 dB · 어쿠스틱 20 · 밝기(분위기) 40" in reply.text
    assert (await application.bot_data.repo.count_user_rows(1502)).form_drafts == 0


async def test_guided_form_with_buttons_back_and_typed_values(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1503)
    intro = await user.ask("/ost")
    assert "Which film genres suit a song?" in intro.text
    user.press(intro, "🎛 Step by step")
    ask = await next_message(user)
    assert "Danceability</b>" not in ask.text and "Danceability (1/6)" in ask.text
    assert "◀ Back" not in [label for label, _ in ask.buttons]
    user.press(ask, "50")
    ask = await next_message(user)
    assert "Energy (2/6)" in ask.text
    user.press(ask, "◀ Back")
    ask = await next_message(user)
    assert "Danceability (1/6)" in ask.text  # asked again
    for label in ("30", "90"):
        user.press(ask, label)
        ask = await next_message(user)
    assert "Loudness (3/6)" in ask.text
    user.press(ask, "-9 dB")
    ask = await next_message(user)
    ask = await user.ask("150")  # acousticness out of range
    assert "Acousticness must be 0–100, or 0–1 as on Spotify" in ask.text
    ask = await user.ask("loud please")
    assert "Please send a number for Acousticness" in ask.text
    ask = await user.ask("0.05")
    assert "Valence (mood) (5/6)" in ask.text
    user.press(ask, "10")
    ask = await next_message(user)
    assert "Tempo (6/6)" in ask.text
    user.press(ask, "160 BPM")
    assert_genre_answer(api, await next_message(user), "🎵 Film genres for this song")


async def test_song_titles_are_looked_up_offline_with_suggestions(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1504)
    await user.ask("/ost")
    user.send("Someone Like You - Adele")
    reply = await next_message(user)
    assert_genre_answer(api, reply, "🎵 Film genres for this song")
    assert "“Someone Like You” — Adele" in reply.text
    user.press(reply, "🎵 Another song")
    await next_message(user)
    choices = await user.ask("Hallelujah")
    assert "Which song do you mean?" in choices.text
    assert len(choices.buttons) >= 3 and all(d.startswith("ost:t:") for _, d in choices.buttons)
    user.press(choices, 1)
    reply = await next_message(user)
    assert reply.text.splitlines()[1].startswith("“Hallelujah” — ")
    assert (await application.bot_data.repo.count_user_rows(1504)).predictions == 2


async def test_a_soundtrack_title_names_its_film(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    tracks = application.bot_data.ost_tracks
    track = next(
        m.track for m in tracks.search("Forging the Beast") if m.track.source == "soundtrack"
    )
    user = api.user(1505)
    await user.ask("/ost")
    user.send(f"{track.title} - {track.artist}")
    reply = await next_message(user)
    assert f"On the soundtrack of {track.film}" in reply.text  # "Mandy (2018)", the catalogue's
    similar = next(line for line in reply.text.splitlines() if line.startswith("🎬 Films like"))
    catalogue = application.bot_data.catalogue
    assert len(similar.split("), ")) == 3 and "Mandy" not in similar
    korean = api.user(1507, language_code="ko")
    await korean.ask("/ost")
    korean.send(f"{track.title} - {track.artist}")
    in_korean = await next_message(korean)
    mandy = catalogue.find("Mandy", 2018)
    assert mandy is not None and mandy.title_ko
    assert f"{mandy.title_ko} (Mandy, 2018) 사운드트랙 수록곡이에요" in in_korean.text
    assert "🎬 이런 분위기의 영화: " in in_korean.text


async def test_bad_input_gets_a_clear_answer_and_nothing_is_logged(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1506)
    await user.ask("/ost")
    nonsense = await user.ask("qqzzxxvv blorp")
    assert "couldn't find a song called “qqzzxxvv blorp”" in nonsense.text
    assert "energy 0.8 valence 0.3" in nonsense.text  # a short example of what works
    ranges = await user.ask("energy 150 tempo 400 banana 3")
    assert "Energy must be 0–100, or 0–1 as on Spotify; “150” is not." in ranges.text
    assert "Tempo must be 30–250 BPM; “400” is not." in ranges.text
    assert "I didn't use: banana" in ranges.text
    user.send_sticker()
    assert "song title or its audio features" in (await user.reply()).text
    for forged in ("ost:v:energy:9999", "ost:v:mode:1", "ost:t:999999", "ost:v:tempo:;DROP"):
        user.press_data(1, forged)
        event = await callback_answer(user)
        assert event.params.get("text") == "This button is no longer active."
    assert (await application.bot_data.repo.count_user_rows(1506)).predictions == 0
    cancel = await user.ask("/cancel")
    assert cancel.text  # the flow ends quietly through the normal /cancel
    assert "Which film genres" in (await user.ask("/ost")).text


async def test_the_form_survives_a_restart(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    from tests.conftest import stop_bot

    application = await start_bot(sqlite_url)
    user = api.user(1507)
    ask = await user.ask("energy 0.8 valence 0.3 tempo 120")
    assert "Still needed" in ask.text
    await stop_bot(api, application)
    await start_bot(sqlite_url)
    ask = await user.ask("0.6")  # danceability, asked before the restart
    assert "Loudness (" in ask.text
    user.send("loudness -6 acousticness 0.1")
    assert_genre_answer(api, await next_message(user), "🎵 Film genres for this song")
