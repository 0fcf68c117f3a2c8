"""Load benchmark: many chats, each a realistic session, through the local Bot API server.

    python bench/load.py [--database sqlite|postgres|both] [--chats 100] [--updates 20]
                         [--faults 0.0] [--seed 7] [--postgres-url URL] [--think 0]
                         [--slow-callback-ms 0]

What it does. ``--chats`` simulated users each send ``--updates`` updates, closed loop (a chat
sends its next update when the answer to the previous one has arrived), chats starting
staggered over ``--ramp`` seconds. Onboarding alone is 20 updates (language, age, gender,
ten favourites typed three or four titles per message and each picked from its buttons,
Done, a subscription, Done), so one chat cannot also try every feature within 20 updates:
``--new-users`` of the chats (30 % by default) are newcomers who onboard; the others are
returning users (profile, ten favourites and a subscription written through the bot's own
repository before the run, as if they had onboarded yesterday) who use the features in a
seeded random order, in English or Korean: /recommend and lists asked in free text ("영화
추천해줘", "기생충 같은 영화", "넷플릭스에 있는 한국 스릴러"), each answered with the one-message
list and then worked through its buttons — ▶ to the next film, 👍 👎 ✓ ➕ on the film on show,
🔄 a new list, every press answered with a toast and an edit of that message; a 600×900 poster
photo, a line of OST audio features, /audience with a KOBIS title, where-to-watch questions
and questions about a film in free text (the fact, then the film's card), /help and /profile.
(``python -m bench.load`` runs the same.)

Every update must get exactly the replies the bot gives it today (``scenario.ChatScript``: the
list message, its edit with the next film or the mark, the toast, the onboarding question …),
matched to the update that caused them however the replies of consecutive updates cross
(``matching``): a step is answered when all of its replies came; a reply no step expects is an
error that says what came and what the step was waiting for, so a flow that changes under the
driver fails loudly instead of timing out.

Why two processes. The bot runs in this process (exactly ``build_application`` and
``start_application`` as ``python -m bot --mode polling`` runs them, ``gc.freeze`` included),
with a probe task on its event loop that sleeps 10 ms again and again and records how late it
wakes up: if inference or anything else blocked the loop, the probe sees it. The local Bot API
server and the simulated chats run in a child process (``--driver``), so the driver's own CPU
work does not show up as the bot's loop lag.

What it prints: total time and throughput; p50/p95/p99 reply latency per flow (text, poster,
recommendation, OST, audience, button) with the targets; the loop lag; errors (any update
without every expected reply within the time-out, any unexpected reply, any ERROR log record
of the bot, any generic error reply, any step left with nothing to press); and then the
database, checked against what the chats did: every update_id sent stored exactly once in
``inbound_messages``, and profiles, favourites, subscriptions, feedback, watchlist and
prediction rows equal to what the chats did (a mark on a list names the list's logged row and
the film's place in it; the checks read the film from that row).

``--faults F`` makes the server fail a fraction F of the bot's Bot API calls (getUpdates
excepted), an even mix of 429 (retry_after 1 s), 500, answers later than the bot's read
time-out (``FaultKind.LATE``: the server carries the call out at once and answers after the
time-out, so the message is delivered although the bot sees a time-out — the case in which a
retry shows the user a message twice) and dropped connections. The bot's read time-out is then
3 s (``--read-timeout``), so a late answer costs seconds, not tens of seconds. The report says
how many answers were delivered of those expected, how many answers users saw twice, which
rows were stored twice, and how often the bot retried a call (counted on every attempt that
passes through the bot's rate limiter, where PTB and CineMate retry).

``--think S`` paces each chat like a person (a pause of 0.5–1.5 S after each answer: reading,
typing, picking a photo) and spreads the chats' first messages over S seconds, as users arrive
at a steady state; that is the mode the latency targets are judged in. By default the loop is
closed with no pause and the chats start within 2 s (a flash crowd), so with 100 chats the
latency is mostly queueing (mean latency = chats / throughput) and the figure that matters is
the throughput. Besides the per-flow table the report gives p50/p95 per step (which step makes
a flow's tail) and how long the bot's Bot API calls took, and the driver's own loop lag: the
driver stands in for Telegram, so it must never be the slow side (it does not collect garbage
during the run; a 200 ms collector pause there once showed up as bot latency).
``--slow-callback-ms N`` turns on asyncio's debug mode and lists the callbacks that held the
bot's loop longer than N ms (diagnosis only: debug mode slows the bot). Logs go to ``var/bench/``.

The package, by role: ``scenario`` (what the chats do and which replies each update must
get), ``matching`` (which update a reply answers; no network), ``driver`` (the child process: the
local Bot API server and the chats, sending and reading replies), ``botside`` (the bot in this
process, its probes and counters), ``checks`` (the database against what the chats did),
``report`` (the figures) and ``__main__`` (the command line; ``bench/load.py`` runs it).
"""
