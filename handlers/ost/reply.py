"""The OST answer: caption (top genres with fit and typical values) and the chart image."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from handlers.ost.form import describe, names
from handlers.poster.photo import genre_name
from handlers.shared.charts import score_bars
from handlers.shared.film_text import film_html
from handlers.shared.i18n import t
from inference.catalogue.films import Movie
from inference.ost import GenreFit, OstPrediction, Track
from inference.ost.features import MODEL_FEATURES, REQUIRED

TOP_GENRES = 3
# Below this fit / typical ratio for every genre, the song sounds like an average soundtrack
# track, and the reply says so rather than let three near-typical genres look like a verdict.
STANDS_OUT = 1.15


def caption(
    prediction: OstPrediction,
    values: Mapping[str, float],
    track: Track | None,
    language: str,
    film: Movie | None = None,
    similar: Sequence[Movie] = (),
    measured: Sequence[str] = (),
) -> str:
    """Title, the song (when looked up, with the catalogue's ``film`` of its soundtrack), the
    top genres, ``similar`` films of those genres, what was used (``measured``: the features a
    clip measured), and how to read it."""
    lines = [t(language, "ost.result.title")]
    if track is not None:
        lines.append(
            t(
                language,
                "ost.result.track",
                title=html.escape(_both(track.korean_title, track.title, language)),
                artist=html.escape(_both(track.korean_artist, track.artist, language) or "?"),
            )
        )
        if track.film:
            genres = ", ".join(genre_name(g, language) for g in track.film_genres)
            lines.append(
                t(
                    language,
                    "ost.result.soundtrack",
                    film=(
                        film_html(film, language) if film else f"<b>{html.escape(track.film)}</b>"
                    ),
                    genres=html.escape(genres),
                )
            )
    lines.append("")
    suits = suiting(prediction)
    for rank, score in enumerate(suits, start=1):
        lines.append(
            t(
                language,
                "ost.result.line",
                rank=rank,
                genre=html.escape(genre_name(score.genre, language)),
                fit=score.fit,
                typical=score.typical,
            )
        )
    if not suits:
        closest = prediction.scores[0]
        lines.append(t(language, "ost.result.nothing_stands_out"))
        lines.append(
            t(
                language,
                "ost.result.closest",
                genre=html.escape(genre_name(closest.genre, language)),
                fit=closest.fit,
                typical=closest.typical,
            )
        )
    elif similar:
        listed = ", ".join(film_html(m, language) for m in similar)
        lines.append(t(language, "ost.result.similar", films=listed))
    used = {k: v for k, v in values.items() if k in MODEL_FEATURES}
    lines += [
        "",
        t(language, "ost.result.features", features=html.escape(describe(used, language))),
    ]
    if measured:
        lines.append(t(language, "ost.result.measured", names=names(measured, language)))
    assumed = [f for f in MODEL_FEATURES if f not in values and f not in REQUIRED]
    if assumed:
        lines.append(t(language, "ost.result.assumed", names=names(assumed, language)))
    lines.append(t(language, "ost.result.note"))
    return "\n".join(lines)


def suiting(prediction: OstPrediction) -> list[GenreFit]:
    """The genres the reply says the song suits: of the top ``TOP_GENRES``, those whose fit is
    above a typical track's — none when no genre stands out at all (then the reply names the
    closest one and says it does not stand out)."""
    if max(s.fit / max(s.typical, 1) for s in prediction.scores) < STANDS_OUT:
        return []
    return [s for s in prediction.scores[:TOP_GENRES] if s.fit > s.typical]


def named(prediction: OstPrediction) -> list[GenreFit]:
    """The genres the caption names: those it says the song suits, else the closest one."""
    return suiting(prediction) or list(prediction.scores[:1])


def chart(prediction: OstPrediction, language: str) -> bytes:
    """Every genre's fit 0–100 as a bar, highest first (the order of the numbers shown),
    exactly the caption's genres highlighted, the typical track's fit as a line."""
    scores = prediction.scores
    shown = {s.genre for s in named(prediction)}
    return score_bars(
        [genre_name(s.genre, language) for s in scores],
        [s.fit for s in scores],
        [s.genre in shown for s in scores],
        t(language, "ost.chart_title"),
        markers=[s.typical for s in scores],
        unit=t(language, "ost.chart_unit"),
    )


def _both(korean: str, name: str, language: str) -> str:
    """In Korean, the Korean name first with the table's name beside it ("좋은 날 (Good day)",
    "아이유 (IU)"), as a Korean listener says it; otherwise the table's name."""
    if language == "ko" and korean and korean != name:
        return f"{korean} ({name})"
    return name
