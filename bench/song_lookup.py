"""Song lookup quality: top-1 per query group on bench/data/song_queries.csv, beside a baseline.

    python -m bench.song_lookup [--split dev|test] [--tune]

The served lookup (``TrackIndex.search`` over data/ost/tracks.csv.gz with the Korean artist
names of data/ost/aliases.csv) against a trivial baseline: rapidfuzz ``WRatio`` of the query
against every song title of the same table (the first of equal scores). A query is right when
the first song's merge key (main name | first artist) is the one the query was written for.
"Direct" is how often the bot would answer at once (``confident``) and how often that answer
is the wrong song. Choices (``POPULARITY_BONUS``: ``--tune`` prints the dev figures for each
value tried) are made on the dev half; the test half is scored once, at the end.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from inference.ost import tracks as tracks_module
from inference.ost.songs import song_key
from inference.ost.tracks import TrackIndex

QUERIES = Path(__file__).resolve().parent / "data" / "song_queries.csv"
BONUSES = (0.0, 1.0, 3.0, 5.0, 10.0)


def _rows(split: str) -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["split"] == split]


Outcome = tuple[list[bool], list[str], list[float]]


def _ours(index: TrackIndex, rows: list[dict[str, str]]) -> Outcome:
    """(right?, direct answer: "right"/"wrong"/"", milliseconds) per query."""
    right, direct, times = [], [], []
    for row in rows:
        start = time.perf_counter()
        matches = index.search(row["query"])
        answer = index.confident(row["query"], matches)
        times.append(1000 * (time.perf_counter() - start))
        found = [song_key(m.track.title, m.track.artist) for m in matches[:1]]
        right.append(found == [row["expected_key"]])
        if answer is None:
            direct.append("")
        else:
            ok = song_key(answer.title, answer.artist) == row["expected_key"]
            direct.append("right" if ok else "wrong")
    return right, direct, times


def _baseline(index: TrackIndex, rows: list[dict[str, str]]) -> list[bool]:
    titles = [index.track(i).title for i in range(len(index))]  # type: ignore[union-attr]
    keys = [song_key(t, index.track(i).artist) for i, t in enumerate(titles)]  # type: ignore[union-attr]
    choices = [utils.default_process(t) for t in titles]
    right = []
    for row in rows:
        best = process.extractOne(
            utils.default_process(row["query"]), choices, scorer=fuzz.WRatio, processor=None
        )
        right.append(best is not None and keys[best[2]] == row["expected_key"])
    return right


def _mean(values: list[bool], members: list[int]) -> float:
    return float(np.mean([values[i] for i in members]))


def _table(
    rows: list[dict[str, str]], ours: list[bool], base: list[bool], direct: list[str]
) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["group"]].append(i)
        groups["all"].append(i)
    print(f"{'group':16} {'n':>4} {'baseline':>9} {'lookup':>7} {'direct':>7} {'wrong':>6}")
    for group, members in sorted(groups.items(), key=lambda item: item[0] == "all"):
        answered = [direct[i] for i in members if direct[i]]
        wrong = sum(1 for d in answered if d == "wrong")
        print(
            f"{group:16} {len(members):4d} {_mean(base, members):9.3f} {_mean(ours, members):7.3f} "
            f"{len(answered) / len(members):7.2f} {wrong:6d}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--tune", action="store_true", help="dev top-1 for each bonus tried")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    index = TrackIndex.load()
    loaded = time.perf_counter()
    index.warm()
    print(
        f"{len(index):,} songs, {len(index.names)} Korean artist names; load "
        f"{1000 * (loaded - started):.0f} ms, index {time.perf_counter() - loaded:.1f} s"
    )
    if args.tune:
        rows = _rows("dev")
        served = tracks_module.POPULARITY_BONUS
        for bonus in BONUSES:
            tracks_module.POPULARITY_BONUS = bonus
            right, direct, _ = _ours(index, rows)
            wrong = sum(1 for d in direct if d == "wrong")
            mark = " (served)" if bonus == served else ""
            print(f"dev popularity bonus {bonus:4.1f}: top-1 {np.mean(right):.3f}, "
                  f"wrong direct answers {wrong}{mark}")  # fmt: skip
        tracks_module.POPULARITY_BONUS = served
        return
    rows = _rows(args.split)
    ours, direct, times = _ours(index, rows)
    base = _baseline(index, rows)
    print(f"split {args.split}: {len(rows)} queries")
    _table(rows, ours, base, direct)
    p50, p95 = np.percentile(times, 50), np.percentile(times, 95)
    print(f"lookup time per query: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    misses = [(r["group"], r["query"], r["expected_key"]) for r, ok in zip(rows, ours, strict=True)
              if not ok]  # fmt: skip
    if args.split == "dev":
        for miss in misses:
            print("miss:", *miss)
    else:
        print(f"{len(misses)} misses (listed only for dev)")


if __name__ == "__main__":
    main()
