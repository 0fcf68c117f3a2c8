"""Build the bot's runtime tables (data/audience/) from the seed's KOBIS files, deterministically.

    python -m models.audience.build_tables --data /work/shared/data/kobis --out data/audience

Writes films.csv.gz (every film with ≥ 1,000 admissions: title lookup and track-record
timelines), yearly_totals.csv and metadata.json (sha256 of every input and output, counts). The
same inputs give byte-identical tables; only ``built_at`` changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from inference.audience.tables import FILMS_FILE, TOTALS_FILE, write_films, write_totals
from inference.checksums import sha256_file
from models.audience import data


def build(data_dir: Path, out: Path) -> dict[str, object]:
    """Write the tables and their metadata; returns the metadata."""
    out.mkdir(parents=True, exist_ok=True)
    films = data.known_films(data_dir)
    totals = data.yearly_totals(data_dir)
    write_films(out / FILMS_FILE, films)
    write_totals(out / TOTALS_FILE, totals)
    metadata: dict[str, object] = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": "KOBIS public statistics via Play-Web-miniProject/MovieDL "
        "b22162d80b7bf2ca8725ac808dca887f609834bd; cast from the Naver movie API (same repo)",
        "inputs": {name: sha256_file(data_dir / name) for name in data.TABLE_INPUTS},
        "files": {name: {"sha256": sha256_file(out / name)} for name in (FILMS_FILE, TOTALS_FILE)},
        "counts": {
            "films": len(films),
            "films_with_cast": sum(1 for f in films if f.release.actors),
            "first_release": films[0].release.release_date.isoformat(),
            "last_release": films[-1].release.release_date.isoformat(),
            "last_complete_year": totals.last_complete,
        },
    }
    (out / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    return metadata


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/kobis"))
    parser.add_argument("--out", type=Path, default=Path("data/audience"))
    args = parser.parse_args(argv)
    print(json.dumps(build(args.data, args.out)["counts"], indent=1))


if __name__ == "__main__":
    main()
