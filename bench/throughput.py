"""Throughput and latency: a bare python-telegram-bot echo bot vs CineMate with its database.

The local Bot API server and the simulated chats run in this process; the bot under test runs
in its own process (as it would against Telegram), started exactly as a deployment starts it:
``python -m bot --mode polling`` with ``TELEGRAM_API_BASE_URL`` pointing here.

Three bots: the echo bot on PTB's default transport (httpx), the same echo bot on CineMate's
aiohttp transport (so the ratio shows what CineMate's own work costs, not the transport it
gained), and CineMate. Two loads, each against every bot, in the same run:
- saturation: every chat sends its next message as soon as the previous answer arrives
  (closed loop, no think time) -> the most updates/s the bot sustains; ratio CineMate/echo,
  as the median of ``--repeats`` runs that alternate between the bots.
- paced: every chat sends one message per ``--interval`` seconds (people type slower than
  that) -> reply latency p50/p95/p99 at that many concurrent chats.
It also prints the start-up time of a fresh CineMate process to its first reply.

    python bench/throughput.py [--chats 50] [--rounds 20] [--interval 1.0] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadrun.matching import Expect, Reply, ReplyMatcher, StepRecord  # noqa: E402
from bot.localapi import LocalBotApiServer, SimulatedUser  # noqa: E402
from bot.localapi.validation import strip_markup  # noqa: E402
from handlers.shared.i18n import t  # noqa: E402

ANSWER_TIMEOUT_S = 60.0


@dataclass
class Result:
    """What one load measured."""

    name: str
    updates: int
    seconds: float
    latencies_ms: list[float]
    problems: list[str]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self) -> str:
        if not self.latencies_ms:
            return f"{self.name:<34} {self.updates:>5} upd, no answer at all"
        return (
            f"{self.name:<34} {self.updates:>5} upd {self.per_second:7.1f} upd/s  "
            f"p50 {statistics.median(self.latencies_ms):6.1f} ms  "
            f"p95 {self.quantile(0.95):6.1f} ms  p99 {self.quantile(0.99):6.1f} ms"
        )


Script = Callable[[int], tuple[str, Expect]]


def echo_script(round_: int) -> tuple[str, Expect]:
    """The echo bot answers every text with itself."""
    text = f"hello {round_}"
    return text, Expect((Reply("message", repr(text), lambda e: e.text == text),))


def _shown(key: str) -> str:
    return strip_markup(t("en", key), "HTML")


def _language_question(event: object) -> bool:
    return any(data.startswith("onb:lang:") for _, data in getattr(event, "buttons", []))


# A new user (English) who never answers the first onboarding question: /start asks for the
# language; /profile says the profile is not set up and then asks the language again (the
# onboarding resumes after any other answer) — two messages, both the answer to /profile.
CINEMATE_START = Expect((Reply("message", "the language question", _language_question),))
CINEMATE_PROFILE = Expect(
    (
        Reply("message", "“not set up yet”", lambda e: e.text == _shown("profile.not_set_up")),
        Reply(
            "message",
            "the language question again (↩️ back to setting up)",
            lambda e: (e.text == _shown("flow.back.onboarding_language") and _language_question(e)),
        ),
    )
)


def cinemate_script(round_: int) -> tuple[str, Expect]:
    """/start and /profile alternately, for a new user."""
    return ("/start", CINEMATE_START) if round_ % 2 == 0 else ("/profile", CINEMATE_PROFILE)


async def drive(
    server: LocalBotApiServer,
    name: str,
    users: list[SimulatedUser],
    rounds: int,
    script: Script,
    interval: float,
) -> Result:
    """Each user sends ``rounds`` messages, waiting for every reply each must get (the
    replies are matched to the message that caused them, so a second reply is never taken for
    the next message's answer); ``interval`` paces them. A missing or unexpected reply is a
    problem, reported with the result."""
    latencies: list[float] = []
    problems: list[str] = []
    rng = random.Random(7)

    async def chat(user: SimulatedUser) -> ReplyMatcher:
        if interval:
            await asyncio.sleep(rng.uniform(0, interval))
        matcher = ReplyMatcher()
        for round_ in range(rounds):
            text, expect = script(round_)
            sent = time.monotonic()
            record = StepRecord(text, "", user.send(text), sent, expect=expect)
            matcher.add(record)
            deadline = sent + ANSWER_TIMEOUT_S
            while not record.complete and (remaining := deadline - time.monotonic()) > 0:
                try:
                    matcher.feed(await user.next_event(timeout=remaining))
                except TimeoutError:
                    break
            if record.done_at is not None:
                latencies.append((record.done_at - sent) * 1000)
            else:
                record.gave_up = True
            if interval:
                await asyncio.sleep(max(0.0, interval - (time.monotonic() - sent)))
        return matcher

    started = time.perf_counter()
    matchers = await asyncio.gather(*(chat(u) for u in users))
    seconds = time.perf_counter() - started
    await asyncio.sleep(0.05)  # a tail reply of a last message would be an unexpected reply
    for user, matcher in zip(users, matchers, strict=True):
        while server.pending_events(user.id):
            matcher.feed(await user.next_event(timeout=0.1))
        for index, record in enumerate(matcher.steps):
            if problem := record.problem():
                problems.append(f"user {user.id} message {index} {record.name!r}: {problem}")
    return Result(name, len(users) * rounds, seconds, latencies, problems)


class BotProcess:
    """A bot under test in its own process, polling the local server."""

    def __init__(self, server: LocalBotApiServer, argv: list[str], env: dict[str, str]) -> None:
        self.server = server
        self.argv = argv
        self.env = env
        self.process: asyncio.subprocess.Process | None = None
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the bot)

    async def start(self) -> None:
        """Start the process and wait until it polls for updates."""
        polls_before = self.server.method_calls["getUpdates"]
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            env=self.env,
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self.stderr,
        )
        deadline = time.monotonic() + 120
        while self.server.method_calls["getUpdates"] <= polls_before:
            if self.process.returncode is not None or time.monotonic() > deadline:
                self.stderr.seek(0)
                raise RuntimeError(f"bot did not start: {self.stderr.read().decode()[-2000:]}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        """SIGTERM, answering its long poll so it exits at once."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        await self.server.release_pollers()
        await self.process.wait()
        self.server.resume_long_polling()


def cinemate_argv() -> list[str]:
    return [sys.executable, "-m", "bot", "--mode", "polling"]


def cinemate_env(server: LocalBotApiServer, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=server.token,
        TELEGRAM_API_BASE_URL=f"http://{server.host}:{server.port}",
        DATABASE_URL=database_url,
        RATE_LIMIT_PER_SECOND="0",  # the local server has no flood limits to respect
        LOG_LEVEL="WARNING",
    )
    return env


async def main(
    chats: int, rounds: int, interval: float, repeats: int, database_url: str | None
) -> None:
    tmp = tempfile.TemporaryDirectory()
    url = database_url or f"sqlite+aiosqlite:///{Path(tmp.name) / 'bench.db'}"
    names = ("echo", "echo_aiohttp", "cinemate")
    saturation: dict[str, list[Result]] = {name: [] for name in names}
    paced: dict[str, Result] = {}
    async with LocalBotApiServer() as server:
        env = cinemate_env(server, url)
        echo_argv = [
            sys.executable,
            str(ROOT / "bench" / "echo_bot.py"),
            f"http://{server.host}:{server.port}",
            server.token,
        ]
        bots = {
            "echo": BotProcess(server, echo_argv, env),
            "echo_aiohttp": BotProcess(server, [*echo_argv, "aiohttp"], env),
            "cinemate": BotProcess(server, cinemate_argv(), env),
        }
        labels = {
            "echo": "echo bot (PTB, httpx)",
            "echo_aiohttp": "echo bot (PTB, aiohttp)",
            "cinemate": "CineMate /start+/profile",
        }
        scripts: dict[str, Script] = {
            "echo": echo_script,
            "echo_aiohttp": echo_script,
            "cinemate": cinemate_script,
        }

        started = time.perf_counter()
        await bots["cinemate"].start()
        await server.user(1).ask("/start", timeout=60)
        startup_s = time.perf_counter() - started
        await bots["cinemate"].stop()

        next_user = 10_000
        # Alternate the bots so that drifts of the machine hit both alike.
        for repeat in range(repeats):
            for name in names:
                bot = bots[name]
                await bot.start()
                users = [server.user(next_user + i) for i in range(chats)]
                next_user += chats
                saturation[name].append(
                    await drive(
                        server,
                        f"{labels[name]}, saturation #{repeat + 1}",
                        users,
                        rounds,
                        scripts[name],
                        0.0,
                    )
                )
                if repeat == 0:
                    users = [server.user(next_user + i) for i in range(chats)]
                    next_user += chats
                    paced[name] = await drive(
                        server,
                        f"{labels[name]}, paced {interval:g}s",
                        users,
                        rounds,
                        scripts[name],
                        interval,
                    )
                await bot.stop()
    tmp.cleanup()

    def median_rate(name: str) -> float:
        return statistics.median(r.per_second for r in saturation[name])

    print(
        f"chats={chats} rounds={rounds} repeats={repeats} database={url.split(':', 1)[0]} "
        f"cpus={os.cpu_count()}"
    )
    for name in names:
        for result in saturation[name]:
            print(result.line())
        print(paced[name].line())
    print(
        f"saturation median: echo (httpx) {median_rate('echo'):.0f} upd/s, echo (aiohttp) "
        f"{median_rate('echo_aiohttp'):.0f} upd/s, CineMate {median_rate('cinemate'):.0f} upd/s"
    )
    for baseline in ("echo", "echo_aiohttp"):
        ratios = [
            c.per_second / e.per_second
            for e, c in zip(saturation[baseline], saturation["cinemate"], strict=True)
        ]
        print(
            f"ratio CineMate / {labels[baseline]} (median of {repeats} alternating runs): "
            f"{statistics.median(ratios):.2f}  [each: {', '.join(f'{r:.2f}' for r in ratios)}]"
            "  (target >= 0.7)"
        )
    print(
        f"CineMate p95 at {chats} paced chats: {paced['cinemate'].quantile(0.95):.1f} ms "
        f"(target <= 50 ms; echo {paced['echo'].quantile(0.95):.1f} ms)"
    )
    print(f"start-up of a fresh CineMate process to its first reply: {startup_s:.2f} s")
    results = [r for runs in saturation.values() for r in runs] + list(paced.values())
    problems = [problem for result in results for problem in result.problems]
    print(
        f"errors: {len(problems)} (target 0) {'✓' if not problems else '✗'} — messages "
        "without every expected reply, or with an unexpected one"
    )
    for problem in problems[:8]:
        print(f"  {problem}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between one chat's messages in the paced load",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="alternating saturation runs per bot (the median is reported)",
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.chats, args.rounds, args.interval, args.repeats, args.database_url))
