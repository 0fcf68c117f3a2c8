"""One INFO line per update for an operator (issue 25): kind, flow, intent and its probability,
the handler, the latency and the outcome, with the update and chat from the log context — and
never the token nor what the user wrote."""

from __future__ import annotations

import asyncio
import io
import logging
import re

from bot.localapi import LocalBotApiServer
from bot.logging_setup import configure_logging
from tests.conftest import BotFactory, onboard

SUMMARY = re.compile(
    r"INFO bot\.updates \[update=(\d+) chat=(\d+) flow=(\S+)\] (\w+) intent=(\S+) "
    r"handler=(\S+) (\d+) ms (\w+)$"
)


async def test_every_update_gets_one_summary_line_with_its_fields(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    stream = io.StringIO()
    handler = configure_logging("INFO", [api.token], stream=stream)
    try:
        await start_bot(sqlite_url)
        user = api.user(5101, language_code="ko")
        await onboard(user, language="ko")
        question = "기생충 어디서 봐?"
        assert "기생충" in (await user.ask(question, timeout=30)).text
        flood = "영화 " * 600  # over the 1,000-character limit
        await user.ask(flood, timeout=30)
        await asyncio.sleep(0.3)  # the summary follows the last reply
    finally:
        logging.getLogger().removeHandler(handler)
    lines = stream.getvalue().splitlines()
    summaries = [m for m in map(SUMMARY.search, lines) if m]
    assert len(summaries) == api.updates_sent[user.id]  # one line per update, no more
    assert {m[2] for m in summaries} == {str(user.id)}
    assert len({m[1] for m in summaries}) == len(summaries)  # each its own update id
    kinds = {m[4] for m in summaries}
    assert {"command", "button", "text"} <= kinds
    asked = summaries[-2]
    assert asked[4] == "text" and asked[3] == "understanding:where_to_watch"
    intent, probability = asked[5].split(":")
    assert intent == "where_to_watch" and 0.5 <= float(probability) <= 1.0
    assert asked[6] == "understanding.step.understand" and asked[8] == "ok"
    assert summaries[-1][8] == "refused"  # the flood
    assert any("WARNING" in line and "characters (limit 1000): refused" in line for line in lines)
    info = [line for line in lines if " INFO " in line]
    assert not any(question in line or "영화 영화" in line for line in info)
    assert api.token not in stream.getvalue()
