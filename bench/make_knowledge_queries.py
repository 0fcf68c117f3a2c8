"""Write the fixed film-knowledge query set ``bench/data/knowledge_queries.csv`` (run once, seeded).

    python bench/make_knowledge_queries.py [--data /work/shared/data] [--seed 21]

Written for issue 21 *before* the catalogue's new linking and search rules were tuned, and not
regenerated after. Every row names what it means by an identity that does not depend on how the
catalogue links its sources, so the bench measures the linking too:

* ``ml:<movieId>`` — a MovieLens film (ml-latest ``movies.csv``), found by its exact English
  title and year;
* ``tmdb:<id>`` — a film of the TMDB tables (``film-knowledge/``);
* ``kobis:<movieCd>`` — a film KOBIS lists (for recent Korean releases only KOBIS knows);
* ``person:<Hangul>|<Latin>`` — a person a source names in both scripts.

Groups:

* ``foreign_ko`` — foreign films asked by their Korean release titles. Truth from three sources
  that share no step with the catalogue's linker: a hand-written list of well-known foreign films
  of 2003 … 2013 (``HAND_LABELLED``: Korean title → English title and year, checked against
  ml-latest), Korean titles JustWatch Korea ties to a TMDB id (``kr_titles.csv``), and KOBIS's
  own English title when exactly one ml-latest film has that title and year. Forms: as KOBIS
  writes it, and as typed (punctuation dropped, spacing changed, a sequel number attached).
* ``new_films`` — films released from July 2023 on: Korean titles of KOBIS releases (truth:
  their KOBIS code) and English titles of 2023 … 2026 films of the TMDB tables (truth: TMDB id).
* ``sequels`` — numbered parts ("범죄도시4", "Dune Part Two") and parts that do not exist yet
  ("범죄도시 7": ``expect=none``, no confident answer).
* ``people`` — directors and actors by their Korean and English names, as written and as typed
  (a space in a Korean name, no hyphen, lower case, one typo).

Split dev/test by film or person (~40 % dev), so no film has forms on both sides.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.titles import (  # noqa: E402
    compact,
    has_hangul,
    normalize_title,
    parse_movielens_title,
)
from models.catalogue.kobis_films import KobisFilm, read_films  # noqa: E402

OUT = ROOT / "bench" / "data" / "knowledge_queries.csv"
COLUMNS = ("query", "group", "split", "expected", "expected_title", "region", "expect", "note")
DEV_SHARE = 0.4

# Foreign films of 2003 … 2013 with ≥ 800,000 admissions in Korea that KOBIS names only in
# Hangul, as (KOBIS title, English title, year of the film), written by hand.
HAND_LABELLED = (
    ("2012", "2012", 2009),
    ("터미네이터 : 미래전쟁의 시작", "Terminator Salvation", 2009),
    ("인디아나 존스 4 : 크리스탈 해골의 왕국",
     "Indiana Jones and the Kingdom of the Crystal Skull", 2008),
    ("다이 하드 4 : 죽어도 산다", "Live Free or Die Hard", 2007),
    ("레드: 더 레전드", "RED 2", 2013),
    ("300", "300", 2007),
    ("타이탄", "Clash of the Titans", 2010),
    ("007 스카이폴", "Skyfall", 2012),
    ("포세이돈", "Poseidon", 2006),
    ("이글 아이", "Eagle Eye", 2008),
    ("007 퀀텀 오브 솔러스", "Quantum of Solace", 2008),
    ("터보", "Turbo", 2013),
    ("지.아이.조 2", "G.I. Joe: Retaliation", 2013),
    ("브리짓 존스의 일기2 : 열정과 애정", "Bridget Jones: The Edge of Reason", 2004),
    ("예스맨", "Yes Man", 2008),
    ("오션스 써틴", "Ocean's Thirteen", 2007),
    ("닌자 어쌔신", "Ninja Assassin", 2009),
    ("꿀벌대소동", "Bee Movie", 2007),
    ("포비든 킹덤: 전설의 마스터를 찾아서", "The Forbidden Kingdom", 2008),
    ("레지던트 이블 4: 끝나지 않은 전쟁 3D", "Resident Evil: Afterlife", 2010),
    ("10,000 BC", "10,000 BC", 2008),
    ("007 카지노 로얄", "Casino Royale", 2006),
    ("블레이드 3", "Blade: Trinity", 2004),
    ("노잉", "Knowing", 2009),
    ("빨간모자의 진실", "Hoodwinked!", 2005),
    ("향수 : 어느 살인자의 이야기", "Perfume: The Story of a Murderer", 2006),
    ("스텝업4 : 레볼루션", "Step Up Revolution", 2012),
    ("그는 당신에게 반하지 않았다", "He's Just Not That Into You", 2009),
    ("샤크", "Shark Tale", 2004),
    ("베오울프", "Beowulf", 2007),
    ("개구쟁이 스머프 2", "The Smurfs 2", 2013),
    ("타이탄의 분노", "Wrath of the Titans", 2012),
    ("스카이 라인", "Skyline", 2010),
    ("레모니 스니켓의 위험한 대결", "Lemony Snicket's A Series of Unfortunate Events", 2004),
    ("오션스 트웰브", "Ocean's Twelve", 2004),
    ("틴틴 : 유니콘호의 비밀", "The Adventures of Tintin", 2011),
    ("뉴월드", "The New World", 2005),
    ("트랜스포머", "Transformers", 2007),
    ("아바타", "Avatar", 2009),
    ("다크 나이트", "The Dark Knight", 2008),
    ("인셉션", "Inception", 2010),
    ("아이언맨", "Iron Man", 2008),
    ("맘마미아!", "Mamma Mia!", 2008),
    ("쿵푸팬더", "Kung Fu Panda", 2008),
    ("캐리비안의 해적 - 망자의 함", "Pirates of the Caribbean: Dead Man's Chest", 2006),
    ("해리포터와 죽음의 성물 2", "Harry Potter and the Deathly Hallows: Part 2", 2011),
    ("어벤져스", "The Avengers", 2012),
    ("레미제라블", "Les Misérables", 2012),
    ("미션 임파서블 : 고스트 프로토콜", "Mission: Impossible - Ghost Protocol", 2011),
    ("월드워Z", "World War Z", 2013),
    ("그래비티", "Gravity", 2013),
    ("겨울왕국", "Frozen", 2013),
    ("업", "Up", 2009),
    ("라따뚜이", "Ratatouille", 2007),
    ("박물관이 살아있다!", "Night at the Museum", 2006),
    ("다빈치 코드", "The Da Vinci Code", 2006),
    ("킹콩", "King Kong", 2005),
    ("나니아 연대기 : 사자, 마녀 그리고 옷장", "The Chronicles of Narnia: The Lion, the Witch and "
     "the Wardrobe", 2005),
    ("반지의 제왕 : 왕의 귀환", "The Lord of the Rings: The Return of the King", 2003),
    ("투모로우", "The Day After Tomorrow", 2004),
    ("트로이", "Troy", 2004),
    ("슈렉 2", "Shrek 2", 2004),
    ("인크레더블", "The Incredibles", 2004),
    ("아이 엠 레전드", "I Am Legend", 2007),
    ("테이큰", "Taken", 2008),
    ("셜록 홈즈", "Sherlock Holmes", 2009),
    ("라푼젤", "Tangled", 2010),
    ("토이 스토리 3", "Toy Story 3", 2010),
)
# Typed forms people use, as (typed, KOBIS title whose film is meant).
TYPED = (
    ("어벤져스 엔드게임", "어벤져스: 엔드게임"),
    ("겨울왕국2", "겨울왕국 2"),
    ("라라 랜드", "라라랜드"),
    ("스파이더맨 노웨이홈", "스파이더맨: 노 웨이 홈"),
    ("인터스텔라", "인터스텔라"),
    ("스즈메의 문단속", "스즈메의 문단속"),
    ("엘리멘탈", "엘리멘탈"),
    ("더퍼스트슬램덩크", "더 퍼스트 슬램덩크"),
    ("오펜하이머", "오펜하이머"),
    ("패스트 라이브즈", "패스트 라이브즈"),
    ("탑건 매버릭", "탑건: 매버릭"),
    ("아바타 물의길", "아바타: 물의 길"),
)
SEQUELS = (
    ("범죄도시4", "kobis-title", "범죄도시4"),
    ("범죄도시 3", "kobis-title", "범죄도시3"),
    ("범죄도시2", "kobis-title", "범죄도시2"),
    ("인사이드 아웃 2", "kobis-title", "인사이드 아웃 2"),
    ("인사이드아웃2", "kobis-title", "인사이드 아웃 2"),
    ("듄 파트2", "kobis-title", "듄: 파트2"),
    ("듄 2", "kobis-title", "듄: 파트2"),
    ("Dune Part Two", "kobis-title", "듄: 파트2"),
    ("dune part 2", "kobis-title", "듄: 파트2"),
    ("Inside Out 2", "kobis-title", "인사이드 아웃 2"),
    ("미션 임파서블 7", "kobis-title", "미션 임파서블: 데드 레코닝 PART ONE"),
    ("미션임파서블 8", "kobis-title", "미션 임파서블: 파이널 레코닝"),
    ("신과함께2", "kobis-title", "신과함께-인과 연"),
    ("겨울왕국 2", "kobis-title", "겨울왕국 2"),
    ("아바타 2", "kobis-title", "아바타: 물의 길"),
    ("탑건 2", "kobis-title", "탑건: 매버릭"),
    ("Wicked", "kobis-title", "위키드"),
    ("위키드", "kobis-title", "위키드"),
    ("Gladiator II", "kobis-title", "글래디에이터 Ⅱ"),
    ("글래디에이터 2", "kobis-title", "글래디에이터 Ⅱ"),
    ("모아나 2", "kobis-title", "모아나 2"),
    ("베테랑2", "kobis-title", "베테랑2"),
    ("범죄도시 7", "", ""),
    ("베테랑 3", "", ""),
    ("인사이드 아웃 3", "", ""),
    ("Dune Part Three", "", ""),
    ("아바타 4", "", ""),
    ("탑건 3", "", ""),
    ("신과함께 3", "", ""),
    ("겨울왕국 3", "", ""),
)


@dataclass(frozen=True, slots=True)
class Query:
    """One row of the query file."""

    query: str
    group: str
    key: str  # the film or person (for the split)
    expected: str
    expected_title: str
    expect: str = "film"
    region: str = "KR"
    note: str = ""


def split_of(key: str) -> str:
    """dev or test, by a hash of the film or person (every form of it on one side)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return "dev" if digest % 100 < DEV_SHARE * 100 else "test"


def typed(title: str, rng: Random) -> tuple[str, str]:
    """A title as people type it: punctuation gone, and the spacing changed."""
    text = re.sub(r"[:：\-–·.,!?()'\"]", " ", title)
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split()
    if len(words) > 1 and rng.random() < 0.6:
        return "".join(words), "no-punctuation+no-space"
    if len(words) == 1 and len(text) >= 4 and has_hangul(text):
        cut = rng.randrange(2, len(text) - 1)
        return f"{text[:cut]} {text[cut:]}", "extra-space"
    return text, "no-punctuation"


def movielens_films(data: Path) -> dict[str, list[tuple[int, int | None]]]:
    """ml-latest films by normalised title (display and alternates): (movieId, year)."""
    found: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    with (data / "movielens-latest" / "movies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parsed = parse_movielens_title(row["title"])
            for name in (parsed.display, *parsed.aliases):
                found[normalize_title(name)].append((int(row["movieId"]), parsed.year))
    return found


def find_ml(index: dict[str, list[tuple[int, int | None]]], title: str, year: int) -> int | None:
    """The one ml-latest film with this title and year (± 1), None when none or several."""
    hits = {m for m, y in index.get(normalize_title(title), []) if y is not None
            and abs(y - year) <= 1}  # fmt: skip
    return hits.pop() if len(hits) == 1 else None


def by_title(films: list[KobisFilm]) -> dict[str, list[KobisFilm]]:
    found: dict[str, list[KobisFilm]] = defaultdict(list)
    for film in films:
        found[compact(film.title)].append(film)
    return found


def kobis_identity(film: KobisFilm) -> str:
    return f"kobis:{film.codes[0]}" if film.codes else f"kobis:{film.title}|{film.first_release}"


def foreign_queries(data: Path, films: list[KobisFilm], rng: Random) -> list[Query]:
    ml = movielens_films(data)
    kobis = by_title(films)
    rows: list[Query] = []
    used: set[str] = set()

    def add(korean: str, expected: str, label: str, source: str) -> None:
        if expected in used:
            return
        used.add(expected)
        rows.append(Query(korean, "foreign_ko", expected, expected, label,
                          note=f"as-written;{source}"))  # fmt: skip
        form, note = typed(korean, rng)
        if form != korean:
            rows.append(Query(form, "foreign_ko", expected, expected, label,
                              note=f"{note};{source}"))  # fmt: skip

    for korean, english, year in HAND_LABELLED:
        movie = find_ml(ml, english, year)
        if movie is None or compact(korean) not in kobis:
            print(f"hand-labelled row skipped: {korean} / {english} ({year})", file=sys.stderr)
            continue
        add(korean, f"ml:{movie}", f"{english} ({year})", "hand")
    # KOBIS's English title, when exactly one ml-latest film has it (and the year)
    foreign = [f for f in films if f.country and f.country != "KR" and not f.adult
               and f.audience >= 100_000 and f.title_en and f.production_year]  # fmt: skip
    rng.shuffle(foreign)
    for film in foreign[:70]:
        assert film.production_year is not None
        movie = find_ml(ml, film.title_en, film.production_year)
        if movie is not None:
            add(film.title, f"ml:{movie}", f"{film.title_en} ({film.production_year})",
                "kobis-english")  # fmt: skip
    # JustWatch Korea's Korean titles, tied to a TMDB id
    with (data / "kr-catalogue" / "kr_titles.csv").open(encoding="utf-8") as handle:
        justwatch = [r for r in csv.DictReader(handle)
                     if r["source"] == "omytt" and r["tmdb_id"]
                     and r["title_ko_is_hangul"] == "True"
                     and compact(r["title_ko"]) in kobis]  # fmt: skip
    rng.shuffle(justwatch)
    for row in justwatch[:40]:
        matches = kobis[compact(row["title_ko"])]
        if any(f.country == "KR" for f in matches) or len(matches) != 1:
            continue
        if matches[0].audience < 50_000:
            continue
        add(row["title_ko"], f"tmdb:{int(float(row['tmdb_id']))}", row["title_en"], "justwatch")
    for form, title in TYPED:
        film = max(kobis.get(compact(title), []), key=lambda f: f.audience, default=None)
        if film is not None:
            rows.append(Query(form, "foreign_ko", f"typed:{form}", kobis_identity(film),
                              film.title, note="typed"))  # fmt: skip
    return rows


def new_film_queries(data: Path, films: list[KobisFilm], rng: Random) -> list[Query]:
    rows: list[Query] = []
    recent = [f for f in films if f.first_release >= "2023-07-01" and not f.adult
              and (f.audience >= 30_000 or (f.first_release >= "2025-03-01" and f.charted))]
    titles = by_title(recent)
    recent = [f for f in recent if len(titles[compact(f.title)]) == 1]
    rng.shuffle(recent)
    for film in recent[:90]:
        identity = kobis_identity(film)
        rows.append(Query(film.title, "new_films", identity, identity,
                          f"{film.title} ({film.first_release})", note="korean;as-written"))
        form, note = typed(film.title, rng)
        if form != film.title and rng.random() < 0.5:
            rows.append(Query(form, "new_films", identity, identity,
                              f"{film.title} ({film.first_release})", note=f"korean;{note}"))
    path = data / "film-knowledge/taehan1024__korean-movie-recommender/data/processed"
    english = []
    for name in ("us_movies.csv", "kr_movies.csv"):
        with (path / name).open(encoding="utf-8") as handle:
            english += [r for r in csv.DictReader(handle)
                        if r["year"] and int(float(r["year"])) >= 2023
                        and int(float(r["vote_count"] or 0)) >= 50]  # fmt: skip
    rng.shuffle(english)
    for row in english[:50]:
        identity = f"tmdb:{row['tmdb_id']}"
        title = row["title"]
        rows.append(Query(title, "new_films", identity, identity, f"{title} ({row['year']})",
                          region="KR" if rng.random() < 0.6 else "US", note="english"))
        if rng.random() < 0.4:
            rows.append(Query(title.lower(), "new_films", identity, identity,
                              f"{title} ({row['year']})", note="english;lowercase"))
    return rows


def sequel_queries(films: list[KobisFilm]) -> list[Query]:
    kobis = by_title(films)
    rows = []
    for query, kind, title in SEQUELS:
        if not kind:
            rows.append(Query(query, "sequels", f"none:{query}", "", "", expect="none",
                              note="part not released"))  # fmt: skip
            continue
        film = max(kobis.get(compact(title), []), key=lambda f: f.audience, default=None)
        if film is None:
            print(f"sequel row skipped: {query} → {title}", file=sys.stderr)
            continue
        identity = kobis_identity(film)
        rows.append(Query(query, "sequels", identity, identity, film.title, note="sequel"))
    return rows


def people_queries(data: Path, films: list[KobisFilm], rng: Random) -> list[Query]:
    """People KOBIS names in both scripts on well-attended films, and the hand-checked names."""
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for film in films:
        for names in (film.directors, film.actors[:4]):
            for name in names:
                if name.en and name.ko:
                    weight[(name.ko, _latin_display(name.en))] += film.audience
    with (ROOT / "data" / "people" / "english_names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            weight[(row["korean"], row["english"])] += 1_000_000
    seen_ko: set[str] = set()
    ranked = sorted(weight.items(), key=lambda item: (-item[1], item[0]))
    chosen = []
    for (ko, en), _ in ranked:
        if ko in seen_ko or len(ko) < 2:
            continue
        seen_ko.add(ko)
        chosen.append((ko, en))
        if len(chosen) >= 80:
            break
    rows = []
    for ko, en in chosen:
        identity = f"person:{ko}|{en}"
        rows.append(Query(ko, "people", identity, identity, f"{ko} / {en}", note="korean"))
        rows.append(Query(en, "people", identity, identity, f"{ko} / {en}",
                          region="US" if rng.random() < 0.5 else "KR", note="english"))
        variant = _variant(ko, en, rng)
        if variant:
            rows.append(Query(variant[0], "people", identity, identity, f"{ko} / {en}",
                              note=variant[1]))  # fmt: skip
    return rows


def _latin_display(name: str) -> str:
    parts = name.split()
    if len(parts) >= 2 and parts[0].isupper() and not parts[1].isupper():
        return " ".join([parts[0].capitalize(), *parts[1:]])
    return name


def _variant(ko: str, en: str, rng: Random) -> tuple[str, str] | None:
    """A typed form: a space inside a Korean name, the English without hyphens in lower case,
    or the English with one letter dropped."""
    choice = rng.random()
    if choice < 0.35 and " " not in ko and len(ko) == 3:
        return f"{ko[0]} {ko[1:]}", "korean;space"
    if choice < 0.7:
        return en.replace("-", " ").lower(), "english;lowercase-no-hyphen"
    letters = [i for i, c in enumerate(en) if c.isalpha()]
    if len(letters) < 8:
        return None
    cut = rng.choice(letters[2:-1])
    return en[:cut] + en[cut + 1 :], "english;typo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = Random(args.seed)
    films = read_films(args.data)
    rows = foreign_queries(args.data, films, rng)
    rows += new_film_queries(args.data, films, rng)
    rows += sequel_queries(films)
    rows += people_queries(args.data, films, rng)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow((row.query, row.group, split_of(row.key), row.expected,
                             row.expected_title, row.region, row.expect, row.note))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[f"{row.group}/{split_of(row.key)}"] += 1
    print(json.dumps(dict(sorted(counts.items())), indent=1))


if __name__ == "__main__":
    main()
