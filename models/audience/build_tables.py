"""Build the bot's runtime tables (data/audience/) from the KOBIS files, deterministically.

    python -m models.audience.build_tables --data ../shared/data/kobis \\
        --data-2026 ../shared/data/kobis-2026 --out data/audience

Writes films.csv.gz (every film with ≥ 1,000 admissions to 2025-02-28 and every film of
2025-03 … 2026-09 without figures: title lookup and track-record timelines), yearly_totals.csv
and metadata.json (sha256 of every input and output, counts per source, and the checks of the
screens and lower-bound definitions against the files where both are known). The same inputs
give byte-identical tables; only ``built_at`` changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from inference.audience.tables import FILMS_FILE, TOTALS_FILE, KnownFilm, write_films, write_totals
from inference.checksums import sha256_file
from models.audience import data, kobis2026

SOURCE = (
    "KOBIS public statistics: to 2023-02 via Play-Web-miniProject/MovieDL "
    "b22162d80b7bf2ca8725ac808dca887f609834bd (cast from the Naver movie API, same repo); "
    "2023-02 … 2026-09 from ../shared/data/kobis-2026 (namhooo/dsp_team_project "
    "3f429ff338dccbe613c963d31d298bede650d5d8 daily top-10; greatsong/modudata, 공공누리 출처표시)"
)
CHECK_FROM, CHECK_TO = dt.date(2020, 1, 15), dt.date(2022, 12, 1)  # daily top-10 vs seed list


def _ratio_summary(pairs: Sequence[tuple[float, float]]) -> dict[str, float]:
    """How ``a`` compares with the reference ``b`` over (a, b) pairs."""
    if not pairs:
        return {"films": 0}
    ratio = np.array([a / b for a, b in pairs])
    return {
        "films": len(pairs),
        "equal": round(float(np.mean(np.isclose(ratio, 1.0))), 3),
        "within_5pct": round(float(np.mean(np.abs(ratio - 1) <= 0.05)), 3),
        "within_20pct": round(float(np.mean(np.abs(ratio - 1) <= 0.20)), 3),
        "median_ratio": round(float(np.median(ratio)), 4),
    }


def _match(film: KnownFilm, new: dict[str, list[kobis2026.NewFilm]]) -> kobis2026.NewFilm | None:
    day = film.release.release_date
    close = [
        n
        for n in new.get(kobis2026.title_key(film.title), [])
        if abs((n.release_date - day).days) <= kobis2026.DATE_SLACK
    ]
    return min(close, key=lambda n: abs((n.release_date - day).days), default=None)


def checks(seed: list[KnownFilm], new: list[kobis2026.NewFilm]) -> dict[str, Any]:
    """The screens definition and the lower-bound counts, measured where two sources overlap."""
    by_title: dict[str, list[kobis2026.NewFilm]] = {}
    for n in new:
        by_title.setdefault(kobis2026.title_key(n.title), []).append(n)
    seed_vs_daily, lower_vs_final = [], []
    for film in seed:
        day = film.release.release_date
        match = _match(film, by_title)
        if match is None or film.audience is None or film.release.screens <= 50:
            continue
        daily = match.by_source.get("daily", {})
        if CHECK_FROM <= day < CHECK_TO and daily.get("screens"):
            seed_vs_daily.append((float(daily["screens"]), float(film.release.screens)))
        bound = max(
            (match.by_source.get(s, {}).get("lower", 0) for s in ("daily", "weekly")), default=0
        )
        if film.final and bound and day >= dt.date(2015, 1, 1):
            lower_vs_final.append((float(bound), float(film.audience)))
    monthly_vs_daily, first_day_vs_peak, new_lower_vs_final = [], [], []
    for n in new:
        daily, monthly = n.by_source.get("daily", {}), n.by_source.get("monthly", {})
        totals = n.by_source.get("totals", {})
        if daily.get("screens") and monthly.get("screens") and n.release_date.year == 2024:
            monthly_vs_daily.append((float(monthly["screens"]), float(daily["screens"])))
        if totals.get("screens") and n.screens > 50 and len(n.by_source) > 1:
            first_day_vs_peak.append((float(totals["screens"]), float(n.screens)))
        lowest = max((c.get("lower", 0) for c in n.by_source.values()), default=0)
        if n.final and lowest and n.final >= 1000:
            new_lower_vs_final.append((float(lowest), float(n.final)))
    return {
        "screens_daily_peak_vs_seed_2020_2022": _ratio_summary(seed_vs_daily),
        "screens_monthly_peak_vs_daily_peak_2024": _ratio_summary(monthly_vs_daily),
        "screens_first_day_vs_peak": _ratio_summary(first_day_vs_peak),
        "lower_bound_vs_final_seed_2015_2022": _ratio_summary(lower_vs_final),
        "lower_bound_vs_final_2026_files_any_year": _ratio_summary(new_lower_vs_final),
    }


def counts(
    films: list[KnownFilm], seed: list[KnownFilm], new: list[kobis2026.NewFilm]
) -> dict[str, Any]:
    added = [f for f in films if f.film_id >= data.NEW_FILM_IDS]
    with_audience = [f for f in added if f.audience is not None]
    by_code = {n.movie_cd: n for n in new if n.movie_cd}
    by_key = {(kobis2026.title_key(n.title), n.release_date): n for n in new}
    sources: Counter[str] = Counter()
    for f in added:
        n = by_code.get(f.movie_cd) or by_key.get(
            (kobis2026.title_key(f.title), f.release.release_date)
        )
        for source in sorted(n.sources) if n else ():
            sources[f"{'with_admissions' if f.audience is not None else 'metadata_only'}."
                    f"{source}"] += 1  # fmt: skip
    before = {f.film_id: f for f in seed}
    kept = [f for f in films if f.film_id in before]
    partial = [f for f in kept if not before[f.film_id].final]
    return {
        "films": len(films),
        "seed_films": len(kept),
        "seed_films_with_movie_cd": sum(1 for f in kept if f.movie_cd),
        "seed_partial_counts": len(partial),
        "seed_partial_counts_updated": sum(
            1 for f in partial if f.audience != before[f.film_id].audience
        ),
        "seed_partial_counts_by_status": dict(sorted(Counter(f.status for f in partial).items())),
        "added_with_admissions": len(with_audience),
        "added_by_status": dict(sorted(Counter(f.status for f in with_audience).items())),
        "added_without_genre_or_rating": sum(
            1 for f in with_audience if not (f.release.genre and f.release.rating)
        ),
        "added_metadata_only": len(added) - len(with_audience),
        "metadata_only_with_genre_and_rating": sum(
            1 for f in added if f.audience is None and f.release.genre and f.release.rating
        ),
        "films_per_source": dict(sorted(sources.items())),
        "films_with_cast": sum(1 for f in films if f.release.actors),
        "first_release": films[0].release.release_date.isoformat(),
        "last_release_with_admissions": max(
            f.release.release_date for f in films if f.audience is not None
        ).isoformat(),
        "last_release": films[-1].release.release_date.isoformat(),
    }


def build(data_dir: Path, data_2026: Path, out: Path) -> dict[str, object]:
    """Write the tables and their metadata; returns the metadata."""
    out.mkdir(parents=True, exist_ok=True)
    seed = data.seed_films(data_dir)
    new = kobis2026.read(data_2026)
    films = data.merge(seed, new)
    totals = data.yearly_totals(data_dir, data_2026)
    write_films(out / FILMS_FILE, films)
    write_totals(out / TOTALS_FILE, totals)
    inputs = {name: sha256_file(data_dir / name) for name in data.TABLE_INPUTS}
    inputs_2026 = {name: sha256_file(data_2026 / name) for name in kobis2026.files(data_2026)}
    metadata: dict[str, object] = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": SOURCE,
        "inputs": inputs,
        "inputs_kobis_2026": inputs_2026,
        "files": {name: {"sha256": sha256_file(out / name)} for name in (FILMS_FILE, TOTALS_FILE)},
        "counts": {
            **counts(films, seed, new),
            "last_complete_year": totals.last_complete,
            "estimated_years": sorted(totals.estimated),
            "weekly_top10_share_of_a_year": round(
                kobis2026.weekly_share(data_2026, data.yearly_totals(data_dir).by_year), 4
            ),
        },
        "checks": checks(seed, new),
    }
    (out / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    return metadata


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kobis"))
    parser.add_argument("--data-2026", type=Path, default=Path("../shared/data/kobis-2026"))
    parser.add_argument("--out", type=Path, default=Path("data/audience"))
    args = parser.parse_args(argv)
    built = build(args.data, args.data_2026, args.out)
    print(json.dumps({"counts": built["counts"], "checks": built["checks"]}, indent=1,
                     ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
