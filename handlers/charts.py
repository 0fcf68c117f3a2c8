"""Chart images for replies: horizontal bars of labelled probabilities, as PNG bytes.

Drawn with Pillow rather than matplotlib: a bar chart is a few rectangles and labels, and
Pillow draws one in a few milliseconds where matplotlib's layout engine takes 100–200 ms,
which would dominate a poster reply. Korean labels need a Hangul font: NanumGothic (SIL Open
Font License) ships inside the ``koreanize-matplotlib`` wheel and is read from there by path.
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


def probability_bars(
    labels: Sequence[str],
    values: Sequence[float],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[float] | None = None,
) -> bytes:
    """A PNG with one bar per label (in the given order, top to bottom), values as percents.

    ``markers`` (0–1 per row, optional) draws a short dark tick across each bar: a reference
    value such as "a typical track", so the eye sees at once which bars stand out.
    """
    height = _TITLE_HEIGHT + _ROW * len(labels) + _MARGIN
    image = Image.new("RGB", (_WIDTH, height), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((_MARGIN, 12), title, fill=_TEXT, font=_font(20))
    left = _MARGIN + _LABEL_WIDTH
    span = _WIDTH - left - 70
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick // 100
        draw.line([(x, _TITLE_HEIGHT - 4), (x, height - _MARGIN)], fill=_GRID)
    label_font, value_font = _font(16), _font(14)
    for row, (label, value, strong) in enumerate(zip(labels, values, highlighted, strict=True)):
        top = _TITLE_HEIGHT + row * _ROW
        share = min(max(float(value), 0.0), 1.0)
        draw.text((_MARGIN, top + 5), label[:24], fill=_TEXT, font=label_font)
        draw.rectangle(
            [(left, top + 6), (left + max(2, round(span * share)), top + _ROW - 6)],
            fill=_HIGHLIGHT if strong else _MUTED,
        )
        draw.text(
            (left + round(span * share) + 6, top + 7),
            f"{100 * share:.0f}%",
            fill=_TEXT,
            font=value_font,
        )
        if markers is not None:
            x = left + round(span * min(max(float(markers[row]), 0.0), 1.0))
            draw.rectangle([(x - 1, top + 2), (x + 1, top + _ROW - 2)], fill=_TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()
