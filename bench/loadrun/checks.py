"""The database after the run, checked against what the chats did."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from bench.loadrun.scenario import ChatPlan


async def read_database(url: str) -> dict[str, Any]:
    """The rows the checks compare, keyed by Telegram user id."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    rows: dict[str, Any] = {}
    async with engine.connect() as conn:

        async def query(sql: str) -> list[Any]:
            return list((await conn.execute(text(sql))).all())

        owner = "JOIN users u ON u.id = x.user_id"
        rows["inbound"] = await query(
            "SELECT update_id, count(*) FROM inbound_messages GROUP BY update_id"
        )
        rows["profile"] = await query(
            "SELECT u.telegram_id, u.language, p.age, p.gender, p.onboarded_at IS NOT NULL "
            "FROM users u LEFT JOIN profiles p ON p.user_id = u.id"
        )
        rows["favourite"] = await query(
            f"SELECT u.telegram_id, x.movie_id FROM favourites x {owner}"
        )
        rows["subscription"] = await query(
            f"SELECT u.telegram_id, x.platform FROM subscriptions x {owner}"
        )
        rows["feedback"] = await query(
            f"SELECT u.telegram_id, x.movie_id, x.kind FROM feedback x {owner}"
        )
        rows["watchlist"] = await query(
            f"SELECT u.telegram_id, x.movie_id FROM watchlist x {owner}"
        )
        rows["prediction"] = await query(
            f"SELECT u.telegram_id, x.capability, count(*) FROM predictions x {owner} "
            "GROUP BY u.telegram_id, x.capability"
        )
        # The films of every list shown (a list's buttons name its row and a place in it).
        rows["lists"] = await query(
            "SELECT x.id, x.output FROM predictions x WHERE x.capability = 'recommend'"
        )
    await engine.dispose()
    return rows


def list_films(rows: dict[str, Any]) -> dict[int, list[int]]:
    """List id → its films, from the prediction log."""
    films: dict[int, list[int]] = {}
    for list_id, output in rows.get("lists", []):
        data = json.loads(output) if isinstance(output, str | bytes) else output
        films[int(list_id)] = [int(movie) for movie in (data or {}).get("movies", [])]
    return films


def resolve_effect(key: str, value: Any, lists: dict[int, list[int]]) -> Any:
    """An effect as the table holds it: a mark on a list's film becomes that film (a list or
    place the log does not hold stays a reference, "list 12 #3", which no row can match)."""
    if key not in ("feedback", "watchlist"):
        return tuple(value) if isinstance(value, list) else value
    list_id, index = int(value[0]), int(value[1])
    films = lists.get(list_id, [])
    movie: int | str = films[index] if 0 <= index < len(films) else f"list {list_id} #{index}"
    return (movie, value[2]) if key == "feedback" else movie


@dataclass
class TableCheck:
    """One table compared with what the chats did (confirmed ⊆ stored ⊆ attempted)."""

    name: str
    rows: int = 0
    chats_ok: int = 0
    chats: int = 0
    missing: int = 0  # confirmed to the user but not stored
    unexpected: int = 0  # stored but never asked for (or stored more often than asked)
    unconfirmed_stored: int = 0  # asked for, stored, but the user got no confirmation

    def line(self) -> str:
        verdict = "✓" if self.missing == 0 and self.unexpected == 0 else "✗"
        extra = (
            f", stored without the user seeing the answer {self.unconfirmed_stored}"
            if self.unconfirmed_stored
            else ""
        )
        return (
            f"  {self.name:<14} {self.rows:>6} rows  chats matching {self.chats_ok}/{self.chats}  "
            f"missing {self.missing}  unexpected/extra {self.unexpected}{extra}  {verdict}"
        )


def check_rows(
    plans: list[ChatPlan], result: dict[str, Any], rows: dict[str, Any], seeds: dict[int, Any]
) -> tuple[list[TableCheck], dict[str, int]]:
    """Compare every table with what each chat did; and the message log with the update ids."""
    sent = [s["update_id"] for chat in result["chats"] for s in chat["steps"]]
    lists = list_films(rows)
    stored = {int(update_id): int(n) for update_id, n in rows["inbound"]}
    inbound = {
        "sent": len(sent),
        "stored": sum(stored.values()),
        "missing": len(set(sent) - stored.keys()),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "extra": len(stored.keys() - set(sent)),
        "sent_twice": len(sent) - len(set(sent)),
    }
    confirmed: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(set))
    attempted: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(set))
    predictions_ok: dict[int, Counter[str]] = defaultdict(Counter)
    predictions_sent: dict[int, Counter[str]] = defaultdict(Counter)
    for chat in result["chats"]:
        user = chat["user_id"]
        for key, value in seeds.get(user, {}).items():
            for target in (confirmed[user], attempted[user]):
                target[key] = set(value) if isinstance(value, set) else {value}
        for step in chat["steps"]:
            answered = step["done_at"] is not None
            for key, raw in step["effects"]:
                value = resolve_effect(key, raw, lists)
                if key == "prediction":
                    predictions_sent[user][value] += 1
                    predictions_ok[user][value] += answered
                    continue
                scalar = key in ("language", "age", "gender", "onboarded")
                if scalar:  # the latest answer replaces the earlier one
                    attempted[user][key] = {*attempted[user][key], value}
                    if answered:
                        confirmed[user][key] = {value}
                else:
                    attempted[user][key].add(value)
                    if answered:
                        confirmed[user][key].add(value)

    users = [plan.user_id for plan in plans]
    actual: dict[int, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for telegram_id, language, age, gender, onboarded in rows["profile"]:
        for key, value in (
            ("language", language),
            ("age", age),
            ("gender", gender),
            ("onboarded", bool(onboarded) or None),
        ):
            if value is not None:
                actual[int(telegram_id)][key] = {value}
    for telegram_id, movie in rows["favourite"]:
        actual[int(telegram_id)]["favourite"].add(int(movie))
    for telegram_id, platform in rows["subscription"]:
        actual[int(telegram_id)]["subscription"].add(platform)
    for telegram_id, movie, kind in rows["feedback"]:
        actual[int(telegram_id)]["feedback"].add((int(movie), kind))
    for telegram_id, movie in rows["watchlist"]:
        actual[int(telegram_id)]["watchlist"].add(int(movie))

    checks = []
    groups = {
        "profile": ("language", "age", "gender", "onboarded"),
        "favourites": ("favourite",),
        "subscriptions": ("subscription",),
        "feedback": ("feedback",),
        "watchlist": ("watchlist",),
    }
    for name, keys in groups.items():
        check = TableCheck(name, chats=len(users))
        for user in users:
            good = True
            if name == "profile":
                check.rows += any(actual[user][key] for key in keys)
            for key in keys:
                have, sure, tried = actual[user][key], confirmed[user][key], attempted[user][key]
                if name == "profile":
                    # A scalar holds the value the user saw confirmed, or (after a failure) one
                    # the user sent without seeing its confirmation.
                    if have == sure:
                        continue
                    if not have:
                        check.missing += 1
                    elif have <= tried:
                        check.unconfirmed_stored += 1
                        continue
                    else:
                        check.unexpected += 1
                    good = False
                    continue
                check.rows += len(have)
                check.missing += len(sure - have)
                check.unexpected += len(have - tried)
                check.unconfirmed_stored += len((have & tried) - sure)
                good &= sure <= have <= tried
            check.chats_ok += good
        checks.append(check)

    predictions = TableCheck("predictions", chats=len(users))
    stored_predictions: dict[int, Counter[str]] = defaultdict(Counter)
    for telegram_id, capability, count in rows["prediction"]:
        stored_predictions[int(telegram_id)][capability] = int(count)
    for user in users:
        have, sure, tried = stored_predictions[user], predictions_ok[user], predictions_sent[user]
        good = True
        for capability in set(have) | set(tried):
            predictions.rows += have[capability]
            predictions.missing += max(0, sure[capability] - have[capability])
            predictions.unexpected += max(0, have[capability] - tried[capability])
            predictions.unconfirmed_stored += max(
                0, min(have[capability], tried[capability]) - sure[capability]
            )
            good &= sure[capability] <= have[capability] <= tried[capability]
        predictions.chats_ok += good
    checks.append(predictions)
    return checks, inbound
