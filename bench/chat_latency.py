"""Reply latency of the model-backed features through the local Bot API server.

    python bench/chat_latency.py [--users 20] [--rounds 10] [--database-url URL]

The bot runs in this process against CineMate's local Bot API server (real HTTP, real
python-telegram-bot client, SQLite file by default). ``--users`` users are onboarded with ten
favourites each, then each, one after another, repeats ``--rounds`` times: /recommend (time to
the list, one message), ▶ and 👍 on it (time to the edited message), "where can I watch
<title>" (time to the answer), six free-text requests read by the understanding step (a
greeting, a filtered recommendation, a film question, and as people type them: a film
mid-sentence, films like one typed without spaces, small talk about the bot), and a 1000×1500
JPEG poster sent as a photo (time to the chart with its caption), an OST feature line and,
inside /ost, a song title (time to the chart with the genres), and inside /audience a KOBIS film
title (time to the chart with the forecast). Printed: p50/p95 per step, and the same for
/help — the trivial baseline of a reply that touches neither model nor catalogue.
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
from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser  # noqa: E402
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
SONGS = ("Someone Like You - Adele", "Dancing Queen - ABBA", "Blinding Lights - The Weeknd")
FILMS = ("범죄도시2", "기생충", "극한직업")
FREE_TEXT = (
    ("free text: 안녕 → greeting + menu", "안녕"),
    ("free text: 무서운 영화 추천해줘 → list", "무서운 영화 추천해줘"),
    ("free text: 기생충 감독 누구야 → fact", "기생충 감독 누구야"),
    # issue 22: messages as people type them — a film mid-sentence, small talk about the bot
    ("chat text: is dune on netflix or nah → answer", "is dune on netflix or nah"),
    ("chat text: 헤어질결심너무좋았는데 비슷한거 → list", "헤어질결심너무좋았는데 비슷한거"),
    ("chat text: 너 누구야? → about the bot", "너 누구야?"),
)


async def timed_list(user: SimulatedUser) -> tuple[float, BotEvent]:
    """/recommend → ms to the list message (one message, the first film and its platforms)."""
    start = time.perf_counter()
    user.send("/recommend")
    listed = await user.reply()
    assert any(data.startswith("fn:") for _, data in listed.buttons), listed.text[:200]
    return (time.perf_counter() - start) * 1000.0, listed


async def run(users: int, rounds: int, database_url: str) -> None:
    # Latency, not the per-user limits: one user asks for three lists a round, faster than a
    # person would (RECOMMEND_PER_MINUTE would make later rounds wait).
    settings = Settings(_env_file=None, database_url=database_url, rate_limit_per_second=0,  # type: ignore[call-arg]
                        recommend_per_minute=0, poster_per_minute=0)
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
            "/recommend → the list (one message)": [],
            "▶ → next film (message edited)": [],
            "👍 → film marked (message edited)": [],
            "🔄 → a new list, none of the earlier films": [],
            "where can I watch X → answer": [],
            "free text: 안녕 → greeting + menu": [],
            "free text: 무서운 영화 추천해줘 → list": [],
            "free text: 기생충 감독 누구야 → fact": [],
            **{name: [] for name, _ in FREE_TEXT[3:]},
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
                took, listed = await timed_list(person)
                steps["/recommend → the list (one message)"].append(took)
                forward = next(d for label, d in listed.buttons if label == "▶")
                t0 = time.perf_counter()
                person.press_data(listed.message_id or 0, forward)
                moved = await person.reply()
                steps["▶ → next film (message edited)"].append((time.perf_counter() - t0) * 1000)
                like = next(d for label, d in moved.buttons if label.startswith("👍"))
                t0 = time.perf_counter()
                person.press_data(listed.message_id or 0, like)
                await person.reply()
                steps["👍 → film marked (message edited)"].append((time.perf_counter() - t0) * 1000)
                renew = next(d for _, d in moved.buttons if d.startswith("fn:"))
                t0 = time.perf_counter()
                person.press_data(listed.message_id or 0, renew)
                while True:  # the toast, then the list edited in place
                    renewed = await person.reply()
                    if any(d.startswith("fn:") for _, d in renewed.buttons):
                        break
                steps["🔄 → a new list, none of the earlier films"].append(
                    (time.perf_counter() - t0) * 1000)  # fmt: skip
                for name, text in FREE_TEXT:
                    t0 = time.perf_counter()
                    await person.ask(text)
                    steps[name].append((time.perf_counter() - t0) * 1000)
                    if name.endswith("fact"):
                        await person.reply()  # the film's card follows its fact
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
                answer = await person.ask(SONGS[round_number % len(SONGS)])
                steps["OST song title → chart + genres"].append((time.perf_counter() - t0) * 1000)
                assert answer.method == "sendPhoto", answer.text[:200]  # the chart, not choices
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
