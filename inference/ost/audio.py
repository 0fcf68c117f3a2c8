"""Measure tempo and loudness of a short audio clip (a voice note, an MP3/WAV/FLAC file).

Why only these two: they are what a clip can measure without a model. Tempo comes from
librosa's onset-strength autocorrelation, loudness from pyloudnorm's ITU-R BS.1770 integrated
loudness (LUFS); Spotify's other features (danceability, energy, valence, acousticness…) were
outputs of Spotify's own models, so the chat asks the user for them instead of guessing.

Decoding is soundfile's bundled libsndfile (OGG/Opus as Telegram voice notes send it, OGG/Vorbis,
MP3, WAV, FLAC): no system package. The container is recognised from the first bytes, so an M4A,
WebM or a renamed image is refused as "another format", and a recognised file that does not
decode as "damaged". The length is read from the header before decoding (a 60-minute file is
never decoded), and at most ``MAX_SECONDS`` are decoded whatever the header says.

Tempo: the onset envelope (mel amplitudes, hop 256 at 22.05 kHz: 86 frames/s) gives librosa's
estimate, whose autocorrelation lag is then refined between frames (a parabola through the peak
and its multiples), because librosa's whole-frame lags step by 2–3 BPM near 120. librosa's
prior prefers tempos near 120 BPM, so a pulse at 190 BPM reads as 95, and 60 BPM with quieter
eighths as 120: the autocorrelation at half and twice the lag settles which (``_octave``).
On click tracks of 60–210 BPM, plain, with quieter
eighths, or with sixteenths and noise, this measures within 0.1 BPM (tests/test_audio_clips.py).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_SECONDS = 60.0
MIN_SECONDS = 2.0  # a tempo needs a few beats; BS.1770 needs at least one 0.4 s block
MAX_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download
ANALYSIS_RATE = 22050
HOP = 256
TEMPO_RANGE = (30.0, 250.0)  # the model's range (inference.ost.features)
LOUDNESS_RANGE = (-60.0, 3.0)
SILENT_LUFS = -70.0  # BS.1770's absolute gate: below it nothing counts as programme
OCTAVE_RATIO = 0.8
HALF_RATIO = 0.7
MAX_DOUBLED = 220.0  # a doubled tempo above this is not believed (Spotify's tempos end ~220)
SUPPORTED = ("ogg", "mp3", "wav", "flac")

Samples = npt.NDArray[np.float32]


class InvalidAudio(ValueError):
    """Audio the bot cannot measure; ``key`` names the message (``ost.audio.<key>``)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail

    def __reduce__(self) -> tuple[type[InvalidAudio], tuple[str, str]]:
        # Raised in the clip worker (``clip_worker``) and pickled back to the bot: rebuilt from
        # the key and detail, not from the joined message.
        return (InvalidAudio, (self.key, self.detail))


@dataclass(frozen=True)
class ClipMeasurement:
    """What a clip measured: tempo in BPM, loudness in LUFS (on the model's dB scale), and the
    clip itself (seconds decoded, container, sample rate, channels)."""

    tempo: float
    loudness: float
    seconds: float
    container: str
    sample_rate: int
    channels: int

    def features(self) -> dict[str, float]:
        """Tempo and loudness on the model's ranges, rounded as a user would type them."""
        tempo = min(max(round(self.tempo, 1), TEMPO_RANGE[0]), TEMPO_RANGE[1])
        loudness = min(max(round(self.loudness, 1), LOUDNESS_RANGE[0]), LOUDNESS_RANGE[1])
        return {"tempo": tempo, "loudness": loudness}


def container(data: bytes) -> str | None:
    """The container named by the first bytes: ogg, mp3, wav, flac, another known audio or
    video format (m4a, webm, aiff, amr, wma), or None for anything else."""
    head = data[:16]
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"fLaC"):
        return "flac"
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3"):
        return "mp3"
    # An MPEG audio frame: 11 sync bits, then a layer other than 00 (00 is AAC's ADTS).
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "mp3"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"FORM"):
        return "aiff"
    if head.startswith(b"#!AMR"):
        return "amr"
    if head.startswith(b"\x30\x26\xb2\x75"):
        return "wma"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "aac"
    return None


def decode(data: bytes) -> tuple[Samples, int, str]:
    """(samples × channels as float32, sample rate, container), or InvalidAudio."""
    import soundfile

    if len(data) > MAX_BYTES:
        raise InvalidAudio("too_large")
    kind = container(data)
    if kind is None:
        raise InvalidAudio("not_audio")
    if kind not in SUPPORTED:
        raise InvalidAudio("unsupported", kind)
    try:
        info = soundfile.info(io.BytesIO(data))
        if info.samplerate <= 0 or info.channels <= 0:
            raise InvalidAudio("damaged", "no samples")
        if info.frames > 0 and info.frames / info.samplerate > MAX_SECONDS + 0.5:
            raise InvalidAudio("too_long", f"{info.frames / info.samplerate:.1f} s")
        limit = int((MAX_SECONDS + 0.5) * info.samplerate) + 1
        samples, rate = soundfile.read(
            io.BytesIO(data), frames=limit, dtype="float32", always_2d=True
        )
    except InvalidAudio:
        raise
    except (RuntimeError, ValueError, TypeError, OSError, EOFError) as error:
        raise InvalidAudio("damaged", str(error)[:200]) from error
    if len(samples) >= limit - 1:
        raise InvalidAudio("too_long", "more samples than the header said")
    if not np.isfinite(samples).all():
        raise InvalidAudio("damaged", "samples that are not numbers")
    return np.ascontiguousarray(samples, dtype=np.float32), int(rate), kind


def loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, K-weighted, gated), as pyloudnorm has it;
    more than five channels are mixed to mono first (BS.1770 weights only five)."""
    import pyloudnorm

    audio: npt.NDArray[Any] = samples.astype(np.float64)
    if audio.shape[1] > 5:
        audio = audio.mean(axis=1, keepdims=True)
    if audio.shape[1] == 1:
        audio = audio[:, 0]
    value = float(pyloudnorm.Meter(rate).integrated_loudness(audio))
    return value if math.isfinite(value) else -math.inf


def _peak(curve: npt.NDArray[np.float64], centre: float, spread: float) -> tuple[float, float]:
    """(lag, height) of the highest point of ``curve`` within ``centre ± spread`` frames,
    refined between frames by a parabola through it and its neighbours."""
    low = max(1, math.floor(centre - spread))
    high = min(len(curve) - 2, math.ceil(centre + spread))
    if high < low:
        return centre, 0.0
    at = low + int(np.argmax(curve[low : high + 1]))
    left, middle, right = curve[at - 1], curve[at], curve[at + 1]
    bend = left - 2 * middle + right
    shift = 0.5 * (left - right) / bend if bend < 0 else 0.0
    return at + float(np.clip(shift, -0.5, 0.5)), float(middle)


def tempo(mono: npt.NDArray[np.float32], rate: int) -> float:
    """Tempo in BPM of a mono signal (see the module docstring for the method)."""
    import librosa

    signal = mono.astype(np.float32)
    if rate != ANALYSIS_RATE:
        signal = librosa.resample(signal, orig_sr=rate, target_sr=ANALYSIS_RATE)
    # The power spectrogram is computed here rather than by librosa's melspectrogram(y=…):
    # that path compiles a numba kernel on first use (15–25 s without a numba cache).
    power = np.abs(librosa.stft(signal, n_fft=2048, hop_length=HOP)) ** 2
    mel = librosa.feature.melspectrogram(S=power, sr=ANALYSIS_RATE)
    # On mel amplitudes, not decibels: the log scale makes a quiet off-beat hi-hat nearly as
    # strong as the beat, and the octave check below could no longer tell them apart.
    envelope = librosa.onset.onset_strength(S=np.sqrt(mel), sr=ANALYSIS_RATE, hop_length=HOP)
    rough = float(librosa.feature.tempo(onset_envelope=envelope, sr=ANALYSIS_RATE,
                                        hop_length=HOP)[0])  # fmt: skip
    frames_per_minute = 60.0 * ANALYSIS_RATE / HOP
    curve = np.asarray(librosa.autocorrelate(envelope - envelope.mean()), dtype=np.float64)
    lag = _octave(curve, frames_per_minute / rough, frames_per_minute)
    lag, height = _peak(curve, lag, 2.0)
    # The beat's multiples sharpen the estimate: the k-th peak sits at k × lag.
    estimates, weights = [lag], [max(height, 1e-9)]
    for multiple in (2, 3, 4):
        if multiple * lag < len(curve) / 2:
            found, strength = _peak(curve, multiple * lag, 1.5)
            if strength > 0.3 * height:
                estimates.append(found / multiple)
                weights.append(strength)
    return frames_per_minute / float(np.average(estimates, weights=weights))


def _octave(curve: npt.NDArray[np.float64], lag: float, frames_per_minute: float) -> float:
    """The beat's lag among librosa's ``lag``, half and twice it.

    Twice as fast when every off-beat is about as strong as the beat (``OCTAVE_RATIO``: a
    pulse at 190 BPM that librosa's prior read as 95); half as fast when the beats librosa
    counted alternate strong and weak (``HALF_RATIO``: 60 BPM with quieter eighths read as
    120); otherwise librosa's.
    """
    height = _peak(curve, lag, 2.0)[1]
    faster = lag / 2 >= 2 and frames_per_minute / (lag / 2) <= MAX_DOUBLED
    if faster and _peak(curve, lag / 2, 1.0)[1] >= OCTAVE_RATIO * height:
        return lag / 2
    slower = 2 * lag < len(curve) / 2 and frames_per_minute / (2 * lag) >= TEMPO_RANGE[0]
    if slower and height < HALF_RATIO * _peak(curve, 2 * lag, 3.0)[1]:
        return 2 * lag
    return lag


def analyse(data: bytes) -> ClipMeasurement:
    """Decode and measure a clip; InvalidAudio for what cannot be measured."""
    samples, rate, kind = decode(data)
    seconds = len(samples) / rate
    if seconds < MIN_SECONDS:
        raise InvalidAudio("too_short", f"{seconds:.2f} s")
    lufs = loudness(samples, rate)
    if lufs < SILENT_LUFS or float(np.abs(samples).max()) < 1e-4:
        raise InvalidAudio("silent", f"{lufs:.1f} LUFS")
    bpm = tempo(samples.mean(axis=1), rate)
    return ClipMeasurement(bpm, lufs, seconds, kind, rate, int(samples.shape[1]))


def warm() -> None:
    """Import and run the analysis once on a generated clip, so the first voice note does not
    pay for loading librosa and its compiled kernels (a few seconds)."""
    rate = ANALYSIS_RATE
    clip = np.zeros(int(rate * MIN_SECONDS * 2), dtype=np.float32)
    clip[:: rate // 2] = 0.5
    buffer = io.BytesIO()
    import soundfile

    soundfile.write(buffer, clip, rate, format="WAV", subtype="PCM_16")
    analyse(buffer.getvalue())
