"""kill -9 mid-update: what users notice when the bot process dies under load and restarts.

    python -m bench.crash [--chats 20] [--updates 20] [--think 1] [--kills 2]
                          [--database sqlite|postgres] [--postgres-url URL]

The bot runs in its own process, started as a deployment starts it (``python -m bot --mode
polling``, ``bench/throughput.py``'s ``BotProcess``), against the local Bot API server. The
chats are the load benchmark's (``bench/loadrun``): newcomers onboarding (language, age,
gender, ten favourites from buttons, a subscription), then lists and their buttons, posters,
OST lines, box-office questions, where-to-watch and film questions — every reply matched to
the update that caused it. ``--kills`` times, a few seconds apart, the benchmark waits until
updates are being handled (sent, not yet fully answered), sends SIGKILL to the bot and starts
a new process at once, as a supervisor would.

It prints, per kill, the updates in flight and how long the chats saw no answer (the kill to
the first reply of the new process); then for the whole run: updates answered, lost (never
answered, even after the 30 s answer time-out), answered twice (a duplicate of a message
already received), other unexpected replies, and the message log (every update stored once:
missing / twice). Targets: 0 lost, 0 rows missing or twice; a duplicate is possible only for an
update killed between two of its replies (the restarted process answers it whole).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadrun.botside import DEFAULT_POSTGRES_URL, prepare_postgres  # noqa: E402
from bench.loadrun.checks import read_database  # noqa: E402
from bench.loadrun.driver import ChatRunner  # noqa: E402
from bench.loadrun.matching import StepRecord  # noqa: E402
from bench.loadrun.scenario import LoadConfig, build_plan, poster_jpeg  # noqa: E402
from bench.throughput import BotProcess, cinemate_argv, cinemate_env  # noqa: E402
from bot.localapi import LocalBotApiServer  # noqa: E402

ANSWER_TIMEOUT_S = 30.0  # longer than a restart: an update waiting for it is not lost


def in_flight(runners: list[ChatRunner], older_than_s: float = 0.005) -> list[StepRecord]:
    """Updates sent at least ``older_than_s`` ago and not yet fully answered."""
    now = time.monotonic()
    return [
        step
        for runner in runners
        for step in runner.steps
        if not step.complete and not step.gave_up and now - step.sent_at >= older_than_s
    ]


async def kill_and_restart(
    bot: BotProcess, runners: list[ChatRunner], after_s: float
) -> tuple[int, float, float]:
    """Wait ``after_s``, then for updates in flight; SIGKILL and restart the bot.
    Returns (updates in flight at the kill, seconds to a polling process, seconds to the
    first reply of the new process)."""
    await asyncio.sleep(after_s)
    while not in_flight(runners):  # noqa: ASYNC110 (polled: the steps have no event to await)
        await asyncio.sleep(0.001)
    assert bot.process is not None
    caught = in_flight(runners)
    killed_at = time.monotonic()
    bot.process.send_signal(signal.SIGKILL)
    await bot.process.wait()
    await bot.start()
    polling_s = time.monotonic() - killed_at
    while True:
        answered = [
            s.done_at for r in runners for s in r.steps if s.done_at and s.done_at > killed_at
        ]
        if answered:
            return len(caught), polling_s, min(answered) - killed_at
        await asyncio.sleep(0.01)


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'crash.db'}"
        if args.database == "postgres":
            url = args.postgres_url
            reason = await prepare_postgres(url)  # an empty schema, migrated by the bot
            if reason is not None:
                raise SystemExit(f"PostgreSQL is not usable: {reason}")
        config = LoadConfig(
            database="sqlite" if url.startswith("sqlite") else "postgres",
            database_url=url,
            chats=args.chats,
            updates=args.updates,
            faults=0.0,
            seed=args.seed,
            new_share=1.0,  # newcomers only: no users to seed before the run
            ramp_s=args.think,
            answer_timeout_s=ANSWER_TIMEOUT_S,
            read_timeout_s=10.0,
            think_s=args.think,
        )
        posters = [poster_jpeg(i) for i in range(3)]
        async with LocalBotApiServer() as server:
            bot = BotProcess(server, cinemate_argv(), cinemate_env(server, url))
            await bot.start()
            runners = [ChatRunner(server, plan, config, posters) for plan in build_plan(config)]
            started = time.monotonic()
            chats = asyncio.gather(*(runner.run() for runner in runners))
            kills = []
            for _ in range(args.kills):
                kills.append(await kill_and_restart(bot, runners, args.every))
            await chats
            seconds = time.monotonic() - started
            await asyncio.sleep(1.0)  # a late second copy of a last answer
            for runner in runners:
                await runner.drain()
            await bot.stop()
        rows = await read_database(url)
    report(runners, kills, rows, seconds, config)


def report(
    runners: list[ChatRunner],
    kills: list[tuple[int, float, float]],
    rows: dict[str, list[tuple[int, int]]],
    seconds: float,
    config: LoadConfig,
) -> None:
    steps = [step for runner in runners for step in runner.steps]
    statuses = [step.status for step in steps]
    lost = statuses.count("lost")
    duplicates = sum(runner.duplicates for runner in runners)
    unexpected = sum(len(step.unexpected) for step in steps)
    sent = {step.update_id for step in steps}
    stored = dict(rows["inbound"])
    missing = len(sent - stored.keys())
    twice = sum(1 for update_id, count in stored.items() if count > 1)
    print(
        f"== kill -9 mid-update: {config.chats} chats × {config.updates} updates (newcomers), "
        f"{config.database}, think {config.think_s:g} s, {len(kills)} kills =="
    )
    for number, (caught, polling_s, first_s) in enumerate(kills, start=1):
        print(
            f"kill {number}: {caught} updates in flight; the new process polled after "
            f"{polling_s:.2f} s and answered its first update {first_s:.2f} s after the kill"
        )
    print(f"{len(steps)} updates in {seconds:.1f} s")
    waits = [s.done_at - s.sent_at for s in steps if s.done_at is not None]
    late = [wait for wait in waits if wait > 2.0]
    print(
        f"answered {len(waits)}, of which {len(late)} waited for a restart (> 2 s; median "
        f"{statistics.median(late) if late else 0:.1f} s); error replies "
        f"{statuses.count('error') + statuses.count('ok+error')}"
    )
    verdict = "✓" if not lost and not missing and not twice else "✗"
    print(
        f"lost {lost}, answered twice {duplicates}, other unexpected replies {unexpected}; "
        f"message log: missing {missing}, twice {twice} (target 0 lost, 0 / 0) {verdict}"
    )
    problems = [f"chat {r.plan.user_id}: {p}" for r in runners for p in r.problems]
    for problem in problems[:10]:
        print(f"  {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between updates")
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--every", type=float, default=6.0, help="seconds before each kill")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
