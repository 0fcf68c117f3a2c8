"""/ost through the local Bot API server: the four ways in (a title, a line of features, the
form, an audio clip), the chart, and bad input."""

from __future__ import annotations

import io
import itertools

import numpy as np
from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer
from tests.conftest import BotFactory, callback_answer, next_message
from tests.test_audio_clips import click_track, encode, tone

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
    # Only genres above a typical track's fit are said to suit (issue 25); when none stands
    # out, the closest one is named as such.
    assert len(rows) <= 3 and all(0 <= typ < fit <= 100 for _, fit, typ in rows)
    assert rows or "가장 가까운 장르" in event.text or "Closest:" in event.text
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
    assert "받았어요: 에너지 80 · 템포(BPM) 120" in ask.text
    assert "아직 필요해요: 댄스 지수, 음량, 어쿠스틱, 밝기(분위기)" in ask.text
    assert "<b>" not in ask.text and "댄스 지수" in ask.text.split("\n\n")[-1]
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
    assert "댄스 지수 70 · 에너지 80 · 음량 -7 dB · 어쿠스틱 20 · 밝기(분위기) 40" in reply.text
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


def example_films(caption: str) -> list[str]:
    """The "🎬 Films like this" line's films, as labels ("About Time (2013)")."""
    line = next(line for line in caption.splitlines() if line.startswith("🎬 "))
    listed = line.split(": ", 1)[1]
    return [part if part.endswith(")") else part + ")" for part in listed.split("), ")]


async def test_two_different_songs_get_different_example_films(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 25: an upbeat dance track and a sad acoustic ballad both got "Lethal Weapon, Pulp
    Fiction, Lethal Weapon 2". The films now follow each song's genres and mood."""
    await start_bot(sqlite_url)
    user = api.user(1508)
    user.send("energy 0.9 valence 0.9 danceability 0.8 tempo 125 loudness -4 acousticness 0.05")
    upbeat = await next_message(user)
    assert_genre_answer(api, upbeat, "🎵 Film genres for this song")
    user.press(upbeat, "🎵 Another song")
    await next_message(user)
    user.send("energy 0.3 valence 0.25 danceability 0.35 tempo 70 loudness -9 acousticness 0.9")
    ballad = await next_message(user)
    assert_genre_answer(api, ballad, "🎵 Film genres for this song")
    lively, sad = example_films(upbeat.text), example_films(ballad.text)
    assert len(lively) == len(sad) == 3 and len(set(lively)) == len(set(sad)) == 3
    assert not set(lively) & set(sad), (lively, sad)


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


def korean_reads_clean(text: str) -> None:
    """Issue 16: "BPM" only ever as 템포(BPM), no English feature names in a Korean reply."""
    assert text.count("BPM") == text.count("템포(BPM)")
    for english in ("Tempo", "Loudness", "Energy", "Danceability", "Spotify", "fit "):
        assert english not in text


async def test_a_voice_note_is_measured_and_the_rest_asked_with_buttons(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1511, language_code="ko")
    clip = click_track(120, 8, rate=48000) + tone(-20, 8, rate=48000)
    user.send_voice(encode(clip, "OGG", "OPUS", 48000), duration=8)  # outside /ost
    ask = await next_message(user)
    assert "🎙 클립(8초)에서 쟀어요: 템포 분당 120박, 음량 -" in ask.text
    assert "음성 메시지는 녹음된 소리 그대로" in ask.text
    assert "댄스 지수 (3/6)" in ask.text  # tempo and loudness are already known
    assert [d for _, d in ask.buttons][:5] == [
        f"ost:v:danceability:{v}" for v in (10, 30, 50, 70, 90)
    ]
    assert "◀ 이전" not in [label for label, _ in ask.buttons]  # nothing typed yet to undo
    korean_reads_clean(ask.text)
    for value in ("50", "70", "10"):
        user.press(ask, value)
        ask = await next_message(user)
        korean_reads_clean(ask.text)
    user.press(ask, "30")
    reply = await next_message(user)
    assert_genre_answer(api, reply, "🎵 이 노래에 어울리는 영화 장르")
    assert "🎙 템포(BPM), 음량은 클립에서 잰 값이에요." in reply.text
    assert "템포(BPM) 120" in reply.text
    korean_reads_clean(reply.text)
    counts = await application.bot_data.repo.count_user_rows(1511)
    assert counts.predictions == 1 and counts.form_drafts == 0


async def test_music_files_as_audio_or_document_and_a_corrected_tempo(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1512)
    user.send_audio(encode(click_track(120, 10), "MP3", "MPEG_LAYER_III"), duration=10)
    ask = await next_message(user)
    assert "Measured from your clip (10 s): tempo 120 BPM, loudness -" in ask.text
    assert "Danceability (3/6)" in ask.text and "voice note" not in ask.text
    user.send("tempo 95 danceability 0.5 energy 0.7 acousticness 0.1 valence 0.3")
    reply = await next_message(user)
    assert_genre_answer(api, reply, "🎵 Film genres for this song")
    assert "Tempo 95 BPM" in reply.text  # the user's correction wins
    assert "🎙 Measured from your clip: Loudness." in reply.text
    user.press(reply, "🎵 Another song")
    await next_message(user)  # /ost's intro: a file sent while it waits is measured too
    wav = encode(click_track(90, 6))
    user.send_document(wav, file_name="hum.wav", mime_type="audio/wav")
    ask = await next_message(user)
    assert "Measured from your clip (6 s): tempo 90 BPM" in ask.text
    opus = encode(click_track(150, 5, rate=48000), "OGG", "OPUS", 48000)
    user.send_voice(opus, duration=5)  # in the middle of the form: measured, the form anew
    ask = await next_message(user)
    assert "Measured from your clip (5 s): tempo 150 BPM" in ask.text and "(3/6)" in ask.text


async def test_clips_that_cannot_be_measured_are_refused_clearly(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1513)
    user.send_voice(encode(click_track(100, 3)), duration=61)  # Telegram says 61 s
    assert "clips of up to 60 seconds" in (await next_message(user)).text
    long = encode(click_track(100, 61, rate=8000), rate=8000)
    user.send_voice(long, duration=5)  # the header is believed over the message
    assert "clips of up to 60 seconds" in (await next_message(user)).text
    user.send_voice()  # "OggS-voice": an OGG header and nothing else
    assert "damaged or cut short" in (await next_message(user)).text
    user.send_document(b"\x00\x00\x00\x20ftypM4A " + bytes(300), file_name="memo.m4a",
                       mime_type="audio/mp4")  # fmt: skip
    assert "I can't open M4A files" in (await next_message(user)).text
    user.send_audio(b"not an mp3 at all" * 40)
    assert "doesn't read as an audio file" in (await next_message(user)).text
    korean = api.user(1514, language_code="ko")
    korean.send_voice(encode(np.zeros(44100 * 4, dtype=np.float32)), duration=4)
    silent = await next_message(korean)
    assert "거의 조용해서" in silent.text
    korean.send_voice(encode(click_track(100, 3)), duration=75)
    assert "60초 이하" in (await next_message(korean)).text
    assert (await application.bot_data.repo.count_user_rows(1513)).predictions == 0


def _bar_end(pixels: object, y: int, start: int, width: int) -> int:
    """Where the bar drawn from ``start`` along row ``y`` ends (orange or grey-blue pixels;
    the score's digits beside it are dark grey)."""

    def bar(pixel: tuple[int, int, int]) -> bool:
        r, g, b = pixel
        orange = abs(r - 228) < 30 and abs(g - 87) < 30 and abs(b - 46) < 30
        muted = abs(r - 154) < 20 and abs(g - 165) < 20 and abs(b - 177) < 20 and b - r > 12
        return orange or muted

    # The last bar pixel, not the first gap: the typical-track tick crosses the bar.
    return max((x for x in range(start, width) if bar(pixels[x, y])), default=start)  # type: ignore[index]


def test_the_chart_reads_in_the_order_of_the_fits_it_shows() -> None:
    """Issue 16: bars sorted by the number printed on them (fit 0–100, no percent sign)."""
    from handlers.ost.reply import chart
    from inference.ost import OstGenreModel
    from inference.ost.features import EXAMPLE

    prediction = OstGenreModel.load().predict(EXAMPLE)
    with Image.open(io.BytesIO(chart(prediction, "ko"))) as image:
        pixels = image.convert("RGB").load()
        ends = [_bar_end(pixels, 44 + 30 * row + 15, 208, image.size[0])
                for row in range(len(prediction.scores))]  # fmt: skip
    assert all(a >= b - 2 for a, b in itertools.pairwise(ends)), ends
    fits = sorted((s.fit for s in prediction.scores), reverse=True)
    span = 720 - 206 - 70
    assert abs((ends[0] - 206) - span * fits[0] / 100) <= 3  # the longest bar is the top fit


def test_a_genre_is_said_to_suit_only_above_a_typical_track() -> None:
    """Issue 25: "Dynamite" got 드라마 34 listed as suiting while a typical track has 38. Only
    genres above their typical value are listed; with none standing out, the closest is named
    as such; the chart highlights exactly what the text names."""
    from handlers.ost.reply import caption, named, suiting
    from inference.ost import GenreFit, OstPrediction

    mixed = OstPrediction(
        (GenreFit("Comedy", 45, 30), GenreFit("Romance", 30, 22), GenreFit("Drama", 34, 38),
         GenreFit("Action", 20, 25)), "test",
    )  # fmt: skip
    assert [s.genre for s in suiting(mixed)] == ["Comedy", "Romance"]
    assert named(mixed) == suiting(mixed)
    text = caption(mixed, {}, None, "ko")
    assert "드라마" not in text and "1. <b>코미디</b>" in text and "3. " not in text
    flat = OstPrediction((GenreFit("Drama", 40, 38), GenreFit("Comedy", 31, 30)), "test")
    assert suiting(flat) == [] and [s.genre for s in named(flat)] == ["Drama"]
    text = caption(flat, {}, None, "ko")
    assert "두드러지게 어울리는 장르는 없어요" in text and "가장 가까운 장르: <b>드라마</b>" in text
    assert "1. " not in text
