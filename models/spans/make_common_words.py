"""Write the ordinary-word frequencies the span scorer reads (``common_words.tsv.gz``).

    python -m models.spans.make_common_words --out data/understanding/common_words.tsv.gz

From wordfreq 3.1.1's "best" lists (data CC BY-SA 4.0, see data/README.md): every Korean word
it has (~30,000) and the English words of Zipf frequency 3 and above (a word seen once per
million words or more). Lines are ``word<TAB>zipf``, sorted, so the file is reproducible.
"""

from __future__ import annotations

import argparse
import gzip
import math
from pathlib import Path

from inference.catalogue.titles import fold

MIN_ZIPF = {"ko": 2.0, "en": 3.0}


def main() -> None:
    from wordfreq import get_frequency_dict  # a build-time tool only

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/understanding/common_words.tsv.gz"))
    args = parser.parse_args()
    table: dict[str, float] = {}
    for language, floor in MIN_ZIPF.items():
        for word, frequency in get_frequency_dict(language, "best").items():
            zipf = round(math.log10(frequency) + 9, 2)
            key = fold(word)
            if zipf >= floor and key:
                table[key] = max(table.get(key, 0.0), zipf)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as handle:
        handle.write("".join(f"{w}\t{z}\n" for w, z in sorted(table.items())).encode("utf-8"))
    print(f"{len(table)} words → {args.out}")


if __name__ == "__main__":
    main()
