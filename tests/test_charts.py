"""Charts draw every character they are given (no tofu), lay nothing over anything else, and the
score chart reads in the order of the scores it shows."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont

from handlers.shared import charts
from handlers.shared.i18n import CATALOGUES

# What the chart code itself writes, and symbols a label may carry (✓ watched, ★ ratings, …).
CHART_OWN = "0123456789%…–·=()" + "".join(f"{t}%" for t in charts.TICKS)
SYMBOLS = "✓✔✗✘★☆•−~☒☐☑♪♫→←↑↓▲▼●○■□◆±×≤≥"
UNITS = ("적합도 0–100", "fit 0–100", "확률 0–100%", "probability 0–100%")


def _label_texts() -> list[str]:
    """Every text the charts are given today: genre names and audience ranges in both
    languages, the chart titles, the units, what the chart code writes, and symbols."""
    texts: list[str] = []
    for catalogue in CATALOGUES.values():
        texts += [
            text
            for key, text in catalogue.items()
            if key.startswith(("genre.", "aud.bin.")) or key.endswith("chart_title")
        ]
    return [*texts, *UNITS, CHART_OWN, SYMBOLS]


def _glyph_has_outline(font: TTFont, char: str) -> bool:
    name = font.getBestCmap().get(ord(char))
    if name is None:
        return False
    glyph = font["glyf"][name]
    return bool(glyph.numberOfContours)  # composite glyphs are -1


def test_the_label_fonts_are_nanum_gothic_and_the_bundled_symbols() -> None:
    paths = charts.font_paths()
    assert [p.name for p in paths] == ["NanumGothic.ttf", "CineMateChartSymbols.ttf"]
    license_text = (Path(charts.SYMBOLS_FONT).parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in license_text and "Version 1.1" in license_text


def test_every_character_of_every_label_has_a_drawn_glyph() -> None:
    fonts = [TTFont(str(p)) for p in charts.font_paths()]
    texts = _label_texts()
    assert any("드라마" in text for text in texts) and any("Drama" in text for text in texts)
    for text in texts:
        for char in set(text) - {" "}:
            # the first font that maps the character must really draw it
            owner = next((f for f in fonts if ord(char) in f.getBestCmap()), None)
            assert owner is not None, f"no font has {char!r} (in {text!r})"
            assert _glyph_has_outline(owner, char), f"{char!r} maps to an empty glyph"
        assert charts.missing_glyphs(text) == set(), text


def _mask(font: ImageFont.FreeTypeFont, text: str) -> Image.Image:
    image = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(image).text((4, 4), text, fill=255, font=font)
    return image


def _same_shape(a: Image.Image, b: Image.Image) -> bool:
    """Whether two masks draw the same pixels (wherever they sit)."""
    a, b = a.crop(a.getbbox() or (0, 0, 1, 1)), b.crop(b.getbbox() or (0, 0, 1, 1))
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def _tofu(size: int) -> Image.Image:
    """NanumGothic's missing-glyph box, as Pillow draws a character the font lacks."""
    return _mask(ImageFont.truetype(str(charts.main_font_path()), size), "\ue000")


def _drawn_by_chart(char: str, size: int = 16) -> Image.Image:
    mask, _ = charts._glyphs(char, size)
    image = Image.new("L", (64, 64), 0)
    image.paste(mask, (4, 4))
    return image


def test_a_hangul_chart_renders_without_missing_glyphs() -> None:
    nanum = ImageFont.truetype(str(charts.main_font_path()), 16)
    # the check has teeth: NanumGothic alone draws ✓ and − as its box; the chart does not
    assert _same_shape(_mask(nanum, "✓"), _tofu(16)) and _same_shape(_mask(nanum, "−"), _tofu(16))
    labels = ["드라마", "✓ 봤어요", "공포 − 스릴러", "★ 로맨스 ☒", "애니메이션", "fit 0–100"]
    for char in set("".join(labels)) - {" "}:
        drawn = _drawn_by_chart(char)
        assert drawn.getbbox() is not None, char  # something is drawn ...
        assert not _same_shape(drawn, _tofu(16)), char  # ... and it is not the box
    image = Image.open(
        io.BytesIO(
            charts.score_bars(
                labels, [80, 60, 40, 20, 10], [True] * 5, "장르 ✓ 적합도", unit="적합도 0–100"
            )
        )
    )
    assert image.format == "JPEG" and image.width == charts.WIDTH


def _check_no_overlaps(placed: charts.Layout) -> None:
    everything: list[charts.Box] = [t.box for t in placed.title]
    for row in placed.rows:
        for box in (row.label.box, row.bar, row.value.box):
            assert box.left >= 0 and box.right <= charts.WIDTH, (row, box)
        assert row.label.box.right <= row.bar.left, row.label.text  # labels stop before bars
        assert not row.value.box.overlaps(row.bar), row.value.text
        assert not row.value.box.overlaps(row.label.box)
        if row.marker is not None:
            assert not row.value.box.overlaps(row.marker), (row.value, row.marker)
        everything += [row.label.box, row.value.box]
    band = [t.box for t in placed.ticks] + ([placed.unit.box] if placed.unit else [])
    for i, box in enumerate(band):
        assert box.bottom <= placed.height and box.left >= 0 and box.right <= charts.WIDTH
        assert not any(box.overlaps(other) for other in band[i + 1 :]), box
        assert not any(box.overlaps(other) for other in everything), box
        assert all(box.top >= row.bar.bottom for row in placed.rows)
    for i, box in enumerate(everything):  # no two texts share a pixel
        assert not any(box.overlaps(other) for other in everything[i + 1 :]), box


@pytest.mark.parametrize("seed", range(30))
def test_labels_values_ticks_and_markers_never_overlap(seed: int) -> None:
    rng = random.Random(seed)
    words = ["드라마", "애니메이션", "Science Fiction", "아주아주 긴 한국어 장르 이름이에요",
             "100만~150만 명", "Documentary & Biography & History", "✓ 봤어요"]  # fmt: skip
    count = rng.randint(1, 20)
    shares = [rng.choice([0.0, 0.01, 0.05, 1.0, rng.random()]) for _ in range(count)]
    markers = [min(1.0, max(0.0, s + rng.uniform(-0.06, 0.06))) for s in shares]
    percent = rng.random() < 0.5
    values = [f"{100 * s:.0f}%" if percent else f"{100 * s:.0f}" for s in shares]
    placed = charts.layout(
        [rng.choice(words) for _ in range(count)],
        shares,
        values,
        [rng.random() < 0.3 for _ in range(count)],
        "장르 적합도 · 주황 = 위 세 장르 · 검은 선 = 보통 곡 · a very long title that must wrap "
        "onto a second line rather than run off the image",
        markers if rng.random() < 0.8 else None,
        tuple(f"{t}%" for t in charts.TICKS) if percent else tuple(map(str, charts.TICKS)),
        rng.choice([None, "적합도 0–100", "fit 0–100"]),
    )
    _check_no_overlaps(placed)


def test_long_labels_are_cut_with_an_ellipsis_and_titles_wrap() -> None:
    placed = charts.layout(["아주아주 긴 한국어 장르 이름이에요 정말 길어요"], [0.5], ["50"],
                           [False], "x · " * 60, [0.5])  # fmt: skip
    label = placed.rows[0].label.text
    assert label.endswith("…") and label.startswith("아주아주")
    assert len(placed.title) > 1
    assert all(t.box.right <= charts.WIDTH - 16 for t in placed.title)


def test_the_score_chart_is_ordered_by_the_scores_it_shows_with_one_unit() -> None:
    scores = [30, 90, 55, 90, 5]
    order = charts.score_order(scores)
    assert [scores[i] for i in order] == [90, 90, 55, 30, 5]
    assert order[:2] == [1, 3]  # ties keep the caller's order
    placed = charts.layout(
        [f"g{i}" for i in order], [scores[i] / 100 for i in order],
        [str(scores[i]) for i in order], [False] * 5, "Genre fit",
        tick_labels=tuple(map(str, charts.TICKS)), unit="fit 0–100",
    )  # fmt: skip
    shown = [int(row.value.text) for row in placed.rows]
    assert shown == sorted(shown, reverse=True)
    assert [t.text for t in placed.ticks] == ["0", "25", "50", "75", "100"]
    assert placed.unit is not None and placed.unit.text == "fit 0–100"
    assert not any("%" in row.value.text for row in placed.rows)  # a score is not a share
    image = charts.score_bars(["a", "b"], [10, 80], [False, True], "t", [50, 50], unit="fit")
    assert Image.open(io.BytesIO(image)).format == "JPEG"
