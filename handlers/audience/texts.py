"""Texts of the audience handlers, Korean (``KO``) and English (``EN``), keyed by message id."""

KO: dict[str, str] = {
    "aud.intro": (
        "🎟 <b>관객 수 예측</b>\n한국 극장 개봉작의 전국 관객 수를 예측해요.\n• <b>새 "
        "개봉작</b>을 누르고 개봉일, 스크린 수, 장르, 등급, 제작 국가, 배급사, 감독, 주연 배우를 "
        "차례로 알려 주세요.\n• 또는 KOBIS 목록(2023년 2월까지 개봉)에 있는 영화 제목(예: "
        "<code>범죄도시2</code>)을 입력하면 실제 관객 수와 예측을 함께 보여 드려요."
    ),
    "aud.button.new": "📝 새 개봉작",
    "aud.button.skip": "건너뛰기",
    "aud.button.done": "완료",
    "aud.button.back": "◀ 이전",
    "aud.button.cancel": "✖ 취소",
    "aud.button.again": "🎟 다른 영화",
    "aud.button.as_new": "“{name}” 새 이름으로",
    "aud.ask.date": "📅 <b>개봉일</b> ({step}/{total})\n예: 2023-05-31, 2023.5.31, 5/31",
    "aud.ask.screens": (
        "🖥 <b>개봉 스크린 수</b> ({step}/{total})\n숫자를 입력하거나 눌러 주세요 (지금까지 가장 "
        "많은 개봉은 약 2,900개)."
    ),
    "aud.ask.genre": "🎭 <b>장르</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>관람 등급</b> ({step}/{total})",
    "aud.ask.nationality": "🌏 <b>제작 국가</b> ({step}/{total})\n누르거나 입력해 주세요.",
    "aud.ask.distributor": (
        "🏢 <b>배급사</b> ({step}/{total})\n이름을 입력하거나(예: CJ ENM, 롯데엔터테인먼트, "
        "쇼박스) 건너뛰기를 누르세요."
    ),
    "aud.ask.director": "🎬 <b>감독</b> ({step}/{total})\n이름을 입력하거나 건너뛰기를 누르세요.",
    "aud.ask.actor": (
        "⭐ <b>주연 배우 {n}</b> ({step}/{total})\n이름을 입력하거나 {done}{done:을/를} 누르세요."
    ),
    "aud.date.empty": "개봉일을 입력해 주세요. 예: 2023-05-31",
    "aud.date.format": (
        "“{text}”{text:은/는} 날짜로 읽을 수 없어요. 2023-05-31, 2023.5.31, 2023년 5월 31일, "
        "5/31 처럼 입력해 주세요."
    ),
    "aud.date.impossible": "“{text}”{text:은/는} 없는 날짜예요. 월과 일을 확인해 주세요.",
    "aud.date.too_early": (
        "데이터가 2003년부터라서 “{text}”{text:은/는} 쓸 수 없어요. 2003년 이후 날짜를 입력해 "
        "주세요."
    ),
    "aud.date.too_late": (
        "“{text}”{text:은/는} 3년도 더 뒤예요. 3년 이내 개봉작만 예측할 수 있어요."
    ),
    "aud.screens.empty": "스크린 수를 입력해 주세요. 예: 800",
    "aud.screens.not_a_number": (
        "“{text}”{text:은/는} 스크린 수가 아니에요. 800처럼 정수로 입력해 주세요."
    ),
    "aud.screens.not_positive": (
        "개봉하려면 스크린이 1개 이상 필요해요. “{text}”{text:은/는} 쓸 수 없어요."
    ),
    "aud.screens.too_many": (
        "{text}개는 한국의 전체 스크린보다 많아요. 최대 {max}개까지 받을 수 있어요."
    ),
    "aud.tap_button": "버튼 중 하나를 눌러 주세요.",
    "aud.name.empty": "이름을 입력하거나 건너뛰기를 누르세요.",
    "aud.name.known": "✓ {name}: KOBIS 기록에 있어요.",
    "aud.name.new": (
        "“{name}”{name:은/는} 제가 가진 KOBIS 기록에 없어서 새 인물(흥행 이력 없음)로 볼게요."
    ),
    "aud.name.suggest": "“{name}”{name:을/를} 정확히는 모르겠어요. 혹시 이 중 하나인가요?",
    "aud.film.not_found": (
        "2023년 2월까지의 KOBIS 개봉작에서 “{query}”{query:을/를} 찾지 못했어요. 한글 제목(예: "
        "범죄도시2)을 확인하거나 새 개봉작을 눌러 직접 알려 주세요."
    ),
    "aud.film.pick": "어떤 영화인가요?",
    "aud.need_text": "답을 입력하거나 버튼을 눌러 주세요.",
    "aud.cancelled": "그만할게요. /audience 로 다시 시작할 수 있어요.",
    "aud.result.title": "🎟 <b>예상 전국 관객 수</b>",
    "aud.result.film": "<b>{title}</b>, {date} 개봉",
    "aud.result.point": "<b>{audience}</b> (80% 범위 {low} – {high})",
    "aud.result.actual": "실제 관객 수(KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": "<i>이 영화는 모델 학습에 쓰였으므로 예측이 아니라 적합값이에요.</i>",
    "aud.result.partial": "<i>2023년 3월 기준 집계: 그때 상영 중이던 영화는 일부만 집계됐어요.</i>",
    "aud.result.likely": "가장 가능성 높은 구간: {bin} ({percent}%)",
    "aud.result.factors": "예측을 가장 크게 움직인 요인:",
    "aud.result.factor": "• {name}: {effect}",
    "aud.result.extrapolated": (
        "<i>학습 데이터가 끝난 {date} 이후 개봉이에요. 최신 데이터의 스크린 수준을 그대로 적용한 "
        "예측이에요.</i>"
    ),
    "aud.result.note": (
        "<i>스크린 50개 초과 KOBIS 개봉작으로 학습한 모델의 추정이에요. 보장이 아니에요.</i>"
    ),
    "aud.chart_title": "관객 수 구간별 확률",
    "aud.people": "{count}명",
    "aud.summary.screens": "스크린 {screens}개",
    "aud.summary.new": "{name} (새 인물)",
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
    "aud.rating.12세관람가": "12세관람가",
    "aud.rating.15세관람가": "15세관람가",
    "aud.rating.청소년관람불가": "청소년관람불가",
    "aud.nationality.미국": "미국",
    "aud.nationality.한국": "한국",
    "aud.nationality.일본": "일본",
    "aud.nationality.영국": "영국",
    "aud.nationality.프랑스": "프랑스",
    "aud.nationality.중국": "중국",
    "aud.nationality.독일": "독일",
    "aud.nationality.기타": "기타",
    "aud.bin.0": "1만 미만",
    "aud.bin.1": "1만–10만",
    "aud.bin.2": "10만–100만",
    "aud.bin.3": "100만–150만",
    "aud.bin.4": "150만–300만",
    "aud.bin.5": "300만–500만",
    "aud.bin.6": "500만 이상",
    "aud.factor.screens": "스크린 수",
    "aud.factor.genre": "장르",
    "aud.factor.rating": "등급",
    "aud.factor.nationality": "제작 국가",
    "aud.factor.independent": "독립/예술영화",
    "aud.factor.release_month": "개봉 시기",
    "aud.factor.release_year": "코로나 시기(2020–22)",
    "aud.factor.director": "감독 흥행 이력",
    "aud.factor.distributor": "배급사 흥행 이력",
    "aud.factor.actors": "주연 배우 흥행 이력",
}

EN: dict[str, str] = {
    "aud.intro": (
        "🎟 <b>Box-office forecast</b>\nI predict the national audience of a film released in "
        "Korean cinemas.\n• Tap <b>New release</b> and describe it step by step: date, screens, "
        "genre, rating, country, distributor, director, lead actors.\n• Or type the title of a "
        "film in the KOBIS list (releases to February 2023), e.g. <code>범죄도시2</code>, to see "
        "my prediction beside its actual audience."
    ),
    "aud.button.new": "📝 New release",
    "aud.button.skip": "Skip",
    "aud.button.done": "Done",
    "aud.button.back": "◀ Back",
    "aud.button.cancel": "✖ Cancel",
    "aud.button.again": "🎟 Another film",
    "aud.button.as_new": "“{name}” is new",
    "aud.ask.date": (
        "📅 <b>Release date</b> ({step}/{total})\nFor example 2023-05-31, 2023.5.31 or 5/31."
    ),
    "aud.ask.screens": (
        "🖥 <b>Screens</b> on opening ({step}/{total})\nType a number or tap one (the widest "
        "release so far had about 2,900)."
    ),
    "aud.ask.genre": "🎭 <b>Genre</b> ({step}/{total})",
    "aud.ask.rating": "🔞 <b>Rating</b> ({step}/{total})",
    "aud.ask.nationality": "🌏 <b>Country of production</b> ({step}/{total})\nTap one or type it.",
    "aud.ask.distributor": (
        "🏢 <b>Distributor</b> ({step}/{total})\nType its name (e.g. CJ ENM, 롯데엔터테인먼트, "
        "쇼박스), or tap Skip."
    ),
    "aud.ask.director": "🎬 <b>Director</b> ({step}/{total})\nType a name, or tap Skip.",
    "aud.ask.actor": "⭐ <b>Lead actor {n}</b> ({step}/{total})\nType a name, or tap {done}.",
    "aud.date.empty": "Please type a release date, e.g. 2023-05-31.",
    "aud.date.format": (
        "I can't read “{text}” as a date. Try 2023-05-31, 2023.5.31, 2023년 5월 31일 or 5/31."
    ),
    "aud.date.impossible": "“{text}” is not a real date. Please check the month and day.",
    "aud.date.too_early": (
        "My data starts in 2003, so I can't use “{text}”. Please give a date from 2003 on."
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
    "aud.tap_button": "Please tap one of the buttons.",
    "aud.name.empty": "Please type a name, or tap Skip.",
    "aud.name.known": "✓ {name}: found in the KOBIS records.",
    "aud.name.new": (
        "“{name}” isn't in the KOBIS records I have, so it counts as new (no track record)."
    ),
    "aud.name.suggest": "I don't know “{name}” exactly. Did you mean one of these?",
    "aud.film.not_found": (
        "I couldn't find “{query}” among KOBIS releases to February 2023. Check the spelling "
        "(the Korean title, e.g. 범죄도시2) or tap New release to describe a film."
    ),
    "aud.film.pick": "Which film do you mean?",
    "aud.need_text": "Please type your answer or use the buttons.",
    "aud.cancelled": "OK, stopped. Send /audience to start again.",
    "aud.result.title": "🎟 <b>Predicted national audience</b>",
    "aud.result.film": "<b>{title}</b>, released {date}",
    "aud.result.point": "<b>{audience}</b> (80% range {low} – {high})",
    "aud.result.actual": "Actual audience (KOBIS): <b>{actual}</b>",
    "aud.result.in_sample": (
        "<i>This film was in the model's training data, so this is a fit, not a forecast.</i>"
    ),
    "aud.result.partial": (
        "<i>Counted in March 2023: a film still in cinemas then has a partial count.</i>"
    ),
    "aud.result.likely": "Most likely range: {bin} ({percent}%)",
    "aud.result.factors": "What moved the prediction most:",
    "aud.result.factor": "• {name}: {effect}",
    "aud.result.extrapolated": (
        "<i>Released after the end of the training data ({date}): the forecast takes the screen "
        "levels of the latest data as they are.</i>"
    ),
    "aud.result.note": (
        "<i>A model of KOBIS releases with more than 50 screens: a forecast, not a promise.</i>"
    ),
    "aud.chart_title": "Chance of each audience range",
    "aud.people": "{count}",
    "aud.summary.screens": "{screens} screens",
    "aud.summary.new": "{name} (new)",
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
    "aud.nationality.미국": "USA",
    "aud.nationality.한국": "Korea",
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
    "aud.factor.screens": "Screens",
    "aud.factor.genre": "Genre",
    "aud.factor.rating": "Rating",
    "aud.factor.nationality": "Country",
    "aud.factor.independent": "Independent/art film",
    "aud.factor.release_month": "Release month",
    "aud.factor.release_year": "Covid period (2020–22)",
    "aud.factor.director": "Director's track record",
    "aud.factor.distributor": "Distributor's track record",
    "aud.factor.actors": "Lead actors' track record",
}
