"""OST feature parsing (ko/en, both scales) and the committed genre-fit artifact."""

from __future__ import annotations

import itertools
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


def test_a_value_that_is_not_a_number_is_refused_whole() -> None:
    """ "energy 1e309" once read as energy 1 (→ 100) followed by the key "e"; "0x10" as 0."""
    parsed = parse_line("energy 1e309 tempo 0x10 valence 1_000 danceability -1e309")
    assert parsed.values == {}
    assert [e.raw for e in parsed.out_of_range] == ["1e309", "0x10", "1_000", "-1e309"]
    # Spotify writes tiny values with an exponent; a sentence may end after a number.
    spotify = parse_line("instrumentalness 1.2e-05 energy 0.8. tempo 120bpm, mode minor")
    assert spotify.values == pytest.approx(
        {"instrumentalness": 0.0012, "energy": 80.0, "tempo": 120.0, "mode": 0.0}
    )
    assert str(normalise("energy", "-0")) == "0.0"  # not "-0" in the reply


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
    assert len(fits) == len(set(s.genre for s in prediction.scores)) >= 10
    assert all(0 <= f <= 100 for f in fits) and prediction.model_version.startswith("ost-")
    assert all(0 < s.typical < 100 for s in prediction.scores)
    # Served order: fit relative to a typical track, fit / typical**alpha, never increasing.
    alpha = model.rank_alpha
    ranks = [s.fit / s.typical**alpha for s in prediction.scores]
    assert all(a >= b - 0.5 for a, b in itertools.pairwise(ranks))


def test_songs_that_differ_get_different_genres() -> None:
    model = OstGenreModel.load()
    calm = {**FULL, "energy": 5.0, "acousticness": 95.0, "loudness": -25.0, "valence": 10.0}
    loud = {**FULL, "energy": 95.0, "acousticness": 2.0, "loudness": -4.0, "valence": 80.0}
    a, b = model.predict(calm).scores, model.predict(loud).scores
    assert {s.genre: s.fit for s in a} != {s.genre: s.fit for s in b}
    assert model.predict(calm) == model.predict(calm)  # deterministic
    with pytest.raises(MissingFeatures):
        model.predict({"energy": 50.0})


def test_packed_forest_matches_sklearn() -> None:
    import numpy as np
    from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier

    from models.ost.pack import pack

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 6)) * 20
    y = np.column_stack([x[:, 0] > 0, x[:, 1] + x[:, 2] > 5, rng.random(400) < 0.3]).astype(int)
    for kind in (RandomForestClassifier, ExtraTreesClassifier):
        forest = kind(n_estimators=20, min_samples_leaf=5, random_state=0).fit(x, y)
        expected = np.column_stack([p[:, 1] for p in forest.predict_proba(x)])
        assert np.abs(pack(forest).predict_proba(x) - expected).max() < 1e-6


def test_sha256_mismatch_is_refused(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "models" / "ost" / "artifact"
    shutil.copytree(source, tmp_path / "a")
    with (tmp_path / "a" / "model.npz").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ArtifactError, match="sha256"):
        OstGenreModel.load(tmp_path / "a")


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (the OST table)")
def test_training_table_loads_on_the_serving_scale() -> None:
    from models.ost import data

    table = data.load(SHARED / "ost")
    assert table.frame["loudness"].max() <= 3 and len(table.genres) == 16
