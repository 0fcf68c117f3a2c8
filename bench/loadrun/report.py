"""The figures: throughput, latency per flow, loop lag, errors, the database checks."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.loadrun.checks import check_rows
from bench.loadrun.scenario import FLOWS, TARGET_P95_MS, ChatPlan, LoadConfig

if TYPE_CHECKING:
    from bench.loadrun.botside import CallCounter, LogCounter


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (no interpolation: every figure is a latency that happened)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))]


def print_report(
    config: LoadConfig,
    plans: list[ChatPlan],
    result: dict[str, Any],
    rows: dict[str, Any],
    bot: dict[str, Any],
    bot_log: Path,
) -> None:
    """Everything on stdout, targets beside the figures."""
    chats = result["chats"]
    steps = [s for chat in chats for s in chat["steps"]]
    newcomers = sum(plan.new for plan in plans)
    print()
    print(
        f"== CineMate load: {config.chats} chats × {config.updates} updates, "
        f"{config.database}, faults {config.faults:.0%}, seed {config.seed}, "
        f"{os.cpu_count()} CPUs =="
    )
    print(
        f"chats: {newcomers} newcomers onboarding, {config.chats - newcomers} returning users "
        f"(onboarded before the run); start staggered over {config.ramp_s:g} s; "
        + (f"think {config.think_s:g} s; " if config.think_s else "closed loop, no think time; ")
        + f"answer time-out {config.answer_timeout_s:g} s; bot read time-out "
        f"{config.read_timeout_s:g} s"
    )
    print(
        f"bot start-up in this process (migrations, every model and table): "
        f"{bot['startup_s']:.2f} s; "
        + (
            "chats started at once (--cold), during the bot's background warm-up"
            if config.cold
            else f"chats started once its background warm-up had ended (waited "
            f"{bot.get('warm_up_waited_s') or 0:.1f} s)"
        )
    )
    seconds = result["seconds"]
    print(
        f"total {len(steps)} updates in {seconds:.1f} s → {len(steps) / seconds:.1f} updates/s  "
        f"(bot CPU {bot['bot_cpu_s']:.1f} s = {bot['bot_cpu_s'] / bot['bot_wall_s']:.2f} cores; "
        f"driver CPU {result['driver_cpu_s']:.1f} s)"
    )
    if not config.think_s:
        # Closed loop: every chat always has one update in flight, so the mean latency is the
        # number of chats over the throughput (Little's law), whatever the per-update cost.
        print(
            f"closed loop at saturation: mean latency ≈ chats / throughput = "
            f"{config.chats / (len(steps) / seconds) * 1000:.0f} ms"
        )
    mix = Counter(s["name"].split(":")[0] for s in steps)
    print("mix: " + ", ".join(f"{name} {n}" for name, n in mix.most_common()))

    print()
    by_flow: dict[str, list[float]] = defaultdict(list)
    by_step: dict[str, list[float]] = defaultdict(list)
    for s in steps:
        if s["done_at"] is not None:
            latency = (s["done_at"] - s["sent_at"]) * 1000
            by_flow[s["flow"]].append(latency)
            by_step[s["name"].split(":")[0]].append(latency)
    print("reply latency per flow, ms (answered updates; send → the answer's last message)")
    print(f"  {'flow':<15}{'n':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}   target p95")
    for flow in FLOWS:
        latencies = by_flow[flow]
        if not latencies:
            print(f"  {flow:<15}{0:>6}")
            continue
        p95 = quantile(latencies, 0.95)
        target = TARGET_P95_MS.get(flow)
        verdict = "" if target is None else f"≤ {target:g} {'✓' if p95 <= target else '✗'}"
        print(
            f"  {flow:<15}{len(latencies):>6}{quantile(latencies, 0.5):>9.1f}{p95:>9.1f}"
            f"{quantile(latencies, 0.99):>9.1f}{max(latencies):>9.1f}   {verdict}"
        )

    _print_after_warm_up(result, bot, steps)
    print(
        "  by step, p50/p95: "
        + ", ".join(
            f"{name} {quantile(v, 0.5):.0f}/{quantile(v, 0.95):.0f}"
            for name, v in sorted(by_step.items(), key=lambda kv: -quantile(kv[1], 0.95))
        )
    )
    calls: CallCounter | None = bot["calls"]
    if calls is not None and calls.durations_ms:
        print(
            "  Bot API calls seen from the bot (limiter + retries + HTTP + parsing), p50/p99 ms: "
            + ", ".join(
                f"{endpoint} {quantile(v, 0.5):.1f}/{quantile(v, 0.99):.1f}"
                for endpoint, v in sorted(calls.durations_ms.items(), key=lambda kv: -len(kv[1]))
                if len(v) >= 20
            )
        )

    lags = bot["lags_ms"]
    if lags:
        print()
        print(
            f"bot event-loop lag (10 ms sleeps, n={len(lags)}): p50 {quantile(lags, 0.5):.1f} ms, "
            f"p99 {quantile(lags, 0.99):.1f} ms, max {max(lags):.1f} ms; "
            f"wake-ups > 50 ms late: {sum(lag > 50 for lag in lags)}, "
            f"> 100 ms: {sum(lag > 100 for lag in lags)}"
        )
    driver_lags = result.get("driver_lags_ms") or []
    if driver_lags:
        print(
            f"driver (local Bot API server + chats) loop lag: p99 "
            f"{quantile(driver_lags, 0.99):.1f} ms, max {max(driver_lags):.1f} ms"
        )
    log: LogCounter = bot["log"]
    if config.slow_callback_ms:
        print(
            f"callbacks that held the loop > {config.slow_callback_ms:g} ms (asyncio debug): "
            f"{len(log.slow_callbacks)}"
        )
        for line in sorted(log.slow_callbacks, reverse=True)[:8]:
            print(f"    {line}")

    statuses = Counter(s["status"] for s in steps)
    unanswered = statuses["lost"] + statuses["error"]
    late = sum(bool(s.get("late")) for s in steps)
    error_replies = sum(s["error_replies"] for s in steps)
    unexpected = sum(s["unexpected"] for s in steps)
    fallbacks = sum(s["name"] == "fallback" for s in steps)
    duplicates = sum(chat["duplicates"] for chat in chats)
    error_records = log.levels["ERROR"] + log.levels["CRITICAL"]
    print()
    if not config.faults:
        # Nothing to press means an earlier answer was missing or not the one expected: the
        # driver could not follow the bot, which is an error even when that answer's own
        # error was counted already.
        errors = unanswered + error_replies + error_records + unexpected + duplicates + fallbacks
        print(
            f"errors: {errors} (target 0) {'✓' if errors == 0 else '✗'} — updates without their "
            f"answer {unanswered} (answered after the time-out {late}), generic error replies "
            f"{error_replies}, ERROR log records {error_records}, unexpected replies "
            f"{unexpected}, duplicate answers {duplicates}, steps that had nothing to press "
            f"{fallbacks}; also WARNING records {log.levels['WARNING']}"
        )
    else:
        _print_fault_report(config, result, bot, steps, statuses, duplicates, unexpected)
        print(
            f"  generic error replies {error_replies}, ERROR log records {error_records}, "
            f"steps that had nothing to press (an earlier answer missing) {fallbacks}"
        )
    extras = sum(s.get("extras", 0) for s in steps)
    notes = [note for chat in chats for note in chat.get("notes", [])]
    skipped = sum("▶ instead" in note for note in notes)
    if extras or skipped:
        print(
            f"  also (not errors): allowed extra replies {extras}; 👍 👎 ✓ ➕ on a film the user "
            f"had marked already, so ▶ instead {skipped}"
        )
    if log.errors:
        print("  ERROR records (most frequent):")
        for message, n in log.errors.most_common(6):
            print(f"    {n:>5} × {message}")
    noted = sum(chat.get("problem_count", len(chat["problems"])) for chat in chats)
    problems = [
        f"chat {chat['user_id']}: {problem}" for chat in chats for problem in chat["problems"]
    ]
    if problems:
        print(f"  first problems seen by the chats ({noted} noted):")
        for problem in problems[:8]:
            print(f"    {problem}")
    print(f"  bot log: {bot_log}")

    checks, inbound = check_rows(plans, result, rows, bot["seeds"])
    print()
    ok_inbound = inbound["missing"] == 0 and inbound["duplicated"] == 0 and inbound["extra"] == 0
    print(
        f"database: message log — {inbound['sent']} update_ids sent, {inbound['stored']} rows; "
        f"missing {inbound['missing']}, stored twice {inbound['duplicated']}, extra "
        f"{inbound['extra']} (target 0 / 0 / 0) {'✓' if ok_inbound else '✗'}"
    )
    print("database: rows vs what the chats did (stored ⊇ confirmed to the user, ⊆ asked for)")
    for check in checks:
        print(check.line())
    lost_rows = sum(c.missing for c in checks) + inbound["missing"]
    twice = inbound["duplicated"] + sum(c.unexpected for c in checks)
    print(
        f"lost rows {lost_rows}, rows stored twice or unasked {twice} (target 0, 0) "
        f"{'✓' if lost_rows == 0 and twice == 0 else '✗'}"
    )


def _print_after_warm_up(
    result: dict[str, Any], bot: dict[str, Any], steps: list[dict[str, Any]]
) -> None:
    """p95 per flow of the updates sent once the bot's background warm-up had ended (it loads
    the Korean analyser, the sentence encoder and more in a thread, 2 s after polling starts;
    an update that needs one of them meanwhile waits, and the thread shares the GIL)."""
    done = bot.get("warm_up_done")
    if done is None or "started_at" not in result or done <= result["started_at"]:
        return  # not seen, or ended before the chats started
    after = [s for s in steps if s["done_at"] is not None and s["sent_at"] >= done]
    by_flow: dict[str, list[float]] = defaultdict(list)
    for s in after:
        by_flow[s["flow"]].append((s["done_at"] - s["sent_at"]) * 1000)
    print(
        f"  the bot's background warm-up ended {done - result['started_at']:.1f} s into the run;"
        f" {len(after)} updates sent after it, p50/p95 ms: "
        + ", ".join(
            f"{flow} {quantile(v, 0.5):.0f}/{quantile(v, 0.95):.0f}"
            + (f" (≤ {TARGET_P95_MS[flow]:g})" if flow in TARGET_P95_MS else "")
            for flow in FLOWS
            if (v := by_flow[flow])
        )
    )


def _print_fault_report(
    config: LoadConfig,
    result: dict[str, Any],
    bot: dict[str, Any],
    steps: list[dict[str, Any]],
    statuses: Counter[str],
    duplicates: int,
    unexpected: int,
) -> None:
    fired = result["faults_fired"]
    calls = sum(result["server_calls"].values())
    print(
        f"fault bench: {sum(fired.values())} of {calls} Bot API calls failed on purpose "
        f"(getUpdates excepted): 429 ×{fired.get('429', 0)}, 500 ×{fired.get('500', 0)}, "
        f"carried out but answered {config.slow_delay_s:g} s late (> {config.read_timeout_s:g} s "
        f"time-out) ×{fired.get('late', 0)}, dropped ×{fired.get('drop', 0)}"
    )
    delivered = statuses["ok"] + statuses["ok+error"]
    print(
        f"answers delivered: {delivered} of {len(steps)} expected ({delivered / len(steps):.1%}); "
        f"of those, with an error reply as well {statuses['ok+error']}; undelivered: "
        f"error reply only {statuses['error']}, nothing at all {statuses['lost']}"
    )
    by_flow = defaultdict(lambda: [0, 0])
    for step in steps:
        by_flow[step["flow"]][0] += step["done_at"] is not None
        by_flow[step["flow"]][1] += 1
    print(
        "  delivered per flow: "
        + ", ".join(f"{flow} {ok}/{n}" for flow, (ok, n) in sorted(by_flow.items()))
    )
    by_method = result.get("faults_by_method", {})
    late_sends = sum(
        n
        for key, n in by_method.items()
        if key in ("late sendMessage", "late sendPhoto", "late sendDocument")
    )
    print(
        f"duplicate answers seen by users: {duplicates} (late answers to a send: {late_sends}, "
        f"each shows the user its message twice once the bot sends it again); unexpected "
        f"replies (a late original arriving during the next step): {unexpected}"
    )
    print(
        "  faults by method: "
        + ", ".join(f"{key} {n}" for key, n in sorted(by_method.items(), key=lambda kv: -kv[1]))
    )
    calls_counter: CallCounter | None = bot["calls"]
    if calls_counter is None:
        print("retries: the bot has no rate limiter to count them in")
        return
    retries = sum(calls_counter.retried_after.values())
    after = ", ".join(f"{k} {n}" for k, n in calls_counter.retried_after.most_common()) or "none"
    gave_up = ", ".join(f"{k} {n}" for k, n in calls_counter.gave_up_after.most_common()) or "none"
    inner = bot["inner_network_retries"]
    print(
        f"retries: {calls_counter.calls} Bot API calls, {calls_counter.attempts} attempts → "
        f"{retries} retries (after {after})"
        + ("" if inner is None else f"; the retry layer's own count of network retries: {inner}")
    )
    print(
        f"  calls that failed for good (the exception reached CineMate's code, which may "
        f"tolerate it): {sum(calls_counter.failed_calls.values())} (last failure: {gave_up})"
    )
    if calls_counter.absorbed:
        print(
            "  retries that found the first attempt already carried out, taken as done: "
            + ", ".join(f"{k} {n}" for k, n in calls_counter.absorbed.most_common())
        )
    if calls_counter.failed_after_retry:
        print(
            "  of which failed on a retry: "
            + ", ".join(f"{k} {n}" for k, n in calls_counter.failed_after_retry.most_common())
            + "  (a retry of a call the server had carried out)"
        )
