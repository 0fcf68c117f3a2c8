"""OST feature parsing (ko/en, both scales) and the committed genre-fit artifact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inference.ost import ArtifactError, MissingFeatures, OstGenreModel, missing, parse_line
from inference.ost.features import EXAMPLE, REQUIRED, OutOfRange, UnknownFeature, normalise

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FULL = EXAMPLE


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("energy 0.8 valence 0.3 tempo 120", {"energy": 80.0, "valence": 30.0, "tempo": 120.0}),
        ("에너지 80 템포 120", {"energy": 80.0, "tempo": 120.0}),
        ("energy=0.8, tempo: 120bpm", {"energy": 80.0, "tempo": 120.0}),
        ("loudness -6dB", {"loudness": -6.0}),
        ("음량 -6 dB 행복 0.5 춤 70", {"loudness": -6.0, "valence": 50.0, "danceability": 70.0}),
        ("에너지는 1% 어쿠스틱 1", {"energy": 1.0, "acousticness": 100.0}),
    ],
)
def test_parse_line_both_languages_and_scales(line: str, expected: dict[str, float]) -> None:
    parsed = parse_line(line)
    assert parsed.values == pytest.approx(expected)
    assert parsed.unknown == [] and parsed.out_of_range == []


def test_out_of_range_and_unknown_words_are_reported() -> None:
    parsed = parse_line("energy 150 banana 3 tempo 400 valence 0.2")
    assert parsed.values == {"valence": 20.0}
    assert [e.feature for e in parsed.out_of_range] == ["energy", "tempo"]
    assert "banana" in parsed.unknown


def test_normalise_errors() -> None:
    with pytest.raises(OutOfRange) as caught:
        normalise("loudness", "-90 dB")
    assert (caught.value.low, caught.value.high) == (-60, 3)
    with pytest.raises(UnknownFeature):
        normalise("bass", 3)
    assert normalise("key", "C#") == 1.0 and normalise("mode", "단조") == 0.0


def test_missing_lists_required_features() -> None:
    assert missing(parse_line("energy 0.5")) == [n for n in REQUIRED if n != "energy"]
    assert missing(FULL) == []


def test_prediction_shape_and_order() -> None:
    model = OstGenreModel.load()
    prediction = model.predict(FULL)
    fits = [s.fit for s in prediction.scores]
    assert len(fits) >= 10 and fits == sorted(fits, reverse=True)
    assert all(0 <= f <= 100 for f in fits) and prediction.model_version.startswith("ost-")
    with pytest.raises(MissingFeatures):
        model.predict({"energy": 50.0})


def test_sha256_mismatch_is_refused(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "models" / "ost" / "artifact"
    shutil.copytree(source, tmp_path / "a")
    with (tmp_path / "a" / "model.joblib").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ArtifactError, match="sha256"):
        OstGenreModel.load(tmp_path / "a")


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (the OST table)")
def test_training_table_loads_on_the_serving_scale() -> None:
    from models.ost import data

    table = data.load(SHARED / "ost")
    assert table.frame["loudness"].max() <= 3 and len(table.genres) == 16
