"""The /audience answer, read off one forecast distribution: its median with the 80 % range,
the range the median falls in and the chance of a million, the three factors that moved the
forecast most in a distributor's words, what was described, notes, and a chart of the range
chances (the same distribution).

Counts and dates the Korean way in Korean ("약 129만 명 (24만~712만 명)", "1,761만 3,682명",
"2027년 1월 15일", ``handlers.shared.numbers``); in English, people by the names English readers
know (``inference.catalogue.people``: 봉준호 → Bong Joon-ho, 장재현 → Jang Jae-hyun) and
distributors by their English names or romanised.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import date

from handlers.audience.form import label, person_role
from handlers.shared.charts import probability_bars
from handlers.shared.i18n import t
from handlers.shared.numbers import (
    approx_people,
    long_date,
    month_name,
    month_year,
    people,
    people_range,
)
from inference.audience import (
    AudiencePrediction,
    Career,
    Factor,
    KnownFilm,
    ReleaseDescription,
)
from inference.audience.features import OTHER, normalise_nationality
from inference.catalogue.people import person_name
from inference.catalogue.titles import has_hangul, romanise

MILLION_BIN = 3  # BINS[3] starts at 1,000,000
CAPTION_LIMIT = 1024  # Telegram's caption limit, counted without markup
PEOPLE = ("director", "distributor", "actors")
#: A market ratio's range and how it is said (anything else: "약 0.6배 수준").
SHARES = (
    (0.9, 1.12, "same"),
    (0.6, 0.72, "two_thirds"),
    (0.45, 0.56, "half"),
    (0.37, 0.45, "under_half"),
    (0.3, 0.37, "third"),
    (0.22, 0.28, "quarter"),
)
#: The distributors' own English names (KOBIS keys them in Hangul; romanising "씨제이이엔엠"
#: would give "Ssijeiienem").
ENGLISH_COMPANIES = {
    "씨제이이엔엠": "CJ ENM",
    "롯데엔터테인먼트": "Lotte Entertainment",
    "쇼박스": "Showbox",
    "넥스트엔터테인먼트월드": "NEW",
    "메가박스중앙플러스엠": "Megabox Plus M",
    "에이비오엔터테인먼트": "ABO Entertainment",
    "월트디즈니컴퍼니코리아": "Walt Disney Company Korea",
    "워너브러더스코리아": "Warner Bros. Korea",
    "소니픽쳐스엔터테인먼트코리아": "Sony Pictures Korea",
    "유니버설픽쳐스인터내셔널코리아": "Universal Pictures International Korea",
    "이십세기폭스코리아": "20th Century Fox Korea",
    "씨지브이": "CGV",
    "키다리이엔티": "Kidari Ent",
    "씨제이씨지브이": "CJ CGV",
    "리틀빅픽쳐스": "Little Big Pictures",
    "콘텐츠판다": "Contents Panda",
    "판씨네마": "Pancinema",
    "그린나래미디어": "Green Narae Media",
    "엣나인필름": "At9 Film",
    "영화사진진": "Jinjin Pictures",
    "티캐스트": "Tcast",
    "에스케이텔레콤": "SK Telecom",
    "케이티": "KT",
    "아이아스플러스": "IAS Plus",
}


def company_name(name: str, language: str) -> str:
    """A distributor's name: its English name for the large ones, else romanised in English
    where only Hangul is known."""
    if language == "ko" or not has_hangul(name):
        return name
    return ENGLISH_COMPANIES.get(name) or romanise(name)


def shown_name(
    name: str, field: str, language: str, typed: Mapping[str, str] | None = None
) -> str:
    """A KOBIS distributor or person as the reply writes it: the spelling the user typed when
    it denotes this very name ("CJ ENM", not KOBIS's "씨제이이엔엠"), else the company's English
    name or the person's name in the user's language. The user's spelling is shown with our
    capitals when only the case differs ("cj enm" → "CJ ENM")."""
    if field == "distributor":
        ours = [company_name(name, language), company_name(name, "en")]
    else:
        role = person_role(field)
        ours = [person_name(name, lang, role, hangul=False) for lang in (language, "en")]
    spelling = (typed or {}).get(name)
    if not spelling:
        return ours[0]
    return next((o for o in ours if o.casefold() == spelling.casefold()), spelling)


def effect_text(effect: float, language: str) -> str:
    """A change in log10 admissions as one scale in words, up or down: +0.25 → "약 1.8배",
    −0.1 → "약 0.8배" ("about 0.8 times"); beyond tenfold "10배 이상" / "10분의 1 이하". The
    line around it says compared with what (the forecast without the factor, or a newcomer)."""
    ratio = 10**effect
    if ratio >= 10:
        return t(language, "aud.effect.over_ten_up")
    if ratio <= 0.1:
        return t(language, "aud.effect.over_ten_down")
    return t(language, "aud.effect.ratio", ratio=f"{ratio:.1f}")


def share_text(ratio: float, language: str) -> str:
    """Today's market against 2019's in the words people use: "2019년과 비슷한 수준", "2019년의
    약 절반 수준", "… 3분의 1 수준", else "… 약 0.6배 수준" (every form ends in 수준, so the
    particle after the parenthesis agrees with 시장)."""
    for low, high, key in SHARES:
        if low <= ratio < high:
            return t(language, f"aud.share.{key}")
    return t(language, "aud.share.ratio", ratio=_ratio(ratio))


def _ratio(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _names(names: Sequence[str], language: str) -> str:
    return ("·" if language == "ko" else ", ").join(names)


def _record(careers: Sequence[Career], language: str) -> str:
    films = sum(c.films for c in careers)
    hits = sum(c.over_million for c in careers)
    if hits:
        return t(language, "aud.record.hits", films=films, hits=hits)
    best = max(c.best_audience for c in careers)
    return t(language, "aud.record.best", films=films, best=approx_people(best, language))


def factor_subject(
    factor: Factor, language: str, typed: Mapping[str, str] | None = None
) -> str:
    """What moved the forecast, in words (HTML-escaped); names as the user typed them."""
    name = factor.feature
    if name == "screens":
        ratio = factor.screens / max(factor.typical_screens, 1)
        return t(
            language,
            "aud.what.screens",
            screens=f"{factor.screens:,}",
            typical=f"{factor.typical_screens:,}",
            ratio=_ratio(ratio),
            year=factor.year,
        )
    if name == "market":
        audience = approx_people(factor.market_audience, language)
        if factor.before_covid_audience:
            share = share_text(factor.market_audience / factor.before_covid_audience, language)
            return t(language, "aud.what.market_vs_2019", audience=audience, share=share)
        return t(language, "aud.what.market", year=factor.year, audience=audience)
    if name in ("genre", "rating", "nationality"):
        value = html.escape(label(name, factor.value, language))
        return t(language, f"aud.what.{name}", value=value)
    if name == "release_month":
        return t(language, "aud.what.release_month", value=month_name(int(factor.value), language))
    if name in ("independent", "covid"):
        return t(language, f"aud.what.{name}")
    shown = [shown_name(c.name, name, language, typed) for c in factor.careers]
    names = html.escape(_names(shown, language))
    known = [c for c in factor.careers if c.films]
    if not known:
        return t(language, "aud.what.new_people", names=names)
    return t(language, f"aud.what.{name}", names=names, record=_record(known, language))


def factor_line(
    factor: Factor, first: bool, language: str, typed: Mapping[str, str] | None = None
) -> str:
    up = factor.effect >= 0
    verb = t(language, f"aud.verb.{'up' if up else 'down'}{'_most' if first else ''}")
    what = factor_subject(factor, language, typed)
    effect = effect_text(factor.effect, language)
    if factor.feature in PEOPLE and any(c.films for c in factor.careers):
        # measured against a newcomer: say so, a good record can still lower a forecast
        than = t(language, f"aud.than.{factor.feature}")
        return t(language, "aud.result.factor_vs", what=what, than=than, verb=verb, effect=effect)
    if factor.feature == "market":  # measured against a typical year's market, not none
        return t(language, "aud.result.market", what=what, verb=verb, effect=effect)
    return t(language, "aud.result.factor", what=what, verb=verb, effect=effect)


def summary(
    release: ReleaseDescription,
    known: dict[str, bool],
    language: str,
    typed: Mapping[str, str] | None = None,
) -> str:
    """One line: date · screens · genre · rating · country · distributor · director · actors
    (names as the user typed them where they denote the same company or person)."""

    def who(name: str | None, field: str) -> str | None:
        if name is None:
            return None
        shown = shown_name(name, field, language, typed)
        if known.get(name, True):
            return shown
        key = "aud.summary.new_company" if field == "distributor" else "aud.summary.new"
        return t(language, key, name=shown)

    parts = [
        long_date(release.release_date, language),
        t(language, "aud.summary.screens", screens=f"{release.screens:,}"),
        label("genre", release.genre, language),
        label("rating", release.rating, language),
        _country(release.nationality, language),
        who(release.distributor, "distributor"),
        who(release.director, "director"),
        ", ".join(p for p in (who(a, "actors") for a in release.actors) if p) or None,
    ]
    return " · ".join(html.escape(p) for p in parts if p)


def _country(raw: str, language: str) -> str:
    """A KOBIS country: the button's label for the top-7, else as KOBIS writes it in Korean
    (홍콩, 대만) and "Other" in English — never a missing text key."""
    country = normalise_nationality(raw)
    if country == OTHER and raw and language == "ko":
        return raw
    return label("nationality", country, language)


def _median_bin(prediction: AudiencePrediction) -> int:
    bins = prediction.bins
    return max(i for i, b in enumerate(bins) if prediction.audience >= b.low or i == 0)


def caption(
    prediction: AudiencePrediction,
    release: ReleaseDescription,
    known: dict[str, bool],
    language: str,
    film: KnownFilm | None = None,
    in_training: bool = False,
    data_until: date | None = None,
    title: str | None = None,
    widest: int = 0,
    typed: Mapping[str, str] | None = None,
) -> str:
    """The photo's caption (under Telegram's 1,024 characters); ``typed`` maps a KOBIS name
    to the spelling the user typed for it, echoed everywhere the name is shown."""
    lines = [t(language, "aud.result.title")]
    if film is not None:
        lines.append(
            t(
                language,
                "aud.result.film",
                title=html.escape(title or film.title),
                date=long_date(film.release.release_date, language),
            )
        )
    lines.append(
        t(
            language,
            "aud.result.point",
            audience=approx_people(prediction.audience, language),
            range=people_range(prediction.low, prediction.high, language),
        )
    )
    if film is not None and film.audience is None:
        lines.append(t(language, "aud.result.not_yet"))
    elif film is not None and film.audience is not None:
        lines.append(t(language, "aud.result.actual", actual=people(film.audience, language)))
        if in_training:
            lines.append(t(language, "aud.result.in_sample"))
        if not film.final:  # a lower bound: a file stopped counting while it was in cinemas
            lines.append(t(language, "aud.result.partial"))
    where = _median_bin(prediction)
    lines.append(
        t(
            language,
            "aud.result.likely",
            bin=t(language, f"aud.bin.{where}"),
            percent=round(100 * prediction.bins[where].probability),
        )
    )
    million = sum(b.probability for b in prediction.bins[MILLION_BIN:])
    lines.append(t(language, "aud.result.million", percent=round(100 * million)))
    lines += ["", t(language, "aud.result.factors")]
    factors = prediction.top_factors
    lines += [factor_line(f, i == 0, language, typed) for i, f in enumerate(factors)]
    lines += ["", summary(release, known, language, typed)]
    if "after_data" in prediction.notes and data_until is not None:
        lines.append(t(language, "aud.note.after_data", date=long_date(data_until, language)))
    if "screens_above" in prediction.notes:
        lines.append(t(language, "aud.note.screens_above", max=f"{widest:,}"))
    if prediction.high >= prediction.ceiling:
        ceiling = approx_people(prediction.ceiling, language)
        lines.append(t(language, "aud.note.ceiling", ceiling=ceiling))
    note = t(language, "aud.result.note", until=_month(data_until, language))
    text = "\n".join([*lines, note])
    if _shown_length(text) > CAPTION_LIMIT:  # long names: the general note goes first
        text = "\n".join(lines)
    summary_at = len(lines) - 1 - lines[::-1].index("")  # the summary follows the last blank
    while _shown_length(text) > CAPTION_LIMIT and len(lines[summary_at + 1]) > 40:
        cut = lines[summary_at + 1][: len(lines[summary_at + 1]) - 20]
        lines[summary_at + 1] = re.sub(r"&[^;\s]*$", "", cut) + "…"  # never half an entity
        text = "\n".join(lines)
    return text


def _month(day: date | None, language: str) -> str:
    """"2025년 2월" / "February 2025": the end of what the model learnt from."""
    return month_year(day.year, day.month, language) if day else ""


def _shown_length(text: str) -> int:
    """What Telegram counts of a caption: the text without its HTML tags and entities."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


def chart(prediction: AudiencePrediction, language: str) -> bytes:
    """One bar per audience range, smallest first: the chances of the forecast distribution;
    the range its median falls in highlighted."""
    chances = [b.probability for b in prediction.bins]
    where = _median_bin(prediction)
    return probability_bars(
        [t(language, f"aud.bin.{i}") for i in range(len(chances))],
        chances,
        [i == where for i in range(len(chances))],
        t(language, "aud.chart_title"),
        unit=t(language, "aud.chart_unit"),
    )
