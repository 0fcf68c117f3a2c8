"""Speed of the transliteration model as the catalogue build will use it: one Hangul title, a
rapidfuzz prefilter on consonant skeletons over all English titles, then 50 candidates scored.

    python -m bench.transliteration_speed            # 300 Korean titles of the catalogue
    python -m bench.transliteration_speed --n 1000

Prints the milliseconds of the prefilter and of ``Transliterator.probabilities`` (50 candidates)
per query — median, 90th percentile, mean — once with the reading cache cold and once warm (the
build scores the same MovieLens candidates again and again). As a sanity figure it also prints
how often the film's own English title survives the prefilter and, when it does, how often the
model ranks it first; many of these films are in the training pairs, so that is no held-out
accuracy (``metadata.json`` has those).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from inference.catalogue.transliteration import Transliterator, hangul_skeleton, latin_skeleton

FILMS = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "films.csv.gz"


def _summary(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[int(0.9 * (len(values) - 1))]
    median, mean = statistics.median(values), statistics.mean(values)
    return f"median {median:.2f}  p90 {p90:.2f}  mean {mean:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    films = pd.read_csv(FILMS, usecols=["title", "title_ko"])
    titles = sorted(set(films["title"].dropna()))
    skeletons = [latin_skeleton(t) for t in titles]
    korean = films.dropna(subset=["title_ko"])
    rows = random.Random(0).sample(list(korean.itertuples(index=False)), args.n)
    model = Transliterator.load()
    prefilter_ms, cold_ms, warm_ms = [], [], []
    kept = first = 0
    for row in rows:
        start = time.perf_counter()
        found = process.extract(
            hangul_skeleton(row.title_ko), skeletons, scorer=fuzz.ratio, limit=50
        )
        candidates = [titles[index] for _, _, index in found]
        prefilter_ms.append((time.perf_counter() - start) * 1e3)
        start = time.perf_counter()
        probabilities = model.probabilities(row.title_ko, candidates)
        cold_ms.append((time.perf_counter() - start) * 1e3)
        start = time.perf_counter()
        model.probabilities(row.title_ko, candidates)
        warm_ms.append((time.perf_counter() - start) * 1e3)
        if row.title in candidates:
            kept += 1
            first += candidates[int(probabilities.argmax())] == row.title
    print(f"{args.n} Korean titles, {len(titles)} English titles")
    print(f"prefilter (rapidfuzz on skeletons), ms: {_summary(prefilter_ms)}")
    print(f"probabilities, 50 candidates, cold, ms: {_summary(cold_ms)}")
    print(f"probabilities, 50 candidates, warm, ms: {_summary(warm_ms)}")
    print(f"own title among the 50: {kept / args.n:.3f}; ranked first when there: "
          f"{first / max(kept, 1):.3f} (not held out)")  # fmt: skip


if __name__ == "__main__":
    main()
