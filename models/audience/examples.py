"""Hand-made releases that training's sanity checks, the latency bench and the tests share.

Not data: domain sanity inputs. ``WIDE`` is a star-led 1,200-screen Korean action release (such
films draw millions), ``SMALL`` a 60-screen foreign documentary (tens of thousands at most), and
``EXAMPLE`` a typical wide crime release used where any complete description will do.
"""

from __future__ import annotations

from datetime import date

from inference.audience import ReleaseDescription

EXAMPLE = ReleaseDescription(
    release_date=date(2023, 5, 31),
    screens=1200,
    genre="범죄",
    rating="15세관람가",
    nationality="한국",
    distributor="(주)에이비오엔터테인먼트",
    director="이상용",
    actors=("마동석", "손석구"),
)
WIDE = ReleaseDescription(
    release_date=date(2023, 5, 31),
    screens=1200,
    genre="액션",
    rating="15세관람가",
    nationality="한국",
    distributor="CJ ENM",
    director="류승완",
    actors=("황정민", "유아인"),
)
SMALL = ReleaseDescription(
    release_date=date(2023, 5, 31),
    screens=60,
    genre="다큐멘터리",
    rating="전체관람가",
    nationality="미국",
    distributor=None,
    director=None,
)
WIDE_TARGET = 1_000_000  # the audience WIDE should at least reach
