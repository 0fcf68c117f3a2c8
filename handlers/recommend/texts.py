"""Texts of the recommend handlers, Korean (``KO``) and English (``EN``), keyed by message id."""

KO: dict[str, str] = {
    "rec.not_set_up": "먼저 취향을 알려 주세요(1분이면 돼요): /start",
    "rec.need_favourites": (
        "제대로 추천하려면 좋아하는 영화가 최소 {needed}편 필요해요. 지금 {count}편이에요. "
        "<b>{remaining}편 더</b> 추가해 주세요(/favorites)."
    ),
    "rec.header": "🎬 <b>추천 영화</b>",
    "rec.filter_on": "내 구독 서비스({platforms})에 있는 영화만 보여 드려요.",
    "rec.filter_off": "모든 영화를 보여 드려요. 내 구독 서비스는 ✅로 표시돼요.",
    "rec.no_subscriptions": (
        "‘내 구독만’이 켜져 있지만 구독 서비스를 고르지 않았어요. 모든 영화를 보여 드려요. "
        "구독 서비스를 추가해 주세요(/profile)."
    ),
    "rec.toggle_on": "☑ 내 구독만",
    "rec.toggle_off": "☐ 내 구독만",
    "rec.filter_saved_on": "내 구독 서비스의 영화만 보여 드려요",
    "rec.filter_saved_off": "모든 영화를 보여 드려요",
    "rec.empty": (
        "더 추천할 영화가 없어요. 좋아하는 영화를 추가하면(/favorites) 새로 찾아 드려요."
    ),
    "rec.empty_filtered": (
        "내 구독 서비스에서 볼 수 있는 영화를 더 찾지 못했어요. ☑를 눌러 필터를 끄거나 구독 "
        "서비스를 추가해 주세요(/profile)."
    ),
    "rec.footer": "👍 와 👎 가 다음 추천에 반영돼요.",
    "rec.more": "➡ 더 보기",
    "rec.new_list": "🔄 새로 추천",
    "rec.like": "👍",
    "rec.dislike": "👎",
    "rec.watched": "✓ 봤어요",
    "rec.watchlist": "➕ 찜하기",
    "rec.noted_like": "👍 반영했어요 — 비슷한 영화를 더 추천할게요",
    "rec.noted_dislike": "👎 반영했어요 — 다시 추천하지 않을게요",
    "rec.noted_watched": "✓ 본 영화로 표시했어요",
    "rec.noted_watchlist": "➕ 찜 목록에 담았어요 (/watchlist)",
    "rec.undone": "취소했어요",
    "list.header_asked": "🎬 <b>{asked}</b>",
    "list.like_film": "“{title}” 같은 영화",
    "list.person_director": "{name} 감독의 영화",
    "list.person_actor": "{name} 출연 영화",
    "list.person": "{name}의 영화",
    "list.newest": "최신작부터",
    "list.filmography": "📄 필모그래피 전체",
    "person.page": "👤 <b>{name}</b>",
    "person.directed": "🎬 <b>연출</b> {count}편",
    "person.acted": "🎭 <b>출연</b> {count}편",
    "person.more": "… 외 {count}편",
    "person.none": "제 영화 목록에는 {name}{name:이/가} 참여한 영화가 아직 없어요.",
    "person.ask": (
        "어떤 감독이나 배우의 영화를 찾으세요? 🎬 이름을 알려 주시면 작품을 모아 드릴게요. "
        "(예: <code>봉준호 감독 영화</code>, <code>송강호 나오는 영화</code>)"
    ),
    "person.which": "어느 분을 찾으세요?",
    "person.unknown": "“{name}”{name:은/는} 제가 아는 감독이나 배우 중에 없어요.",
    "list.mine": "내 구독 서비스",
    "list.year": "{year}년",
    "list.decade": "{decade}년대",
    "list.before": "{year}년 이전",
    "list.years": "{low}~{high}년",
    "list.note_no_data_service": "❔ {platform} 목록은 제게 없어서, 모든 영화 중에서 골랐어요.",
    "list.note_no_subscriptions": (
        "구독 서비스를 아직 고르지 않아서 모든 영화 중에서 골랐어요. 구독 서비스 고르기: "
        "/profile"
    ),
    "list.note_widened": "딱 맞는 영화가 적어서 분위기 조건은 빼고 골랐어요.",
    "list.without_genre": "{genre} 제외",
    "list.without_service": "{platform} 제외",
    "list.without_term": "‘{term}’ 제외",
    "list.recency_recent": "최신작 위주",
    "list.recency_old": "옛날 영화 위주",
    "list.company_kids": "아이와 함께",
    "list.company_kids_age": "{age}살 아이와 함께",
    "list.company_family": "가족과 함께",
    "list.company_parents": "부모님과 함께",
    "list.company_partner": "연인과 함께",
    "list.company_friends": "친구들과 함께",
    "list.company_alone": "혼자 보기",
    "list.note_kids": (
        "👨‍👩‍👧 아이와 볼 수 있게 가족·애니메이션 영화 중에서, 공포·스릴러·범죄·전쟁 영화는 빼고 "
        "골랐어요. 관람 등급 정보는 없으니 한 번 더 확인해 주세요."
    ),
    "list.note_few_recent": "최근 영화 중에는 맞는 게 적어서 예전 영화도 함께 골랐어요.",
    "list.note_round_again": "조건에 맞는 영화를 다 보여 드려서, 앞에서 본 영화도 다시 섞었어요.",
    "list.note_few_old": "옛날 영화 중에는 맞는 게 적어서 최근 영화도 함께 골랐어요.",
    "list.note_no_data_excluded": (
        "❔ {excluded} 목록은 제게 없어서, {excluded}에 있는 영화를 빼지 못했어요."
    ),
    "list.empty_request": (
        "조건에 맞는 영화를 찾지 못했어요. 조건을 조금 바꿔서 다시 물어봐 주세요."
    ),
    "list.note_popular": (
        "지금 많이 보는 영화예요. 좋아하는 영화를 알려 주시면 취향에 맞게 골라 드려요: /start"
    ),
    "wtw.my_picks": "🎬 내 추천 보기",
    "info.ask_title": (
        "어떤 영화가 궁금하세요? 제목과 함께 물어봐 주세요. 예: <code>기생충 감독 누구야?</code>"
    ),
    "info.director": "🎬 “{title}”의 감독은 {names}{names:이에요/예요}.",
    "info.director_unknown": "“{title}”의 감독 정보는 아직 제게 없어요.",
    "info.cast": "🎭 “{title}”의 주연: {names}",
    "info.director_hangul": "🎬 “{title}”의 감독은 {names}{names:이에요/예요}.",
    "info.cast_hangul": "🎭 “{title}”의 주연: {names}",
    "info.cast_unknown": "“{title}”의 출연진 정보는 아직 제게 없어요.",
    "info.year_released": "📅 “{title}”{title:은/는} {year}년 영화예요 (국내 개봉 {date}).",
    "info.year": "📅 “{title}”{title:은/는} {year}년 영화예요.",
    "info.year_unknown": "“{title}”의 개봉 연도는 제게 없어요.",
    "info.genre": "🎞 “{title}”의 장르: {genres}",
    "info.country": "🌏 “{title}”{title:은/는} {country} 영화예요.",
    "info.country_unknown": "“{title}”의 제작 국가 정보는 제게 없어요.",
    "info.rating": "⭐ “{title}”: {facts}",
    "info.rating_movielens": "MovieLens 평균 {mean}점/5점 ({count}명 평가)",
    "info.audience": "국내 관객 {people}",
    "info.rating_unknown": "“{title}”의 평점 정보는 아직 제게 없어요.",
    "wtw.ask_title": (
        "어떤 영화를 찾으세요? 예: <code>/where 기생충</code>, <code>센과 치히로의 행방불명 "
        "어디서 봐?</code>, <code>매트릭스 넷플릭스에 있어?</code>"
    ),
    "wtw.which": "“{query}” — 어떤 영화인가요?",
    "wtw.unknown": (
        "“{query}”{query:은/는} 아직 제 영화 목록에 없어요 ({through} 개봉작까지 알고 있어요)."
    ),
    "wtw.unknown_close": (
        "“{query}”{query:은/는} 아직 제 영화 목록에 없어요 ({through} 개봉작까지 알고 있어요). "
        "비슷한 제목은 있으니 철자도 한 번 확인해 주세요."
    ),
    "wtw.unknown_live": (
        "“{query}”{query:은/는} 제 영화 목록({through} 개봉작까지)에도 TMDB에도 없어요. "
        "철자를 확인해 주세요."
    ),
    "wtw.missing_part": (
        "“{series}”{series:은/는} {known}편까지 알고 있어요. {part}편은 아직 제 영화 목록에 없어요 "
        "({through} 개봉작까지 알고 있어요)."
    ),
    "wtw.which_live": "TMDB에서 찾은 “{query}” 후보예요. 어떤 영화인가요?",
    "wtw.also_button": "혹시:",
    "wtw.no_data_kr": (
        "제가 가진 한국 목록에는 없어요. 스트리밍이 안 된다는 뜻은 아니에요. 목록에는 "
        "서비스마다 인기작 약 1,500편만 있어요."
    ),
    "wtw.no_data_us": (
        "제가 가진 미국 목록에는 없어요. 스트리밍이 안 된다는 뜻은 아니에요."
    ),
    "wtw.no_lists": "{region} 지역의 스트리밍 목록은 아직 없어요.",
    "wtw.newer_than_lists": (
        "제 스트리밍 목록이 만들어진 뒤에 나온 영화라 목록에는 없어요. 지금 볼 수 있는 곳은 "
        "각 서비스 앱에서 확인해 주세요."
    ),
    "wtw.no_data_live": "TMDB 기준으로 지금 {region}에서는 스트리밍·대여·구매할 곳이 없어요.",
    "wtw.no_data_for": "❔ 정보 없음: {platforms}",
    "wtw.service_yes": "✅ 네, {platform}에서 볼 수 있어요.",
    "wtw.service_store": "✅ {platform}에서 대여하거나 구매할 수 있어요.",
    "wtw.service_no": "❌ 지금 {region} {platform}에는 없어요.",
    "wtw.service_not_listed": (
        "❔ 제가 가진 {platform} 목록에는 없어요. 그래도 있을 수 있으니 앱에서 확인해 보세요."
    ),
    "wtw.service_no_data": "❔ {platform} 정보는 제게 없어요.",
    "wtw.except_service": "{excluded} 말고 볼 수 있는 곳이에요.",
    "wtw.only_excluded": "😕 제 목록에서는 {excluded}에만 있어요. 다른 곳에서는 찾지 못했어요.",
    "wtw.no_data_short": "📺 제 스트리밍 목록에는 없어요",
    "wtw.kind.subscription": "📺 구독",
    "wtw.kind.free": "🆓 무료",
    "wtw.kind.ads": "📢 광고 포함 무료",
    "wtw.kind.rent": "💳 대여",
    "wtw.kind.buy": "🛒 구매",
    "wtw.kind.store": "🛒 대여·구매",
    "wtw.source_live": "<i>{region} · TMDB 실시간 정보 · 데이터 제공 JustWatch</i>",
    "wtw.source_kr": "<i>한국 서비스 2023년 5월 기준(JustWatch)이라 지금은 다를 수 있어요.</i>",
    "wtw.source_us": "<i>미국 목록 2020~2023년 기준이라 지금은 다를 수 있어요.</i>",
    "wl.title": "📌 <b>찜 목록</b> ({count}편)",
    "wl.empty": "찜 목록이 비어 있어요. 영화 아래 ➕ 찜하기를 누르면 담겨요.",
    "wl.more": "…외 {count}편",
    "wl.help": "✓ = 봤어요 (목록에서 빠져요), ✖ = 빼기",
    "wl.seen": "✓ 본 영화로 표시했어요",
    "wl.removed": "뺐어요",
    # -- watchlist alerts (handlers/recommend/alerts.py) ---------------------------------------
    "wl.alert.arrived": "🔔 찜해 둔 “{title}”{title:을/를} 이제 {platforms}에서 볼 수 있어요!",
    "wl.alert.arrived_store": (
        "🔔 찜해 둔 “{title}”{title:을/를} 이제 {platforms}에서 대여하거나 구매할 수 있어요!"
    ),
    "wl.alert.also_store": "🛒 {platforms}에서 대여하거나 구매할 수도 있어요.",
    "wl.alert.open": "▶ {platform}에서 보기",
    "wl.alert.seen": "✓ 봤어요",
    "wl.alert.remove": "✖ 찜 목록에서 빼기",
    "wl.alert.footer": (
        "<i>매일 확인해서, 찜한 영화가 내 구독 서비스에 새로 들어오면 한 번 알려 드려요.</i>"
    ),
    # -- inline mode and the film card's deep link (handlers/recommend/inline.py) -------------
    "inline.open": "CineMate에서 열기",
    "card.start_invite": (
        "<i>처음이세요? 취향을 알려 주시면 나에게 맞는 영화를 추천해 드려요: /start</i>"
    ),
    "card.link_unknown": "이 링크의 영화를 찾지 못했어요. 제목을 보내 주시면 찾아 드릴게요.",
    # -- importing a history file (handlers/recommend/history_import.py) ----------------------
    "commands.import": "Letterboxd·IMDb·넷플릭스 기록 가져오기",
    "history.help": (
        "📥 <b>다른 서비스의 영화 기록 가져오기</b>\n파일을 이 채팅에 그대로 보내 주세요. 평점이 "
        "높은 영화는 좋아하는 영화로, 낮은 영화는 👎로, 본 영화는 본 영화로, 보고 싶은 영화는 찜 "
        "목록으로 들어가요.\n\n• <b>Letterboxd</b> — Settings → Data → Export Your "
        "Data에서 받은 ZIP 파일 (또는 그 안의 ratings.csv·watched.csv·watchlist.csv). ★4 "
        "이상은 좋아하는 영화, ★2 이하는 👎\n• <b>IMDb</b> — Your Ratings 페이지의 ⋯ → "
        "Export로 받은 CSV (Watchlist 페이지에서 내보낸 CSV는 찜 목록으로). 8점 이상은 "
        "좋아하는 영화, 4점 이하는 👎\n"
        "• <b>넷플릭스</b> — 계정 → 프로필 → 시청 기록 → 맨 아래 ‘모두 다운로드’로 받은 CSV. "
        "시리즈 에피소드는 건너뛰고 영화만 본 영화로 가져와요\n\nCSV는 {csv_mb}MB, ZIP은 "
        "{zip_mb}MB, 한 파일에 {rows}줄까지 받을 수 있어요. 이미 저장된 좋아하는 영화는 그대로 "
        "두고, 같은 영화를 두 번 넣지 않아요. 읽다가 문제가 생기면 아무것도 저장하지 않아요."
    ),
    "history.formats": (
        "• Letterboxd: 내보내기 ZIP, 또는 ratings.csv·watched.csv·watchlist.csv\n• IMDb: 평가 "
        "CSV 또는 찜 목록 CSV\n• 넷플릭스: 시청 기록 CSV (제목, 날짜)\n내보내는 방법 보기: "
        "/import"
    ),
    "history.too_large": (
        "📁 파일이 너무 커요. CSV는 {csv_mb}MB, ZIP은 {zip_mb}MB까지 받을 수 있어요. 서비스에서 "
        "내보낸 파일을 그대로 보내 주세요."
    ),
    "history.download_failed": "📁 파일을 받지 못했어요. 잠시 후 다시 보내 주세요.",
    "history.empty": "📁 빈 파일이에요. 아무것도 저장하지 않았어요.",
    "history.no_rows": "📁 파일에 영화가 한 편도 없어요. 아무것도 저장하지 않았어요.",
    "history.not_text": (
        "📁 이 파일은 글자로 된 CSV가 아니라서 읽을 수 없어요. 아무것도 저장하지 않았어요. 이런 "
        "파일을 가져올 수 있어요:\n{formats}"
    ),
    "history.unknown_format": (
        "📁 어느 서비스의 기록인지 알 수 없는 CSV예요. 아무것도 저장하지 않았어요. 이런 파일을 "
        "가져올 수 있어요:\n{formats}"
    ),
    "history.malformed": (
        "📁 CSV가 깨져 있어서 읽지 못했어요 (따옴표나 쉼표가 맞지 않아요). 아무것도 저장하지 "
        "않았어요. 서비스에서 다시 내보낸 파일을 그대로 보내 주세요."
    ),
    "history.too_many_rows": (
        "📁 한 파일에 {rows}줄까지 가져올 수 있는데 이 파일은 더 길어요. 아무것도 저장하지 "
        "않았어요. 파일을 나눠서 보내 주세요."
    ),
    "history.letterboxd_which": (
        "📁 Letterboxd 파일인데 본 영화(watched.csv)인지 찜 목록(watchlist.csv)인지 알 수 "
        "없어요. 아무것도 저장하지 않았어요. 파일 이름을 바꾸지 말고 보내 주세요."
    ),
    "history.bad_zip": (
        "📦 ZIP 파일을 열 수 없어요 (손상됐거나 암호가 걸려 있어요). 아무것도 저장하지 않았어요."
    ),
    "history.zip_too_big": (
        "📦 압축을 풀면 너무 커지는 ZIP이라 열지 않았어요. 아무것도 저장하지 않았어요. "
        "Letterboxd에서 내보낸 ZIP을 그대로 보내 주세요."
    ),
    "history.zip_nested": (
        "📦 ZIP 안에 든 ZIP은 열지 않아요. 아무것도 저장하지 않았어요. Letterboxd에서 내보낸 "
        "ZIP을 그대로 보내 주세요."
    ),
    "history.zip_no_files": (
        "📦 이 ZIP에는 Letterboxd 기록 파일(ratings.csv, watched.csv, watchlist.csv)이 없어요. "
        "아무것도 저장하지 않았어요."
    ),
    "history.nothing_matched": (
        "📁 {source} 기록에서 {films}편을 읽었지만 제 영화 목록에서 찾은 영화가 없어요. 아무것도 "
        "저장하지 않았어요."
    ),
    "history.done": "📥 {source} 기록을 가져왔어요: {parts}.",
    "history.done_nothing_new": "📥 {source} 기록을 읽었어요. 새로 저장할 영화는 없었어요.",
    "history.part.favourites": "좋아하는 영화 {count}편",
    "history.part.disliked": "👎 {count}편",
    "history.part.watched": "본 영화 {count}편",
    "history.part.watchlist": "찜 목록 {count}편",
    "history.no_ratings": (
        "넷플릭스 기록에는 평점이 없어서 좋아하는 영화는 가져오지 않았어요. 본 영화는 추천에서 "
        "빠져요."
    ),
    "history.kept": "이미 저장돼 있던 {count}편은 그대로 뒀어요.",
    "history.unmatched": "못 찾은 영화 {count}편:",
    "history.unmatched_line": "• {title} — {reason}",
    "history.unmatched_more": "… 그 밖에 {count}편 ({reasons})",
    "history.reason_count": "{reason} {count}편",
    "history.row": "{file} {line}번째 줄",
    "history.bad_row_at": "{title} ({row})",
    "history.reason.not_found": "제 영화 목록에 없어요",
    "history.reason.no_year_match": "연도가 맞는 영화가 없어요",
    "history.reason.ambiguous": "같은 제목의 영화가 여러 편이에요",
    "history.reason.series": "시리즈예요",
    "history.reason.not_film": "영화가 아니에요",
    "history.reason.bad_row": "읽을 수 없는 줄이에요",
    "history.reason_short.not_found": "목록에 없음",
    "history.reason_short.no_year_match": "연도가 다름",
    "history.reason_short.ambiguous": "같은 제목 여러 편",
    "history.reason_short.series": "시리즈",
    "history.reason_short.not_film": "영화 아님",
    "history.reason_short.bad_row": "읽을 수 없는 줄",
    "history.favourites_total": "⭐ 좋아하는 영화는 이제 {count}편이에요.",
    "history.next_recommend": "🎬 이제 취향에 맞춰 추천해 드릴게요.",
    "history.next_more": (
        "추천을 제대로 받으려면 좋아하는 영화가 {remaining}편 더 필요해요. 추가하기: "
        "/favorites"
    ),
    "history.next_start": (
        "나머지 설정(언어, 나이, 구독 서비스)을 마치면 맞춤 추천을 받을 수 있어요: /start\n"
        "가져온 기록은 그대로 쓰여요."
    ),
    "history.source.letterboxd": "Letterboxd",
    "history.source.imdb": "IMDb",
    "history.source.netflix": "넷플릭스",
}

EN: dict[str, str] = {
    "rec.not_set_up": "Let's get to know you first: send /start (it takes a minute).",
    "rec.need_favourites": (
        "To recommend well I need at least {needed} favourite films; you have {count}. Add "
        "<b>{remaining} more</b> with /favorites."
    ),
    "rec.header": "🎬 <b>Picked for you</b>",
    "rec.filter_on": "Only films on your services ({platforms}).",
    "rec.filter_off": "All films; your services are marked ✅.",
    "rec.no_subscriptions": (
        "“Only my services” is on, but you haven't chosen any — showing all films. Add your "
        "services in /profile."
    ),
    "rec.toggle_on": "☑ Only my services",
    "rec.toggle_off": "☐ Only my services",
    "rec.filter_saved_on": "Showing only films on your services",
    "rec.filter_saved_off": "Showing all films",
    "rec.empty": "I have no more films to suggest. Add favourites with /favorites for new ideas.",
    "rec.empty_filtered": (
        "No more films on your services that I know of. Tap ☑ to turn the filter off, or add "
        "services in /profile."
    ),
    "rec.footer": "Your 👍 and 👎 shape the next list.",
    "rec.more": "➡ More",
    "rec.new_list": "🔄 New list",
    "rec.like": "👍",
    "rec.dislike": "👎",
    "rec.watched": "✓ Watched",
    "rec.watchlist": "➕ Watchlist",
    "rec.noted_like": "👍 Noted — more like this next time",
    "rec.noted_dislike": "👎 Noted — I won't suggest it again",
    "rec.noted_watched": "✓ Marked as watched",
    "rec.noted_watchlist": "➕ Saved to /watchlist",
    "rec.undone": "Undone",
    "list.header_asked": "🎬 <b>{asked}</b>",
    "list.like_film": "Films like “{title}”",
    "list.person_director": "Films directed by {name}",
    "list.person_actor": "Films with {name}",
    "list.person": "{name}'s films",
    "list.newest": "newest first",
    "list.filmography": "📄 Full filmography",
    "person.page": "👤 <b>{name}</b>",
    "person.directed": "🎬 <b>Directed</b> {count}",
    "person.acted": "🎭 <b>Acted in</b> {count}",
    "person.more": "… and {count} more",
    "person.none": "My film list has no film with {name} yet.",
    "person.ask": (
        "Which director or actor are you after? 🎬 Tell me the name and I'll gather their films "
        "(e.g. <code>films by Bong Joon-ho</code>, <code>movies with Song Kang-ho</code>)."
    ),
    "person.which": "Which person do you mean?",
    "person.unknown": "“{name}” is not a director or actor I know.",
    "list.mine": "on my services",
    "list.year": "{year}",
    "list.decade": "the {decade}s",
    "list.before": "before {year}",
    "list.years": "{low}–{high}",
    "list.note_no_data_service": "❔ I have no list for {platform}, so these come from every film.",
    "list.note_no_subscriptions": (
        "You haven't chosen your services yet, so these come from every film (choose them in "
        "/profile)."
    ),
    "list.note_widened": "Few films matched everything, so I left the mood out.",
    "list.without_genre": "no {genre}",
    "list.without_service": "not on {platform}",
    "list.without_term": "no “{term}”",
    "list.recency_recent": "recent films first",
    "list.recency_old": "older films first",
    "list.company_kids": "with kids",
    "list.company_kids_age": "for a {age}-year-old",
    "list.company_family": "with the family",
    "list.company_parents": "with your parents",
    "list.company_partner": "for a date",
    "list.company_friends": "with friends",
    "list.company_alone": "on your own",
    "list.note_kids": (
        "👨‍👩‍👧 For kids: only children's and animated films, and no horror, thrillers, crime or "
        "war. I have no age ratings, so do check."
    ),
    "list.note_few_recent": "Few recent films matched, so older ones follow.",
    "list.note_round_again": "You have seen every film that matches, so earlier ones are back.",
    "list.note_few_old": "Few older films matched, so newer ones follow.",
    "list.note_no_data_excluded": (
        "❔ I have no list for {excluded}, so I couldn't leave its films out."
    ),
    "list.empty_request": "I found no film that matches all of that. Try asking a little wider?",
    "list.note_popular": (
        "These are popular right now. Tell me your favourites with /start for picks made for you."
    ),
    "wtw.my_picks": "🎬 My picks",
    "info.ask_title": "Which film? Ask with its title, e.g. <code>who directed Parasite?</code>",
    "info.director": "🎬 “{title}” was directed by {names}.",
    "info.director_unknown": "I don't have the director of “{title}” yet.",
    "info.cast": "🎭 “{title}” stars {names}.",
    "info.director_hangul": (
        "🎬 “{title}” was directed by {names} — the Korean spelling from KOBIS, the only "
        "credits I have for this film."
    ),
    "info.cast_hangul": (
        "🎭 “{title}” stars {names} — the Korean spelling from KOBIS, the only credits I have "
        "for this film."
    ),
    "info.cast_unknown": "I don't have the cast of “{title}” yet.",
    "info.year_released": "📅 “{title}” is from {year} (released in Korea on {date}).",
    "info.year": "📅 “{title}” is from {year}.",
    "info.year_unknown": "I don't know when “{title}” came out.",
    "info.genre": "🎞 “{title}”: {genres}",
    "info.country": "🌏 “{title}” is a {country} film.",
    "info.country_unknown": "I don't know where “{title}” was made.",
    "info.rating": "⭐ “{title}”: {facts}",
    "info.rating_movielens": "MovieLens average {mean}/5 ({count:rating|ratings})",
    "info.audience": "{people} in Korean cinemas",
    "info.rating_unknown": "I don't have ratings for “{title}” yet.",
    "wtw.ask_title": (
        "Which film? For example <code>/where Parasite</code>, <code>where can I watch Spirited "
        "Away</code> or <code>is The Matrix on Netflix?</code>"
    ),
    "wtw.which": "Which film do you mean by “{query}”?",
    "wtw.unknown": "“{query}” is not in my film list yet (I know films released up to {through}).",
    "wtw.unknown_close": (
        "“{query}” is not in my film list yet (I know films released up to {through}). A few "
        "titles come close, so maybe check the spelling."
    ),
    "wtw.unknown_live": (
        "“{query}” is neither in my film list (releases up to {through}) nor on TMDB. Check the "
        "spelling?"
    ),
    "wtw.missing_part": (
        "I know parts 1–{known} of “{series}”, not part {part} yet (my film list goes up to "
        "releases of {through})."
    ),
    "wtw.which_live": "TMDB knows these films as “{query}”. Which one?",
    "wtw.also_button": "Or:",
    "wtw.no_data_kr": (
        "Not in my Korean lists. That doesn't mean it isn't streaming: the lists hold only each "
        "service's ~1,500 most popular films."
    ),
    "wtw.no_data_us": (
        "Not in my US lists. That doesn't mean it isn't streaming: the lists are old snapshots "
        "of a few services."
    ),
    "wtw.no_lists": "I have no offline streaming lists for {region}.",
    "wtw.newer_than_lists": (
        "It came out after my streaming lists were made, so they can't have it. Check the "
        "services' apps for where it is now."
    ),
    "wtw.no_data_live": "TMDB lists no streaming, rental or purchase offer in {region} right now.",
    "wtw.no_data_for": "❔ No data for {platforms}",
    "wtw.service_yes": "✅ Yes — on {platform}.",
    "wtw.service_store": "✅ {platform} rents or sells it.",
    "wtw.service_no": "❌ Not on {platform} in {region} right now.",
    "wtw.service_not_listed": (
        "❔ Not in my {platform} list — it may still be there; check the app."
    ),
    "wtw.service_no_data": "❔ I have no data for {platform}.",
    "wtw.except_service": "Besides {excluded}, you can watch it here:",
    "wtw.only_excluded": "😕 In my lists it's only on {excluded} — I found it nowhere else.",
    "wtw.no_data_short": "📺 Not in my streaming lists",
    "wtw.kind.subscription": "📺 Stream",
    "wtw.kind.free": "🆓 Free",
    "wtw.kind.ads": "📢 Free with ads",
    "wtw.kind.rent": "💳 Rent",
    "wtw.kind.buy": "🛒 Buy",
    "wtw.kind.store": "🛒 Rent or buy",
    "wtw.source_live": "<i>{region}, live from TMDB · data by JustWatch.</i>",
    "wtw.source_kr": "<i>Korean services as of May 2023 (JustWatch); catalogues change.</i>",
    "wtw.source_us": "<i>US lists from 2020–23; catalogues change, so check the app.</i>",
    "wl.title": "📌 <b>Your watchlist</b> ({count})",
    "wl.empty": "Your watchlist is empty. Tap ➕ under a recommendation to save a film.",
    "wl.more": "…and {count} more.",
    "wl.help": "✓ = watched (taken off the list), ✖ = remove.",
    "wl.seen": "✓ Marked as watched",
    "wl.removed": "Removed",
    # -- watchlist alerts (handlers/recommend/alerts.py) ---------------------------------------
    "wl.alert.arrived": "🔔 “{title}” from your watchlist is now on {platforms}!",
    "wl.alert.arrived_store": (
        "🔔 “{title}” from your watchlist can now be rented or bought on {platforms}!"
    ),
    "wl.alert.also_store": "🛒 You can also rent or buy it on {platforms}.",
    "wl.alert.open": "▶ Watch on {platform}",
    "wl.alert.seen": "✓ Watched",
    "wl.alert.remove": "✖ Remove from watchlist",
    "wl.alert.footer": (
        "<i>I check every day and tell you once when a film on your watchlist arrives on one "
        "of your services.</i>"
    ),
    # -- inline mode and the film card's deep link (handlers/recommend/inline.py) -------------
    "inline.open": "Open in CineMate",
    "card.start_invite": (
        "<i>New here? Send /start to tell me your taste and I'll pick films for you.</i>"
    ),
    "card.link_unknown": "I couldn't find the film of this link. Send me its title and I'll look.",
    # -- importing a history file (handlers/recommend/history_import.py) ----------------------
    "commands.import": "Import your Letterboxd, IMDb or Netflix history",
    "history.help": (
        "📥 <b>Import your film history</b>\nSend the file to this chat as it is. Films you "
        "rated high become favourite films, films you rated low 👎, every film you saw is marked "
        "watched, and films you want to see go to your watchlist.\n\n• <b>Letterboxd</b> — the "
        "ZIP from Settings → Data → Export Your Data (or its ratings.csv, watched.csv or "
        "watchlist.csv). ★4 and up are favourites, ★2 and below 👎\n• <b>IMDb</b> — the CSV from "
        "⋯ → Export on your Ratings page (a CSV exported from your Watchlist page fills your "
        "watchlist). 8 and up are favourites, 4 and below 👎\n• <b>Netflix</b> — Account → "
        "Profile → Viewing activity → Download all, at the bottom. Series episodes are skipped; "
        "films are marked watched\n\nUp to {csv_mb} MB for a CSV, {zip_mb} MB for a ZIP and "
        "{rows} rows per file. Favourites you already have stay, no film is added twice, and if "
        "anything goes wrong nothing is stored."
    ),
    "history.formats": (
        "• Letterboxd: the export ZIP, or ratings.csv, watched.csv or watchlist.csv\n• IMDb: "
        "your ratings CSV or your watchlist CSV\n• Netflix: the viewing activity CSV (Title, "
        "Date)\n/import explains how to export each."
    ),
    "history.too_large": (
        "📁 That file is too big: up to {csv_mb} MB for a CSV and {zip_mb} MB for a ZIP. Send "
        "the file as the service exported it."
    ),
    "history.download_failed": "📁 I couldn't download the file. Please send it again shortly.",
    "history.empty": "📁 That file is empty. Nothing was stored.",
    "history.no_rows": "📁 There are no films in that file. Nothing was stored.",
    "history.not_text": (
        "📁 That file is not a text CSV, so I can't read it. Nothing was stored. I can import:"
        "\n{formats}"
    ),
    "history.unknown_format": (
        "📁 I can't tell which service wrote this CSV. Nothing was stored. I can import:\n"
        "{formats}"
    ),
    "history.malformed": (
        "📁 That CSV is broken (its quotes or commas don't line up), so I couldn't read it. "
        "Nothing was stored. Please export it again and send it as it is."
    ),
    "history.too_many_rows": (
        "📁 I can import up to {rows} rows per file and this one is longer. Nothing was stored. "
        "Please split it and send the parts."
    ),
    "history.letterboxd_which": (
        "📁 This Letterboxd file could be your watched films (watched.csv) or your watchlist "
        "(watchlist.csv), and I can't tell which. Nothing was stored. Please send it without "
        "renaming it."
    ),
    "history.bad_zip": (
        "📦 I can't open that ZIP (it is damaged or password-protected). Nothing was stored."
    ),
    "history.zip_too_big": (
        "📦 That ZIP unpacks to far too much, so I didn't open it. Nothing was stored. Send the "
        "ZIP exactly as Letterboxd made it."
    ),
    "history.zip_nested": (
        "📦 I don't open a ZIP inside a ZIP. Nothing was stored. Send the ZIP exactly as "
        "Letterboxd made it."
    ),
    "history.zip_no_files": (
        "📦 That ZIP has no Letterboxd history files (ratings.csv, watched.csv, watchlist.csv). "
        "Nothing was stored."
    ),
    "history.nothing_matched": (
        "📁 I read {films:film|films} from your {source} history but found none of them in my film "
        "list. Nothing was stored."
    ),
    "history.done": "📥 Imported from {source}: {parts}.",
    "history.done_nothing_new": "📥 I read your {source} history: there was nothing new to store.",
    "history.part.favourites": "{count} favourite films",
    "history.part.disliked": "{count} 👎",
    "history.part.watched": "{count} watched",
    "history.part.watchlist": "{count} on your watchlist",
    "history.no_ratings": (
        "Netflix history has no ratings, so no favourite films came from it. Films you watched "
        "are left out of your picks."
    ),
    "history.kept": "Already stored, left as they were: {count:film|films}.",
    "history.unmatched": "Not imported: {count:film|films}",
    "history.unmatched_line": "• {title} — {reason}",
    "history.unmatched_more": "… and {count} more ({reasons})",
    "history.reason_count": "{reason} {count}",
    "history.row": "{file} row {line}",
    "history.bad_row_at": "{title} ({row})",
    "history.reason.not_found": "not in my film list",
    "history.reason.no_year_match": "no film of that year",
    "history.reason.ambiguous": "several films have that title",
    "history.reason.series": "a series",
    "history.reason.not_film": "not a film",
    "history.reason.bad_row": "a row I can't read",
    "history.reason_short.not_found": "not in my list",
    "history.reason_short.no_year_match": "other year",
    "history.reason_short.ambiguous": "several films",
    "history.reason_short.series": "series",
    "history.reason_short.not_film": "not films",
    "history.reason_short.bad_row": "unreadable rows",
    "history.favourites_total": "⭐ You have {count} favourite films now.",
    "history.next_recommend": "🎬 Your picks are ready whenever you are.",
    "history.next_more": (
        "For good picks I need {remaining} more favourite films: add them with /favorites."
    ),
    "history.next_start": (
        "Send /start to finish setting up (language, age, services) and get picks of your own; "
        "what you imported is kept."
    ),
    "history.source.letterboxd": "Letterboxd",
    "history.source.imdb": "IMDb",
    "history.source.netflix": "Netflix",
}
