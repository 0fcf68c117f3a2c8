"""Reply latency of the model-backed features through the local Bot API server.

    python bench/chat_latency.py [--users 20] [--rounds 10] [--database-url URL]

The bot runs in this process against CineMate's local Bot API server (real HTTP, real
python-telegram-bot client, SQLite file by default). ``--users`` users are onboarded with ten
favourites each, then each, one after another, repeats ``--rounds`` times: /recommend (time to
the header, to the last card, and to the footer), a 👍 on the first card (time to the edited
keyboard), "where can I watch <title>" (time to the answer), and a 1000×1500 JPEG poster sent
as a photo (time to the chart with its caption), an OST feature line and, inside /ost, a song
title (time to the chart with the genres), and inside /audience a KOBIS film title (time to the
chart with the forecast). Printed: p50/p95 per step, and
the same for /help — the trivial baseline of a reply that touches neither model nor catalogue.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.application import build_application, start_application, stop_application  # noqa: E402
from bot.localapi import LocalBotApiServer, SimulatedUser  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.conftest import onboard  # noqa: E402
from tests.test_poster_chat import encoded, poster_image  # noqa: E402

TITLES = ("The Matrix", "Toy Story", "Pulp Fiction", "Amelie", "Heat", "Alien", "Up", "Fargo")


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    median = statistics.median(ordered)
    return f"{name:<44} p50 {median:7.1f} ms   p95 {p95:7.1f} ms  (n={len(ordered)})"


OST_LINE = "energy 0.8 valence 0.3 tempo 120 danceability 0.5 loudness -6 acousticness 0.1"
SONGS = ("Someone Like You - Adele", "Dancing Queen", "Blinding Lights - The Weeknd")
FILMS = ("범죄도시2", "기생충", "극한직업")


async def timed_page(user: SimulatedUser) -> tuple[float, float, float, int]:
    """/recommend → ms to header, to last card, to footer; and the first card's message id."""
    start = time.perf_counter()
    user.send("/recommend")
    header = await user.reply()
    at_header = time.perf_counter()
    first_card = 0
    last_card = at_header
    while True:
        event = await user.reply()
        if any(data == "rec:new" for _, data in event.buttons):
            at_footer = time.perf_counter()
            break
        first_card = first_card or (event.message_id or 0)
        last_card = time.perf_counter()
    assert "🎬" in header.text
    ms = 1000.0
    return (at_header - start) * ms, (last_card - start) * ms, (at_footer - start) * ms, first_card


async def run(users: int, rounds: int, database_url: str) -> None:
    settings = Settings(_env_file=None, database_url=database_url, rate_limit_per_second=0)  # type: ignore[call-arg]
    async with LocalBotApiServer() as server:
        app = build_application(
            settings,
            token=server.token,
            base_url=server.base_url,
            base_file_url=server.base_file_url,
        )
        started = time.perf_counter()
        await start_application(app)
        print(f"start-up incl. loading every model and table: "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        people = [server.user(50_000 + i) for i in range(users)]
        for person in people:
            await onboard(person)
        steps: dict[str, list[float]] = {
            "/help (baseline)": [],
            "/recommend → header": [],
            "/recommend → last card (5 films + platforms)": [],
            "/recommend → footer": [],
            "👍 → keyboard edited": [],
            "where can I watch X → answer": [],
            "poster photo 1000×1500 → chart + genres": [],
            "OST feature line → chart + genres": [],
            "OST song title → chart + genres": [],
            "/audience KOBIS title → chart + forecast": [],
        }
        poster = encoded(poster_image(size=(1000, 1500)), "JPEG", quality=90)
        for round_number in range(rounds):
            for person in people:
                t0 = time.perf_counter()
                await person.ask("/help")
                steps["/help (baseline)"].append((time.perf_counter() - t0) * 1000)
                header, last, footer, card = await timed_page(person)
                steps["/recommend → header"].append(header)
                steps["/recommend → last card (5 films + platforms)"].append(last)
                steps["/recommend → footer"].append(footer)
                t0 = time.perf_counter()
                person.press_data(card, f"rec:fb:like:{_card_movie(server, person, card)}")
                await person.reply()
                steps["👍 → keyboard edited"].append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                await person.ask(f"where can I watch {TITLES[round_number % len(TITLES)]}?")
                steps["where can I watch X → answer"].append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                person.send_photo(poster, width=1000, height=1500)
                await person.reply()
                steps["poster photo 1000×1500 → chart + genres"].append(
                    (time.perf_counter() - t0) * 1000
                )
                t0 = time.perf_counter()
                await person.ask(OST_LINE)
                steps["OST feature line → chart + genres"].append((time.perf_counter() - t0) * 1000)
                await person.ask("/ost")
                t0 = time.perf_counter()
                await person.ask(SONGS[round_number % len(SONGS)])
                steps["OST song title → chart + genres"].append((time.perf_counter() - t0) * 1000)
                await person.ask("/audience")
                t0 = time.perf_counter()
                await person.ask(FILMS[round_number % len(FILMS)])
                steps["/audience KOBIS title → chart + forecast"].append(
                    (time.perf_counter() - t0) * 1000
                )
        await server.release_pollers()
        await stop_application(app)
    backend = settings.database_url.split(":")[0]
    print(f"{users} users × {rounds} rounds, one request at a time, {backend}")
    for name, samples in steps.items():
        print(summary(name, samples))


def _card_movie(server: LocalBotApiServer, person: SimulatedUser, message_id: int) -> int:
    message = server.message(person.id, message_id)
    assert message is not None
    data: str = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return int(data.rsplit(":", 1)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        asyncio.run(run(args.users, args.rounds, url))


if __name__ == "__main__":
    main()
