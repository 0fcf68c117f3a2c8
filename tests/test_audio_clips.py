"""Tempo and loudness of clips generated here: click tracks, a calibrated tone, every format
Telegram users send (OGG/Opus voice notes, OGG/Vorbis, MP3, WAV, FLAC), and bad audio."""

from __future__ import annotations

import io
import math

import numpy as np
import numpy.typing as npt
import pytest
import soundfile

from inference.ost.audio import (
    MAX_BYTES,
    ClipMeasurement,
    InvalidAudio,
    analyse,
    container,
    loudness,
)

RATE = 44100


def click_track(
    bpm: float,
    seconds: float = 20.0,
    *,
    rate: int = RATE,
    subdivide: int = 1,
    weak: float = 0.3,
    noise: float = 0.0,
) -> npt.NDArray[np.float32]:
    """Clicks (20 ms of a 1 kHz tone) on every beat; ``subdivide`` > 1 adds quieter clicks
    (``weak`` of the beat's amplitude) between beats, as hi-hats do; ``noise`` adds white
    noise of that amplitude."""
    track = np.zeros(int(seconds * rate), dtype=np.float32)
    size = int(0.02 * rate)
    click = (np.sin(2 * np.pi * 1000 * np.arange(size) / rate) * np.hanning(size)).astype(
        np.float32
    )
    period = 60.0 / bpm
    for beat in np.arange(0.1, seconds - 0.05, period / subdivide):
        at = int(beat * rate)
        if at + size <= len(track):
            strong = abs(beat - 0.1) / period % 1 < 1e-6 or abs(beat - 0.1) / period % 1 > 1 - 1e-6
            track[at : at + size] += 0.8 * (1.0 if strong else weak) * click
    if noise:
        track += noise * np.random.default_rng(0).standard_normal(len(track)).astype(np.float32)
    return track


def tone(lufs: float, seconds: float = 10.0, rate: int = RATE) -> npt.NDArray[np.float32]:
    """A 997 Hz sine at ``lufs`` by ITU-R BS.1770's own calibration (a full-scale 997 Hz sine
    in one channel reads −3.01 LKFS), so the loudness test does not trust pyloudnorm to set
    its own input."""
    amplitude = 10 ** ((lufs + 3.0103) / 20)
    return (amplitude * np.sin(2 * np.pi * 997 * np.arange(int(seconds * rate)) / rate)).astype(
        np.float32
    )


def encode(
    samples: npt.NDArray[np.float32],
    kind: str = "WAV",
    subtype: str = "PCM_16",
    rate: int = RATE,
) -> bytes:
    """The clip as a file of ``kind`` (soundfile's format names: WAV, FLAC, OGG, MP3)."""
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format=kind, subtype=subtype)
    return buffer.getvalue()


def test_a_120_bpm_click_track_measures_120() -> None:
    measured = analyse(encode(click_track(120)))
    assert measured.tempo == pytest.approx(120, abs=2)
    assert measured.container == "wav" and measured.seconds == pytest.approx(20, abs=0.01)


@pytest.mark.parametrize("bpm", [60, 85, 100, 150, 175, 190, 210])
@pytest.mark.parametrize(
    "texture",
    [{}, {"subdivide": 2, "weak": 0.3}, {"subdivide": 4, "weak": 0.2, "noise": 0.02}],
    ids=["clicks", "quieter-eighths", "sixteenths-and-noise"],
)
def test_tempo_is_right_at_many_tempos_without_octave_errors(
    bpm: int, texture: dict[str, float]
) -> None:
    """librosa alone reads 190 BPM clicks as 95 (its prior prefers ~120) and quiet off-beats
    on decibel onsets as double time; both are handled (inference/ost/audio.py)."""
    clip = click_track(bpm, **texture)  # type: ignore[arg-type]
    assert analyse(encode(clip)).tempo == pytest.approx(bpm, abs=2)


def test_a_minus_14_lufs_tone_measures_minus_14() -> None:
    assert analyse(encode(tone(-14.0), subtype="FLOAT")).loudness == pytest.approx(-14, abs=1)
    assert loudness(tone(-23.0)[:, None], RATE) == pytest.approx(-23, abs=1)
    stereo = np.column_stack([tone(-20.0), tone(-20.0)])  # BS.1770 sums the channels: +3 dB
    assert loudness(stereo, RATE) == pytest.approx(-20 + 10 * math.log10(2), abs=1)


@pytest.mark.parametrize(
    ("kind", "subtype", "rate", "name"),
    [
        ("OGG", "OPUS", 48000, "ogg"),  # what Telegram voice notes are
        ("OGG", "VORBIS", RATE, "ogg"),
        ("MP3", "MPEG_LAYER_III", RATE, "mp3"),
        ("WAV", "PCM_16", RATE, "wav"),
        ("FLAC", "PCM_16", RATE, "flac"),
    ],
)
def test_every_accepted_format_decodes_and_measures(
    kind: str, subtype: str, rate: int, name: str
) -> None:
    clip = click_track(120, 10, rate=rate) + tone(-20, 10, rate)
    measured = analyse(encode(clip, kind, subtype, rate))
    assert (measured.container, measured.sample_rate, measured.channels) == (name, rate, 1)
    assert measured.tempo == pytest.approx(120, abs=2)
    assert measured.loudness == pytest.approx(-19, abs=3)  # the tone plus the clicks


def test_a_clip_over_60_seconds_is_refused() -> None:
    long = encode(click_track(100, 61, rate=8000), rate=8000)
    with pytest.raises(InvalidAudio) as refused:
        analyse(long)
    assert refused.value.key == "too_long"
    assert analyse(encode(click_track(100, 59.5, rate=8000), rate=8000)).seconds < 60


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "not_audio"),
        (b"hello, this is not audio at all" * 10, "not_audio"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not_audio"),
        (b"OggS-voice", "damaged"),  # an OGG header and nothing after it
        (b"\x00\x00\x00\x20ftypM4A " + bytes(200), "unsupported"),  # an iPhone voice memo
        (b"\x1a\x45\xdf\xa3" + bytes(100), "unsupported"),  # WebM
        (b"fLaC" + bytes(100), "damaged"),
    ],
)
def test_garbage_and_other_formats_are_refused_with_a_reason(data: bytes, key: str) -> None:
    with pytest.raises(InvalidAudio) as refused:
        analyse(data)
    assert refused.value.key == key


def test_damaged_short_silent_and_oversized_clips() -> None:
    whole = encode(click_track(120, 10))
    with pytest.raises(InvalidAudio) as cut:
        analyse(whole[:30])  # the header only
    assert cut.value.key in ("damaged", "too_short")
    with pytest.raises(InvalidAudio) as short:
        analyse(encode(click_track(120, 1.0)))
    assert short.value.key == "too_short"
    with pytest.raises(InvalidAudio) as silent:
        analyse(encode(np.zeros(RATE * 5, dtype=np.float32)))
    assert silent.value.key == "silent"
    with pytest.raises(InvalidAudio) as large:
        analyse(b"RIFF" + bytes(MAX_BYTES))
    assert large.value.key == "too_large"


def test_containers_are_named_by_their_first_bytes() -> None:
    assert container(encode(tone(-20, 1), "OGG", "OPUS", 48000)) == "ogg"
    assert container(encode(tone(-20, 1), "MP3", "MPEG_LAYER_III")) == "mp3"
    assert container(b"ID3\x04" + bytes(20)) == "mp3"
    assert container(b"\xff\xf1" + bytes(20)) == "aac"  # ADTS is not an MPEG layer
    assert container(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"


def test_measurements_are_clamped_to_the_model_ranges() -> None:
    wild = ClipMeasurement(tempo=400.4, loudness=-75.26, seconds=3, container="wav",
                           sample_rate=RATE, channels=1)  # fmt: skip
    assert wild.features() == {"tempo": 250.0, "loudness": -60.0}
    usual = ClipMeasurement(119.96, -14.04, 30, "ogg", 48000, 1).features()
    assert usual == {"tempo": 120.0, "loudness": -14.0}


async def test_the_clip_worker_measures_as_the_bot_did_and_survives_a_dead_worker() -> None:
    """Clips are measured in a worker process (``inference.ost.clip_worker``): the same
    measurement as ``analyse`` here, the same refusal (key and detail survive the trip back),
    and a worker that dies on a clip is replaced — that clip is refused as damaged, the next
    one is measured."""
    import os
    import pickle
    import signal

    from inference.ost.clip_worker import ClipAnalyser

    error = pickle.loads(pickle.dumps(InvalidAudio("too_short", "0.50 s")))
    assert (error.key, error.detail, str(error)) == ("too_short", "0.50 s", "too_short: 0.50 s")

    clip = encode(click_track(120, 12.0), "WAV", "PCM_16")
    clips = ClipAnalyser(timeout_s=60)
    clips.start()
    try:
        assert await clips.analyse(clip) == analyse(clip)
        with pytest.raises(InvalidAudio) as refused:
            await clips.analyse(b"not audio at all" * 10)
        assert refused.value.key == "not_audio"

        worker = clips.pid()
        assert worker is not None and worker != os.getpid()
        os.kill(worker, signal.SIGKILL)  # as a decoder crashing on a clip would
        with pytest.raises(InvalidAudio) as damaged:
            await clips.analyse(clip)
        assert damaged.value.key == "damaged"
        assert (await clips.analyse(clip)).tempo == pytest.approx(analyse(clip).tempo)
    finally:
        clips.close()


def test_the_clip_worker_exits_when_the_bot_is_killed() -> None:
    """kill -9 of the bot must not leave its clip worker running (it would wait forever on a
    queue nobody writes to): the worker watches its parent and exits."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = (
        "import os, signal, time\n"
        "from inference.ost.clip_worker import ClipAnalyser\n"
        "clips = ClipAnalyser(); clips.start()\n"
        "clips.wait_ready(timeout_s=60)\n"
        "print(clips.pid(), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    workers = [int(pid) for pid in done.stdout.split()]
    assert done.returncode == -9 and len(workers) == 1

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except FileNotFoundError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 10
    while alive(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers[0])
