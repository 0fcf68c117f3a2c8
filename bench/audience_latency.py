"""One box-office forecast's latency (p50/p95 over 500 calls; target ≤ 10 ms), the reply's
caption and chart, load time and artifact size.

    python -m bench.audience_latency

Uses the committed artifact and tables; no shared data needed; neither TensorFlow nor
scikit-learn is imported.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np

from handlers.audience.reply import caption, chart
from inference.audience import AudienceModel
from models.audience.examples import EXAMPLE

ARTIFACT = Path(__file__).resolve().parents[1] / "models" / "audience" / "artifact"


def _percentiles(call: object, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(times, [50, 95])
    return float(p50), float(p95)


def main() -> None:
    start = time.perf_counter()
    model = AudienceModel.load()
    load_s = time.perf_counter() - start
    prediction = model.predict(EXAMPLE)
    p50, p95 = _percentiles(lambda: model.predict(EXAMPLE), 500)
    c50, c95 = _percentiles(lambda: caption(prediction, EXAMPLE, {}, "ko"), 200)
    g50, g95 = _percentiles(lambda: chart(prediction, "ko"), 100)
    size = sum(f.stat().st_size for f in ARTIFACT.iterdir()) / 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load {load_s:.2f} s   artifact {size:.0f} KiB")
    print(f"predict  p50 {p50:.2f} ms  p95 {p95:.2f} ms  (target ≤ 10 ms)")
    print(f"caption  p50 {c50:.2f} ms  p95 {c95:.2f} ms")
    print(f"chart    p50 {g50:.2f} ms  p95 {g95:.2f} ms")
    heavy = sorted(m for m in ("tensorflow", "sklearn", "keras") if m in sys.modules)
    print(f"max RSS {rss:.0f} MiB; heavy modules imported: {heavy or 'none'}")


if __name__ == "__main__":
    main()
