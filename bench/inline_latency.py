"""Inline-mode latency through the local Bot API server, beside the text replies of the same run.

    python bench/inline_latency.py [--users 20] [--rounds 5] [--onboarded 6] [--pace S]
                                   [--database-url URL]

The bot runs in this process against CineMate's local Bot API server (real HTTP, the real
python-telegram-bot client, an SQLite file by default), as ``bench/chat_latency.py`` runs it.
``--onboarded`` of the ``--users`` users are onboarded through the chat (ten favourites, a
service); the others have never written to the bot (half Korean, half English), as most people
who meet a bot through inline mode have not.

Each of ``--rounds`` rounds has two halves, so that drift of the machine's speed hits both alike:

1. *Text only* (the baseline): every user sends /help and "where can I watch <title>"; time
   from sending to the reply.
2. *Inline and text*: every user types a Korean and an English title keystroke by keystroke as
   Telegram sends them (``기``, ``기생``, ``기생충``; ``pa``, ``para``, ``parasite``), opens the
   inline menu with nothing typed (popular films on their services), then sends the same two
   text messages as in 1. Inline latency: from the query being queued at the server to the
   bot's answerInlineQuery call arriving there (results validated as Telegram does).

By default one request is in flight at a time (latency without queueing, as in
chat_latency.py), each sent 30 ms after the previous answer. ``--pace S`` runs every user at
once, each pausing 0.5–1.5 × S seconds before each request (a person typing and reading; with
20 users and S = 1 about 20 requests a second), so queries and replies of different users
overlap. The benchmark starts measuring once the
bot's background warm-up (Korean analyser, song index, audio kernels) is over. Printed: p50/p95
of the inline answers (all, and by kind of query), and the text replies' p95 in halves 1 and 2,
which should not differ beyond noise.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.application import build_application, start_application, stop_application  # noqa: E402
from bot.localapi import LocalBotApiServer, SimulatedUser  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.conftest import onboard  # noqa: E402

# Titles typed keystroke by keystroke (every prefix of two or more characters is a query,
# about what Telegram sends a fast typist: it drops some keystrokes, never the last).
KOREAN = ("기생충", "올드보이", "살인의 추억", "부산행", "헤어질 결심")
ENGLISH = ("parasite", "the matrix", "inception", "toy story", "amelie")
WHERE = ("The Matrix", "Toy Story", "Pulp Fiction", "Heat", "Alien", "Up", "Fargo")
TARGET_P95_MS = 50.0
SETTLE_S = 0.03
WARM_UP_WAIT_S = 3.0  # the bot starts its background warm-up 2 s after it answers


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[int(q * (len(ordered) - 1))]


def summary(name: str, samples: list[float]) -> str:
    if not samples:
        return f"{name:<46} (no samples)"
    median = statistics.median(samples)
    return (
        f"{name:<46} p50 {median:6.1f} ms   p95 {percentile(samples, 0.95):6.1f} ms"
        f"   max {max(samples):6.1f} ms  (n={len(samples)})"
    )


def keystrokes(title: str, step: int) -> list[str]:
    """The queries a typist sends for ``title``: Hangul every syllable, Latin every ``step``
    letters, always the whole title last."""
    size = 1 if any("가" <= c <= "힣" for c in title) else step
    prefixes = [title[:n].rstrip() for n in range(size, len(title), size)]
    return [p for p in dict.fromkeys(prefixes) if p] + [title]


PACE = {"s": 0.0}  # --pace: seconds between one user's requests (0: one request at a time)


async def think() -> None:
    """Before each request: the user's pause with ``--pace``; otherwise a short wait so that
    the previous answer's writes (message log, step, handled mark: they follow the reply) are
    done and are not charged to whatever request comes next."""
    await asyncio.sleep(random.uniform(0.5, 1.5) * PACE["s"] if PACE["s"] else SETTLE_S)


async def timed_text(user: SimulatedUser, text: str) -> float:
    await think()
    start = time.perf_counter()
    await user.ask(text, timeout=30)
    return (time.perf_counter() - start) * 1000.0


async def text_round(user: SimulatedUser, round_number: int, out: dict[str, list[float]]) -> None:
    out["/help"].append(await timed_text(user, "/help"))
    title = WHERE[(round_number + user.id) % len(WHERE)]
    out["where can I watch X"].append(await timed_text(user, f"where can I watch {title}?"))


async def inline_round(
    user: SimulatedUser, round_number: int, out: dict[str, list[float]]
) -> None:
    korean = KOREAN[(round_number + user.id) % len(KOREAN)]
    english = ENGLISH[(round_number + user.id) % len(ENGLISH)]
    for kind, title in (("Korean title", korean), ("English title", english)):
        for query in keystrokes(title, step=2):
            await think()
            answer = await user.ask_inline(query, timeout=30)
            out[f"inline: {kind}, per keystroke"].append(answer.latency_ms)
            if query == title:
                assert answer.results, f"no result for {title!r}"
    await think()
    answer = await user.ask_inline("", timeout=30)
    assert len(answer.results) == 10, "the empty query lists ten films"
    out["inline: empty query (popular on my services)"].append(answer.latency_ms)


async def each(
    people: list[SimulatedUser], work: Callable[[SimulatedUser], Awaitable[None]]
) -> None:
    if PACE["s"]:
        await asyncio.gather(*(work(person) for person in people))
        return
    for person in people:
        await work(person)


async def warm_up(people: list[SimulatedUser]) -> None:
    """First search, first empty query, first replies; then wait out the bot's background
    warm-up (it holds the interpreter for a few seconds and would be charged to half 1)."""
    for person in people:
        await person.ask_inline("warm")
    await people[0].ask_inline("")
    await people[0].ask("기생충 어디서 봐?", timeout=30)  # waits for the Korean analyser
    await asyncio.sleep(WARM_UP_WAIT_S)
    for thread in threading.enumerate():
        if thread.name == "warm-up":
            await asyncio.to_thread(thread.join)


async def run(users: int, rounds: int, onboarded: int, url: str) -> None:
    settings = Settings(_env_file=None, database_url=url, rate_limit_per_second=0)  # type: ignore[call-arg]
    random.seed(7)
    async with LocalBotApiServer() as server:
        app = build_application(
            settings, token=server.token, base_url=server.base_url,
            base_file_url=server.base_file_url,
        )  # fmt: skip
        await start_application(app, freeze_heap=True)  # as `python -m bot` starts it
        people = [
            server.user(60_000 + i, language_code="ko" if i % 2 else "en") for i in range(users)
        ]
        started = time.perf_counter()
        for person in people[:onboarded]:
            await onboard(person, platforms=("netflix", "watcha"))
        print(f"{onboarded} users onboarded in {time.perf_counter() - started:.1f} s")
        await warm_up(people)

        baseline: dict[str, list[float]] = {"/help": [], "where can I watch X": []}
        mixed: dict[str, list[float]] = {"/help": [], "where can I watch X": []}
        inline: dict[str, list[float]] = {
            "inline: Korean title, per keystroke": [],
            "inline: English title, per keystroke": [],
            "inline: empty query (popular on my services)": [],
        }
        for number in range(rounds):

            async def alone(person: SimulatedUser, n: int = number) -> None:
                await text_round(person, n, baseline)

            async def both(person: SimulatedUser, n: int = number) -> None:
                await inline_round(person, n, inline)
                await text_round(person, n, mixed)

            await each(people, alone)
            await each(people, both)
        await server.release_pollers()
        await stop_application(app)

    mode = f"all users at once, pace {PACE['s']:g} s" if PACE["s"] else "one request at a time"
    backend = url.split(":")[0]
    print(f"{users} users ({onboarded} onboarded) × {rounds} rounds, {mode}, {backend}")
    every = [ms for samples in inline.values() for ms in samples]
    for name, samples in inline.items():
        print(summary(name, samples))
    print(summary("inline: every query", every))
    for name in baseline:
        print(summary(f"text, alone: {name}", baseline[name]))
        print(summary(f"text, with inline queries: {name}", mixed[name]))
    text_alone = [ms for samples in baseline.values() for ms in samples]
    text_mixed = [ms for samples in mixed.values() for ms in samples]
    p95 = percentile(every, 0.95)
    verdict = "✓" if p95 <= TARGET_P95_MS else "✗"
    print(
        f"inline p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms {verdict}); text reply p95 "
        f"{percentile(text_alone, 0.95):.1f} ms alone, {percentile(text_mixed, 0.95):.1f} ms "
        "beside inline queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--onboarded", type=int, default=6)
    parser.add_argument("--pace", type=float, default=0.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    PACE["s"] = args.pace
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        asyncio.run(run(args.users, args.rounds, min(args.onboarded, args.users), url))


if __name__ == "__main__":
    main()
