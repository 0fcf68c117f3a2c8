"""Serving cost of the committed recommender: load time, memory, top-10 latency.

    python bench/recommend_latency.py [--calls 300] [--artifact DIR]

Load = ``Recommender.load`` (sha256 check + npz read) in a fresh process; RSS after loading;
then top-10 for a new user with 10 random known favourites over the whole catalogue, p50/p95
over ``--calls`` calls (seeded).  The trivial baseline beside it is the popularity fallback
(a user with no known favourite), which skips the model's scoring step.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.recommender import Recommender, UserSignals  # noqa: E402


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--artifact", type=Path, default=None)
    args = parser.parse_args()
    before = rss_mb()
    started = time.perf_counter()
    recommender = Recommender.load(args.artifact)
    load_s = time.perf_counter() - started
    after = rss_mb()
    rng = np.random.default_rng(0)
    ids = np.array(
        [m for m in range(1, 200_000) if recommender.knows(m)], dtype=np.int64
    )  # the model's items
    users = [frozenset(rng.choice(ids, size=10, replace=False).tolist()) for _ in range(args.calls)]
    recommender.recommend(UserSignals(favourites=users[0]))  # first call outside the timing
    timings: dict[str, list[float]] = {"model": [], "popularity": []}
    for favourites in users:
        for name, signals in (
            ("model", UserSignals(favourites=favourites)),
            ("popularity", UserSignals(favourites=frozenset())),
        ):
            t0 = time.perf_counter()
            result = recommender.recommend(signals, k=10)
            timings[name].append((time.perf_counter() - t0) * 1000)
            assert len(result) == 10
    print(f"model {recommender.model_name}, {ids.size} items")
    print(
        f"load (sha256 check + arrays): {load_s * 1000:.0f} ms; RSS {before:.0f} → {after:.0f} MB"
    )
    for name, label in (
        ("model", "top-10, new user, 10 favourites"),
        ("popularity", "top-10, popularity fallback (baseline)"),
    ):
        p50, p95 = percentiles(timings[name])
        print(f"{label:<42} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  ({len(timings[name])} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
