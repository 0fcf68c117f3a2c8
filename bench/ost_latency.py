"""One OST prediction's latency (p50/p95, target ≤ 5 ms) against the seed's 500-tree forest.

    python -m bench.ost_latency

Also the offline title lookup ("title - artist" → features) and the load times. The seed
forest is fitted here on random data of the table's shape so the bench needs no data.
"""

from __future__ import annotations

import time

import numpy as np

from inference.ost import OstGenreModel, TrackIndex
from inference.ost.features import EXAMPLE
from models.ost.candidates import seed_rf

ROW = EXAMPLE
QUERIES = ("Someone Like You - Adele", "hallelujah", "blinding lights the weeknd", "qqzzxx")


def _percentiles(call: object, repeats: int) -> tuple[float, float]:
    assert callable(call)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def main() -> None:
    started = time.perf_counter()
    model = OstGenreModel.load()
    loaded = time.perf_counter()
    tracks = TrackIndex.load()
    indexed = time.perf_counter()
    model.predict(ROW)
    p50, p95 = _percentiles(lambda: model.predict(ROW), 300)
    rng = np.random.default_rng(0)
    x, y = rng.random((3500, 10)), (rng.random((3500, 16)) < 0.2).astype(int)
    forest = seed_rf(42).set_params(n_jobs=1).fit(x, y)
    s50, s95 = _percentiles(lambda: forest.predict_proba(x[:1]), 100)
    print(f"ost service  p50 {p50:.2f} ms  p95 {p95:.2f} ms  (target ≤ 5 ms)")
    print(f"seed RF-500  p50 {s50:.2f} ms  p95 {s95:.2f} ms  → ratio p50 {s50 / p50:.1f}×")
    queries = iter(QUERIES * 100)
    t50, t95 = _percentiles(lambda: tracks.search(next(queries)), 200)
    print(f"title lookup p50 {t50:.2f} ms  p95 {t95:.2f} ms  ({len(tracks):,} songs)")
    model_ms, table_ms = 1000 * (loaded - started), 1000 * (indexed - loaded)
    print(f"load: model {model_ms:.0f} ms, song table {table_ms:.0f} ms")


if __name__ == "__main__":
    main()
