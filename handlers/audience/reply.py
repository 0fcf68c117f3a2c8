"""The /audience answer: predicted audience with its 80 % range, the likeliest range, the three
factors that moved the prediction most, what was described, and a chart of the range chances."""

from __future__ import annotations

import html
from datetime import date

from handlers.audience.form import label
from handlers.shared.charts import probability_bars
from handlers.shared.i18n import t
from inference.audience import AudiencePrediction, KnownFilm, ReleaseDescription

# The KOBIS list was captured on 2023-03-20: films released in the three months before it were
# often still in cinemas, so their count is partial.
PARTIAL_FROM = date(2022, 12, 20)


def people(count: int, language: str) -> str:
    """1234567 → "1,234,567" (en) or "1,234,567명" (ko)."""
    return t(language, "aud.people", count=f"{count:,}")


def rounded(count: int) -> int:
    """Three significant digits: a forecast of 5,649,217 reads 5,650,000 (no false precision)."""
    return int(float(f"{count:.3g}")) if count > 0 else 0


def effect_text(effect: float) -> str:
    """A change in log10 audience as a factor: +0.3 → "×2.0", −0.3 → "÷2.0", +1.5 → "×32"."""
    ratio = 10 ** abs(effect)
    sign = "×" if effect >= 0 else "÷"
    return f"{sign}{ratio:.0f}" if ratio >= 10 else f"{sign}{ratio:.1f}"


def summary(release: ReleaseDescription, known: dict[str, bool], language: str) -> str:
    """One line: date · screens · genre · rating · country · distributor · director · actors."""

    def person(name: str | None) -> str | None:
        if name is None:
            return None
        if known.get(name, True):
            return name
        return t(language, "aud.summary.new", name=name)

    parts = [
        release.release_date.isoformat(),
        t(language, "aud.summary.screens", screens=f"{release.screens:,}"),
        label("genre", release.genre, language),
        label("rating", release.rating, language),
        label("nationality", release.nationality, language),
        person(release.distributor),
        person(release.director),
        ", ".join(p for p in (person(a) for a in release.actors) if p) or None,
    ]
    return " · ".join(html.escape(p) for p in parts if p)


def caption(
    prediction: AudiencePrediction,
    release: ReleaseDescription,
    known: dict[str, bool],
    language: str,
    film: KnownFilm | None = None,
    in_training: bool = False,
    trained_through: date | None = None,
) -> str:
    lines = [t(language, "aud.result.title")]
    if film is not None:
        lines.append(
            t(
                language,
                "aud.result.film",
                title=html.escape(film.title),
                date=film.release.release_date.isoformat(),
            )
        )
    lines.append(
        t(
            language,
            "aud.result.point",
            audience=people(rounded(prediction.audience), language),
            low=people(rounded(prediction.low), language),
            high=people(rounded(prediction.high), language),
        )
    )
    if film is not None:
        lines.append(t(language, "aud.result.actual", actual=people(film.audience, language)))
        if in_training:
            lines.append(t(language, "aud.result.in_sample"))
        if film.release.release_date >= PARTIAL_FROM:
            lines.append(t(language, "aud.result.partial"))
    likely = max(range(len(prediction.bins)), key=lambda i: prediction.bins[i].probability)
    lines.append(
        t(
            language,
            "aud.result.likely",
            bin=t(language, f"aud.bin.{likely}"),
            percent=round(100 * prediction.bins[likely].probability),
        )
    )
    lines += ["", t(language, "aud.result.factors")]
    for factor in prediction.top_factors:
        lines.append(
            t(
                language,
                "aud.result.factor",
                name=t(language, f"aud.factor.{factor.feature}"),
                effect=effect_text(factor.effect),
            )
        )
    lines += ["", summary(release, known, language)]
    if trained_through is not None and release.release_date > trained_through:
        lines.append(t(language, "aud.result.extrapolated", date=trained_through.isoformat()))
    lines.append(t(language, "aud.result.note"))
    return "\n".join(lines)


def chart(prediction: AudiencePrediction, language: str) -> bytes:
    """One bar per audience range, smallest first; the likeliest highlighted."""
    chances = [b.probability for b in prediction.bins]
    best = max(chances)
    return probability_bars(
        [t(language, f"aud.bin.{i}") for i in range(len(chances))],
        chances,
        [c == best for c in chances],
        t(language, "aud.chart_title"),
    )
