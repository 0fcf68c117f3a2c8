"""One OST prediction's latency (p50/p95, target ≤ 5 ms) against the seed's 500-tree forest.

    python -m bench.ost_latency

Also the offline song lookup (English, Korean, typos, "title - artist"; the load of the 60k-song
table and the build of its index), and the analysis of a 30-second clip (decode, tempo,
loudness) as WAV and as an OGG/Opus voice note, after a warm-up. The seed forest is fitted here
on random data of the table's shape, and the clip generated, so the bench needs no data.
"""

from __future__ import annotations

import io
import time

import numpy as np
import soundfile

from inference.ost import OstGenreModel, TrackIndex, audio
from inference.ost.features import EXAMPLE
from models.ost.candidates import seed_rf

ROW = EXAMPLE
QUERIES = (
    "Someone Like You - Adele",
    "hallelujah",
    "blinding lights the weeknd",
    "qqzzxx",
    "Dynamite BTS",
    "좋은 날 아이유",
    "방탄소년단 다이너마이트",
    "My Heart Will Go On",
    "bohemian rhapsdy",
    "블랙핑크 뚜두뚜두",
)


def _clip(kind: str, subtype: str, rate: int, seconds: float = 30.0) -> bytes:
    """A 30 s click track at 120 BPM over a quiet tone, as a file of ``kind``."""
    time_axis = np.arange(int(seconds * rate)) / rate
    clip = 0.1 * np.sin(2 * np.pi * 440 * time_axis)
    clip[(time_axis % 0.5) < 0.01] += 0.6
    buffer = io.BytesIO()
    soundfile.write(buffer, clip.astype(np.float32), rate, format=kind, subtype=subtype)
    return buffer.getvalue()


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
    warm_started = time.perf_counter()
    tracks.warm()
    built = time.perf_counter() - warm_started
    queries = iter(QUERIES * 100)
    t50, t95 = _percentiles(lambda: tracks.search(next(queries)), 300)
    print(f"song lookup  p50 {t50:.2f} ms  p95 {t95:.2f} ms  ({len(tracks):,} songs)")
    model_ms, table_ms = 1000 * (loaded - started), 1000 * (indexed - loaded)
    print(f"load: model {model_ms:.0f} ms, song table {table_ms:.0f} ms, index {built:.2f} s")
    warm_started = time.perf_counter()
    audio.warm()
    print(f"audio warm-up (imports, first analysis) {time.perf_counter() - warm_started:.2f} s")
    for label, clip in (
        ("WAV 44.1 kHz", _clip("WAV", "PCM_16", 44100)),
        ("OGG/Opus 48 kHz", _clip("OGG", "OPUS", 48000)),
    ):
        measured = audio.analyse(clip)
        a50, a95 = _percentiles(lambda clip=clip: audio.analyse(clip), 10)
        print(
            f"30 s clip, {label:16} p50 {a50:.0f} ms  p95 {a95:.0f} ms  "
            f"(tempo {measured.tempo:.1f} BPM, loudness {measured.loudness:.1f} LUFS)"
        )


if __name__ == "__main__":
    main()
