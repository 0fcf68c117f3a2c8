"""Chart images for replies: horizontal bars of labelled probabilities or scores, as JPEG bytes.

Drawn with Pillow rather than matplotlib: a bar chart is a few rectangles and labels, and
Pillow draws one in a few milliseconds where matplotlib's layout engine takes 100–200 ms,
which would dominate a poster reply.

**Fonts: no tofu.** Labels are drawn with NanumGothic (SIL Open Font License; Hangul, Latin,
digits and common punctuation), read by path from the ``koreanize-matplotlib`` wheel, and every
character NanumGothic has no glyph for — ✓ ✔ − ☒ ☐ ☑ ♫, dingbats, arrows, math operators — from
``data/fonts/CineMateChartSymbols.ttf``, a subset of Google's Noto Sans Symbols 2, Noto Sans
Math and Noto Sans Symbols (OFL 1.1, ``data/fonts/OFL.txt``). Which font draws a character is
decided from the fonts' own character maps (a glyph with an outline), so a character neither
has is left out rather than drawn as a box (☒); ``missing_glyphs`` names them, and the tests
check that every label the charts are given has a glyph.

**Layout: nothing overlaps.** A label longer than its column is cut with "…"; a value is
written just outside its bar, or past the reference tick when the tick would cross it, in a
right margin sized for the widest value; the scale's tick labels (0 25 50 75 100, or percents)
and its unit sit in their own band under the bars; a title wider than the image wraps at its
" · " separators. ``layout`` computes every box, so the tests can check that none overlap.

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
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
_ROW = 30
_LABEL_WIDTH = 190
_LABEL_GAP = 10  # between a label's end and the bars
_MARGIN = 16
_TITLE_SIZE, _TITLE_LINE = 20, 27
_LABEL_SIZE = 16
_VALUE_SIZE = 14
_TICK_SIZE = 13
_VALUE_GAP = 6  # between a bar (or the reference tick) and its value
_TICK_BAND = 26  # the scale's labels under the bars
_RIGHT = 70  # right of the scale's 100: the value of a full bar
_BACKGROUND = (255, 255, 255)
_TEXT = (33, 37, 41)
_SOFT_TEXT = (105, 114, 125)
_GRID = (228, 231, 235)
_HIGHLIGHT = (228, 87, 46)
_MUTED = (154, 165, 177)
ELLIPSIS = "…"
TICKS = (0, 25, 50, 75, 100)
SCORE_TICKS = tuple(str(t) for t in TICKS)
SYMBOLS_FONT = Path(__file__).resolve().parents[2] / "data" / "fonts" / "CineMateChartSymbols.ttf"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Color = tuple[int, int, int]


# -- fonts ---------------------------------------------------------------------------------------


def main_font_path() -> Path | None:
    """NanumGothic inside the koreanize-matplotlib wheel (None if the wheel is missing)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return path
    return None


def font_paths() -> tuple[Path, ...]:
    """The fonts labels are drawn with, in the order a character is looked up."""
    main = main_font_path()
    return tuple(p for p in (main, SYMBOLS_FONT) if p is not None and p.is_file())


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """The code points ``path`` draws: mapped to a glyph that has an outline (white space
    needs none). Read once per process (about 0.1 s for NanumGothic's 17,666 entries)."""
    from fontTools.ttLib import TTFont  # matplotlib's dependency; only needed here, once

    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}
    if "glyf" in font:
        loca = font["loca"]

        def drawn(name: str) -> bool:
            index = order[name]
            return bool(loca[index + 1] > loca[index])
    else:  # CFF outlines: trust the map
        def drawn(name: str) -> bool:
            return name != ".notdef"

    return frozenset(cp for cp, name in cmap.items() if chr(cp).isspace() or drawn(name))


def warm() -> None:
    """Read the fonts' character maps now (about 0.1 s), not during the first chart."""
    for path in font_paths():
        coverage(path)


@functools.cache
def _fonts(size: int) -> tuple[Font, ...]:
    """The label fonts at ``size``; Pillow's own font when none is installed."""
    paths = font_paths()
    if not paths:
        return (ImageFont.load_default(size),)
    return tuple(ImageFont.truetype(str(p), size) for p in paths)


def _runs(text: str) -> list[tuple[str, int]]:
    """``text`` split into runs of the font that draws them (an index into ``font_paths``);
    characters no font draws are left out."""
    paths = font_paths()
    if not paths:
        return [(text, 0)] if text else []
    maps = [coverage(p) for p in paths]
    runs: list[tuple[str, int]] = []
    for char in text:
        which = next((i for i, drawn in enumerate(maps) if ord(char) in drawn), None)
        if which is None:
            continue
        if runs and runs[-1][1] == which:
            runs[-1] = (runs[-1][0] + char, which)
        else:
            runs.append((char, which))
    return runs


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` that no label font draws (they would be left out)."""
    paths = font_paths()
    maps = [coverage(p) for p in paths]
    return {c for c in text if not any(ord(c) in drawn for drawn in maps)}


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: int) -> int:
    """How wide ``text`` is drawn at ``size``, in pixels."""
    fonts = _fonts(size)
    return round(sum(fonts[which].getlength(run) for run, which in _runs(text)))


@functools.lru_cache(maxsize=4096)
def _glyphs(text: str, size: int) -> tuple[Image.Image, tuple[int, int]]:
    """``text`` rasterised once as an 8-bit coverage mask, and where its top-left corner sits
    from the anchor (the top of the main font's ascender, as ``ImageDraw.text`` places it)."""
    fonts = _fonts(size)
    runs = _runs(text)
    ascent = max((_ascent(fonts[which]) for _, which in runs), default=size)
    descent = max((_descent(fonts[which]) for _, which in runs), default=0)
    mask = Image.new("L", (max(1, text_width(text, size) + 2), max(1, ascent + descent)), 0)
    draw = ImageDraw.Draw(mask)
    x = 0.0
    for run, which in runs:
        draw.text((x, ascent), run, fill=255, font=fonts[which], anchor="ls")
        x += fonts[which].getlength(run)
    return mask, (0, _ascent(fonts[0]) - ascent)


def _ascent(font: Font) -> int:
    return int(font.getmetrics()[0]) if isinstance(font, ImageFont.FreeTypeFont) else 11


def _descent(font: Font) -> int:
    return int(font.getmetrics()[1]) if isinstance(font, ImageFont.FreeTypeFont) else 3


def fit(text: str, size: int, width: int) -> str:
    """``text`` cut with "…" so that it is at most ``width`` pixels wide at ``size``."""
    if text_width(text, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + ELLIPSIS, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def _wrap(title: str, size: int, width: int) -> list[str]:
    """The title in lines no wider than ``width``: broken at " · " separators, then at spaces,
    a word too long for a line cut with "…"."""
    lines: list[str] = []
    for piece in _pieces(title, " · ", size, width):
        line = piece if not lines else lines[-1] + " · " + piece
        if lines and text_width(line, size) <= width:
            lines[-1] = line
        else:
            lines.append(piece)
    return [fit(line, size, width) for line in lines]


def _pieces(text: str, separator: str, size: int, width: int) -> list[str]:
    pieces: list[str] = []
    for part in text.split(separator):
        if text_width(part, size) <= width or " " not in part:
            pieces.append(part)
            continue
        line = ""
        for word in part.split(" "):
            candidate = f"{line} {word}".strip()
            if line and text_width(candidate, size) > width:
                pieces.append(line)
                line = word
            else:
                line = candidate
        pieces.append(line)
    return pieces


# -- layout --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in pixels, right and bottom exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    def overlaps(self, other: Box) -> bool:
        """Whether the two share any pixel."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Text:
    """A text run and the box it is drawn in (top-left at the box's corner)."""

    text: str
    size: int
    box: Box
    color: Color = _TEXT


@dataclass(frozen=True, slots=True)
class Row:
    """One bar: its label, bar, value and (optional) reference tick."""

    label: Text
    bar: Box
    value: Text
    marker: Box | None
    strong: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """Where everything of a chart goes."""

    height: int
    title: tuple[Text, ...]
    rows: tuple[Row, ...]
    grid: tuple[Box, ...]
    ticks: tuple[Text, ...]
    unit: Text | None


def _text_at(text: str, size: int, x: int, y: int, color: Color = _TEXT) -> Text:
    return Text(text, size, Box(x, y, x + text_width(text, size), y + size + 2), color)


def layout(
    labels: Sequence[str],
    shares: Sequence[float],
    values: Sequence[str],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[float] | None = None,
    tick_labels: Sequence[str] = SCORE_TICKS,
    unit: str | None = None,
) -> Layout:
    """Place a chart: one row per label in the given order, bars as ``shares`` (0–1) of the
    scale, ``values`` written beside them, ``markers`` (0–1) as reference ticks, the scale's
    ``tick_labels`` (at 0, 25, 50, 75, 100 %) and ``unit`` under the bars."""
    inner = WIDTH - 2 * _MARGIN
    title_lines = _wrap(title, _TITLE_SIZE, inner)
    heading = tuple(
        _text_at(line, _TITLE_SIZE, _MARGIN, 12 + i * _TITLE_LINE)
        for i, line in enumerate(title_lines)
    )
    first_row = 12 + _TITLE_LINE * len(title_lines) + 5
    left = _MARGIN + _LABEL_WIDTH
    widest = max([text_width(v, _VALUE_SIZE) for v in values] + [0])
    # 70 px on the right hold "100%" past a full bar; a wider value gets the room it needs.
    span = min(WIDTH - left - _RIGHT, WIDTH - _MARGIN - left - _VALUE_GAP - widest - 3)
    rows: list[Row] = []
    for place, (label, share, value, strong) in enumerate(
        zip(labels, shares, values, highlighted, strict=True)
    ):
        top = first_row + place * _ROW
        shown = fit(label, _LABEL_SIZE, _LABEL_WIDTH - _LABEL_GAP)
        end = left + max(2, round(span * min(max(float(share), 0.0), 1.0)))
        bar = Box(left, top + 6, end, top + _ROW - 6)
        marker = None
        if markers is not None:
            x = left + round(span * min(max(float(markers[place]), 0.0), 1.0))
            marker = Box(x - 1, top + 2, x + 2, top + _ROW - 2)
        written = _text_at(value, _VALUE_SIZE, end + _VALUE_GAP, top + 7)
        if marker is not None and marker.overlaps(_widened(written.box)):
            written = _text_at(value, _VALUE_SIZE, max(end, marker.right) + _VALUE_GAP, top + 7)
        rows.append(Row(_text_at(shown, _LABEL_SIZE, _MARGIN, top + 5), bar, written, marker,
                        bool(strong)))  # fmt: skip
    bottom = first_row + _ROW * len(rows)
    grid = tuple(
        Box(left + span * t // 100, first_row - 4, left + span * t // 100 + 1, bottom)
        for t in TICKS
    )
    band = bottom + 4
    ticks: list[Text] = []
    for t, name in zip(TICKS, tick_labels, strict=True):
        width = text_width(name, _TICK_SIZE)
        x = left + span * t // 100 - width // 2
        x = min(max(x, left - width // 2), WIDTH - _MARGIN - width)
        ticks.append(_text_at(name, _TICK_SIZE, x, band, _SOFT_TEXT))
    unit_text = None
    if unit:
        room = ticks[0].box.left - _MARGIN - _LABEL_GAP
        unit_text = _text_at(fit(unit, _TICK_SIZE, room), _TICK_SIZE, _MARGIN, band, _SOFT_TEXT)
    return Layout(band + _TICK_BAND, heading, tuple(rows), grid, tuple(ticks), unit_text)


def _widened(box: Box, by: int = 2) -> Box:
    return Box(box.left - by, box.top, box.right + by, box.bottom)


def render(placed: Layout) -> bytes:
    """The laid-out chart as JPEG bytes."""
    image = Image.new("RGB", (WIDTH, placed.height), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    for line in placed.grid:
        draw.rectangle([(line.left, line.top), (line.right - 1, line.bottom - 1)], fill=_GRID)
    texts = [*placed.title, *placed.ticks, *([placed.unit] if placed.unit else [])]
    for row in placed.rows:
        bar = row.bar
        draw.rectangle([(bar.left, bar.top), (bar.right - 1, bar.bottom - 1)],
                       fill=_HIGHLIGHT if row.strong else _MUTED)  # fmt: skip
        if row.marker is not None:
            m = row.marker
            draw.rectangle([(m.left, m.top), (m.right - 1, m.bottom - 1)], fill=_TEXT)
        texts += [row.label, row.value]
    for text in texts:
        _paste(image, text)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, subsampling=0)
    return buffer.getvalue()


def _paste(image: Image.Image, text: Text) -> None:
    """Paste the cached mask of the text in its colour, as ``ImageDraw.text`` would."""
    if not text.text:
        return
    mask, (dx, dy) = _glyphs(text.text, text.size)
    image.paste(text.color, (text.box.left + dx, text.box.top + dy), mask)


# -- the charts ----------------------------------------------------------------------------------


def probability_bars(
    labels: Sequence[str],
    values: Sequence[float],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[float] | None = None,
    unit: str | None = None,
) -> bytes:
    """A JPEG with one bar per label (in the given order, top to bottom), values as percents.

    ``markers`` (0–1 per row, optional) draws a short dark tick across each bar: a reference
    value such as "a typical poster", so the eye sees at once which bars stand out. ``unit``
    names the scale under the bars (the ticks read 0 % … 100 %).
    """
    shares = [min(max(float(v), 0.0), 1.0) for v in values]
    written = [f"{100 * s:.0f}%" for s in shares]
    ticks = tuple(f"{t}%" for t in TICKS)
    return render(layout(labels, shares, written, highlighted, title, markers, ticks, unit))


def score_bars(
    labels: Sequence[str],
    scores: Sequence[int],
    highlighted: Sequence[bool],
    title: str,
    markers: Sequence[int] | None = None,
    unit: str | None = None,
) -> bytes:
    """A JPEG with one bar per label, sorted by score (highest first), each labelled with its
    score on a 0–100 scale as a plain number (no percent sign: a score is not a share).

    Why a second chart: ``probability_bars`` keeps the caller's order and prints percents; a
    chart of scores must read in the order of the numbers it shows, with the reply's own unit
    (``unit``, e.g. "적합도 0–100", written under the scale's 0 25 50 75 100). ``highlighted``
    marks rows wherever sorting puts them (the reply's picks); ``markers`` (0–100 per row)
    draws a reference tick, as ``probability_bars`` does.
    """
    order = score_order(scores)
    clipped = [min(max(int(s), 0), 100) for s in scores]
    return render(
        layout(
            [labels[i] for i in order],
            [clipped[i] / 100 for i in order],
            [str(clipped[i]) for i in order],
            [highlighted[i] for i in order],
            title,
            None if markers is None else [min(max(int(markers[i]), 0), 100) / 100 for i in order],
            SCORE_TICKS,
            unit,
        )
    )


def score_order(scores: Sequence[int]) -> list[int]:
    """Rows by the score shown, highest first (ties keep the caller's order)."""
    return sorted(range(len(scores)), key=lambda row: -min(max(int(scores[row]), 0), 100))
