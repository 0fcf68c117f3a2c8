"""Serving cost of the committed recommender: load time, memory, top-10 latency.

    python bench/recommend_latency.py [--calls 300] [--artifact DIR] [--catalogue DIR]

Load = ``Catalogue.load`` (what the bot loads anyway), then ``Recommender.load(artifact,
catalogue)`` (sha256 check + npz read + the content features of every catalogue film) in a fresh
process; RSS after each.  Then top-10 over the whole catalogue, p50/p95 over ``--calls`` calls
(seeded), for: a new user with 10 random favourites EASE knows; a user with 10 favourites from
the Korean films (mostly unknown to EASE, region KR); the same with "only my services"
(Netflix + Watcha + Wavve in Korea).  The trivial baseline beside them is a user with no
favourite at all (the popularity list), which skips both scoring steps.
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

from inference.catalogue import Catalogue  # noqa: E402
from inference.catalogue.availability import OfflineAvailability  # noqa: E402
from inference.recommender import Recommender, UserSignals  # noqa: E402
from inference.recommender.moods import MOOD_PROFILES  # noqa: E402


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
    parser.add_argument("--catalogue", type=Path, default=None)
    args = parser.parse_args()
    before = rss_mb()
    started = time.perf_counter()
    catalogue = Catalogue.load(args.catalogue)
    catalogue_s = time.perf_counter() - started
    with_catalogue = rss_mb()
    started = time.perf_counter()
    recommender = Recommender.load(args.artifact, catalogue)
    load_s = time.perf_counter() - started
    after = rss_mb()
    services = OfflineAvailability.load(args.catalogue).movies_on(("netflix", "watcha", "wavve"),
                                                                  "KR")  # fmt: skip
    rng = np.random.default_rng(0)
    known = np.array([m.movie_id for m in catalogue if recommender.knows(m.movie_id)])
    korean = np.array([m.movie_id for m in catalogue if m.korean])

    def sample(ids: np.ndarray) -> frozenset[int]:
        return frozenset(rng.choice(ids, size=10, replace=False).tolist())

    cases = {
        "top-10, 10 favourites EASE knows": [
            (UserSignals(favourites=sample(known)), None, None) for _ in range(args.calls)
        ],
        "top-10, 10 Korean favourites, region KR": [
            (UserSignals(favourites=sample(korean)), None, "KR") for _ in range(args.calls)
        ],
        "  same, only Netflix + Watcha + Wavve (KR)": [
            (UserSignals(favourites=sample(korean)), services, "KR") for _ in range(args.calls)
        ],
        "top-10, no favourite (popularity, baseline)": [
            (UserSignals(favourites=frozenset()), None, "KR") for _ in range(args.calls)
        ],
    }
    recommender.recommend(cases["top-10, 10 favourites EASE knows"][0][0])  # outside the timing
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(args.calls):
        for name, calls in cases.items():
            signals, allowed, region = calls[i]
            t0 = time.perf_counter()
            result = recommender.recommend(signals, 10, allowed, region=region)
            timings[name].append((time.perf_counter() - t0) * 1000)
            assert len(result) == 10
    # Issue 23: "films like X" for any catalogue film, and a mood re-ranking a newcomer's list.
    seeds = rng.choice(np.concatenate([known, korean]), size=args.calls, replace=False)
    moods = sorted(MOOD_PROFILES)
    extra = {"films like X (a random EASE or Korean film), KR": [], "top-10 with a mood, KR": []}
    for i, seed in enumerate(seeds.tolist()):
        t0 = time.perf_counter()
        recommender.similar(int(seed), 10, region="KR")
        extra["films like X (a random EASE or Korean film), KR"].append(
            (time.perf_counter() - t0) * 1000)  # fmt: skip
        t0 = time.perf_counter()
        recommender.recommend(UserSignals(favourites=frozenset()), 10, region="KR",
                              mood=moods[i % len(moods)])  # fmt: skip
        extra["top-10 with a mood, KR"].append((time.perf_counter() - t0) * 1000)
    timings.update(extra)
    print(
        f"model {recommender.model_version}: {known.size:,} EASE items, "
        f"{recommender.pool_size:,} of {recommender.catalogue_size:,} catalogue films recommendable"
    )
    print(
        f"catalogue load {catalogue_s * 1000:.0f} ms, RSS {before:.0f} → {with_catalogue:.0f} MB; "
        f"recommender load (sha256 + arrays + content features) {load_s * 1000:.0f} ms, "
        f"RSS → {after:.0f} MB (+{after - with_catalogue:.0f} MB)"
    )
    for name, samples in timings.items():
        p50, p95 = percentiles(samples)
        print(f"{name:<46} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  ({len(samples)} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
