"""Build the run-time film catalogue and its offline availability tables from ../shared/data.

    python -m models.catalogue.build --data ../shared/data --out data/catalogue

Reads MovieLens ml-latest (films, ids, rating counts) and ml-latest-small (the ids the bot used
before), the Korean titles and JustWatch Korea offers of ``kr-catalogue/``, the KOBIS release
list and the US streaming lists of ``ott/``, and writes compact gzip CSVs plus ``metadata.json``
(input sha256s, counts, link rates). The bot never parses the raw files. There is no random
step: the same inputs give byte-identical outputs (sorted rows, gzip mtime 0); only
``metadata.json`` carries the build date.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import platform
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from inference.catalogue.credits import (
    CREDITS_FILE,
    PEOPLE_FILE,
    PEOPLE_INDEX,
    CreditsTable,
    read_credits,
    read_merged,
    read_people,
)
from inference.catalogue.films import (
    COLUMNS,
    FILMS_FILE,
    ROMANISED_ORIGINS,
    read_films,
    validate_ids,
)
from inference.catalogue.search import INDEX_FILE, Catalogue
from inference.catalogue.titles import has_hangul, normalize_title, romanise
from inference.catalogue.transliteration import Transliterator
from inference.checksums import sha256_file, write_arrays
from models.catalogue import (
    film_facts,
    kobis_films,
    kobis_links,
    korean,
    linker,
    movielens,
    people,
    us_lists,
)

OFFERS_KR_FILE = "offers_kr.csv.gz"
OFFERS_US_FILE = "offers_us.csv.gz"
ID_MAP_FILE = "id_map.csv"
METADATA_FILE = "metadata.json"
PEOPLE_COLUMNS = ("person_id", "name_ko", "name_en", "aliases", "films", "merged_ids")
CREDITS_COLUMNS = ("movie_id", "person_id", "role", "order")
OUTPUTS = (FILMS_FILE, INDEX_FILE, OFFERS_KR_FILE, OFFERS_US_FILE, ID_MAP_FILE, PEOPLE_FILE,
           CREDITS_FILE, PEOPLE_INDEX)  # fmt: skip
OFFERS_KR_COLUMNS = ("movie_id", "platform", "rank", "justwatch_url")
OFFERS_US_COLUMNS = ("movie_id", "platform", "kind", "source", "snapshot")
TOP_N = 1000  # coverage among the most-rated films: the ones users actually ask about
TWIN_YEARS = 3  # a Korean release or streaming date can be years after the film's own year


def write_gzip_csv(path: Path, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """A gzip CSV with a fixed header and mtime 0, so rebuilding gives identical bytes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle,
    ):
        handle.write(text.getvalue().encode("utf-8"))


def _cell(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _concat(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Rows of both, in the first frame's columns and types (the second has no imdb ids)."""
    second = second.reindex(columns=first.columns).astype(first.dtypes.to_dict())
    return pd.concat([first, second], ignore_index=True)


def _with_korean_facts(
    films: pd.DataFrame,
    facts: dict[int, korean.KoreanFacts],
    best_rank: dict[int, int],
    links: film_facts.FactLinks,
) -> pd.DataFrame:
    """The Korean columns, the KOBIS genre where MovieLens has none, the aliases, TMDB votes
    and the TMDB ids the tables gave films MovieLens lists without one."""
    empty = korean.KoreanFacts()
    rows = []
    for row in films.to_dict("records"):
        movie_id = int(row["movie_id"])
        fact = facts.get(movie_id, empty)
        votes = max((f.votes for f in links.by_film.get(movie_id, ())), default=0)
        tmdb_id = row["tmdb_id"]
        if (tmdb_id is None or pd.isna(tmdb_id)) and movie_id in links.tmdb_ids:
            tmdb_id = links.tmdb_ids[movie_id]
        names = [t for t, _ in fact.titles]
        kobis_genres = (g for k in fact.kobis_genres for g in kobis_films.KOBIS_GENRES.get(k, ()))
        genres = row["genres"] or "|".join(dict.fromkeys(kobis_genres))
        year = row["year"]
        if (year is None or pd.isna(year)) and fact.kobis_year is not None:
            year = fact.kobis_year
        aliases = [a for a in str(row["aliases"] or "").split("|") if a]
        aliases += [a for a in fact.latin_aliases if a not in aliases and a != row["title"]]
        rows.append(
            {
                **row,
                "year": year,
                "genres": genres,
                "title_ko": names[0] if names else "",
                "country": fact.country,
                "kr_release": fact.kr_release,
                "kr_release_source": fact.kr_release_source,
                "kr_audience": fact.kr_audience,
                "jw_rank": best_rank.get(int(row["movie_id"])),
                "aliases": "|".join(aliases),
                "ko_aliases": "|".join(names[1:]),
                "kobis_codes": "|".join(sorted({c for k in fact.kobis for c in k.codes})),
                "tmdb_id": tmdb_id,
                "votes": votes,
            }
        )
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    frame["tmdb_id"] = frame["tmdb_id"].astype("Int64")
    frame["jw_rank"] = frame["jw_rank"].astype("Int64")
    return frame[list(COLUMNS)].sort_values("movie_id", ignore_index=True)


def _with_tmdb_titles(films: pd.DataFrame, links: film_facts.FactLinks) -> tuple[pd.DataFrame, int]:
    """TMDB's English title where MovieLens spells the same title its own way ("Old Boy" →
    "Oldboy") or the catalogue has only a romanisation (``film_facts.prefers_tmdb_title``); the
    old title stays searchable as the first alias. Returns the films and how many changed.

    A new title that another film already has, with a year within ``TWIN_YEARS`` (or no year
    to compare), is not taken: the two are likely one film listed twice (JustWatch Korea's
    장화신은 고양이 is MovieLens's Puss in Boots), and the placeholder title kept them apart in
    English searches."""
    titles, aliases = films["title"].tolist(), films["aliases"].tolist()
    ko_aliases = films["ko_aliases"].tolist()
    years = [None if pd.isna(y) else int(y) for y in films["year"]]
    holders: dict[str, list[int]] = defaultdict(list)  # normalised title → row positions
    for i, title in enumerate(titles):
        holders[normalize_title(str(title))].append(i)
    changed = 0
    for i, row in enumerate(films.itertuples(index=False)):
        facts = links.by_film.get(int(row.movie_id))
        if not facts or pd.isna(row.tmdb_id):
            continue
        title, title_ko = str(row.title), str(_cell(row.title_ko))
        korean = tuple(k for k in (title_ko, *str(_cell(row.ko_aliases)).split("|")) if k)
        romanised = (row.origin in ROMANISED_ORIGINS and bool(title_ko)
                     and title == romanise(title_ko))  # fmt: skip
        own = film_facts.tmdb_title(title, int(row.tmdb_id), facts, korean, romanised)
        if own is None:
            continue
        key, year = normalize_title(own), years[i]
        if key != normalize_title(title) and any(
            year is None or other is None or abs(year - other) <= TWIN_YEARS
            for other in (years[j] for j in holders[key])
        ):
            continue
        others = [a for a in str(_cell(row.aliases)).split("|") if a and a not in (own, title)]
        kept = [title]
        if has_hangul(title):  # MovieLens's 줄탁동시: a Korean title, searched as one
            kept = []
            if title not in korean:
                ko_aliases[i] = "|".join(k for k in (*korean, title) if k and k != title_ko)
        titles[i], aliases[i] = own, "|".join([*kept, *others])
        holders[key].append(i)
        changed += 1
    return films.assign(title=titles, aliases=aliases, ko_aliases=ko_aliases), changed


def _us_offers(
    films: pd.DataFrame, ott: Path
) -> tuple[set[tuple[int, str, str, str, str]], dict[str, Any]]:
    """Rows of the US lists matched to catalogue films, and their match counts."""
    matcher = us_lists.Matcher(films)
    rows: set[tuple[int, str, str, str, str]] = set()
    report: dict[str, Any] = {}
    sources = us_lists.us_sources(ott)
    steps = [(s, folder, f) for s, folder in sources for f in s.files]
    stats = {s.id: us_lists.SourceStats() for s, _ in sources}
    for source, folder, name in tqdm(steps, desc="US lists", unit="file", file=sys.stderr):
        stat = stats[source.id]
        for listing in us_lists.listings(source, folder, name):
            movie_id = matcher.match(listing, stat)
            if movie_id is None:
                continue
            stat.films.add(movie_id)
            for pid in listing.platforms:
                rows.add((movie_id, pid, "subscription", source.id, source.snapshot.isoformat()))
    for source, _ in sources:
        stat = stats[source.id]
        report[source.id] = {
            "snapshot": source.snapshot.isoformat(),
            "snapshot_precision": source.snapshot_precision,
            "files": list(source.files),
            "listings": stat.listings,
            "matched_by_imdb": stat.by_imdb,
            "matched_by_title_year": stat.by_title_year,
            "skipped_ambiguous_title_year": stat.ambiguous_title_year,
            "films": len(stat.films),
        }
    return rows, report


def _people(
    data: Path,
    films: pd.DataFrame,
    facts: dict[int, korean.KoreanFacts],
    by_film: dict[int, list[film_facts.FilmFacts]],
    twins: dict[int, int],
    titles: pd.DataFrame,
    similarity: people.Similarity,
    stats: people.PeopleStats,
) -> tuple[list[people.Person], list[tuple[int, int, str, int]]]:
    """Every film's credits from KOBIS, the English tables and KMRD, as people."""
    film_ids = set(films["movie_id"].astype(int))
    credits: list[people.Credit] = []
    for movie_id in sorted(facts):
        if movie_id in film_ids:
            credits += people.kobis_credits(movie_id, facts[movie_id].kobis)
    for movie_id in sorted(by_film):
        target = twins.get(movie_id, movie_id)
        if target in film_ids:
            credits += people.table_credits(target, by_film[movie_id])
    kmrd = titles[titles["source"] == "kmrd"]
    kmrd_map = people.kmrd_films(zip(kmrd["source_id"], kmrd["movieId"], strict=True))
    credits += people.kmrd_credits(data, {k: v for k, v in kmrd_map.items() if v in film_ids})
    return people.build_people(credits, people.name_pairs(data), similarity, stats)


@dataclass(slots=True)
class Sources:
    """Every source read and joined by the ids they share — what KOBIS is then placed on (the
    linker's training reads the same, ``models/catalogue/train_linker.py``)."""

    lens: movielens.MovieLens
    titles: pd.DataFrame  # kr_titles.csv
    films: pd.DataFrame
    fact_links: film_facts.FactLinks
    facts: dict[int, korean.KoreanFacts]
    kobis: list[kobis_films.KobisFilm]
    stats: korean.KoreanStats

    def candidates(self) -> dict[int, kobis_links.Candidate]:
        """Every film as the KOBIS linker sees it."""
        return kobis_links.candidates_from(self.films, self.facts, self.fact_links.by_film)


def read_sources(data: Path) -> Sources:
    """MovieLens, JustWatch Korea's and KMRD's Korean titles, the English film tables (joined
    by TMDB, IMDb and MovieLens ids) and every KOBIS film (not yet placed)."""
    stats = korean.KoreanStats()
    lens = movielens.load(data / "movielens-latest", data / "movielens" / "ml-latest-small")
    titles = korean.read_kr_titles(data / "kr-catalogue" / korean.KR_TITLES)
    films = _concat(lens.films, korean.justwatch_only_films(titles, stats))
    fact_links = film_facts.attach_facts(films, film_facts.read_facts(data))
    films = _concat(films, pd.DataFrame(fact_links.new_films))
    facts = korean.korean_titles(titles, set(films["movie_id"].astype(int)))
    korean.add_original_korean_titles(facts, fact_links.by_film, stats)
    return Sources(lens, titles, films, fact_links, facts, kobis_films.read_films(data), stats)


def build(
    data: Path,
    out: Path,
    similarity: people.Similarity | None = None,
    learned: Callable[[kobis_films.KobisFilm], int | None] | None = None,
) -> dict[str, Any]:
    """Run the whole build into ``out`` and return the metadata that was written."""
    kr, ott = data / "kr-catalogue", data / "ott"
    with tqdm(total=7, desc="catalogue", unit="step", file=sys.stderr) as progress:
        sources = read_sources(data)
        model = Transliterator.load()
        sounds_alike: people.Similarity = similarity or model.probabilities
        if learned is None:
            learned = linker.learned_linker(sources.candidates(), model,
                                            linker.known_latin_names(people.name_pairs(data)))
        lens, titles, films, fact_links = (sources.lens, sources.titles, sources.films,
                                           sources.fact_links)  # fmt: skip
        facts, kobis, stats = sources.facts, sources.kobis, sources.stats
        progress.update()
        placing = kobis_links.KobisLinker(sources.candidates(), learned)
        placed = placing.place_all(kobis)
        korean.merge_twins(facts, placing.twins)
        films = films[~films["movie_id"].isin(list(placing.twins))]
        for film, movie_id, _ in placed:
            if movie_id is not None:
                korean.attach_kobis(facts[movie_id], film)
        korean.mark_korean_originals(films, facts, stats)
        kobis_only = kobis_links.kobis_only_films(placed, facts)
        films = _concat(films, kobis_only)
        twins = pd.DataFrame({"old_id": list(placing.twins),
                              "new_id": list(placing.twins.values()),
                              "how": "justwatch_twin"})  # fmt: skip
        id_map = pd.concat([lens.id_map, kobis_links.legacy_id_map(placed), twins],
                           ignore_index=True).sort_values("old_id", ignore_index=True)
        progress.update()
        film_ids = set(films["movie_id"].astype(int))
        kr_offers = korean.read_offers(kr / korean.KR_OFFERS, film_ids, stats, placing.twins)
        best_rank: dict[int, int] = {}
        for movie_id, _, rank, _ in kr_offers:
            best_rank[movie_id] = min(rank, best_rank.get(movie_id, rank))
        films = _with_korean_facts(films, facts, best_rank, fact_links)
        validate_ids(films["movie_id"].astype(int).tolist())
        people_stats = people.PeopleStats()
        persons, credit_rows = _people(data, films, facts, fact_links.by_film, placing.twins,
                                       titles, sounds_alike, people_stats)  # fmt: skip
        progress.update()
        us_rows, us_report = _us_offers(films, ott)
        # After the US lists, which are matched on MovieLens's spelling of a title as before.
        films, tmdb_titles = _with_tmdb_titles(films, fact_links)
        progress.update()
        out.mkdir(parents=True, exist_ok=True)
        write_gzip_csv(
            out / FILMS_FILE, COLUMNS, ([_cell(v) for v in r] for r in films.itertuples(False))
        )
        write_gzip_csv(out / OFFERS_KR_FILE, OFFERS_KR_COLUMNS, kr_offers)
        write_gzip_csv(out / OFFERS_US_FILE, OFFERS_US_COLUMNS, sorted(us_rows))
        (out / ID_MAP_FILE).write_text(id_map.to_csv(index=False, lineterminator="\n"))
        write_gzip_csv(out / PEOPLE_FILE, PEOPLE_COLUMNS,
                       ((p.person_id, p.name_ko, p.name_en, "|".join(p.aliases), p.films,
                         "|".join(map(str, p.merged_ids))) for p in persons))  # fmt: skip
        write_gzip_csv(out / CREDITS_FILE, CREDITS_COLUMNS, credit_rows)
        write_arrays(out / PEOPLE_INDEX, CreditsTable.from_rows(
            read_people(out), read_credits(out), read_merged(out)).to_arrays())
        progress.update()
        # Films as columns and the title index, built by the serving code from what was just
        # written: the form the bot loads.
        write_arrays(out / INDEX_FILE, Catalogue.from_records(list(read_films(out))).to_arrays())
        progress.update()
    report = BuildReport(lens, stats, kr_offers, us_rows, us_report, kobis, placing.stats,
                         fact_links.counts, len(kobis_only), id_map, people_stats,
                         tmdb_titles)  # fmt: skip
    metadata = _metadata(data, out, films, report)
    (out / METADATA_FILE).write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return metadata


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What the build counted along the way, for metadata.json."""

    lens: movielens.MovieLens
    stats: korean.KoreanStats
    kr_offers: list[tuple[Any, ...]]
    us_rows: set[tuple[int, str, str, str, str]]
    us_report: dict[str, Any]
    kobis: list[kobis_films.KobisFilm]
    links: kobis_links.LinkStats
    fact_counts: dict[str, dict[str, int]]
    kobis_only: int
    id_map: pd.DataFrame
    people: people.PeopleStats
    tmdb_titles: int  # English titles taken from TMDB (``_with_tmdb_titles``)


def _metadata(data: Path, out: Path, films: pd.DataFrame, report: BuildReport) -> dict[str, Any]:
    inputs = [data / "movielens-latest" / n for n in movielens.LATEST_FILES]
    inputs += [data / "movielens" / "ml-latest-small" / n for n in movielens.SMALL_FILES]
    inputs += [data / "kr-catalogue" / n for n in (korean.KR_TITLES, korean.KR_OFFERS)]
    inputs += kobis_films.input_files(data)
    inputs += [data / p for p in film_facts.INPUTS]
    inputs += people.input_files(data)
    for source, folder in us_lists.us_sources(data / "ott"):
        inputs += [folder / f for f in source.files]
    top = films.nlargest(TOP_N, ["ratings", "movie_id"])
    with_ko = films["title_ko"].fillna("") != ""
    korean_films = films["country"] == "KR"
    kr_listed = set(m for m, *_ in report.kr_offers)
    by_origin = films["origin"].value_counts().sort_index()
    return {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "builder": "models/catalogue/build.py",
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "inputs": {str(p.relative_to(data)): sha256_file(p) for p in sorted(set(inputs))},
        "outputs": {n: sha256_file(out / n) for n in OUTPUTS},
        "films": {
            "total": len(films),
            "by_origin": {str(k): int(v) for k, v in by_origin.items()},
            "with_year": int(films["year"].notna().sum()),
            "with_genres": int((films["genres"].fillna("") != "").sum()),
            "with_tmdb_id": int(films["tmdb_id"].notna().sum()),
            "english_title_from_tmdb": report.tmdb_titles,
            "with_korean_title": int(with_ko.sum()),
            f"top_{TOP_N}_with_korean_title": int((top["title_ko"].fillna("") != "").sum()),
            "korean_films": int(korean_films.sum()),
            "korean_films_with_ratings": int((korean_films & (films["ratings"] > 0)).sum()),
            "with_country": int((films["country"].fillna("") != "").sum()),
            "with_kr_release": int((films["kr_release"].fillna("") != "").sum()),
            "with_kr_audience": int((films["kr_audience"] > 0).sum()),
            "newest_year": int(films["year"].max()),
            "newest_kr_release": str(films["kr_release"].fillna("").max()),
            "ml_latest_small_ids_renumbered": len(report.lens.id_map),
            "ids_moved": len(report.id_map),
        },
        "korean_sources": asdict(report.stats),
        "kobis": {
            **asdict(kobis_films.counts(report.kobis)),
            "placed": asdict(report.links),
            "kobis_only_films": report.kobis_only,
        },
        "film_tables": report.fact_counts,
        "people": asdict(report.people),
        "offers_kr": {
            "as_of": korean.KR_AS_OF,
            "rows": len(report.kr_offers),
            "films": len(kr_listed),
            f"top_{TOP_N}_listed": int(top["movie_id"].isin(kr_listed).sum()),
            "by_platform": _count(p for _, p, *_ in report.kr_offers),
        },
        "offers_us": {"rows": len(report.us_rows), "sources": report.us_report},
    }


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    """CLI entry point; prints the counts and link rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared/data folder")
    parser.add_argument("--out", type=Path, default=Path("data/catalogue"))
    args = parser.parse_args(argv)
    metadata = build(args.data, args.out)
    shown = {k: metadata[k] for k in ("films", "korean_sources", "offers_kr")}
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    for name in (*OUTPUTS, METADATA_FILE):
        print(f"{args.out / name}: {(args.out / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
