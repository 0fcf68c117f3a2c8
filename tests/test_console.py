"""The README's run path: with no token, ``python -m bot`` is a console chat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inference.catalogue.regions import platforms_in
from tests.conftest import FAVOURITE_TITLES
from tests.test_poster_chat import poster_image

ROOT = Path(__file__).resolve().parents[1]


def test_console_chat_runs_onboarding_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
        CONSOLE_LANGUAGE="en",
        RUN_MODE="auto",
    )
    poster_path = tmp_path / "poster.jpg"
    poster_image().save(poster_path, format="JPEG")
    favourites = "".join(f"{title}\n1\n" for title in FAVOURITE_TITLES)
    script = (
        "/start\n2\nabc\n25\n1\n"  # language, a bad age, age, gender
        + favourites
        + "1\n"  # Done (the last message with buttons is the progress message)
        + f"1\n{len(platforms_in('KR')) + 1}\n"  # Netflix, Done (TMDB_REGION is KR)
        + "/profile\n/say 3\n/photo /nonexistent.png\n"
        + "/recommend\nwhere can I watch The Matrix?\n"
        + f"/photo {poster_path}\n"
        + "/ost\n1\n3\n5\n5\n1\n2\n4\n"  # Step by step, then a preset button per feature
        + "/ost\nSomeone Like You - Adele\n"  # a title, looked up offline
        + "energy 0.8 valence 0.3 tempo 120 danceability 0.5 loudness -6 acousticness 0.1\n"
        + "/audience\n1\n2023-05-31\n4\n1\n3\n1\n2\n2\n2\n"  # the form, buttons by number
        + "/audience\n범죄도시2\n"  # a KOBIS title: prediction beside the actual audience
        + "/quit\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "[1.1] 🇰🇷 한국어  [1.2] 🇬🇧 English" in out  # message 1's buttons, one row
    assert "How old are you?" in out
    assert "I need your age as a number" in out
    assert "✅ All set!" in out and "Age: 25" in out and "Subscriptions: Netflix" in out
    assert "👤 Your profile" in out
    # "/say 3" sent "3" as text (read as a title), not as a press of the profile's button 3.
    assert "Which film do you mean by “3”?" in out or "not sure what you mean" in out
    assert "no such file" in out
    assert "10 favourites" in out and "Favourite films: 10" in out
    assert "🎬 Picked for you" in out and "👍" in out
    assert "📺 The Matrix (1999)" in out
    assert "🎨 Genre guesses from the poster" in out and "Suits your taste:" in out
    saved = out.split("photo saved to ", 1)[1].split("]", 1)[0]
    assert Path(saved).read_bytes().startswith(b"\xff\xd8")  # the genre chart (JPEG)
    assert "Danceability (1/6)" in out and "Tempo (6/6)" in out
    assert out.count("🎵 Film genres for this song") == 3  # form, title, one line
    assert "“Someone Like You” — Adele" in out
    assert "Release date (1/8)" in out and "Lead actor 1 (8/8)" in out
    assert out.count("🎟 Predicted national audience") == 2
    assert "31 May 2023 · 1,000 screens · Drama · 15+ · Korea" in out
    assert "Actual audience (KOBIS): 12,692,959" in out


def run_console(tmp_path: Path, script: str) -> str:
    """``python -m bot`` as a console chat on ``tmp_path``'s database; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
        CONSOLE_LANGUAGE="en",
        RUN_MODE="auto",
        TMDB_API_KEY="",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_console_buttons_of_every_message_stay_pressable_and_a_restart_is_answered(
    tmp_path: Path,
) -> None:
    first = run_console(
        tmp_path,
        "/where 듄\n"  # message 1: which Dune?
        "/where Parasite\n"  # message 2: the 2019 film, and the 1982 one offered
        "1.2\n"  # a button of the older message: message 3, Dune (1984)
        "1.9\n"  # message 1 has no button 9
        "/start\n2\n"  # message 4: the language, a plain 2 is its button 2 …
        "4.1\n"  # … and the bot has taken its buttons away
        "/quit\n",
    )
    assert "[1.1] Dune (2021)" in first and "[1.2] Dune (1984)" in first
    assert "[2.1] ➕ Watchlist  [2.2] 🎞 Films like this" in first
    assert "[2.3] Or: Parasite (1982)" in first
    assert "📺 Dune (1984)" in first  # message 1's button, pressed after message 2 came
    assert "(message 1 has buttons 1–4)" in first  # both Dunes, Part Two, Dune Drifter
    assert "[4.1] 🇰🇷 한국어  [4.2] 🇬🇧 English" in first
    assert "Language: English ✓" in first and "How old are you?" in first
    assert "(message 4 has no buttons any more; /say 4.1 sends it)" in first
    # The same database again: the new process's updates are numbered after the stored ones,
    # so none of them is skipped as an update delivered again.
    second = run_console(tmp_path, "/where Parasite\n/help\n1.3\n/quit\n")
    assert "📺 Parasite (기생충, 2019)" in second
    assert "/recommend — " in second  # /help answered too
    assert "📺 Parasite (1982)" in second  # and the button of this run's message 1


async def test_console_numbers_keyboards_opens_links_and_forgets_deleted_messages() -> None:
    """The console's side alone: links are shown, not pressed; a deleted message's buttons
    and an edited-away keyboard are gone, others stay."""
    import io

    from bot.console import ConsoleChat
    from bot.localapi import BotEvent, LocalBotApiServer

    server = LocalBotApiServer()
    user = server.user(7, language_code="en")
    out = io.StringIO()
    chat = ConsoleChat(server, user, out)

    def message(message_id: int, *rows: list[dict[str, str]], kind: str = "message") -> None:
        markup = {"inline_keyboard": list(rows)} if rows else None
        body = {"message_id": message_id, "text": f"m{message_id}"}
        chat.show(BotEvent(kind, 7, "sendMessage", {**body, "reply_markup": markup}))

    message(10, [{"text": "▶ Watch on Netflix", "url": "https://www.netflix.com/search?q=x"}],
            [{"text": "✖ Remove", "callback_data": "wl:rm:1"}])  # fmt: skip
    message(11, [{"text": "A", "callback_data": "a"}, {"text": "B", "callback_data": "b"}])
    assert "[1.1] ▶ Watch on Netflix ↗" in out.getvalue() and "[2.1] A  [2.2] B" in out.getvalue()
    chat.act("1.1\n")
    assert "↗ https://www.netflix.com/search?q=x" in out.getvalue()
    assert server.last_update_id == 0  # a link is not a press
    chat.act("1.2\n")
    chat.act("2\n")  # the last keyboard's button 2
    assert server.last_update_id == 2
    message(11, kind="edit")  # the bot took message 2's buttons away
    chat.act("2\n")  # no keyboard left to press: sent as text
    assert server.last_update_id == 3
    chat.show(BotEvent("delete", 7, "deleteMessage", None, {"message_id": 10}))
    chat.act("1.2\n")
    assert "(message 1 has no buttons any more" in out.getvalue() and server.last_update_id == 3
    chat.act("0.8\n")  # no message 0: a value typed into a form
    assert server.last_update_id == 4
