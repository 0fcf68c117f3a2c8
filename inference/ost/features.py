"""The OST audio-feature schema: one source of truth for training, serving and chat parsing.

Users paste Spotify numbers (0–1), numbers from the training table (0–100), Korean names,
units ("-6 dB", "120bpm", "80%"), so every conversion to the model's scale lives here and
training reads its column list from ``MODEL_FEATURES`` — the two can never drift apart.
Model scale: percentage features 0–100, loudness in dB, tempo in BPM, mode 1=major/0=minor,
key as pitch class 0–11, duration in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Scale(Enum):
    """How a raw value is turned into the model's scale."""

    PERCENT = "percent"  # 0–1 (Spotify) or 0–100 (training table)
    DB = "db"
    BPM = "bpm"
    MODE = "mode"
    KEY = "key"
    SECONDS = "seconds"


@dataclass(frozen=True)
class FeatureSpec:
    """One feature: canonical name, aliases (en/ko), model-scale range and how to read it."""

    name: str
    aliases: tuple[str, ...]
    low: float
    high: float
    scale: Scale
    required: bool


SPECS: tuple[FeatureSpec, ...] = (
    FeatureSpec("danceability", ("dance", "댄스", "춤", "댄서빌리티"), 0, 100, Scale.PERCENT, True),
    FeatureSpec("energy", ("에너지",), 0, 100, Scale.PERCENT, True),
    FeatureSpec(
        "loudness", ("loud", "volume", "음량", "볼륨", "라우드니스"), -60, 3, Scale.DB, True
    ),
    FeatureSpec("acousticness", ("acoustic", "어쿠스틱"), 0, 100, Scale.PERCENT, True),
    FeatureSpec(
        "valence",
        ("happiness", "happy", "행복", "밝기", "긍정", "발렌스"),
        0,
        100,
        Scale.PERCENT,
        True,
    ),
    FeatureSpec("tempo", ("bpm", "템포", "빠르기"), 30, 250, Scale.BPM, True),
    FeatureSpec("instrumentalness", ("instrumental", "연주", "기악"), 0, 100, Scale.PERCENT, False),
    FeatureSpec("liveness", ("live", "라이브"), 0, 100, Scale.PERCENT, False),
    FeatureSpec("speechiness", ("speech", "말", "가사", "스피치"), 0, 100, Scale.PERCENT, False),
    FeatureSpec("mode", ("장단조", "모드"), 0, 1, Scale.MODE, False),
    FeatureSpec("key", ("조", "키"), 0, 11, Scale.KEY, False),
    FeatureSpec("duration", ("length", "길이", "재생시간"), 1, 3600, Scale.SECONDS, False),
)

BY_NAME: dict[str, FeatureSpec] = {spec.name: spec for spec in SPECS}
REQUIRED: tuple[str, ...] = tuple(spec.name for spec in SPECS if spec.required)
# One complete, typical input on the model's scales: the example a user is shown and the row
# benchmarks and tests predict on.
EXAMPLE: dict[str, float] = {
    "danceability": 60.0,
    "energy": 80.0,
    "loudness": -6.0,
    "acousticness": 10.0,
    "valence": 30.0,
    "tempo": 120.0,
}
#: Columns the served model reads, in order; optional ones fall back to training medians.
MODEL_FEATURES: tuple[str, ...] = (
    *REQUIRED,
    "instrumentalness",
    "liveness",
    "speechiness",
    "mode",
)
_ALIASES: dict[str, str] = {
    alias.lower(): spec.name for spec in SPECS for alias in (spec.name, *spec.aliases)
}
_PITCHES = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}
_MODES = {"major": 1.0, "maj": 1.0, "장조": 1.0, "minor": 0.0, "min": 0.0, "단조": 0.0}
_PARTICLES = ("은", "는", "이", "가", "을", "를")


class UnknownFeature(ValueError):
    """The name is not a feature or an alias of one."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown feature {name!r}")
        self.name = name


class OutOfRange(ValueError):
    """The value, read on any accepted scale, falls outside the feature's range."""

    def __init__(self, feature: str, low: float, high: float, raw: str = "") -> None:
        super().__init__(f"{feature}={raw!r} is outside {low:g}..{high:g}")
        self.feature, self.low, self.high, self.raw = feature, low, high, raw


def canonical(name: str) -> str:
    """Canonical feature name for an alias, tolerating a trailing Korean particle (에너지는)."""
    word = name.strip().lower()
    if word in _ALIASES:
        return _ALIASES[word]
    for particle in _PARTICLES:
        if word.endswith(particle) and word[: -len(particle)] in _ALIASES:
            return _ALIASES[word[: -len(particle)]]
    raise UnknownFeature(name)


def _number(text: str) -> float:
    """A decimal number ("0.8", "0,8", "1.2e-05" as Spotify writes tiny values). Python's own
    digit grouping ("1_000") is not something a user means, so it is refused."""
    if "_" in text:
        raise ValueError(f"not a number: {text!r}")
    return float(text.replace(",", "."))


def _percent(spec: FeatureSpec, raw: str | float) -> float:
    text = str(raw).strip().lower()
    explicit = text.endswith(("%", "퍼센트"))
    value = _number(text.rstrip("%").removesuffix("퍼센트").strip())
    return value if explicit or value > 1 else value * 100


def _key(raw: str | float) -> float:
    text = str(raw).strip().lower()
    if text and text[0] in _PITCHES:
        shift = 1 if text[1:].startswith(("#", "♯", "s")) else -1 if text[1:2] == "b" else 0
        return float((_PITCHES[text[0]] + shift) % 12)
    return _number(text)


def _mode(raw: str | float) -> float:
    text = str(raw).strip().lower()
    return _MODES[text] if text in _MODES else _number(text)


def _seconds(raw: str | float) -> float:
    text = str(raw).strip().lower().removesuffix("s").removesuffix("초").strip()
    if ":" in text:
        minutes, seconds = text.split(":", 1)
        return _number(minutes) * 60 + _number(seconds)
    return _number(text)


def normalise(name: str, raw: str | float) -> float:
    """``raw`` on the model's scale for feature ``name`` (any alias), or OutOfRange/UnknownFeature.

    Percentages: a value ≤ 1 is read as Spotify's 0–1 scale unless written with %.
    """
    spec = BY_NAME[canonical(name)]
    text = str(raw).strip().lower()
    try:
        if spec.scale is Scale.PERCENT:
            value = _percent(spec, raw)
        elif spec.scale is Scale.DB:
            value = _number(text.removesuffix("db").strip())
        elif spec.scale is Scale.BPM:
            value = _number(text.removesuffix("bpm").strip())
        elif spec.scale is Scale.MODE:
            value = _mode(raw)
        elif spec.scale is Scale.KEY:
            value = _key(raw)
        else:
            value = _seconds(raw)
    except (ValueError, KeyError) as error:
        raise OutOfRange(spec.name, spec.low, spec.high, str(raw)) from error
    if not spec.low <= value <= spec.high or value != value:
        raise OutOfRange(spec.name, spec.low, spec.high, str(raw))
    return value + 0.0  # "-0" is 0, not "-0" in the reply


@dataclass(frozen=True)
class ParsedFeatures:
    """What one chat line said: values on the model's scale, and what could not be used."""

    values: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    out_of_range: list[OutOfRange] = field(default_factory=list)


# A number must end where it seems to: "1e309", "0x10" or "1_000" is one (bad) value, never
# "1" followed by the key "e" or the word "x10" (which read "energy 1e309" as energy 100).
_TOKEN = re.compile(
    r"-?\d+(?:[.,]\d+)?(?::\d{1,2})?\s*(?:%|퍼센트|db|bpm|초|s\b)?"  # number with unit
    r"(?![A-Za-z0-9_]|[.,]\d)"
    r"|-?\d[A-Za-z0-9_.,:+-]*"  # a number run into letters: a value that is not a number
    r"|[A-Ga-g](?:#|♯|b)?(?![A-Za-z가-힣])"  # a key letter such as C# or Eb
    r"|[A-Za-z가-힣_]+",
    re.IGNORECASE,
)


def _is_value(token: str) -> bool:
    return (
        bool(re.match(r"-?\d", token))
        or token.lower() in _MODES
        or bool(re.fullmatch(r"[A-Ga-g](?:#|♯|b)?", token))
    )


def parse_line(text: str) -> ParsedFeatures:
    """Parse "energy 0.8 valence 0.3 tempo 120", "에너지 80 템포 120", "loudness -6dB", … ."""
    tokens = _TOKEN.findall(text)
    result = ParsedFeatures()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        try:
            name = canonical(token)
        except UnknownFeature:
            result.unknown.append(token)
            index += 1
            continue
        if index + 1 < len(tokens) and _is_value(tokens[index + 1]):
            try:
                result.values[name] = normalise(name, tokens[index + 1].strip())
            except OutOfRange as error:
                result.out_of_range.append(error)
            index += 2
        else:
            result.unknown.append(token)
            index += 1
    return result


def missing(features: Mapping[str, float] | ParsedFeatures) -> list[str]:
    """Required features not given, in schema order."""
    given = features.values if isinstance(features, ParsedFeatures) else features
    return [name for name in REQUIRED if name not in given]
