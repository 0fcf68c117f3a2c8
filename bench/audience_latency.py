"""One box-office prediction's latency (p50/p95 over 500 calls; target ≤ 10 ms) and load time.

    python -m bench.audience_latency

Uses the committed artifact and tables; no shared data needed.
"""

from __future__ import annotations

import resource
import time

import numpy as np

from inference.audience import AudienceModel
from models.audience.examples import EXAMPLE


def main() -> None:
    start = time.perf_counter()
    model = AudienceModel.load()
    load_s = time.perf_counter() - start
    model.predict(EXAMPLE)
    times = []
    for _ in range(500):
        t = time.perf_counter()
        model.predict(EXAMPLE)
        times.append((time.perf_counter() - t) * 1000)
    p50, p95 = np.percentile(times, [50, 95])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load {load_s:.2f} s   predict p50 {p50:.2f} ms  p95 {p95:.2f} ms  (target ≤ 10 ms)")
    print(f"max RSS {rss:.0f} MiB (process total, no TensorFlow imported)")


if __name__ == "__main__":
    main()
