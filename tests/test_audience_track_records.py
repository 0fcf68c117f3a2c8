"""Track records on known careers, as of release dates (the committed KOBIS films table), and
the words the reply explains them with."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.audience.reply import factor_line, factor_subject, share_text
from inference.audience import AudienceModel, Factor, ReleaseDescription


@pytest.fixture(scope="module")
def model() -> AudienceModel:
    return AudienceModel.load()


def test_jang_jae_hyun_before_exhuma_and_before_svaha(model: AudienceModel) -> None:
    """검은 사제들 (2015, 5.44M) and 사바하 (2019, 2.40M): 2 of 2 over a million by 파묘
    (2024-02-22); on 사바하's own opening day only the first counts."""
    before_exhuma = model.career("director", "장재현", date(2024, 2, 22))
    assert (before_exhuma.films, before_exhuma.over_million) == (2, 2)
    assert before_exhuma.best_title == "검은 사제들" and before_exhuma.best_audience == 5_440_945
    on_svaha = model.career("director", "장재현", date(2019, 2, 20))
    assert (on_svaha.films, on_svaha.over_million) == (1, 1)
    assert model.career("director", "장재현", date(2015, 11, 5)).films == 0  # his debut


def test_bong_joon_ho_before_parasite(model: AudienceModel) -> None:
    """괴물, 마더, 설국열차, 옥자 (the table's films with ≥ 1,000 admissions): three over a
    million; 기생충 itself (2019-05-30, 10.3M) never counts on its own date."""
    career = model.career("director", "봉준호", date(2019, 5, 30))
    assert (career.films, career.over_million) == (4, 3)
    assert career.best_title == "괴물"
    after = model.career("director", "봉준호", date(2019, 5, 31))
    assert (after.films, after.over_million) == (5, 4)


def test_ma_dong_seok_and_the_roundup(model: AudienceModel) -> None:
    """마동석 as of 범죄도시2 (2022-05-18): 범죄도시 (6.85M), 부산행 (11.6M) … counted; 범죄도시2
    not yet. Its director 이상용 had one earlier film (4교시 추리영역, 68k)."""
    actor = model.career("actor", "마동석", date(2022, 5, 18))
    assert actor.films == 23 and actor.best_title == "부산행"
    assert model.career("actor", "마동석", date(2022, 5, 19)).films == 24
    director = model.career("director", "이상용", date(2022, 5, 18))
    assert (director.films, director.over_million, director.best_audience) == (1, 0, 68_367)
    later = model.career("director", "이상용", date(2023, 5, 31))
    assert (later.films, later.over_million) == (2, 1)


def test_a_distributors_record_is_its_last_three_years(model: AudienceModel) -> None:
    """에이비오엔터테인먼트: 유체이탈자 (2021) and 범죄도시2 (2022) — both within three years of
    2023-05-31; 범죄도시3 (2023-05-31) only from the next day. A date past the data (which ends
    with 2025-02) counts back from the data's end: the years between are unknown, not empty."""
    assert model.career("distributor", "(주)에이비오엔터테인먼트", date(2023, 5, 31)).films == 2
    assert model.career("distributor", "에이비오엔터테인먼트", date(2023, 6, 1)).films == 3
    later = model.career("distributor", "에이비오엔터테인먼트", date(2026, 6, 1))
    assert later == model.career("distributor", "에이비오엔터테인먼트", date(2028, 6, 1))
    assert later.films == 3 and later.best_title == "범죄도시2"  # 범죄도시2, 3, 4


def test_track_records_are_worded_for_a_distributor(model: AudienceModel) -> None:
    career = model.career("director", "장재현", date(2024, 2, 22))
    up = Factor("director", 0.25, careers=(career,))
    assert factor_subject(up, "en") == "Director Jang Jae-hyun's earlier films (2 of 2 over 1M)"
    assert factor_subject(up, "ko") == "감독 장재현의 이전 영화 기록(2편 중 2편 100만 명 이상)"
    assert factor_line(up, True, "ko") == (
        "• 감독 장재현의 이전 영화 기록(2편 중 2편 100만 명 이상)이 신인 감독일 때보다 예측을 "
        "가장 크게 올렸어요 (약 1.8배)"
    )
    small = model.career("director", "이상용", date(2022, 5, 18))
    down = Factor("director", -0.1, careers=(small,))
    assert factor_subject(down, "ko") == "감독 이상용의 이전 영화 기록(1편, 최고 약 6만 8,400명)"
    assert "lowered it against a first-time director (to about 0.8 times that)" in factor_line(
        down, False, "en"
    )
    assert factor_line(down, False, "ko").endswith("신인 감독일 때보다 예측을 낮췄어요 (약 0.8배)")
    screens = Factor("screens", 0.6, screens=1587, typical_screens=530, year=2014)
    assert factor_line(screens, True, "en") == (
        "• 1,587 screens — about 3.0 times a typical wide release of 2014 (about 530) — raised "
        "it most (to about 4.0 times the forecast without it)"
    )
    assert factor_line(screens, True, "ko").endswith(
        "예측을 가장 크게 올렸어요 (이 요인이 없을 때의 약 4.0배)"
    )
    huge = Factor("screens", -1.2, screens=60, typical_screens=530, year=2014)
    assert "(이 요인이 없을 때의 10분의 1 이하)" in factor_line(huge, False, "ko")
    assert "(to under a tenth of the forecast without it)" in factor_line(huge, False, "en")
    assert not any(s in factor_line(f, i == 0, lang) for f in (up, down, screens, huge)
                   for i in (0, 1) for lang in ("ko", "en") for s in "×÷")  # fmt: skip


def test_the_market_is_compared_with_2019_in_words(model: AudienceModel) -> None:
    """Issue 25 ("요즘 극장 관객이 2019년의 절반 정도라 낮춰 잡았어요"): a release after 2019 hears
    today's market against 2019's as a share people say, and the effect against a typical
    year's market — not "without it", which a market cannot be."""
    prediction = model.predict(
        ReleaseDescription(date(2026, 12, 24), 900, "드라마", "12세이상관람가", "한국", None, None)
    )
    market = next(f for f in prediction.top_factors if f.feature == "market")
    assert 0.37 < market.market_audience / market.before_covid_audience < 0.45
    line = factor_line(market, False, "ko")
    assert line.startswith("• 요즘 극장 시장(흥행 상위 100편의 중간 관객 수 약 ")
    assert "2019년의 절반에 못 미치는 수준)이 예측을" in line
    assert "(예년 수준 시장일 때의 약 0." in line
    assert "under half of 2019's" in factor_line(market, False, "en")
    assert share_text(0.5, "ko") == "2019년의 약 절반 수준" and share_text(1.0, "en") == (
        "about the same as 2019's"
    )
    assert share_text(0.33, "ko") == "2019년의 약 3분의 1 수준"
    assert share_text(0.8, "ko") == "2019년의 약 0.8배 수준"
    before = Factor("market", 0.2, year=2016, market_audience=817_598)
    assert factor_line(before, False, "ko").startswith("• 개봉 무렵 시장(2016년 기준")
