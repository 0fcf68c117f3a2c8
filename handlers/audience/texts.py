"""Texts of the audience handlers, Korean (``KO``) and English (``EN``), keyed by message id.

Korean is 해요체 throughout; particles after a value agree with it (``{name:이/가}``); counts
and dates are written by ``handlers.shared.numbers`` (약 129만 명, 2027년 1월 15일).
"""

KO: dict[str, str] = {
    "aud.intro": (
        "🎟 <b>관객 수 예측</b>\n한국 극장 개봉작의 전국 관객 수를 예측해요.\n• <b>새 "
        "개봉작</b>을 누르고 개봉일, 스크린 수, 장르, 관람 등급, 제작 국가, 배급사, 감독, 주연 "
        "배우를 차례로 알려 주세요.\n• 또는 KOBIS 목록({listed}까지 개봉)에 있는 영화 제목(예: "
        "<code>파묘</code>)을 입력하면 실제 관객 수(관객 수는 {counted} 개봉작까지)와 예측을 함께 "
        "보여 드려요."
    ),
    "aud.button.new": "📝 새 개봉작",
    "aud.button.skip": "건너뛰기",
    "aud.button.done": "완료",
    "aud.button.back": "◀ 이전",
    "aud.button.cancel": "✖ 취소",
    "aud.button.again": "🎟 다른 영화",
    "aud.button.as_new": "“{name}” 새 이름으로",
    "aud.button.ask": "🖥 스크린 수 알려 주고 예측 보기",
    "aud.ask.date": (
        "📅 <b>개봉일</b> ({step}/{total})\n예: 2027-05-31, 2027년 5월 31일, 5/31, 다음 달 15일"
    ),
    "aud.ask.screens": (
        "🖥 <b>개봉 스크린 수</b> ({step}/{total})\n숫자를 입력하거나(예: 1200개 정도) 눌러 "
        "주세요. 지금까지 가장 많은 개봉은 약 3,000개예요(2024년 범죄도시4)."
    ),
    "aud.ask.genre": "🎭 <b>장르</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>관람 등급</b> ({step}/{total})\n누르거나 입력해 주세요(예: 15세).",
    "aud.ask.nationality": "🌏 <b>제작 국가</b> ({step}/{total})\n누르거나 입력해 주세요.",
    "aud.ask.distributor": (
        "🏢 <b>배급사</b> ({step}/{total})\n이름을 입력하거나(예: CJ ENM, 롯데엔터테인먼트, "
        "쇼박스) 건너뛰기를 눌러 주세요."
    ),
    "aud.ask.director": (
        "🎬 <b>감독</b> ({step}/{total})\n이름을 입력하거나 건너뛰기를 눌러 주세요."
    ),
    "aud.ask.actor": (
        "⭐ <b>주연 배우 {n}</b> ({step}/{total})\n이름을 입력하거나(여러 명은 쉼표로: 마동석, "
        "손석구) {done}{done:을/를} 눌러 주세요."
    ),
    "aud.date.empty": "개봉일을 입력해 주세요. 예: 2027-05-31",
    "aud.date.format": (
        "“{text}”{text:은/는} 날짜로 읽을 수 없어요. 2027-05-31, 2027년 5월 31일, 5/31, "
        "다음 달 15일처럼 입력해 주세요."
    ),
    "aud.date.impossible": "“{text}”{text:은/는} 없는 날짜예요. 월과 일을 확인해 주세요.",
    "aud.date.too_early": (
        "스크린 수 데이터가 2008년부터라서 “{text}”{text:은/는} 예측할 수 없어요. 2008년 이후 "
        "날짜를 입력해 주세요."
    ),
    "aud.date.too_late": (
        "“{text}”{text:은/는} 3년도 더 뒤예요. 3년 이내 개봉작만 예측할 수 있어요."
    ),
    "aud.screens.empty": "스크린 수를 입력해 주세요. 예: 800",
    "aud.screens.not_a_number": (
        "“{text}”{text:은/는} 스크린 수로 읽을 수 없어요. 800이나 1200개 정도처럼 입력해 주세요."
    ),
    "aud.screens.not_positive": (
        "개봉하려면 스크린이 1개 이상 필요해요. “{text}”{text:은/는} 쓸 수 없어요."
    ),
    "aud.screens.too_many": (
        "{text}개는 한국의 전체 스크린보다 많아요. 최대 {max}개까지 받을 수 있어요."
    ),
    "aud.screens.below_population": (
        "스크린 {text}개처럼 50개 이하로 여는 개봉은 학습한 데이터(스크린 50개 초과 개봉작)에 "
        "없어서 제 예측을 믿기 어려워요. 51개 이상으로 입력하거나 취소해 주세요."
    ),
    "aud.tap_button": "버튼 중 하나를 눌러 주세요.",
    "aud.name.empty": "이름을 입력하거나 건너뛰기를 눌러 주세요.",
    "aud.name.known": "✓ {name}: KOBIS 기록에 있어요.",
    "aud.name.new": (
        "“{name}”{name:은/는} 제가 가진 KOBIS 기록에 없어서 {kind}{kind:으로/로} 볼게요."
    ),
    "aud.kind.person": "새 인물(흥행 이력 없음)",
    "aud.kind.company": "새 배급사(배급 이력 없음)",
    "aud.name.suggest": "“{name}”{name:을/를} 정확히는 모르겠어요. 혹시 이 중 하나인가요?",
    "aud.film.not_found": (
        "{listed}까지의 KOBIS 개봉작에서 “{query}”{query:을/를} 찾지 못했어요. 그 뒤에 개봉한 "
        "영화라면 제 데이터보다 새로워요. 한글 제목(예: 범죄도시2)을 확인하거나 새 개봉작을 눌러 "
        "직접 알려 주세요."
    ),
    "aud.film.newer": (
        "“{title}”{title:은/는} {date}에 개봉해서 제 KOBIS 데이터({until}까지)보다 새로운 "
        "영화예요. 실제 관객 수는 없지만, 새 개봉작을 눌러 알려 주시면 예측해 드릴게요."
    ),
    "aud.film.not_yet": (
        "실제 관객 수는 아직 CineMate 데이터에 없어요(관객 수는 {until} 개봉작까지 있어요). "
        "예측에 필요한 것만 여쭤볼게요."
    ),
    "aud.film.missing_facts": "예측에 필요한 정보 중 제 데이터에 없는 것만 여쭤볼게요.",
    "aud.film.pick": "어떤 영화인가요?",
    "aud.film.too_small": (
        "<b>{title}</b> ({date} 개봉, 스크린 {screens}개)\n실제 관객 수(KOBIS): "
        "<b>{actual}</b>\n스크린 50개 이하 개봉은 학습한 범위 밖이라 예측은 드리지 않을게요."
    ),
    "aud.need_text": "답을 입력하거나 버튼을 눌러 주세요.",
    "aud.cancelled": "그만할게요. 언제든 다시 시작할 수 있어요: /audience",
    "aud.result.title": "🎟 <b>예상 전국 관객 수</b>",
    "aud.result.film": "<b>{title}</b>, {date} 개봉",
    "aud.result.point": "<b>{audience}</b> (80% 범위 {range})",
    "aud.result.actual": "실제 관객 수(KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": "<i>이 영화는 모델 학습에 쓰였으므로 예측이 아니라 적합값이에요.</i>",
    "aud.result.partial": (
        "<i>상영이 끝나기 전에 집계된 숫자라서 최종 관객 수는 이보다 많을 수 있어요.</i>"
    ),
    "aud.result.not_yet": "<i>실제 관객 수는 아직 CineMate 데이터에 없어요.</i>",
    "aud.result.likely": "예측이 속한 구간: {bin} (확률 {percent}%)",
    "aud.result.million": "100만 명을 넘을 확률: {percent}%",
    "aud.result.factors": "예측을 가장 크게 움직인 요인:",
    "aud.result.factor": "• {what}{what:이/가} 예측을 {verb} (이 요인이 없을 때의 {effect})",
    "aud.result.factor_vs": "• {what}{what:이/가} {than} 예측을 {verb} ({effect})",
    "aud.than.director": "신인 감독일 때보다",
    "aud.than.distributor": "새 배급사일 때보다",
    "aud.than.actors": "신인 배우일 때보다",
    "aud.verb.up_most": "가장 크게 올렸어요",
    "aud.verb.up": "올렸어요",
    "aud.verb.down_most": "가장 크게 낮췄어요",
    "aud.verb.down": "낮췄어요",
    "aud.effect.ratio": "약 {ratio}배",
    "aud.effect.over_ten_up": "10배 이상",
    "aud.effect.over_ten_down": "10분의 1 이하",
    "aud.what.screens": (
        "스크린 {screens}개({year}년 와이드 개봉작 약 {typical}개의 약 {ratio}배)"
    ),
    "aud.what.genre": "장르 {value}",
    "aud.what.rating": "관람 등급 {value}",
    "aud.what.nationality": "제작 국가 {value}",
    "aud.what.independent": "독립/예술영화라는 점",
    "aud.what.release_month": "{value} 개봉",
    "aud.what.covid": "코로나 시기(2020~2022년) 개봉",
    "aud.what.market": (
        "개봉 무렵 시장({year}년 기준 직전 1년 흥행 상위 100편의 중간 관객 수 {audience})"
    ),
    "aud.what.market_vs_2019": (
        "요즘 극장 시장(흥행 상위 100편의 중간 관객 수 {audience}, {share})"
    ),
    "aud.result.market": "• {what}{what:이/가} 예측을 {verb} (예년 수준 시장일 때의 {effect})",
    "aud.share.same": "2019년과 비슷한 수준",
    "aud.share.half": "2019년의 약 절반 수준",
    "aud.share.two_thirds": "2019년의 약 3분의 2 수준",
    "aud.share.under_half": "2019년의 절반에 못 미치는 수준",
    "aud.share.third": "2019년의 약 3분의 1 수준",
    "aud.share.quarter": "2019년의 약 4분의 1 수준",
    "aud.share.ratio": "2019년의 약 {ratio}배 수준",
    # The particle after "(…)" agrees with its last word: the noun before it (기록, 개, 시장)
    # is chosen to end the same way (a final consonant, or a vowel for 개/배).
    "aud.what.director": "감독 {names}의 이전 영화 기록({record})",
    "aud.what.distributor": "배급사 {names}의 최근 3년 기록({record})",
    "aud.what.actors": "주연 배우 {names}의 이전 영화 기록({record})",
    "aud.what.new_people": "{names}의 이전 영화가 없다는 점",
    "aud.record.hits": "{films}편 중 {hits}편 100만 명 이상",
    "aud.record.best": "{films}편, 최고 {best}",
    "aud.note.after_data": (
        "<i>KOBIS 데이터가 {date}까지라서, 그 뒤 개봉은 마지막 데이터의 시장 수준을 그대로 "
        "가정한 예측이에요.</i>"
    ),
    "aud.note.screens_above": (
        "<i>스크린 {max}개보다 넓은 개봉은 데이터에 없어서 {max}개 개봉처럼 예측했어요.</i>"
    ),
    "aud.note.ceiling": (
        "<i>범위의 위쪽은 지금까지 한 영화가 얻을 수 있었던 최대치({ceiling})에서 잘랐어요.</i>"
    ),
    "aud.result.note": (
        "<i>2008년~{until} 스크린 50개 초과 KOBIS 개봉작으로 학습한 모델의 추정이에요. 보장이 "
        "아니에요.</i>"
    ),
    "aud.chart_title": "관객 수 구간별 확률 (예측 분포)",
    "aud.chart_unit": "확률",
    "aud.summary.screens": "스크린 {screens}개",
    "aud.summary.new": "{name} (새 인물)",
    "aud.summary.new_company": "{name} (새 배급사)",
    "aud.genre.드라마": "드라마",
    "aud.genre.애니메이션": "애니메이션",
    "aud.genre.액션": "액션",
    "aud.genre.코미디": "코미디",
    "aud.genre.멜로/로맨스": "멜로/로맨스",
    "aud.genre.공포(호러)": "공포(호러)",
    "aud.genre.범죄": "범죄",
    "aud.genre.스릴러": "스릴러",
    "aud.genre.다큐멘터리": "다큐멘터리",
    "aud.genre.미스터리": "미스터리",
    "aud.genre.SF": "SF",
    "aud.genre.판타지": "판타지",
    "aud.genre.어드벤처": "어드벤처",
    "aud.genre.사극": "사극",
    "aud.genre.가족": "가족",
    "aud.genre.공연": "공연",
    "aud.genre.전쟁": "전쟁",
    "aud.genre.뮤지컬": "뮤지컬",
    "aud.genre.서부극(웨스턴)": "서부극(웨스턴)",
    "aud.genre.성인물(에로)": "성인물(에로)",
    "aud.genre.기타": "기타",
    "aud.rating.전체관람가": "전체관람가",
    "aud.rating.12세관람가": "12세이상관람가",
    "aud.rating.15세관람가": "15세이상관람가",
    "aud.rating.청소년관람불가": "청소년관람불가",
    "aud.nationality.한국": "한국",
    "aud.nationality.미국": "미국",
    "aud.nationality.일본": "일본",
    "aud.nationality.영국": "영국",
    "aud.nationality.프랑스": "프랑스",
    "aud.nationality.중국": "중국",
    "aud.nationality.독일": "독일",
    "aud.nationality.기타": "기타",
    "aud.bin.0": "1만 명 미만",
    "aud.bin.1": "1만~10만 명",
    "aud.bin.2": "10만~100만 명",
    "aud.bin.3": "100만~150만 명",
    "aud.bin.4": "150만~300만 명",
    "aud.bin.5": "300만~500만 명",
    "aud.bin.6": "500만 명 이상",
}

EN: dict[str, str] = {
    "aud.intro": (
        "🎟 <b>Box-office forecast</b>\nI predict the national audience of a film released in "
        "Korean cinemas.\n• Tap <b>New release</b> and describe it step by step: date, screens, "
        "genre, rating, country, distributor, director, lead actors.\n• Or type the title of a "
        "film in the KOBIS list (releases to {listed}), e.g. <code>파묘</code>, to see my "
        "forecast beside its actual audience (admissions for releases to {counted})."
    ),
    "aud.button.new": "📝 New release",
    "aud.button.skip": "Skip",
    "aud.button.done": "Done",
    "aud.button.back": "◀ Back",
    "aud.button.cancel": "✖ Cancel",
    "aud.button.again": "🎟 Another film",
    "aud.button.as_new": "“{name}” is new",
    "aud.button.ask": "🖥 Give the screens for a forecast",
    "aud.ask.date": (
        "📅 <b>Release date</b> ({step}/{total})\nFor example 2027-05-31, 2027.5.31 or 5/31."
    ),
    "aud.ask.screens": (
        "🖥 <b>Screens</b> on opening ({step}/{total})\nType a number or tap one (the widest "
        "release so far had about 3,000)."
    ),
    "aud.ask.genre": "🎭 <b>Genre</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>Rating</b> ({step}/{total})\nTap one or type it (e.g. 15+).",
    "aud.ask.nationality": "🌏 <b>Country of production</b> ({step}/{total})\nTap one or type it.",
    "aud.ask.distributor": (
        "🏢 <b>Distributor</b> ({step}/{total})\nType its name (e.g. CJ ENM, 롯데엔터테인먼트, "
        "쇼박스), or tap Skip."
    ),
    "aud.ask.director": "🎬 <b>Director</b> ({step}/{total})\nType a name, or tap Skip.",
    "aud.ask.actor": (
        "⭐ <b>Lead actor {n}</b> ({step}/{total})\nType a name (several with commas: 마동석, "
        "손석구), or tap {done}."
    ),
    "aud.date.empty": "Please type a release date, e.g. 2027-05-31.",
    "aud.date.format": (
        "I can't read “{text}” as a date. Try 2027-05-31, 2027.5.31, 2027년 5월 31일 or 5/31."
    ),
    "aud.date.impossible": "“{text}” is not a real date. Please check the month and day.",
    "aud.date.too_early": (
        "Screen counts in my data start in 2008, so I can't forecast “{text}”. Please give a "
        "date from 2008 on."
    ),
    "aud.date.too_late": (
        "“{text}” is more than three years away; I can only forecast releases up to three years "
        "ahead."
    ),
    "aud.screens.empty": "Please type the number of screens, e.g. 800.",
    "aud.screens.not_a_number": (
        "“{text}” is not a number of screens. Type a whole number, e.g. 800."
    ),
    "aud.screens.not_positive": "A release needs at least one screen; “{text}” won't do.",
    "aud.screens.too_many": "{text} screens is more than Korea has; the maximum I accept is {max}.",
    "aud.screens.below_population": (
        "Below 51 screens ({text}) my forecasts are unreliable: I learnt from releases on more "
        "than 50 screens. Type 51 or more, or cancel."
    ),
    "aud.tap_button": "Please tap one of the buttons.",
    "aud.name.empty": "Please type a name, or tap Skip.",
    "aud.name.known": "✓ {name}: found in the KOBIS records.",
    "aud.name.new": "“{name}” isn't in the KOBIS records I have, so it counts as {kind}.",
    "aud.kind.person": "new (no track record)",
    "aud.kind.company": "a new distributor (no track record)",
    "aud.name.suggest": "I don't know “{name}” exactly. Did you mean one of these?",
    "aud.film.not_found": (
        "I couldn't find “{query}” among KOBIS releases to {listed}; a film released later "
        "is newer than my data. Check the spelling (the Korean title, e.g. 범죄도시2) or tap New "
        "release to describe a film."
    ),
    "aud.film.newer": (
        "“{title}” opened on {date}, after my KOBIS data ends ({until}), so I have no actual "
        "audience for it; tap New release and describe it for a forecast."
    ),
    "aud.film.not_yet": (
        "Its actual audience is not in CineMate's data yet (admissions go to releases of "
        "{until}); I'll ask only what the forecast needs."
    ),
    "aud.film.missing_facts": "My data lacks some facts the forecast needs; I'll ask for those.",
    "aud.film.pick": "Which film do you mean?",
    "aud.film.too_small": (
        "<b>{title}</b> (released {date} on {screens:screen|screens})\nActual audience (KOBIS): "
        "<b>{actual}</b>\nReleases on 50 screens or fewer are outside what I learnt from, so I "
        "give no forecast."
    ),
    "aud.need_text": "Please type your answer or use the buttons.",
    "aud.cancelled": "OK, stopped. Send /audience to start again.",
    "aud.result.title": "🎟 <b>Predicted national audience</b>",
    "aud.result.film": "<b>{title}</b>, released {date}",
    "aud.result.point": "<b>{audience}</b> (80% range {range})",
    "aud.result.actual": "Actual audience (KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": (
        "<i>This film was in the model's training data, so this is a fit, not a forecast.</i>"
    ),
    "aud.result.partial": (
        "<i>Counted before its run ended: the final audience may be higher.</i>"
    ),
    "aud.result.not_yet": (
        "<i>Its actual audience is not in CineMate's data yet.</i>"
    ),
    "aud.result.likely": "The forecast's range: {bin} (chance {percent}%)",
    "aud.result.million": "Chance of more than a million: {percent}%",
    "aud.result.factors": "What moved the forecast most:",
    "aud.result.factor": "• {what} {verb} (to {effect} the forecast without it)",
    "aud.result.factor_vs": "• {what} {verb} {than} (to {effect} that)",
    "aud.than.director": "against a first-time director",
    "aud.than.distributor": "against a new distributor",
    "aud.than.actors": "against newcomers",
    "aud.verb.up_most": "raised it most",
    "aud.verb.up": "raised it",
    "aud.verb.down_most": "lowered it most",
    "aud.verb.down": "lowered it",
    "aud.effect.ratio": "about {ratio} times",
    "aud.effect.over_ten_up": "over 10 times",
    "aud.effect.over_ten_down": "under a tenth of",
    "aud.what.screens": (
        "{screens:screen|screens} — about {ratio} times a typical wide release of {year} (about "
        "{typical}) —"
    ),
    "aud.what.genre": "The genre, {value},",
    "aud.what.rating": "The rating, {value},",
    "aud.what.nationality": "The country, {value},",
    "aud.what.independent": "Being an independent/art film",
    "aud.what.release_month": "Opening in {value}",
    "aud.what.covid": "Opening in the covid years (2020–22)",
    "aud.what.market": (
        "The market at release (the median of the year's 100 largest releases before it, as of "
        "{year}: {audience})"
    ),
    "aud.what.market_vs_2019": (
        "Cinema-going these days (the median of the 100 largest recent releases: {audience}, "
        "{share})"
    ),
    "aud.result.market": "• {what} {verb} (to {effect} the forecast in a typical year's market)",
    "aud.share.same": "about the same as 2019's",
    "aud.share.half": "about half of 2019's",
    "aud.share.two_thirds": "about two thirds of 2019's",
    "aud.share.under_half": "under half of 2019's",
    "aud.share.third": "about a third of 2019's",
    "aud.share.quarter": "about a quarter of 2019's",
    "aud.share.ratio": "about {ratio} times 2019's",
    "aud.what.director": "Director {names}'s earlier films ({record})",
    "aud.what.distributor": "Distributor {names}'s releases of the last three years ({record})",
    "aud.what.actors": "The earlier films of {names} ({record})",
    "aud.what.new_people": "No earlier films for {names}",
    "aud.record.hits": "{hits} of {films} over 1M",
    "aud.record.best": "{films}, best {best}",
    "aud.note.after_data": (
        "<i>My KOBIS data ends on {date}; for a later release the forecast assumes the market of "
        "the latest data.</i>"
    ),
    "aud.note.screens_above": (
        "<i>No release in my data opened wider than {max} screens, so this is forecast as one "
        "on {max}.</i>"
    ),
    "aud.note.ceiling": (
        "<i>The range is cut at the most a film could reach so far ({ceiling}).</i>"
    ),
    "aud.result.note": (
        "<i>A model of KOBIS releases on more than 50 screens, 2008 to {until}: a forecast, not "
        "a promise.</i>"
    ),
    "aud.chart_title": "Chance of each audience range (the forecast)",
    "aud.chart_unit": "chance",
    "aud.summary.screens": "{screens:screen|screens}",
    "aud.summary.new": "{name} (new)",
    "aud.summary.new_company": "{name} (new distributor)",
    "aud.genre.드라마": "Drama",
    "aud.genre.애니메이션": "Animation",
    "aud.genre.액션": "Action",
    "aud.genre.코미디": "Comedy",
    "aud.genre.멜로/로맨스": "Romance",
    "aud.genre.공포(호러)": "Horror",
    "aud.genre.범죄": "Crime",
    "aud.genre.스릴러": "Thriller",
    "aud.genre.다큐멘터리": "Documentary",
    "aud.genre.미스터리": "Mystery",
    "aud.genre.SF": "Sci-fi",
    "aud.genre.판타지": "Fantasy",
    "aud.genre.어드벤처": "Adventure",
    "aud.genre.사극": "Period drama",
    "aud.genre.가족": "Family",
    "aud.genre.공연": "Performance",
    "aud.genre.전쟁": "War",
    "aud.genre.뮤지컬": "Musical",
    "aud.genre.서부극(웨스턴)": "Western",
    "aud.genre.성인물(에로)": "Adult",
    "aud.genre.기타": "Other",
    "aud.rating.전체관람가": "All ages",
    "aud.rating.12세관람가": "12+",
    "aud.rating.15세관람가": "15+",
    "aud.rating.청소년관람불가": "18+ (adults only)",
    "aud.nationality.한국": "Korea",
    "aud.nationality.미국": "USA",
    "aud.nationality.일본": "Japan",
    "aud.nationality.영국": "UK",
    "aud.nationality.프랑스": "France",
    "aud.nationality.중국": "China",
    "aud.nationality.독일": "Germany",
    "aud.nationality.기타": "Other",
    "aud.bin.0": "under 10k",
    "aud.bin.1": "10k–100k",
    "aud.bin.2": "100k–1M",
    "aud.bin.3": "1M–1.5M",
    "aud.bin.4": "1.5M–3M",
    "aud.bin.5": "3M–5M",
    "aud.bin.6": "5M or more",
}
