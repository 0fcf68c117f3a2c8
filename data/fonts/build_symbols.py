"""Build ``CineMateChartSymbols.ttf``: the symbols NanumGothic lacks, for chart labels.

    apt-get download fonts-noto-core && dpkg -x fonts-noto-core_*.deb noto
    python data/fonts/build_symbols.py noto/usr/share/fonts/truetype/noto

NanumGothic (the charts' main font) has Hangul, Latin, digits and common punctuation but no ✓ ✔
− ☐ ☑ ☒ ♫ and most dingbats. This takes those blocks from three Noto fonts (SIL Open Font
License 1.1, no reserved font names; Debian's fonts-noto-core 20201225-1 was used), keeps only
their outlines (no hinting, no layout features: charts draw single symbols), merges them into
one font and names it "CineMate Chart Symbols" so it is never mistaken for the originals. The
output is deterministic (no timestamp); ``tests/test_charts.py`` checks its coverage.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

# (source font, code point ranges), the first listed wins a code point two fonts have.
SOURCES = (
    ("NotoSansSymbols2-Regular.ttf", "U+2190-21FF,U+2500-25FF,U+2600-26FF,U+2700-27BF"),
    ("NotoSansMath-Regular.ttf", "U+2200-22FF"),
    ("NotoSansSymbols-Regular.ttf", "U+2600-26FF"),
)
FAMILY = "CineMate Chart Symbols"
OUT = Path(__file__).resolve().parent / "CineMateChartSymbols.ttf"


def build(noto_dir: Path, out: Path = OUT) -> None:
    """Subset each source, merge them, rename the result and write it to ``out``."""
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for name, ranges in SOURCES:
            options = subset.Options()
            options.layout_features = []
            options.hinting = False
            font = TTFont(str(noto_dir / name), recalcTimestamp=False)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(ranges))
            subsetter.subset(font)
            part = Path(folder) / name
            font.save(str(part))
            parts.append(str(part))
        merged = Merger().merge(parts)
    names = merged["name"]
    for record in list(names.names):
        names.removeNames(nameID=record.nameID)
    for name_id, value in (
        (0, "Copyright 2015-2020 Google LLC (Noto Sans Symbols 2, Noto Sans Math, Noto Sans "
            "Symbols); subset and merged for CineMate's chart labels."),
        (1, FAMILY),
        (2, "Regular"),
        (3, f"{FAMILY} Regular; from Noto Sans Symbols 2 2.003, Noto Sans Math 2.003, "
            "Noto Sans Symbols 2.001"),
        (4, f"{FAMILY} Regular"),
        (5, "Version 1.0"),
        (6, "CineMateChartSymbols-Regular"),
        (13, "This Font Software is licensed under the SIL Open Font License, Version 1.1."),
        (14, "https://openfontlicense.org"),
    ):  # fmt: skip
        names.setName(value, name_id, 3, 1, 0x409)
    merged["head"].modified = merged["head"].created
    merged.recalcTimestamp = False
    merged.save(str(out))


if __name__ == "__main__":
    build(Path(sys.argv[1]))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
