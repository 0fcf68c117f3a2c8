"""Issue 17's guarantees over 1,000 random valid releases (numpy random, seeded): the forecast
never falls when only the screens rise; the median is inside the 80 % interval; the range
chances sum to 1 and agree with the interval; nothing exceeds the ceiling."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from inference.audience import AudienceModel, ReleaseDescription
from inference.audience.distribution import HIGH, LOW, cdf
from inference.audience.features import GENRES, NATIONALITIES, RATINGS
from inference.audience.parsing import MAX_SCREENS
from inference.audience.track_record import MIN_SCREENS

CASES = 1_000
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def model() -> AudienceModel:
    return AudienceModel.load()


def _releases(model: AudienceModel, rng: np.random.Generator) -> list[ReleaseDescription]:
    directors = model._records.names("director")
    actors = model._records.names("actor")
    distributors = model._records.names("distributor")
    first, span = date(2008, 1, 1), (date(2029, 12, 31) - date(2008, 1, 1)).days

    def maybe(names: tuple[str, ...]) -> str | None:
        roll = rng.random()
        if roll < 0.2:
            return None
        return "새이름" + str(rng.integers(1000)) if roll < 0.3 else str(rng.choice(names))

    out = []
    for _ in range(CASES):
        leads = int(rng.integers(0, 4))
        out.append(
            ReleaseDescription(
                release_date=first + timedelta(days=int(rng.integers(span))),
                screens=int(np.exp(rng.uniform(np.log(MIN_SCREENS + 1), np.log(MAX_SCREENS)))),
                genre=str(rng.choice(GENRES)),
                rating=str(rng.choice(RATINGS)),
                nationality=str(rng.choice(NATIONALITIES)),
                distributor=maybe(distributors),
                director=maybe(directors),
                actors=tuple(str(a) for a in rng.choice(actors, size=leads, replace=False)),
                independent=bool(rng.random() < 0.3),
            )
        )
    return out


def test_a_thousand_random_releases(model: AudienceModel) -> None:
    rng = np.random.default_rng(17)
    for release in _releases(model, rng):
        p = model.predict(release)
        # monotone in screens: every quantile of the distribution, not only the median
        more = int(rng.integers(release.screens, MAX_SCREENS + 1))
        wider = model.predict(replace(release, screens=more))
        assert all(w >= q for w, q in zip(wider.quantiles, p.quantiles, strict=True)), (
            release,
            more,
        )
        # the headline inside its interval; nothing above the ceiling
        assert p.low <= p.audience <= p.high <= p.ceiling, release
        assert max(p.quantiles) <= p.ceiling
        # range chances: sum to 1, nothing at or above the ceiling, agree with the interval
        chances = np.array([b.probability for b in p.bins])
        assert chances.sum() == pytest.approx(1.0, abs=1e-9)
        assert all(b.probability == 0 for b in p.bins if b.low > p.ceiling)
        below = sum(b.probability for b in p.bins if b.high is not None and b.high <= p.low)
        above = sum(b.probability for b in p.bins if b.low >= p.high)
        assert below <= 0.1 + 1e-6 and above <= 0.1 + 1e-6, release
        touching = sum(
            b.probability for b in p.bins if (b.high is None or b.high > p.low) and b.low <= p.high
        )
        assert touching >= 0.8 - 1e-6, release
        quantiles = np.log10(np.array(p.quantiles, dtype=float))
        log_ceiling = np.log10(p.ceiling)
        inside = (
            cdf(quantiles, np.array([quantiles[HIGH]]), log_ceiling)[0]
            - cdf(quantiles, np.array([quantiles[LOW]]), log_ceiling)[0]
        )
        assert inside == pytest.approx(0.8, abs=1e-6) or p.high >= p.ceiling * (1 - 1e-6)
