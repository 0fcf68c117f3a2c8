"""Chart images for replies: horizontal bars of labelled probabilities, as JPEG bytes.

Drawn with Pillow rather than matplotlib: a bar chart is a few rectangles and labels, and
Pillow draws one in a few milliseconds where matplotlib's layout engine takes 100–200 ms,
which would dominate a poster reply. Korean labels need a Hangul font: NanumGothic (SIL Open
Font License) ships inside the ``koreanize-matplotlib`` wheel and is read from there by path.

Two choices keep a chart at about 2 ms, which matters under load (every poster, OST and
box-office reply draws one): the image is sent as JPEG (quality 90, no chroma subsampling, so
text stays crisp), because Telegram re-encodes every photo as JPEG anyway and PNG encoding
took 7 ms of the 11; and each text run (genre names, "42%", titles: a small closed set) is
rasterised once and then pasted, since FreeType rendering was most of the rest.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_WIDTH = 720
_ROW = 30
_LABEL_WIDTH = 190
_MARGIN = 16
_TITLE_HEIGHT = 44
_BACKGROUND = (255, 255, 255)
_TEXT = (33, 37, 41)
_GRID = (228, 231, 235)
_HIGHLIGHT = (228, 87, 46)
_MUTED = (154, 165, 177)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _font(size: int) -> Font:
    """NanumGothic from the koreanize-matplotlib wheel; Pillow's own font if it is missing."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


@functools.lru_cache(maxsize=4096)
def _glyphs(text: str, size: int) -> tuple[Image.Image, tuple[int, int]]:
    """``text`` rasterised once as an 8-bit coverage mask, and its offset from the anchor."""
    font = _font(size)
    left, top, right, bottom = (int(v) for v in font.getbbox(text))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=font)
    return mask, (left, top)


def _text(image: Image.Image, xy: tuple[int, int], text: str, size: int) -> None:
    """Paste the cached mask of ``text`` in the text colour, as ``ImageDraw.text`` would."""
    mask, (dx, dy) = _glyphs(text, size)
    image.paste(_TEXT, (xy[0] + dx, xy[1] + dy), mask)


def probability_bars(
    labels: Sequence[str],
    values: Sequence[float],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[float] | None = None,
) -> bytes:
    """A JPEG with one bar per label (in the given order, top to bottom), values as percents.

    ``markers`` (0–1 per row, optional) draws a short dark tick across each bar: a reference
    value such as "a typical track", so the eye sees at once which bars stand out.
    """
    height = _TITLE_HEIGHT + _ROW * len(labels) + _MARGIN
    image = Image.new("RGB", (_WIDTH, height), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    _text(image, (_MARGIN, 12), title, 20)
    left = _MARGIN + _LABEL_WIDTH
    span = _WIDTH - left - 70
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick // 100
        draw.line([(x, _TITLE_HEIGHT - 4), (x, height - _MARGIN)], fill=_GRID)
    for row, (label, value, strong) in enumerate(zip(labels, values, highlighted, strict=True)):
        top = _TITLE_HEIGHT + row * _ROW
        share = min(max(float(value), 0.0), 1.0)
        _text(image, (_MARGIN, top + 5), label[:24], 16)
        draw.rectangle(
            [(left, top + 6), (left + max(2, round(span * share)), top + _ROW - 6)],
            fill=_HIGHLIGHT if strong else _MUTED,
        )
        _text(image, (left + round(span * share) + 6, top + 7), f"{100 * share:.0f}%", 14)
        if markers is not None:
            x = left + round(span * min(max(float(markers[row]), 0.0), 1.0))
            draw.rectangle([(x - 1, top + 2), (x + 1, top + _ROW - 2)], fill=_TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, subsampling=0)
    return buffer.getvalue()


def score_bars(
    labels: Sequence[str],
    scores: Sequence[int],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[int] | None = None,
) -> bytes:
    """A JPEG with one bar per label, sorted by score (highest first), each labelled with its
    score on a 0–100 scale as a plain number (no percent sign: a score is not a share).

    Why a second chart: ``probability_bars`` keeps the caller's order and prints percents; a
    chart of scores must read in the order of the numbers it shows, with the reply's own unit.
    ``highlighted`` marks rows wherever sorting puts them (the reply's picks); ``markers``
    (0–100 per row) draws a reference tick, as ``probability_bars`` does.
    """
    order = sorted(range(len(labels)), key=lambda row: -int(scores[row]))  # stable on ties
    height = _TITLE_HEIGHT + _ROW * len(labels) + _MARGIN
    image = Image.new("RGB", (_WIDTH, height), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    _text(image, (_MARGIN, 12), title, 20)
    left = _MARGIN + _LABEL_WIDTH
    span = _WIDTH - left - 70
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick // 100
        draw.line([(x, _TITLE_HEIGHT - 4), (x, height - _MARGIN)], fill=_GRID)
    for place, row in enumerate(order):
        top = _TITLE_HEIGHT + place * _ROW
        score = min(max(int(scores[row]), 0), 100)
        _text(image, (_MARGIN, top + 5), labels[row][:24], 16)
        draw.rectangle(
            [(left, top + 6), (left + max(2, span * score // 100), top + _ROW - 6)],
            fill=_HIGHLIGHT if highlighted[row] else _MUTED,
        )
        _text(image, (left + span * score // 100 + 6, top + 7), str(score), 14)
        if markers is not None:
            x = left + span * min(max(int(markers[row]), 0), 100) // 100
            draw.rectangle([(x - 1, top + 2), (x + 1, top + _ROW - 2)], fill=_TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, subsampling=0)
    return buffer.getvalue()
