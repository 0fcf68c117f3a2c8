"""Command line of the load benchmark (``python bench/load.py``, ``python -m bench.load``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun import __doc__ as DOC  # noqa: E402
from bench.loadrun.botside import DEFAULT_POSTGRES_URL, prepare_postgres, run_bot_side  # noqa: E402
from bench.loadrun.driver import drive  # noqa: E402
from bench.loadrun.scenario import LoadConfig  # noqa: E402


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(DOC or "").splitlines()[0])
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default=None,
        help="default: both when PostgreSQL answers, else sqlite",
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--updates", type=int, default=20, help="updates per chat")
    parser.add_argument(
        "--faults",
        type=float,
        default=0.0,
        help="fraction of the bot's Bot API calls the server fails",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--new-users",
        type=float,
        default=0.3,
        help="fraction of chats that are newcomers and onboard",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="chats start at random times within this many seconds (default: 2 s closed "
        "loop, a flash crowd; with --think, the think time, as users arrive at a steady state)",
    )
    parser.add_argument(
        "--answer-timeout",
        type=float,
        default=30.0,
        help="seconds an update may wait for its answer (100 saturating chats queue for seconds)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a chat waits after an answer before its next update (0: closed "
        "loop at saturation; 5: people reading and typing, where the latency targets apply)",
    )
    parser.add_argument(
        "--read-timeout",
        type=float,
        default=None,
        help="the bot's READ_TIMEOUT_S (default 10; 3 with faults, so that "
        "'slow' faults cost seconds rather than tens of seconds)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start the chats as soon as the bot polls, while its background warm-up (the "
        "Korean analyser, the sentence encoder, …: several seconds) still runs, as after a "
        "restart; by default they start once it has ended",
    )
    parser.add_argument(
        "--slow-callback-ms",
        type=float,
        default=0.0,
        help="asyncio debug mode: list callbacks that hold the loop longer "
        "(slows the bot; for diagnosis only)",
    )
    parser.add_argument("--driver", default=None, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark on the chosen database(s)."""
    args = _arguments().parse_args(argv)
    if args.driver:
        asyncio.run(drive(LoadConfig(**json.loads(args.driver))))
        return
    databases = [args.database] if args.database in ("sqlite", "postgres") else []
    if not databases:
        reason = asyncio.run(prepare_postgres(args.postgres_url))
        if reason is not None and args.database == "both":
            raise SystemExit(f"PostgreSQL is not usable: {reason}")
        if reason is not None:
            print(f"PostgreSQL does not answer ({reason}): SQLite only")
        databases = ["sqlite"] if reason else ["sqlite", "postgres"]
    if len(databases) > 1:
        # One fresh process per database, so the second run inherits nothing from the first.
        forwarded = list(argv if argv is not None else sys.argv[1:])
        if "--database" in forwarded:
            position = forwarded.index("--database")
            del forwarded[position : position + 2]
        forwarded = [a for a in forwarded if not a.startswith("--database=")]
        for database in databases:
            subprocess.run(
                [sys.executable, "-m", "bench.loadrun", *forwarded, "--database", database],
                cwd=ROOT,
                check=False,
            )
        return
    database = databases[0]
    faults = args.faults
    read_timeout = args.read_timeout or (3.0 if faults else 10.0)
    config = LoadConfig(
        database=database,
        database_url="",
        chats=args.chats,
        updates=args.updates,
        faults=faults,
        seed=args.seed,
        new_share=args.new_users,
        ramp_s=args.ramp if args.ramp is not None else (args.think or 2.0),
        answer_timeout_s=args.answer_timeout,
        think_s=args.think,
        read_timeout_s=read_timeout,
        slow_callback_ms=args.slow_callback_ms,
        cold=args.cold,
    )
    log_dir = ROOT / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    if database == "postgres":
        reason = asyncio.run(prepare_postgres(args.postgres_url))
        if reason is not None:
            raise SystemExit(f"PostgreSQL is not usable: {reason}")
        config.database_url = args.postgres_url
        asyncio.run(run_bot_side(config, log_dir))
        return
    with tempfile.TemporaryDirectory() as folder:
        config.database_url = f"sqlite+aiosqlite:///{Path(folder) / 'load.db'}"
        asyncio.run(run_bot_side(config, log_dir))


if __name__ == "__main__":
    main()
