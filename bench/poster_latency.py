"""Serving cost of the poster model: RSS after loading, and bytes → prediction latency.

    python bench/poster_latency.py [--calls 100] [--artifact DIR] [--threads 2]
                                   [--compare var/poster_cache/pass1_own]

The input is one realistic 1000×1500 JPEG (quality 90): a real training poster upsampled
with noise when ../shared is present, otherwise a synthetic picture with the same noise.
Reports p50/p95 over ``--calls`` calls after warm-up of the whole ``predict`` (decode,
network, calibration, prior-corrected ranking and the out-of-distribution score), and the
split between decoding (decode + resize + normalise), the network, and what follows it.
With ``--compare DIR`` a second artifact (e.g. the pass-1 network without the clean-poster
branch) is timed in the same run, call for call alternately, so both see the same load.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.poster.classifier import PosterClassifier  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "posters" / "images" / "tt0084058.jpg"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def big_jpeg() -> tuple[bytes, str]:
    rng = np.random.default_rng(0)
    if SAMPLE.exists():
        base, source = Image.open(SAMPLE).convert("RGB"), f"upsampled {SAMPLE.name}"
    else:
        grad = np.linspace(0, 255, 128)
        base = Image.fromarray(
            np.stack([grad[:, None] * np.ones((1, 86))] * 3, -1).astype(np.uint8)
        )
        source = "synthetic gradient"
    big = np.asarray(base.resize((1000, 1500), Image.Resampling.BICUBIC), dtype=np.float32)
    big = np.clip(big + rng.normal(0, 6, big.shape), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(big).save(buffer, "JPEG", quality=90)
    return buffer.getvalue(), source


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples):6.1f} ms   p95 {q[18]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--artifact", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--compare", type=Path, default=None, help="a second artifact to time")
    args = parser.parse_args()
    data, source = big_jpeg()
    before = rss_mb()
    started = time.perf_counter()
    clf = PosterClassifier.load(args.artifact, num_threads=args.threads)
    load_s = time.perf_counter() - started
    print(
        f"model {clf.model_version}; load {load_s:.2f} s; torch threads {torch.get_num_threads()}"
    )
    print(f"RSS before load {before:.0f} MB, after load {rss_mb():.0f} MB")
    print(f"input: 1000x1500 JPEG, {len(data) / 1024:.0f} KB ({source})")
    other = PosterClassifier.load(args.compare, num_threads=args.threads) if args.compare else None
    for _ in range(10):
        clf.predict(data)
        if other is not None:
            other.predict(data)
    total, decode, model, after, compared = [], [], [], [], []
    for _ in range(args.calls):
        if other is not None:
            t = time.perf_counter()
            other.predict(data)
            compared.append((time.perf_counter() - t) * 1000)
        t0 = time.perf_counter()
        clf.predict(data)
        t1 = time.perf_counter()
        batch = clf.prepare(data)
        t2 = time.perf_counter()
        outputs = clf.run(batch)
        t3 = time.perf_counter()
        clf.interpret(outputs)
        t4 = time.perf_counter()
        total.append((t1 - t0) * 1000)
        decode.append((t2 - t1) * 1000)
        model.append((t3 - t2) * 1000)
        after.append((t4 - t3) * 1000)
    print(f"bytes -> prediction ({args.calls} calls):  {percentiles(total)}   (target p50 <= 25)")
    print(f"  decode + resize + normalise:      {percentiles(decode)}")
    print(f"  network forward (+ features):     {percentiles(model)}")
    print(f"  calibration, ranking, OOD score:  {percentiles(after)}")
    if other is not None:
        print(f"compared, {other.model_version} ({args.compare}), alternate calls:")
        print(f"  bytes -> prediction:              {percentiles(compared)}")
        print("  (RSS above includes both models)")
    print(f"RSS after the calls {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
