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
        + "/audience\n1\n2023-05-31\n4\n1\n3\n2\n2\n2\n2\n"  # the form, buttons by number
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
    assert "[2] 🇬🇧 English" in out
    assert "How old are you?" in out
    assert "I need your age as a number" in out
    assert "✅ All set!" in out and "Age: 25" in out and "Subscriptions: Netflix" in out
    assert "👤 Your profile" in out
    assert "not sure what you mean" in out  # "/say 3" sent "3" as text, not a button press
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
    assert "2023-05-31 · 1,000 screens · Drama · 15+ · Korea" in out
    assert "Actual audience (KOBIS): 12,692,959" in out
